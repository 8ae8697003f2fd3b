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
    this.shapes = document.shapes as Obj;
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
