// src/paginators/<operation>.ts: for each paginated operation, an async iterable of pages with
// `.items()` over the result key, driven by the model's pagination facts.
import type { OperationIR, ServiceIR } from "../../ir/types.js";
import { MODULES, docComment, literal } from "../kit/file.js";
import { Imports } from "../kit/imports.js";
import { inputParam, operationTypes } from "../kit/operation.js";
import type { AggregateMethod, Plugin } from "../kit/plugin.js";
import { generatedNames, internalSymbols } from "../kit/symbols.js";
import { typeRef } from "../kit/type-printer.js";

function emitPaginator(ir: ServiceIR, op: OperationIR, banner: string) {
  const pg = op.paginator!;
  const file = MODULES.paginator(op.fileName);
  const imports = new Imports(file, generatedNames(ir));
  const client = imports.type(ir.names.client, MODULES.client);
  const paginate = imports.use("paginate", MODULES.runtime("client/paginate"));
  const paginationOptions = imports.type("PaginationOptions", MODULES.runtime("client/paginate"));
  const paginator = imports.type("Paginator", MODULES.runtime("client/paginate"));
  const withMetadata = imports.type("WithMetadata", MODULES.runtime("client/client"));
  const operation = imports.use(internalSymbols(ir).operation.get(op.name)!, MODULES.operation(op.fileName));
  const { input, output } = operationTypes(ir, op, imports);
  const item = pg.itemShape ? typeRef(ir, pg.itemShape, imports) : "unknown";
  const list = (xs: readonly string[]) => `[${xs.map(literal).join(", ")}]`;
  const spec = [
    `inputToken: ${list(pg.inputToken)}`,
    `outputToken: ${list(pg.outputToken)}`,
    ...(pg.limitKey !== undefined ? [`limitKey: ${literal(pg.limitKey)}`] : []),
    `resultKey: ${list(pg.resultKey)}`,
    ...(pg.moreResults !== undefined ? [`moreResults: ${literal(pg.moreResults)}`] : []),
    ...(pg.nonAggregateKeys.length > 0 ? [`nonAggregateKeys: ${list(pg.nonAggregateKeys)}`] : []),
  ];
  const doc = docComment(
    `Pages through ${op.name}: each iteration sends one request, passing ${pg.outputToken.join(", ")} back as ${pg.inputToken.join(", ")}` +
      ` until the service returns no token (or repeats one). \`.items()\` iterates the ${pg.resultKey[0] ?? "result"} of every page.`,
  );
  const body = `${doc}export function ${pg.functionName}(client: ${client}, ${inputParam(op, input)}, options?: ${paginationOptions}): ${paginator}<${withMetadata}<${output}>, ${item}> {
  return ${paginate}<${output}, ${item}>(client, ${operation}, input, options, {
    ${spec.join(",\n    ")},
  });
}
`;
  return { path: file, content: `${banner}\n${imports.render()}\n\n${body}` };
}

/** Each paginator's method on the aggregated client. */
function aggregateMethods(ir: ServiceIR, imports: Imports): AggregateMethod[] {
  const methods: AggregateMethod[] = [];
  for (const op of ir.operations) {
    const pg = op.paginator;
    if (!pg) continue;
    const pfn = imports.use(pg.functionName, MODULES.paginator(op.fileName));
    const withMetadata = imports.type("WithMetadata", MODULES.runtime("client/client"));
    const paginationOptions = imports.type("PaginationOptions", MODULES.runtime("client/paginate"));
    const paginator = imports.type("Paginator", MODULES.runtime("client/paginate"));
    const { input, output } = operationTypes(ir, op, imports);
    const item = pg.itemShape ? typeRef(ir, pg.itemShape, imports) : "unknown";
    methods.push({
      operation: op.name,
      source: `${docComment(`Pages through ${op.name}; see {@link ${pg.functionName}}.`)}${pg.functionName}(${inputParam(op, input)}, options?: ${paginationOptions}): ${paginator}<${withMetadata}<${output}>, ${item}> {\n    return ${pfn}(this, input, options);\n  }`,
    });
  }
  return methods;
}

export const paginators: Plugin = {
  name: "paginators",
  emit: (ir, ctx) => ir.operations.filter((op) => op.paginator).map((op) => emitPaginator(ir, op, ctx.banner)),
  exports: (ir) =>
    ir.operations.flatMap((op) =>
      op.paginator ? [{ module: MODULES.paginator(op.fileName), name: op.paginator.functionName, typeOnly: false }] : [],
    ),
  aggregateMethods,
};
