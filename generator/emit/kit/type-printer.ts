// The one type printer: the TypeScript type of a shape reference or a member, as parts, so the
// code (src/types.ts and friends, which import what they name) and the docs (which link what
// they name) print the same type.
import type { MemberIR, ServiceIR, ShapeIR, StructureIR } from "../../ir/types.js";
import { MODULES } from "./file.js";
import type { Imports } from "./imports.js";
import { shapeOf } from "./shapes.js";

export type TypePart =
  | { readonly code: string }
  /** A named shape: its type, from the types or errors module. */
  | { readonly shape: string; readonly typeName: string; readonly module: string }
  /** A runtime type. */
  | { readonly runtime: string; readonly module: string };

const DOCUMENT: TypePart = { runtime: "DocumentValue", module: MODULES.runtime("document") };
const STREAM_IN: TypePart = { runtime: "StreamingBlobInput", module: MODULES.runtime("client/streams") };
const STREAM_OUT: TypePart = { runtime: "StreamingBlobOutput", module: MODULES.runtime("client/streams") };

/**
 * Where a type is read: "input" only inside structures that inputs alone reach (a blob there may
 * be a string); "output" everywhere else, shared structures included, so outputs keep exact types.
 */
export type Position = "input" | "output";

/** The type of a reference to shape `name`, in parts. */
export function typeParts(s: ShapeIR, seen: readonly string[] = [], position: Position = "output"): TypePart[] {
  const name = s.name;
  switch (s.kind) {
    case "structure": {
      const named: TypePart = { shape: name, typeName: s.typeName, module: s.exception ? MODULES.errors : MODULES.types };
      // An event stream is read (or sent) one event at a time.
      return s.eventStream ? [{ code: "AsyncIterable<" }, named, { code: ">" }] : [named];
    }
    case "list": {
      if (seen.includes(name)) return [{ code: "unknown[]" }];
      const item = typeParts(s.memberShape, [...seen, name], position);
      // A sparse list holds nulls as values.
      const inner = s.sparse ? [...item, { code: " | null" }] : item;
      if (s.sparse) return [{ code: "(" }, ...inner, { code: ")[]" }];
      return /^[\w.]+$/.test(plainType(inner)) ? [...inner, { code: "[]" }] : [{ code: "Array<" }, ...inner, { code: ">" }];
    }
    case "map":
      if (seen.includes(name)) return [{ code: "Record<string, unknown>" }];
      return [{ code: "Record<string, " }, ...typeParts(s.valueShape, [...seen, name], position), { code: s.sparse ? " | null>" : ">" }];
    case "string":
      return s.enum ? [{ shape: name, typeName: s.typeName, module: MODULES.types }] : [{ code: "string" }];
    case "boolean":
      return [{ code: "boolean" }];
    case "timestamp":
      return [{ code: "Date" }];
    case "blob":
      // An input may give bytes or a string (sent UTF-8 encoded); outputs hold bytes. A streaming
      // payload takes streams too, and comes back as a stream.
      if (s.streaming) return [position === "input" ? STREAM_IN : STREAM_OUT];
      return position === "input" ? [{ code: "Uint8Array | string" }] : [{ code: "Uint8Array" }];
    case "document":
      return [DOCUMENT];
    default:
      return [{ code: "number" }];
  }
}

const containers = new WeakMap<ServiceIR, Map<MemberIR, StructureIR>>();

/** The position of a member: "input" when its structure is reached by inputs only. */
export function memberPosition(ir: ServiceIR, m: MemberIR): Position {
  let byMember = containers.get(ir);
  if (!byMember) {
    byMember = new Map();
    for (const s of ir.shapes.values()) if (s.kind === "structure") for (const member of s.members) byMember.set(member, s);
    containers.set(ir, byMember);
  }
  const roles = byMember.get(m)?.roles;
  return roles !== undefined && roles.has("input") && !roles.has("output") && !roles.has("error") ? "input" : "output";
}

/**
 * The type of a member: a `jsonvalue` header holds any JSON value, whatever its target says.
 * With the IR, a member of an input-only structure gets the input's blob type.
 */
export function memberTypeParts(m: MemberIR, ir?: ServiceIR): TypePart[] {
  return m.jsonvalue ? [DOCUMENT] : typeParts(m.shape, [], ir === undefined ? "output" : memberPosition(ir, m));
}

/** The type as plain text, names unqualified. */
export function plainType(parts: readonly TypePart[]): string {
  return parts.map((p) => ("code" in p ? p.code : "typeName" in p ? p.typeName : p.runtime)).join("");
}

/** The type as code, recording the imports it needs in `imports`. */
export function typeCode(parts: readonly TypePart[], imports: Imports): string {
  return parts
    .map((p) => ("code" in p ? p.code : "typeName" in p ? imports.type(p.typeName, p.module) : imports.type(p.runtime, p.module)))
    .join("");
}

/** The TypeScript type for a reference to shape `name`, recording the imports it needs. */
export function typeRef(ir: ServiceIR, name: string, imports: Imports): string {
  return typeCode(typeParts(shapeOf(ir, name)), imports);
}

/** The TypeScript type of a member, recording the imports it needs. */
export function memberType(ir: ServiceIR, m: MemberIR, imports: Imports): string {
  return typeCode(memberTypeParts(m, ir), imports);
}
