// src/operations/<operation>.ts: one module per operation, so importing one operation bundles
// only what it needs. Each holds the operation's descriptor (HTTP binding, schemas, errors,
// input validator) and a plain function that hands it to the runtime.
import type { OperationIR, ServiceIR } from "../ir/types.js";
import { Imports, MODULES, docComment, literal, shapeOf, type Emitter } from "./context.js";
import { parsePath, pathCode } from "../ir/endpoints.js";
import { propKey } from "./endpoints/compile.js";
import { internalSymbols } from "./symbols.js";
import { validatorName } from "./validators.js";

/** The TypeScript input and output types of an operation, recorded in `imports`. */
export function operationTypes(ir: ServiceIR, op: OperationIR, imports: Imports): { input: string; output: string } {
  return {
    input: op.input ? imports.type(shapeOf(ir, op.input).typeName, MODULES.types) : "Record<string, never>",
    output: op.output ? imports.type(shapeOf(ir, op.output).typeName, MODULES.types) : "object",
  };
}

export function operationDoc(ir: ServiceIR, op: OperationIR): string {
  const tags: string[] = [];
  for (const e of op.errors) {
    const s = shapeOf(ir, e);
    if (s.kind === "structure" && s.exception) {
      const status = s.exception.httpStatusCode !== undefined ? ` (HTTP ${s.exception.httpStatusCode})` : "";
      tags.push(`@throws {@link ${s.typeName}}${status}`);
    }
  }
  tags.push(`@throws {@link RequestValidationError} when the input breaks the model's constraints; nothing is sent.`);
  if (op.deprecated) tags.push("@deprecated");
  tags.push(`See docs/operations/${op.docFile} for the full reference.`);
  return docComment(op.docs, tags);
}

/** `endpointParams`: what the operation adds to the endpoint rule parameters, as plain code over its input. */
function endpointParamsField(ir: ServiceIR, op: OperationIR, imports: Imports): string[] {
  const ep = op.endpoint;
  if (ep === undefined) return [];
  const entries: string[] = [];
  for (const s of ep.static) entries.push(`${propKey(s.param)}: ${JSON.stringify(s.value)}`);
  for (const m of ep.members) entries.push(`${propKey(m.param)}: input${memberAccess(m.member)}`);
  for (const p of ep.paths) {
    const parsed = parsePath(p.path);
    if (typeof parsed === "string") continue;
    const helper = imports.use(p.type === "stringArray" ? "stringListParam" : "stringParam", MODULES.runtime("endpoints/endpoints"));
    entries.push(`${propKey(p.param)}: ${helper}(${pathCode(parsed, "(input as any)")})`);
  }
  const { input } = operationTypes(ir, op, imports);
  const param = ep.members.length + ep.paths.length > 0 ? `input: ${input}` : "";
  return [`endpointParams: (${param}) => ({ ${entries.join(", ")} })`];
}

function memberAccess(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `.${name}` : `[${literal(name)}]`;
}

function emitOperation(ir: ServiceIR, op: OperationIR, banner: string) {
  const file = MODULES.operation(op.fileName);
  const imports = new Imports(file);
  const symbols = internalSymbols(ir);
  const constant = symbols.operation.get(op.name)!;
  const fields = [
    `name: ${literal(op.name)}`,
    `method: ${literal(op.method)}`,
    `requestUri: ${literal(op.requestUri)}`,
    ...(op.responseCode !== undefined ? [`responseCode: ${op.responseCode}`] : []),
    ...(op.hostPrefix !== undefined ? [`hostPrefix: ${literal(op.hostPrefix)}`] : []),
    ...(op.input ? [`input: ${imports.use(symbols.schema.get(op.input)!, MODULES.schemas)}`] : []),
    ...(op.output ? [`output: ${imports.use(symbols.schema.get(op.output)!, MODULES.schemas)}`] : []),
    `errors: [${op.errors.map((e) => imports.use(symbols.errorBinding.get(e)!, MODULES.errors)).join(", ")}]`,
    ...(op.input ? [`validateInput: ${imports.use(validatorName(ir, op.input), MODULES.validators)}`] : []),
    ...(op.eventStream ? ["eventStream: true"] : []),
    ...endpointParamsField(ir, op, imports),
  ];
  imports.type("OperationSchema", MODULES.runtime("schema"));
  const client = imports.type(ir.names.client, MODULES.client);
  const invoke = imports.use("invoke", MODULES.runtime("client/client"));
  imports.type("CallOptions", MODULES.runtime("client/client"));
  imports.type("WithMetadata", MODULES.runtime("client/client"));
  const { input, output } = operationTypes(ir, op, imports);
  const inputParam = op.input ? `input: ${input}` : `input: ${input} = {}`;
  const body = `${docComment(`The ${op.name} operation: its HTTP binding, schemas, errors and input validator.`)}export const ${constant}: OperationSchema = {
  ${fields.join(",\n  ")},
};

${operationDoc(ir, op)}export function ${op.functionName}(client: ${client}, ${inputParam}, options?: CallOptions): Promise<WithMetadata<${output}>> {
  return ${invoke}<${output}>(client, ${constant}, input, options);
}
`;
  return { path: file, content: `${banner}\n${imports.render()}\n\n${body}` };
}

export const emitOperations: Emitter = (ir, ctx) => ir.operations.map((op) => emitOperation(ir, op, ctx.banner));
