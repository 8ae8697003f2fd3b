// src/paginators/<operation>.ts: for each paginated operation, an async iterable of pages with
// `.items()` over the result key, driven by the model's pagination facts.
import type { OperationIR, ServiceIR } from "../ir/types.js";
import { Imports, MODULES, docComment, literal, typeRef, type Emitter } from "./context.js";
import { internalSymbols } from "./symbols.js";
import { operationTypes } from "./operations.js";

function emitPaginator(ir: ServiceIR, op: OperationIR, banner: string) {
  const pg = op.paginator!;
  const file = MODULES.paginator(op.fileName);
  const imports = new Imports(file);
  const client = imports.type(ir.names.client, MODULES.client);
  const paginate = imports.use("paginate", MODULES.runtime("client/paginate"));
  imports.type("PaginationOptions", MODULES.runtime("client/paginate"));
  imports.type("Paginator", MODULES.runtime("client/paginate"));
  imports.type("WithMetadata", MODULES.runtime("client/client"));
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
  const body = `${doc}export function ${pg.functionName}(client: ${client}, input: ${op.input ? input : `${input} = {}`}, options?: PaginationOptions): Paginator<WithMetadata<${output}>, ${item}> {
  return ${paginate}<${output}, ${item}>(client, ${operation}, input, options, {
    ${spec.join(",\n    ")},
  });
}
`;
  return { path: file, content: `${banner}\n${imports.render()}\n\n${body}` };
}

export const emitPaginators: Emitter = (ir, ctx) => ir.operations.filter((op) => op.paginator).map((op) => emitPaginator(ir, op, ctx.banner));
