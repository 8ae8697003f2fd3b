// src/operations/<operation>.ts: one module per operation, so importing one operation bundles
// only what it needs. Each holds the operation's descriptor (HTTP binding, schemas, errors,
// input validator) and a plain function that hands it to the runtime.
import { summary } from "../../ir/docs.js";
import { parsePath, pathCode } from "../../ir/endpoints.js";
import type { OperationIR, ServiceIR, StructureIR } from "../../ir/types.js";
import { objectLiteralKey } from "../../naming.js";
import { opLink } from "../kit/docs-site.js";
import { MODULES, docComment, literal } from "../kit/file.js";
import { Imports } from "../kit/imports.js";
import { code, row, safeInline, table } from "../kit/markdown.js";
import { inputParam, operationDoc, operationTypes } from "../kit/operation.js";
import type { AggregateMethod, Plugin } from "../kit/plugin.js";
import { generatedNames, internalSymbols, validatorName } from "../kit/symbols.js";
import { usesXmlFacts } from "../protocols.js";

/** `endpointParams`: what the operation adds to the endpoint rule parameters, as plain code over its input. */
function endpointParamsField(ir: ServiceIR, op: OperationIR, imports: Imports): string[] {
  const ep = op.endpoint;
  if (ep === undefined) return [];
  const entries: string[] = [];
  for (const s of ep.static) entries.push(`${objectLiteralKey(s.param)}: ${JSON.stringify(s.value)}`);
  for (const m of ep.members) entries.push(`${objectLiteralKey(m.param)}: input${memberAccess(m.member)}`);
  for (const p of ep.paths) {
    const parsed = parsePath(p.path);
    if (typeof parsed === "string") continue;
    const helper = imports.use(p.type === "stringArray" ? "stringListParam" : "stringParam", MODULES.runtime("endpoints/endpoints"));
    entries.push(`${objectLiteralKey(p.param)}: ${helper}(${pathCode(parsed, "(input as any)")})`);
  }
  const { input } = operationTypes(ir, op, imports);
  const param = ep.members.length + ep.paths.length > 0 ? `input: ${input}` : "";
  return [`endpointParams: (${param}) => ({ ${entries.join(", ")} })`];
}

/** `eventStream`: the stream members and the errors an `exception` event may name, by stream member. */
function eventStreamField(ir: ServiceIR, op: OperationIR, imports: Imports): string[] {
  if (!op.eventStream) return [];
  const parts: string[] = [];
  if (op.outputEventStream !== undefined) parts.push(`output: ${literal(op.outputEventStream)}`);
  if (op.inputEventStream !== undefined) parts.push(`input: ${literal(op.inputEventStream)}`);
  const union = op.outputShape?.members.find((m) => m.name === op.outputEventStream)?.shape;
  if (union !== undefined && union.kind === "structure") {
    const symbols = internalSymbols(ir);
    const errors = union.members
      .filter((m) => m.shape.kind === "structure" && m.shape.exception !== undefined)
      .map((m) => `${objectLiteralKey(m.name)}: ${imports.use(symbols.errorBinding.get(m.target)!, MODULES.errors)}`);
    if (errors.length > 0) parts.push(`errors: { ${errors.join(", ")} }`);
  }
  return [`eventStream: { ${parts.join(", ")} }`];
}

/** `checksum`: the operation's flexible checksums; the import brings the checksum code into the package. */
function checksumField(op: OperationIR, imports: Imports): string[] {
  const c = op.httpChecksum;
  if (c === undefined) return [];
  const traits = [
    ...(c.requestAlgorithmHeader !== undefined ? [`requestAlgorithmHeader: ${literal(c.requestAlgorithmHeader.toLowerCase())}`] : []),
    ...(c.requestChecksumRequired ? ["requestChecksumRequired: true"] : []),
    ...(c.requestValidationModeHeader !== undefined
      ? [`requestValidationModeHeader: ${literal(c.requestValidationModeHeader.toLowerCase())}`]
      : []),
    ...(c.responseAlgorithms.length > 0 ? [`responseAlgorithms: [${c.responseAlgorithms.map((a) => literal(a)).join(", ")}]`] : []),
  ];
  if (traits.length === 0) return [];
  return [`checksum: ${imports.use("httpChecksum", MODULES.runtime("client/checksum"))}({ ${traits.join(", ")} })`];
}

/** The streaming payload member of a structure, if it has one. */
function streamingMember(s: StructureIR | undefined): string | undefined {
  const name = s?.payload;
  const member = name === undefined ? undefined : s!.members.find((m) => m.name === name);
  return member !== undefined && member.shape.kind === "blob" && member.shape.streaming ? member.name : undefined;
}

/** `payload`: how a streaming or checksummed operation sends and reads bodies; the import brings that code in. */
function payloadField(op: OperationIR, imports: Imports): string[] {
  const output = streamingMember(op.outputShape);
  if (op.httpChecksum === undefined && output === undefined && streamingMember(op.inputShape) === undefined) return [];
  const handling = imports.use("payloadHandling", MODULES.runtime("client/payload"));
  return [`payload: ${handling}(${output === undefined ? "" : literal(output)})`];
}

function memberAccess(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `.${name}` : `[${literal(name)}]`;
}

function emitOperation(ir: ServiceIR, op: OperationIR, banner: string) {
  const file = MODULES.operation(op.fileName);
  const imports = new Imports(file, generatedNames(ir));
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
    ...eventStreamField(ir, op, imports),
    ...(op.resultWrapper !== undefined && usesXmlFacts(ir) ? [`resultWrapper: ${literal(op.resultWrapper)}`] : []),
    ...checksumField(op, imports),
    ...payloadField(op, imports),
    ...endpointParamsField(ir, op, imports),
  ];
  const operationSchema = imports.type("OperationSchema", MODULES.runtime("schema"));
  const client = imports.type(ir.names.client, MODULES.client);
  // Event streams (read, sent or both) go through their own entry point.
  const invoke = op.eventStream
    ? imports.use("invokeEventStream", MODULES.runtime("client/event-stream"))
    : imports.use("invoke", MODULES.runtime("client/client"));
  const callOptions = imports.type("CallOptions", MODULES.runtime("client/client"));
  const withMetadata = imports.type("WithMetadata", MODULES.runtime("client/client"));
  const { input, output } = operationTypes(ir, op, imports);
  const body = `${docComment(`The ${op.name} operation: its HTTP binding, schemas, errors and input validator.`)}export const ${constant}: ${operationSchema} = {
  ${fields.join(",\n  ")},
};

${operationDoc(ir, op)}export function ${op.functionName}(client: ${client}, ${inputParam(op, input)}, options?: ${callOptions}): Promise<${withMetadata}<${output}>> {
  return ${invoke}<${output}>(client, ${constant}, input, options);
}
`;
  return { path: file, content: `${banner}\n${imports.render()}\n\n${body}` };
}

/** Each operation's method on the aggregated client. */
function aggregateMethods(ir: ServiceIR, imports: Imports): AggregateMethod[] {
  const callOptions = imports.type("CallOptions", MODULES.runtime("client/client"));
  const withMetadata = imports.type("WithMetadata", MODULES.runtime("client/client"));
  return ir.operations.map((op) => {
    const fn = imports.use(op.functionName, MODULES.operation(op.fileName));
    const { input, output } = operationTypes(ir, op, imports);
    const source = `${operationDoc(ir, op)}${op.functionName}(${inputParam(op, input)}, options?: ${callOptions}): Promise<${withMetadata}<${output}>> {\n    return ${fn}(this, input, options);\n  }`;
    return { operation: op.name, source };
  });
}

/** The operations table's note on an event-stream operation. */
function eventStreamNote(op: OperationIR): string {
  if (op.inputEventStream !== undefined) return "Event streams both ways (HTTP/2).";
  return op.outputEventStream !== undefined ? "Event stream." : "";
}

export const operations: Plugin = {
  name: "operations",
  emit: (ir, ctx) => ir.operations.map((op) => emitOperation(ir, op, ctx.banner)),
  exports: (ir) => ir.operations.map((op) => ({ module: MODULES.operation(op.fileName), name: op.functionName, typeOnly: false })),
  aggregateMethods,
  docsSections(ir, site) {
    if (ir.operations.length === 0) return [{ title: "Operations", rank: 20, blocks: ["The model has no operations."] }];
    const rows = ir.operations.map((op) => {
      const notes = [op.deprecated ? "**Deprecated.**" : "", eventStreamNote(op)].filter((n) => n !== "");
      return row([
        opLink(site, op, "index"),
        code(`${op.method} ${op.modelRequestUri}`),
        [safeInline(summary(op.docs)), ...notes].filter((t) => t !== "").join(" "),
      ]);
    });
    return [{ title: "Operations", rank: 20, blocks: [table(["Operation", "HTTP request", "Description"], rows)] }];
  },
};
