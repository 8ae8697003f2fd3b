// What every emitter shares: the file it plans, the context it is handed, and the helpers that
// turn IR references into TypeScript type expressions and comments.
import path from "node:path";
import type { ServiceIR, ShapeIR } from "../ir/types.js";

export interface PlannedFile {
  /** Path inside the package, with `/` separators (e.g. `src/types.ts`). */
  readonly path: string;
  readonly content: string;
}

export interface EmitContext {
  /** The generator's version, for banners and the package's user agent. */
  readonly generatorVersion: string;
  /** The banner that starts every generated source file. */
  readonly banner: string;
}

/** One emitter per artifact, all of this signature; `registry.ts` lists them. */
export type Emitter = (ir: ServiceIR, ctx: EmitContext) => PlannedFile[];

/** Modules of the generated package that emitters refer to by symbol. */
export const MODULES = {
  types: "src/types.ts",
  validators: "src/validators.ts",
  errors: "src/errors.ts",
  schemas: "src/schemas.ts",
  service: "src/service.ts",
  client: "src/client.ts",
  endpoints: "src/endpoints.ts",
  aggregate: "src/aggregate.ts",
  index: "src/index.ts",
  operation: (fileName: string) => `src/operations/${fileName}.ts`,
  paginator: (fileName: string) => `src/paginators/${fileName}.ts`,
  /** A runtime module by its path under generator/runtime/, without `.ts`: `client/client`, `protocols/rest-json`. */
  runtime: (path: string) => `src/runtime/${path}.ts`,
} as const;

/**
 * Imports by symbol: an emitter says which name it needs from which package module; the file's
 * import block is rendered once, de-duplicated, sorted, type-only where nothing needs the value,
 * with relative `.js` specifiers.
 */
export class Imports {
  readonly #from: string;
  readonly #modules = new Map<string, Map<string, boolean>>();
  constructor(fromPath: string) {
    this.#from = fromPath;
  }

  /** Records `name` from `modulePath`; returns the name to write. */
  use(name: string, modulePath: string, typeOnly = false): string {
    if (modulePath === this.#from) return name;
    let names = this.#modules.get(modulePath);
    if (!names) this.#modules.set(modulePath, (names = new Map()));
    names.set(name, (names.get(name) ?? true) && typeOnly);
    return name;
  }

  type(name: string, modulePath: string): string {
    return this.use(name, modulePath, true);
  }

  render(): string {
    const lines: string[] = [];
    for (const modulePath of [...this.#modules.keys()].sort()) {
      const names = this.#modules.get(modulePath)!;
      // `npm:<name>` is a package dependency, imported by its bare name.
      let spec = modulePath.startsWith("npm:") ? modulePath.slice(4) : path.posix.relative(path.posix.dirname(this.#from), modulePath).replace(/\.ts$/, ".js");
      if (!spec.startsWith(".") && !modulePath.startsWith("npm:")) spec = "./" + spec;
      const sorted = [...names.keys()].sort();
      if (sorted.every((n) => names.get(n))) {
        lines.push(`import type { ${sorted.join(", ")} } from ${JSON.stringify(spec)};`);
      } else {
        const parts = sorted.map((n) => (names.get(n) ? `type ${n}` : n));
        lines.push(`import { ${parts.join(", ")} } from ${JSON.stringify(spec)};`);
      }
    }
    return lines.join("\n");
  }
}

export function shapeOf(ir: ServiceIR, name: string): ShapeIR {
  const s = ir.shapes.get(name);
  if (!s) throw new Error(`internal: shape ${name} is not in the IR`);
  return s;
}

/** Whether a shape is emitted as a named type (structures, unions, enums). */
export function isNamed(shape: ShapeIR): boolean {
  return shape.kind === "structure" || (shape.kind === "string" && shape.enum !== undefined);
}

/** The TypeScript type for a reference to `name`, recording the imports it needs. */
export function typeRef(ir: ServiceIR, name: string, imports: Imports): string {
  const s = shapeOf(ir, name);
  switch (s.kind) {
    case "structure":
      return s.exception ? imports.type(s.typeName, MODULES.errors) : imports.type(s.typeName, MODULES.types);
    case "list": {
      const inner = typeRef(ir, s.member, imports);
      return /^[\w.]+$/.test(inner) ? `${inner}[]` : `Array<${inner}>`;
    }
    case "map":
      return `Record<string, ${typeRef(ir, s.value, imports)}>`;
    case "string":
      return s.enum ? imports.type(s.typeName, MODULES.types) : "string";
    case "boolean":
      return "boolean";
    case "timestamp":
      return "Date";
    case "blob":
      return "Uint8Array";
    case "document":
      return imports.type("DocumentValue", MODULES.runtime("document"));
    default:
      return "number";
  }
}

/** The inside of a TSDoc comment: Markdown, then tags; `*​/` can never end the comment early. */
export function docText(markdown: string, tags: readonly string[] = []): string {
  const body = [markdown.trim(), tags.join("\n")].filter((t) => t !== "").join("\n\n");
  return body.replace(/\*\//g, "*\\/").replace(/\r\n?/g, "\n");
}

/** A TSDoc block for Markdown text and tags. */
export function docComment(markdown: string, tags: readonly string[] = []): string {
  const safe = docText(markdown, tags);
  if (safe === "") return "";
  return `/**\n${safe
    .split("\n")
    .map((l) => (l === "" ? " *" : ` * ${l}`))
    .join("\n")}\n */\n`;
}

/**
 * A raw model string (a service name, a version) as Markdown text for comments and pages: one
 * line, every character Markdown, HTML or TSDoc could read as markup escaped.
 */
export function markdownText(raw: string): string {
  return raw
    .replace(/[\r\n\t\f\v\u2028\u2029]+/g, " ")
    .replace(/[\\`*_[\]>|#~&$@]/g, "\\$&")
    .replace(/</g, "&lt;");
}

/** A string literal for generated source: always valid, whatever the model says. */
export function literal(value: string): string {
  return JSON.stringify(value).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}
