// src/testing.ts: the package's `testing` entry point (package.json `exports["./testing"]`), never
// reached from src/index.ts, so production bundles carry none of it. It lists each operation's
// types, descriptor and output validator for the runtime's mocks (runtime/testing/): mockClient,
// the in-process mock, and startMockServer, the HTTP mock server speaking the service's protocol.
// src/testing-facts.ts holds what the server's sample outputs respect (enums, bounds, patterns).
import type { ServiceIR } from "../../ir/types.js";
import { propertyKey } from "../../naming.js";
import { MODULES, docComment, literal, type PlannedFile } from "../kit/file.js";
import { Imports } from "../kit/imports.js";
import { assertRuntimeExport } from "../kit/runtime-exports.js";
import type { Plugin } from "../kit/plugin.js";
import { errorShapes } from "../kit/shapes.js";
import { generatedNames, internalSymbols, validatorName } from "../kit/symbols.js";
import { RUNTIME_PROTOCOLS, usesCbor } from "../protocols.js";
import { factsFile } from "./facts.js";

export const TESTING_MODULE = "src/testing.ts";
export const FACTS_MODULE = "src/testing-facts.ts";

/** The runtime's testing names the entry point re-exports: errors to catch, types to annotate with. */
const REEXPORTS: ReadonlyArray<readonly ["value" | "type", readonly string[], string]> = [
  ["value", ["UnmatchedCallError"], "testing/mock"],
  ["value", ["MockUsageError"], "testing/stubs"],
  ["type", ["ClientMock"], "testing/mock"],
  ["type", ["OperationStub"], "testing/stubs"],
  ["type", ["MockServer", "MockServerOptions"], "testing/server"],
];

/** The top-level output members a paginator reads its next token from: sample outputs leave them out, so paging ends. */
function pageTokens(ir: ServiceIR, opName: string): string[] {
  const op = ir.operations.find((o) => o.name === opName);
  return (op?.paginator?.outputToken ?? []).filter((path) => /^[A-Za-z0-9_]+$/.test(path));
}

function testingFile(ir: ServiceIR, banner: string): PlannedFile {
  const imports = new Imports(TESTING_MODULE, generatedNames(ir));
  const symbols = internalSymbols(ir);
  const client = imports.use(ir.names.client, MODULES.client);
  const service = imports.use("service", MODULES.service);
  const clientMock = imports.use("ClientMock", MODULES.runtime("testing/mock"));
  const mockSpec = imports.type("ServerSpec", MODULES.runtime("testing/server"));
  const errorFieldsOf = imports.type("ErrorFieldsOf", MODULES.runtime("testing/stubs"));
  const startServer = imports.use("startServer", MODULES.runtime("testing/server"));
  const serverOptions = imports.type("MockServerOptions", MODULES.runtime("testing/server"));
  const mockServer = imports.type("MockServer", MODULES.runtime("testing/server"));
  const protocol = RUNTIME_PROTOCOLS[ir.protocol].server;
  const serverProtocol = protocol === undefined ? undefined : imports.use(protocol.name, MODULES.runtime(protocol.module));
  const facts = imports.use("facts", FACTS_MODULE);
  const opsType = `${ir.names.aggregate}Operations`;
  const errorsType = `${ir.names.aggregate}Errors`;

  const opTypes: string[] = [];
  const opEntries: string[] = [];
  for (const op of ir.operations) {
    const input = op.inputShape ? `model.${op.inputShape.typeName}` : "Record<string, never>";
    const output = op.outputShape ? `model.${op.outputShape.typeName}` : "object";
    opTypes.push(`  ${propertyKey(op.name)}: { input: ${input}; output: ${output} };`);
    const fields = [`operation: ${imports.use(symbols.operation.get(op.name)!, MODULES.operation(op.fileName))}`];
    if (op.output) fields.push(`validateOutput: ${imports.use(validatorName(ir, op.output), MODULES.validators)}`);
    const tokens = pageTokens(ir, op.name);
    if (tokens.length > 0) fields.push(`pageTokens: [${tokens.map(literal).join(", ")}]`);
    opEntries.push(`    { ${fields.join(", ")} },`);
  }
  const errTypes = errorShapes(ir).map((s) => `  ${propertyKey(s.name)}: ${errorFieldsOf}<errors.${s.typeName}>;`);
  const namespaces = [
    ...(ir.operations.some((op) => op.inputShape || op.outputShape) ? [`import type * as model from "./types.js";`] : []),
    ...(errTypes.length > 0 ? [`import type * as errors from "./errors.js";`] : []),
  ];
  const target = `${client} | typeof ${client}`;
  const body = `${docComment(`Each operation's input and output types, by operation name.`)}export interface ${opsType} {
${opTypes.join("\n")}
}

${docComment(`The members each modelled error takes in \`rejects(name, fields)\`, by error name.`)}export interface ${errorsType} {
${errTypes.join("\n")}
}

const spec: ${mockSpec} = {
  service: ${service},
  operations: [
${opEntries.join("\n")}
  ],
  facts: ${facts},${serverProtocol === undefined ? "" : `\n  server: ${serverProtocol},`}
};

${docComment(
  `Mocks one client, or with the class every instance of it (the aggregated client's too): its calls are answered by the behaviours declared with \`on(operation, partialInput?)\` instead of the network. Input is still validated first; outputs are checked against the model when declared.`,
)}export function mockClient(target: ${target}): ${clientMock}<${opsType}, ${errorsType}> {
  return new ${clientMock}<${opsType}, ${errorsType}>(spec, target);
}

${docComment(
  `Starts a loopback HTTP server that speaks the service's protocol (${ir.protocol}): it validates each request against the model and answers with a model-valid output made from \`seed\`, or what \`on(...)\` declares.`,
)}export function startMockServer(options: ${serverOptions} = {}): Promise<${mockServer}<${opsType}, ${errorsType}>> {
  return ${startServer}<${opsType}, ${errorsType}>(spec, options);
}

${REEXPORTS.map(([kind, names, module]) => {
  for (const name of names) assertRuntimeExport(module, name);
  return `export ${kind === "type" ? "type " : ""}{ ${names.join(", ")} } from ${literal(`./runtime/${module}.js`)};`;
}).join("\n")}
`;
  const head = [...namespaces, imports.render()].filter((l) => l !== "").join("\n");
  return { path: TESTING_MODULE, content: `${banner}\n${head}\n\n${body}` };
}

/**
 * testing/package.json: where `<package>/testing` leads resolvers that predate "exports"
 * (TypeScript's node10, old bundlers): the build the package's own `main` names.
 */
function legacyRedirect(ir: ServiceIR): PlannedFile {
  // A CBOR package is ES modules only (no CommonJS build): the redirect names its ESM build.
  const build = usesCbor(ir) ? "esm" : "cjs";
  const redirect = { main: `../dist/${build}/testing.js`, types: `../dist/${build}/testing.d.ts` };
  return { path: "testing/package.json", content: JSON.stringify(redirect, null, 2) + "\n" };
}

export const testing: Plugin = {
  name: "testing",
  emit: (ir, ctx) => [testingFile(ir, ctx.banner), factsFile(ir, ctx.banner), legacyRedirect(ir)],
};
