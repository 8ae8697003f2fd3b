// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/codecs/members.ts; do not edit.
// What a structure schema says, worked out once per schema object and cached in a WeakMap (wire
// names, quoted JSON keys, idempotency tokens, the message member), and the safe ways to read and
// write members of caller and wire objects. Every codec and protocol reads schemas through these.
import { resolveSchema, type MemberSchema, type Schema, type StructureSchema } from "../schema.js";

export interface MemberInfo {
  /** The member's name in the input or output object. */
  readonly name: string;
  /** JSON key, query key, URI label, or header name (lower-case) or prefix (lower-case). */
  readonly wire: string;
  /** The JSON key already quoted and followed by `:`, ready to concatenate. */
  readonly jsonKey: string;
  readonly target: Schema;
}

/** A map member spread over query keys or prefixed headers: its value schema resolved once. */
export interface MapMemberInfo extends MemberInfo {
  readonly value: Schema;
}

export type MemberTable = Readonly<Record<string, MemberInfo>>;

export interface StructurePlan {
  /** Every member by name / by JSON key: nested structures and JSON bodies. */
  readonly byName: MemberTable;
  readonly byWire: MemberTable;
  readonly tokens: readonly MemberInfo[];
  /** The member whose name is `message` in any case, to carry the error message. */
  readonly messageMember: string | undefined;
}

export const structurePlans = new WeakMap<StructureSchema, StructurePlan>();

export function table(): Record<string, MemberInfo> {
  // No prototype: wire names such as `constructor` or `__proto__` must not find inherited values.
  return Object.create(null) as Record<string, MemberInfo>;
}

export function memberInfo(name: string, member: MemberSchema, lowerCase: boolean): MemberInfo {
  const wire = member.locationName ?? name;
  return {
    name,
    wire: lowerCase ? wire.toLowerCase() : wire,
    jsonKey: JSON.stringify(wire) + ":",
    target: resolveSchema(member.target),
  };
}

export function mapMemberInfo(name: string, member: MemberSchema, lowerCase: boolean): MapMemberInfo {
  const info = memberInfo(name, member, lowerCase);
  const t = info.target;
  return { ...info, value: typeof t === "object" && t.type === "map" ? resolveSchema(t.value) : "string" };
}

/**
 * The caller's value of a member: own properties only, so a member named `toString` or
 * `constructor` that the caller left out is absent, not Object.prototype's function.
 */
export function ownMember(values: Readonly<Record<string, unknown>>, name: string): unknown {
  return Object.hasOwn(values, name) ? values[name] : undefined;
}

/** Calls `fn` with each set entry of the map member `info` of `values`. */
export function forEachEntry(
  values: Readonly<Record<string, unknown>>,
  info: MapMemberInfo,
  fn: (key: string, value: unknown) => void,
): void {
  const map = ownMember(values, info.name);
  if (map === null || typeof map !== "object") return;
  for (const key in map) {
    const value = (map as Readonly<Record<string, unknown>>)[key];
    if (value !== undefined && value !== null) fn(key, value);
  }
}

/** Map keys come from the wire: `__proto__` must become a key, not a prototype. */
export function setEntry(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

export function structurePlan(schema: StructureSchema): StructurePlan {
  let plan = structurePlans.get(schema);
  if (plan !== undefined) return plan;
  const byName = table();
  const byWire = table();
  const tokens: MemberInfo[] = [];
  let messageMember: string | undefined;
  for (const [name, member] of Object.entries(schema.members)) {
    const info = memberInfo(name, member, false);
    byName[name] = info;
    byWire[info.wire] = info;
    if (member.idempotencyToken) tokens.push(info);
    if (name.toLowerCase() === "message") messageMember = name;
  }
  plan = { byName, byWire, tokens, messageMember };
  structurePlans.set(schema, plan);
  return plan;
}
