// Readers over the raw (checked) model document, shared by the IR builder's steps.

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
export const strList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)]);

/** The raw model's shapes and operations, and the few questions every step asks of them. */
export class RawService {
  readonly shapes: Obj;
  readonly operations: Obj;
  /** Operation names in name order. */
  readonly operationNames: readonly string[];
  /**
   * The model marks client errors with `error.senderFault` (the query protocols' convention), so
   * an error without it is the server's; other models mark server errors with `fault`.
   */
  readonly senderFaultConvention: boolean;
  constructor(document: Obj) {
    this.shapes = withStreamingShapes(document.shapes as Obj);
    this.operations = document.operations as Obj;
    this.operationNames = Object.keys(this.operations).sort();
    this.senderFaultConvention = Object.values(this.shapes).some((s) => isObj(s) && isObj(s.error) && s.error.senderFault === true);
  }

  shape(name: string): Obj {
    return this.shapes[name] as Obj;
  }

  operation(name: string): Obj {
    return this.operations[name] as Obj;
  }

  /** A `structure` with `document: true` is a free-form JSON value, not a structure. */
  static isDocument(s: Obj): boolean {
    return s.type === "structure" && s.document === true;
  }

  static isEventStream(s: Obj): boolean {
    return s.type === "structure" && s.eventstream === true;
  }

  /** The shapes a shape refers to directly (members, list member, map key and value). */
  children(name: string): string[] {
    const s = this.shape(name);
    if (s.type === "structure" && !RawService.isDocument(s))
      return Object.values((s.members ?? {}) as Obj).map((m) => (m as Obj).shape as string);
    if (s.type === "list") return [(s.member as Obj).shape as string];
    if (s.type === "map") return [(s.key as Obj).shape as string, (s.value as Obj).shape as string];
    return [];
  }
}

/**
 * Newer models (S3's) mark a streaming payload on the member (`"streaming": true` beside
 * `"shape": "Body"`), older ones on the blob shape. The IR reads it from the shape, so a member's
 * mark moves to its target: onto the shape itself when every reference to it streams, else onto
 * a copy (`BodyStreaming`) that the streaming members then name (S3's `Body` is also the
 * non-streaming payload of an event). The document is not changed.
 */
function withStreamingShapes(shapes: Obj): Obj {
  const streamed = new Set<string>();
  const plain = new Set<string>();
  for (const shape of Object.values(shapes)) {
    if (!isObj(shape) || shape.type !== "structure" || !isObj(shape.members)) continue;
    for (const member of Object.values(shape.members)) {
      if (!isObj(member) || typeof member.shape !== "string") continue;
      const target = shapes[member.shape];
      if (!isObj(target) || target.type !== "blob" || target.streaming === true) continue;
      (member.streaming === true ? streamed : plain).add(member.shape);
    }
  }
  if (streamed.size === 0) return shapes;
  const out: Obj = { ...shapes };
  const renamed = new Map<string, string>();
  for (const name of [...streamed].sort()) {
    if (!plain.has(name)) {
      out[name] = { ...(shapes[name] as Obj), streaming: true };
      continue;
    }
    let copy = `${name}Streaming`;
    for (let i = 2; Object.hasOwn(out, copy); i++) copy = `${name}Streaming${i}`;
    out[copy] = { ...(shapes[name] as Obj), streaming: true };
    renamed.set(name, copy);
  }
  if (renamed.size === 0) return out;
  for (const [name, shape] of Object.entries(shapes)) {
    if (!isObj(shape) || shape.type !== "structure" || !isObj(shape.members)) continue;
    const members = shape.members;
    if (!Object.values(members).some((m) => isObj(m) && m.streaming === true && renamed.has(m.shape as string))) continue;
    const copied: Obj = {};
    for (const [key, m] of Object.entries(members)) {
      copied[key] =
        isObj(m) && m.streaming === true && renamed.has(m.shape as string) ? { ...m, shape: renamed.get(m.shape as string) } : m;
    }
    out[name] = { ...shape, members: copied };
  }
  return out;
}
