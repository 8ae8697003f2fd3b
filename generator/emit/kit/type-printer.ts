// The one type printer: the TypeScript type of a shape reference or a member, as parts, so the
// code (src/types.ts and friends, which import what they name) and the docs (which link what
// they name) print the same type.
import type { MemberIR, ServiceIR, ShapeIR } from "../../ir/types.js";
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

/** The type of a reference to shape `name`, in parts. */
export function typeParts(s: ShapeIR, seen: readonly string[] = []): TypePart[] {
  const name = s.name;
  switch (s.kind) {
    case "structure":
      return [{ shape: name, typeName: s.typeName, module: s.exception ? MODULES.errors : MODULES.types }];
    case "list": {
      if (seen.includes(name)) return [{ code: "unknown[]" }];
      const inner = typeParts(s.memberShape, [...seen, name]);
      return /^[\w.]+$/.test(plainType(inner)) ? [...inner, { code: "[]" }] : [{ code: "Array<" }, ...inner, { code: ">" }];
    }
    case "map":
      if (seen.includes(name)) return [{ code: "Record<string, unknown>" }];
      return [{ code: "Record<string, " }, ...typeParts(s.valueShape, [...seen, name]), { code: ">" }];
    case "string":
      return s.enum ? [{ shape: name, typeName: s.typeName, module: MODULES.types }] : [{ code: "string" }];
    case "boolean":
      return [{ code: "boolean" }];
    case "timestamp":
      return [{ code: "Date" }];
    case "blob":
      return [{ code: "Uint8Array" }];
    case "document":
      return [DOCUMENT];
    default:
      return [{ code: "number" }];
  }
}

/** The type of a member: a `jsonvalue` header holds any JSON value, whatever its target says. */
export function memberTypeParts(m: MemberIR): TypePart[] {
  return m.jsonvalue ? [DOCUMENT] : typeParts(m.shape);
}

/** The type as plain text, names unqualified. */
export function plainType(parts: readonly TypePart[]): string {
  return parts.map((p) => ("code" in p ? p.code : "typeName" in p ? p.typeName : p.runtime)).join("");
}

/** The type as code, recording the imports it needs in `imports`. */
export function typeCode(parts: readonly TypePart[], imports: Imports): string {
  return parts.map((p) => ("code" in p ? p.code : "typeName" in p ? imports.type(p.typeName, p.module) : imports.type(p.runtime, p.module))).join("");
}

/** The TypeScript type for a reference to shape `name`, recording the imports it needs. */
export function typeRef(ir: ServiceIR, name: string, imports: Imports): string {
  return typeCode(typeParts(shapeOf(ir, name)), imports);
}

/** The TypeScript type of a member, recording the imports it needs. */
export function memberType(ir: ServiceIR, m: MemberIR, imports: Imports): string {
  return typeCode(memberTypeParts(m), imports);
}
