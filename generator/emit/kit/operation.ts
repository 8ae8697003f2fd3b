// What an operation's function, its paginator and its aggregate methods share: the input and
// output types and the TSDoc block.
import type { OperationIR, ServiceIR } from "../../ir/types.js";
import { MODULES, docComment } from "./file.js";
import type { Imports } from "./imports.js";
import { shapeOf } from "./shapes.js";

/** The TypeScript input and output types of an operation, recorded in `imports`. */
export function operationTypes(ir: ServiceIR, op: OperationIR, imports: Imports): { input: string; output: string } {
  return {
    input: op.inputShape ? imports.type(op.inputShape.typeName, MODULES.types) : "Record<string, never>",
    output: op.outputShape ? imports.type(op.outputShape.typeName, MODULES.types) : "object",
  };
}

/** The input parameter of an operation's function or method: optional when the operation has no input. */
export function inputParam(op: OperationIR, input: string): string {
  return op.input ? `input: ${input}` : `input: ${input} = {}`;
}

export function operationDoc(ir: ServiceIR, op: OperationIR): string {
  const tags: string[] = [];
  for (const s of op.errorShapes) {
    if (s.exception) {
      const status = s.exception.httpStatusCode !== undefined ? ` (HTTP ${s.exception.httpStatusCode})` : "";
      tags.push(`@throws {@link ${s.typeName}}${status}`);
    }
  }
  tags.push(`@throws {@link RequestValidationError} when the input breaks the model's constraints; nothing is sent.`);
  if (op.deprecated) tags.push("@deprecated");
  tags.push(`See docs/operations/${op.docFile} for the full reference.`);
  return docComment(op.docs, tags);
}
