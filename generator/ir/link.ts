// Typed references: after every shape is built, each reference by name (a member's target, a
// list's member, a map's key and value, an operation's input, output and errors) also gets the
// shape itself, so readers follow references instead of looking names up. The properties are
// not enumerable: recursive shapes make the graph cyclic, and the IR should still print, compare
// and hash as plain data.
import type { OperationIR, ShapeIR, StructureIR } from "./types.js";

function lookup(shapes: ReadonlyMap<string, ShapeIR>, name: string): ShapeIR {
  const s = shapes.get(name);
  if (!s) throw new Error(`internal: shape ${name} is not in the IR`);
  return s;
}

function structure(shapes: ReadonlyMap<string, ShapeIR>, name: string): StructureIR {
  const s = lookup(shapes, name);
  if (s.kind !== "structure") throw new Error(`internal: shape ${name} is not a structure`);
  return s;
}

function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: false, writable: false, configurable: false });
}

export function linkShapes(shapes: ReadonlyMap<string, ShapeIR>, operations: readonly OperationIR[]): void {
  for (const s of shapes.values()) {
    if (s.kind === "structure") for (const m of s.members) define(m, "shape", lookup(shapes, m.target));
    else if (s.kind === "list") define(s, "memberShape", lookup(shapes, s.member));
    else if (s.kind === "map") {
      define(s, "keyShape", lookup(shapes, s.key));
      define(s, "valueShape", lookup(shapes, s.value));
    }
  }
  for (const op of operations) {
    define(op, "inputShape", op.input === undefined ? undefined : structure(shapes, op.input));
    define(op, "outputShape", op.output === undefined ? undefined : structure(shapes, op.output));
    define(
      op,
      "errorShapes",
      op.errors.map((e) => structure(shapes, e)),
    );
  }
}
