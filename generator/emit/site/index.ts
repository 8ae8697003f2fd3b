// docs/site/: a static HTML reference for the package, beside the Markdown docs and built from the
// same IR: index.html (the service, its operations with one-line summaries, waiters), usage and
// client configuration pages, shapes.html, one page per operation and per named shape, one
// stylesheet and one script under assets/, and search-index.js, loaded on first search. Links
// are relative and nothing is fetched, so it works from file:// and any static host. Model text
// is escaped; model documentation HTML goes through sanitize-html (sanitize.ts). String building
// only, so the SageMaker site takes a few seconds at most.
import type { ScalarIR, StructureIR } from "../../ir/types.js";
import { computeUsage } from "../docs/usage.js";
import type { PlannedFile } from "../kit/file.js";
import { literal } from "../kit/file.js";
import type { Plugin } from "../kit/plugin.js";
import { isNamed } from "../kit/shapes.js";
import { configurationPage, indexPage, shapesIndexPage, usagePage } from "./guide-pages.js";
import { htmlFile } from "./html.js";
import { sidebar } from "./layout.js";
import { operationPage } from "./operation-page.js";
import { SITE_JS } from "./script.js";
import { shapeKind, shapePage } from "./shape-page.js";
import type { Site } from "./site.js";
import { SITE_CSS } from "./style.js";

export const SITE_DIR = "docs/site";

/** search-index.js: `[name, kind, path from the site root]` for every operation and named shape. */
function searchIndex(site: Site, named: ReadonlyArray<StructureIR | ScalarIR>): string {
  const rows: string[] = [];
  for (const op of site.ir.operations) rows.push(`[${literal(op.name)},"operation",${literal(`operations/${site.opFile.get(op.name)!}`)}]`);
  for (const s of named)
    rows.push(`[${literal(s.name)},${literal(shapeKind(s).toLowerCase())},${literal(`shapes/${site.shapeFile.get(s.name)!}`)}]`);
  // literal() leaves "<" as is; in a .js file loaded by src it cannot end a script element.
  return `window.svcgenSearchIndex = [\n${rows.join(",\n")}\n];\n`;
}

export const site: Plugin = {
  name: "site",
  emit(ir) {
    const named = [...ir.shapes.values()].filter(
      (s): s is StructureIR | ScalarIR => isNamed(s) && (s.kind === "structure" || s.kind === "string"),
    );
    const ctx: Site = {
      ir,
      opFile: new Map(ir.operations.map((op) => [op.name, htmlFile(op.docFile)])),
      shapeFile: new Map(named.map((s) => [s.name, htmlFile(s.docFile!)])),
      topLevel: new Set(ir.operations.flatMap((op) => [op.input, op.output].filter((n): n is string => n !== undefined))),
      usage: computeUsage(ir),
    };
    const rootNav = sidebar(ctx, "root");
    const opNav = sidebar(ctx, "operations");
    const shapeNav = sidebar(ctx, "shapes");
    const files: PlannedFile[] = [
      { path: `${SITE_DIR}/index.html`, content: indexPage(ctx, rootNav) },
      { path: `${SITE_DIR}/usage.html`, content: usagePage(ctx, rootNav) },
      { path: `${SITE_DIR}/configuration.html`, content: configurationPage(ctx, rootNav) },
      { path: `${SITE_DIR}/shapes.html`, content: shapesIndexPage(ctx, rootNav, named) },
      { path: `${SITE_DIR}/assets/site.css`, content: SITE_CSS },
      { path: `${SITE_DIR}/assets/site.js`, content: SITE_JS },
      { path: `${SITE_DIR}/search-index.js`, content: searchIndex(ctx, named) },
    ];
    for (const op of ir.operations)
      files.push({ path: `${SITE_DIR}/operations/${ctx.opFile.get(op.name)!}`, content: operationPage(ctx, opNav, op) });
    for (const s of named) files.push({ path: `${SITE_DIR}/shapes/${ctx.shapeFile.get(s.name)!}`, content: shapePage(ctx, shapeNav, s) });
    return files;
  },
};
