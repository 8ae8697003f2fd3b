// What every artifact shares: the file it plans, the context it is handed, the package's module
// paths, and the helpers that write comments and literals into generated source.
import type { ServiceIR } from "../../ir/types.js";

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
  presign: "src/presign.ts",
  index: "src/index.ts",
  operation: (fileName: string) => `src/operations/${fileName}.ts`,
  paginator: (fileName: string) => `src/paginators/${fileName}.ts`,
  /** A runtime module by its path under generator/runtime/, without `.ts`: `client/client`, `protocols/rest-json`. */
  runtime: (path: string) => `src/runtime/${path}.ts`,
} as const;

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

/** A string literal for generated source: always valid, whatever the model says. */
export function literal(value: string): string {
  return JSON.stringify(value)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
