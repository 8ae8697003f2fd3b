// src/service.ts (the service's wire facts), src/client.ts (the bare client: configuration and
// transport only) and src/aggregate.ts (a class with a method per operation, for convenience;
// it imports every operation, so bundles that care import the functions instead).
import type { ServiceIR } from "../../ir/types.js";
import { MODULES, docComment, literal, type PlannedFile } from "../kit/file.js";
import { Imports } from "../kit/imports.js";
import { text } from "../kit/markdown.js";
import type { Contributions, Plugin } from "../kit/plugin.js";
import { errorShapes } from "../kit/shapes.js";
import { generatedNames, internalSymbols } from "../kit/symbols.js";
import { runtimeProtocol } from "../protocols.js";

/** How the client feeds the rules: which parameters its core settings fill, which options set others. */
function endpointsField(ir: ServiceIR, imports: Imports): string {
  const resolve = imports.use("resolveEndpoint", MODULES.endpoints);
  const builtins: string[] = [];
  for (const [key, builtIn] of [
    ["region", "AWS::Region"],
    ["useFips", "AWS::UseFIPS"],
    ["useDualStack", "AWS::UseDualStack"],
    ["endpoint", "SDK::Endpoint"],
  ] as const) {
    const param = ir.endpoints.params.find((p) => p.builtIn === builtIn);
    if (param !== undefined) builtins.push(`${key}: ${literal(param.name)}`);
  }
  const options = ir.endpoints.options.map((o) => `${literal(o.option)}: ${literal(o.param)}`);
  return `endpoints: { resolve: ${resolve}, builtins: { ${builtins.join(", ")} }${options.length > 0 ? `, options: { ${options.join(", ")} }` : ""} }`;
}

function serviceFile(ir: ServiceIR, banner: string, generatorVersion: string): PlannedFile {
  const imports = new Imports(MODULES.service, generatedNames(ir));
  const serviceSchema = imports.type("ServiceSchema", MODULES.runtime("service"));
  const fields = [
    `serviceId: ${literal(ir.serviceId)}`,
    `apiVersion: ${literal(ir.apiVersion)}`,
    `protocol: ${imports.use(runtimeProtocol(ir).name, MODULES.runtime(runtimeProtocol(ir).module))}`,
    ...(ir.jsonVersion !== undefined ? [`jsonVersion: ${literal(ir.jsonVersion)}`] : []),
    ...(ir.targetPrefix !== undefined ? [`targetPrefix: ${literal(ir.targetPrefix)}`] : []),
    `signingName: ${literal(ir.signingName)}`,
    `endpointPrefix: ${literal(ir.endpointPrefix)}`,
    endpointsField(ir, imports),
    ...(ir.awsQueryCompatible ? ["awsQueryCompatible: true"] : []),
    ...(Object.keys(ir.customization.defaultHeaders).length > 0
      ? [
          `defaultHeaders: { ${Object.entries(ir.customization.defaultHeaders)
            .map(([k, v]) => `${literal(k)}: ${literal(v)}`)
            .join(", ")} }`,
        ]
      : []),
    ...(ir.customization.omitRetryHeaders ? ["omitRetryHeaders: true"] : []),
    `baseException: ${imports.use(ir.names.baseException, MODULES.errors)}`,
    `userAgent: ${literal(`svcgen/${generatorVersion}`)}`,
  ];
  // Every error of the model, so a code sent by an operation that does not list it still maps.
  const all = errorShapes(ir).map((s) => imports.use(internalSymbols(ir).errorBinding.get(s.name)!, MODULES.errors));
  if (all.length > 0) fields.push(`errors: [${all.join(", ")}]`);
  return {
    path: MODULES.service,
    content: `${banner}\n${imports.render()}\n\n${docComment(`Wire facts of ${text(ir.fullName)} (API version ${text(ir.apiVersion)}).`)}export const service: ${serviceSchema} = {\n  ${fields.join(",\n  ")},\n};\n`,
  };
}

function clientFile(ir: ServiceIR, banner: string): PlannedFile {
  const imports = new Imports(MODULES.client, generatedNames(ir));
  const serviceClient = imports.use("ServiceClient", MODULES.runtime("client/client"));
  const clientConfig = imports.type("ClientConfig", MODULES.runtime("client/client"));
  imports.use("service", MODULES.service);
  const doc = docComment(
    `${ir.docs}\n\nThe bare client for ${text(ir.fullName)}: it holds configuration (region, credentials, endpoint, retries, timeouts, hooks) and the connection pool. Call operations by passing it to their functions, e.g. \`${ir.operations[0]?.functionName ?? "operation"}(client, input)\`.`,
  );
  // Endpoint rule parameters the model lets users set become typed client options.
  let configType = clientConfig;
  let configDecl = "";
  if (ir.endpoints.options.length > 0) {
    configType = `${ir.names.client}Config`;
    const members = ir.endpoints.options.map(
      (o) =>
        `${docComment(o.docs === "" ? `Sets the endpoint rule parameter \`${o.param}\`.` : `${o.docs}\n\nSets the endpoint rule parameter \`${o.param}\`.`)}  readonly ${o.option}?: ${o.type === "stringArray" ? "readonly string[]" : o.type} | undefined;`,
    );
    configDecl = `${docComment(`Configuration of {@link ${ir.names.client}}: the common options and the service's own endpoint options.`)}export interface ${configType} extends ${clientConfig} {\n${members.join("\n")}\n}\n\n`;
  }
  return {
    path: MODULES.client,
    content: `${banner}\n${imports.render()}\n\n${configDecl}${doc}export class ${ir.names.client} extends ${serviceClient} {\n  constructor(config: ${configType} = {}) {\n    super(service, config);\n  }\n}\n`,
  };
}

/** The aggregated client: every artifact's methods (operations, paginators...) on one class. */
function aggregateFile(ir: ServiceIR, banner: string, contributions: Contributions): PlannedFile {
  const imports = new Imports(MODULES.aggregate, generatedNames(ir));
  imports.use(ir.names.client, MODULES.client);
  const methods = contributions.aggregateMethods(imports).map((m) => m.source);
  const doc = docComment(
    `${text(ir.fullName)} with a method per operation. Convenient; it bundles every operation, so size-sensitive code imports the operation functions with {@link ${ir.names.client}} instead.`,
  );
  return {
    path: MODULES.aggregate,
    content: `${banner}\n${imports.render()}\n\n${doc}export class ${ir.names.aggregate} extends ${ir.names.client} {\n  ${methods.join("\n\n  ")}\n}\n`,
  };
}

export const client: Plugin = {
  name: "client",
  emit: (ir, ctx) => [
    serviceFile(ir, ctx.banner, ctx.generatorVersion),
    clientFile(ir, ctx.banner),
    aggregateFile(ir, ctx.banner, ctx.contributions),
  ],
  exports: (ir) => [
    { module: MODULES.client, name: ir.names.client, typeOnly: false },
    ...(ir.endpoints.options.length > 0 ? [{ module: MODULES.client, name: `${ir.names.client}Config`, typeOnly: true }] : []),
    { module: MODULES.aggregate, name: ir.names.aggregate, typeOnly: false },
  ],
};
