// src/presign.ts: `presign(client, "GetObject", input, { expiresIn })`, a presigned URL for any
// operation of the package by name, its input typed by the name. It imports every operation's
// descriptor (as the aggregated client does), so code that never presigns does not bundle it.
import type { ServiceIR } from "../../ir/types.js";
import { MODULES, docComment, literal, type PlannedFile } from "../kit/file.js";
import { Imports } from "../kit/imports.js";
import type { Plugin } from "../kit/plugin.js";
import { generatedNames, internalSymbols } from "../kit/symbols.js";
import { objectLiteralKey } from "../../naming.js";

function presignFile(ir: ServiceIR, banner: string): PlannedFile {
  const file = MODULES.presign;
  const imports = new Imports(file, generatedNames(ir));
  const symbols = internalSymbols(ir);
  const client = imports.type(ir.names.client, MODULES.client);
  const presignOperation = imports.use("presignOperation", MODULES.runtime("client/presign"));
  const options = imports.type("PresignOptions", MODULES.runtime("client/presign"));
  const presigned = imports.type("PresignedRequest", MODULES.runtime("client/presign"));
  const operationSchema = imports.type("OperationSchema", MODULES.runtime("schema"));
  const unsupported = imports.use("UnsupportedOperationError", MODULES.runtime("errors"));
  const ops = ir.operations.filter((op) => !op.eventStream);
  // The input type only (operationTypes would import the output type too).
  const inputType = (op: (typeof ops)[number]) =>
    op.inputShape ? imports.type(op.inputShape.typeName, MODULES.types) : "Record<string, never>";
  const inputs = ops.map((op) => `  ${objectLiteralKey(op.name)}: ${inputType(op)};`);
  const entries = ops.map(
    (op) => `  [${literal(op.name)}, ${imports.use(symbols.operation.get(op.name)!, MODULES.operation(op.fileName))}],`,
  );
  const example = ops[0]?.name ?? "OperationName";
  const doc = docComment(
    `A presigned URL for one operation of ${ir.names.client}: the request the operation would send, signed with AWS Signature Version 4 in the query string, so that whoever holds the URL can send it until it expires (\`expiresIn\` seconds, 900 by default, 1 to 604800), with no credentials of their own. The client's region, endpoint settings and credentials are used; the input is validated first. \`headers\` lists the signed headers other than host that the request must carry with these exact values.\n\n\`\`\`ts\nconst { url } = await presign(client, ${literal(example)}, input, { expiresIn: 3600 });\n\`\`\``,
  );
  const body = `${docComment("Each operation's input type, by operation name: what `presign` takes.")}export interface PresignInputs {
${inputs.join("\n")}
}

const operations$: ReadonlyMap<string, ${operationSchema}> = new Map([
${entries.join("\n")}
]);

${doc}export function presign<Name extends keyof PresignInputs>(
  client: ${client},
  operation: Name,
  input: PresignInputs[Name],
  options?: ${options},
): Promise<${presigned}> {
  const schema = typeof operation === "string" ? operations$.get(operation) : undefined;
  if (schema === undefined) {
    return Promise.reject(new ${unsupported}(\`presign: ${ir.names.client} has no operation named \${JSON.stringify(String(operation)).slice(0, 80)} that can be presigned\`));
  }
  return ${presignOperation}(client, schema, input, options);
}
`;
  return { path: file, content: `${banner}\n${imports.render()}\n\n${body}` };
}

export const presign: Plugin = {
  name: "presign",
  emit: (ir, ctx) => [presignFile(ir, ctx.banner)],
  exports: () => [
    { module: MODULES.presign, name: "presign", typeOnly: false },
    { module: MODULES.presign, name: "PresignInputs", typeOnly: true },
  ],
};
