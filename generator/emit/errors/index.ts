// src/errors.ts: the service's base exception and a class per error shape, plus the bindings
// (code, schema, class) the runtime uses to turn an error response into an instance.
import { summary } from "../../ir/docs.js";
import type { ServiceIR } from "../../ir/types.js";
import { propertyKey } from "../../naming.js";
import { shapeLink } from "../kit/docs-site.js";
import { MODULES, docComment, literal } from "../kit/file.js";
import { Imports } from "../kit/imports.js";
import { row, safeInline, table, text } from "../kit/markdown.js";
import type { Plugin } from "../kit/plugin.js";
import { errorShapes, memberTags } from "../kit/shapes.js";
import { generatedNames, internalSymbols } from "../kit/symbols.js";
import { typeRef } from "../kit/type-printer.js";

/** Error members that `Error` or ServiceException already define, or that it never sets, are not declared. */
const INHERITED = new Set([
  "message",
  "name",
  "stack",
  "cause",
  "$fault",
  "$metadata",
  "$response",
  "constructor",
  "__proto__",
  "prototype",
]);

function emitErrors(ir: ServiceIR, banner: string) {
  const imports = new Imports(MODULES.errors, generatedNames(ir));
  const symbols = internalSymbols(ir);
  const base = ir.names.baseException;
  const serviceException = imports.use("ServiceException", MODULES.runtime("errors"));
  const exceptionInit = imports.type("ExceptionInit", MODULES.runtime("errors"));
  const parts: string[] = [
    `${docComment(`Base of every error ${text(ir.fullName)} sends back. Codes the model does not know arrive as this class, named after the code.`)}export class ${base} extends ${serviceException} {
  constructor(init: ${exceptionInit}) {
    super({ ...init, name: init.name ?? ${literal(base)} });
  }
}`,
  ];
  const errors = errorShapes(ir);
  const errorSchema = errors.length > 0 ? imports.type("ErrorSchema", MODULES.runtime("schema")) : "";
  for (const s of errors) {
    const e = s.exception!;
    const fields = s.members
      .filter((m) => !INHERITED.has(m.name))
      .map(
        (m) =>
          `${docComment(m.docs, memberTags(m))}declare readonly ${propertyKey(m.name)}?: ${typeRef(ir, m.target, imports)} | undefined;`,
      );
    const status = e.httpStatusCode !== undefined ? `HTTP ${e.httpStatusCode}, ` : "";
    parts.push(`${docComment(s.docs, [`${status}${e.fault} fault.`, ...(s.deprecated ? ["@deprecated"] : [])])}export class ${s.typeName} extends ${base} {
${fields.join("\n")}
  constructor(init: ${exceptionInit}) {
    super({ ...init, name: ${literal(s.name)} });
  }
}`);
    const binding = [
      `code: ${literal(e.code)}`,
      `schema: ${imports.use(symbols.schema.get(s.name)!, MODULES.schemas)}`,
      `ctor: ${s.typeName}`,
      `fault: ${literal(e.fault)}`,
      ...(e.httpStatusCode !== undefined ? [`httpStatusCode: ${e.httpStatusCode}`] : []),
      ...(e.retryable ? [`retryable: { throttling: ${e.retryable.throttling} }`] : []),
    ];
    parts.push(`export const ${symbols.errorBinding.get(s.name)!}: ${errorSchema} = { ${binding.join(", ")} };`);
  }
  return [{ path: MODULES.errors, content: `${banner}\n${imports.render()}\n\n${parts.join("\n\n")}\n` }];
}

export const errors: Plugin = {
  name: "errors",
  emit: (ir, ctx) => emitErrors(ir, ctx.banner),
  exports: (ir) =>
    [ir.names.baseException, ...errorShapes(ir).map((s) => s.typeName)].map((name) => ({
      module: MODULES.errors,
      name,
      typeOnly: false,
    })),
  docsSections(ir, site) {
    const errors = errorShapes(ir);
    if (errors.length === 0) return [];
    const rows = errors.map((s) =>
      row([shapeLink(site, s.name, "index"), String(s.exception!.httpStatusCode ?? "—"), s.exception!.fault, safeInline(summary(s.docs))]),
    );
    return [
      {
        title: "Errors",
        rank: 30,
        under: "Shapes",
        blocks: [table(["Error", "HTTP status", "Fault", "Description"], rows)],
      },
    ];
  },
};
