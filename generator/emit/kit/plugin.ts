// The registry's type: what an artifact contributes to a package. Each artifact is one folder
// under emit/ exporting one Plugin; emit/registry.ts lists them. Files that gather every
// artifact's part (the package index, the aggregated client, the docs index) are assembled from
// the contributions, so no artifact imports another.
import type { ServiceIR } from "../../ir/types.js";
import type { DocsSite } from "./docs-site.js";
import type { EmitContext, PlannedFile } from "./file.js";
import type { Imports } from "./imports.js";

/** One name the package index exports. */
export interface IndexEntry {
  /** The package module that declares it (MODULES.*). */
  readonly module: string;
  readonly name: string;
  readonly typeOnly: boolean;
}

/** A `##` section of docs/index.md; `under` puts it as a `###` section inside another's. */
export interface DocsSection {
  readonly title: string;
  /** Sections are ordered by rank, then registry order. */
  readonly rank: number;
  readonly under?: string;
  readonly blocks: readonly string[];
}

/** A method of the aggregated client; methods are ordered by operation name, then registry order. */
export interface AggregateMethod {
  readonly operation: string;
  readonly source: string;
}

/** Everything the registry's plugins contribute, handed to the plugins that assemble it. */
export interface Contributions {
  readonly exports: readonly IndexEntry[];
  /** Method source texts for the aggregated client, each recording its imports in the aggregate file's Imports. */
  readonly aggregateMethods: (imports: Imports) => AggregateMethod[];
  readonly docsSections: (site: DocsSite) => DocsSection[];
}

export interface Plugin {
  readonly name: string;
  emit(ir: ServiceIR, ctx: EmitContext & { readonly contributions: Contributions }): PlannedFile[];
  /** Names this artifact adds to src/index.ts. */
  exports?(ir: ServiceIR): IndexEntry[];
  /** Methods this artifact adds to the aggregated client (written into src/aggregate.ts). */
  aggregateMethods?(ir: ServiceIR, imports: Imports): AggregateMethod[];
  /** Sections this artifact adds to docs/index.md. */
  docsSections?(ir: ServiceIR, site: DocsSite): DocsSection[];
}

/** The contributions of `plugins` for one IR. */
export function collectContributions(ir: ServiceIR, plugins: readonly Plugin[]): Contributions {
  return {
    exports: plugins.flatMap((p) => p.exports?.(ir) ?? []),
    aggregateMethods: (imports) => {
      const methods = plugins.flatMap((p) => p.aggregateMethods?.(ir, imports) ?? []);
      // Stable: an operation's own method first, then what later plugins add for it.
      return methods.sort((a, b) => (a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0));
    },
    docsSections: (site) => plugins.flatMap((p) => p.docsSections?.(ir, site) ?? []),
  };
}
