// src/errors.ts: the service's base exception and a class per error shape, plus the bindings
// (code, schema, class) the runtime uses to turn an error response into an instance.
import type { ServiceIR, StructureIR } from "../ir/types.js";
import { propertyKey } from "../naming.js";
import { Imports, MODULES, docComment, literal, markdownText, typeRef, type Emitter } from "./context.js";
import { memberTags } from "./types.js";
import { internalSymbols } from "./symbols.js";

/** Error members that `Error` or ServiceException already define, or that it never sets, are not declared. */
const INHERITED = new Set(["message", "name", "stack", "cause", "$fault", "$metadata", "$response", "constructor", "__proto__", "prototype"]);

export function errorShapes(ir: ServiceIR): StructureIR[] {
  return [...ir.shapes.values()].filter((s): s is StructureIR => s.kind === "structure" && s.exception !== undefined);
}

export const emitErrors: Emitter = (ir, ctx) => {
  const imports = new Imports(MODULES.errors);
  const symbols = internalSymbols(ir);
  const base = ir.names.baseException;
  imports.use("ServiceException", MODULES.runtime("errors"));
  imports.type("ExceptionInit", MODULES.runtime("errors"));
  const parts: string[] = [
    `${docComment(`Base of every error ${markdownText(ir.fullName)} sends back. Codes the model does not know arrive as this class, named after the code.`)}export class ${base} extends ServiceException {
  constructor(init: ExceptionInit) {
    super({ ...init, name: init.name ?? ${literal(base)} });
  }
}`,
  ];
  const errors = errorShapes(ir);
  if (errors.length > 0) imports.type("ErrorSchema", MODULES.runtime("schema"));
  for (const s of errors) {
    const e = s.exception!;
    const fields = s.members
      .filter((m) => !INHERITED.has(m.name))
      .map((m) => `${docComment(m.docs, memberTags(m))}declare readonly ${propertyKey(m.name)}?: ${typeRef(ir, m.target, imports)} | undefined;`);
    const status = e.httpStatusCode !== undefined ? `HTTP ${e.httpStatusCode}, ` : "";
    parts.push(`${docComment(s.docs, [`${status}${e.fault} fault.`, ...(s.deprecated ? ["@deprecated"] : [])])}export class ${s.typeName} extends ${base} {
${fields.join("\n")}
  constructor(init: ExceptionInit) {
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
    parts.push(`export const ${symbols.errorBinding.get(s.name)!}: ErrorSchema = { ${binding.join(", ")} };`);
  }
  return [{ path: MODULES.errors, content: `${ctx.banner}\n${imports.render()}\n\n${parts.join("\n\n")}\n` }];
};
