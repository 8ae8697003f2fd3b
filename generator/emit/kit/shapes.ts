// Questions every artifact asks of the IR's shapes, answered once.
import type { MemberIR, OperationIR, ServiceIR, ShapeIR, StructureIR } from "../../ir/types.js";

export function shapeOf(ir: ServiceIR, name: string): ShapeIR {
  const s = ir.shapes.get(name);
  if (!s) throw new Error(`internal: shape ${name} is not in the IR`);
  return s;
}

/** Whether a shape is emitted as a named type (structures, unions, enums). */
export function isNamed(shape: ShapeIR): boolean {
  return shape.kind === "structure" || (shape.kind === "string" && shape.enum !== undefined);
}

/** Error shapes, in name order. */
export function errorShapes(ir: ServiceIR): StructureIR[] {
  return [...ir.shapes.values()].filter((s): s is StructureIR => s.kind === "structure" && s.exception !== undefined);
}

/** Structures that get an exported validator: those an operation sends or receives, in name order. */
export function validatedShapes(ir: ServiceIR): StructureIR[] {
  return [...ir.shapes.values()].filter(
    (s): s is StructureIR => s.kind === "structure" && !s.exception && (s.roles.has("input") || s.roles.has("output")),
  );
}

/** An operation's input or output structure, when it has one. */
export function operationShape(ir: ServiceIR, op: OperationIR, which: "input" | "output"): ShapeIR | undefined {
  const name = op[which];
  return name === undefined ? undefined : shapeOf(ir, name);
}

/** TSDoc tags of a member: idempotency token, sensitivity, deprecation. */
export function memberTags(m: MemberIR): string[] {
  const tags: string[] = [];
  if (m.idempotencyToken) tags.push("Filled with a random UUID when omitted (idempotency token).");
  if (m.sensitive) tags.push("Sensitive: never shown in logs, hooks or error messages.");
  if (m.deprecated) tags.push("@deprecated");
  return tags;
}
