// src/service.ts (the service's wire facts), src/client.ts (the bare client: configuration and
// transport only) and src/aggregate.ts (a class with a method per operation, for convenience;
// it imports every operation, so bundles that care import the functions instead).
import type { ServiceIR } from "../ir/types.js";
import { Imports, MODULES, docComment, literal, markdownText, typeRef, type Emitter, type PlannedFile } from "./context.js";
import { operationDoc, operationTypes } from "./operations.js";
import { errorShapes } from "./errors.js";
import { RUNTIME_PROTOCOLS } from "./protocols.js";
import { internalSymbols } from "./symbols.js";

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
  const imports = new Imports(MODULES.service);
  imports.type("ServiceSchema", MODULES.runtime("service"));
  const fields = [
    `serviceId: ${literal(ir.serviceId)}`,
    `apiVersion: ${literal(ir.apiVersion)}`,
    `protocol: ${imports.use(RUNTIME_PROTOCOLS[ir.protocol].name, MODULES.runtime(RUNTIME_PROTOCOLS[ir.protocol].module))}`,
    ...(ir.jsonVersion !== undefined ? [`jsonVersion: ${literal(ir.jsonVersion)}`] : []),
    ...(ir.targetPrefix !== undefined ? [`targetPrefix: ${literal(ir.targetPrefix)}`] : []),
    `signingName: ${literal(ir.signingName)}`,
    `endpointPrefix: ${literal(ir.endpointPrefix)}`,
    endpointsField(ir, imports),
    ...(ir.awsQueryCompatible ? ["awsQueryCompatible: true"] : []),
    ...(Object.keys(ir.customization.defaultHeaders).length > 0
      ? [`defaultHeaders: { ${Object.entries(ir.customization.defaultHeaders).map(([k, v]) => `${literal(k)}: ${literal(v)}`).join(", ")} }`]
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
    content: `${banner}\n${imports.render()}\n\n${docComment(`Wire facts of ${markdownText(ir.fullName)} (API version ${markdownText(ir.apiVersion)}).`)}export const service: ServiceSchema = {\n  ${fields.join(",\n  ")},\n};\n`,
  };
}

function clientFile(ir: ServiceIR, banner: string): PlannedFile {
  const imports = new Imports(MODULES.client);
  imports.use("ServiceClient", MODULES.runtime("client/client"));
  imports.type("ClientConfig", MODULES.runtime("client/client"));
  imports.use("service", MODULES.service);
  const doc = docComment(
    `${ir.docs}\n\nThe bare client for ${markdownText(ir.fullName)}: it holds configuration (region, credentials, endpoint, retries, timeouts, hooks) and the connection pool. Call operations by passing it to their functions, e.g. \`${ir.operations[0]?.functionName ?? "operation"}(client, input)\`.`,
  );
  // Endpoint rule parameters the model lets users set become typed client options.
  let configType = "ClientConfig";
  let configDecl = "";
  if (ir.endpoints.options.length > 0) {
    configType = `${ir.names.client}Config`;
    const members = ir.endpoints.options.map(
      (o) => `${docComment(o.docs === "" ? `Sets the endpoint rule parameter \`${o.param}\`.` : `${o.docs}\n\nSets the endpoint rule parameter \`${o.param}\`.`)}  readonly ${o.option}?: ${o.type === "stringArray" ? "readonly string[]" : o.type} | undefined;`,
    );
    configDecl = `${docComment(`Configuration of {@link ${ir.names.client}}: the common options and the service's own endpoint options.`)}export interface ${configType} extends ClientConfig {\n${members.join("\n")}\n}\n\n`;
  }
  return {
    path: MODULES.client,
    content: `${banner}\n${imports.render()}\n\n${configDecl}${doc}export class ${ir.names.client} extends ServiceClient {\n  constructor(config: ${configType} = {}) {\n    super(service, config);\n  }\n}\n`,
  };
}

function aggregateFile(ir: ServiceIR, banner: string): PlannedFile {
  const imports = new Imports(MODULES.aggregate);
  imports.use(ir.names.client, MODULES.client);
  imports.type("CallOptions", MODULES.runtime("client/client"));
  imports.type("WithMetadata", MODULES.runtime("client/client"));
  const methods: string[] = [];
  for (const op of ir.operations) {
    const fn = imports.use(op.functionName, MODULES.operation(op.fileName));
    const { input, output } = operationTypes(ir, op, imports);
    const param = op.input ? `input: ${input}` : `input: ${input} = {}`;
    methods.push(`${operationDoc(ir, op)}${op.functionName}(${param}, options?: CallOptions): Promise<WithMetadata<${output}>> {\n    return ${fn}(this, input, options);\n  }`);
    if (op.paginator) {
      const pg = op.paginator;
      const pfn = imports.use(pg.functionName, MODULES.paginator(op.fileName));
      imports.type("PaginationOptions", MODULES.runtime("client/paginate"));
      imports.type("Paginator", MODULES.runtime("client/paginate"));
      const item = pg.itemShape ? typeRef(ir, pg.itemShape, imports) : "unknown";
      methods.push(
        `${docComment(`Pages through ${op.name}; see {@link ${pg.functionName}}.`)}${pg.functionName}(${param}, options?: PaginationOptions): Paginator<WithMetadata<${output}>, ${item}> {\n    return ${pfn}(this, input, options);\n  }`,
      );
    }
  }
  const doc = docComment(`${markdownText(ir.fullName)} with a method per operation. Convenient; it bundles every operation, so size-sensitive code imports the operation functions with {@link ${ir.names.client}} instead.`);
  return {
    path: MODULES.aggregate,
    content: `${banner}\n${imports.render()}\n\n${doc}export class ${ir.names.aggregate} extends ${ir.names.client} {\n  ${methods.join("\n\n  ")}\n}\n`,
  };
}

export const emitClient: Emitter = (ir, ctx) => [serviceFile(ir, ctx.banner, ctx.generatorVersion), clientFile(ir, ctx.banner), aggregateFile(ir, ctx.banner)];
