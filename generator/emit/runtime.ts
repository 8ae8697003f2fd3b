// The runtime a package carries: only the modules its other files reach through imports. The
// roots are the runtime imports of the emitted files; from there the runtime's own import graph
// is followed, type-only and dynamic imports included (`import("./sigv4a.js")`, the lazily loaded
// node transport), so what is copied always compiles. A json service carries no rest-json
// binding code. Each copy starts with one banner line naming the svcgen version.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MODULES, type PlannedFile } from "./kit/file.js";

export const RUNTIME_DIR = fileURLToPath(new URL("../runtime/", import.meta.url));

/** The line every runtime copy starts with. */
export function runtimeBanner(version: string, rel: string): string {
  return `// svcgen ${version} runtime: copied verbatim from generator/runtime/${rel}; do not edit.`;
}

// `from "./x.js"` (imports and re-exports, type-only included) and `import("./x.js")`.
const SPECIFIER = /\bfrom\s*"(\.{1,2}\/[^"]+)"|\bimport\(\s*"(\.{1,2}\/[^"]+)"\s*\)/g;

/** The relative module specifiers a TypeScript source names. */
export function relativeImports(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((m) => (m[1] ?? m[2])!);
}

/** Every runtime source, by its path under generator/runtime/ ("client/client.ts"). */
export function runtimeSources(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(RUNTIME_DIR, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = dir === "" ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile() && rel.endsWith(".ts") && !rel.endsWith(".test.ts"))
        out.set(rel, readFileSync(path.join(RUNTIME_DIR, rel), "utf8"));
    }
  };
  walk("");
  return out;
}

/** A relative specifier of the file `from` (posix, package- or runtime-relative), as a `.ts` path. */
function resolve(from: string, specifier: string): string {
  return path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier)).replace(/\.js$/, ".ts");
}

/** The runtime's import graph: each module (path under runtime/) to the runtime modules it imports. */
export function runtimeGraph(sources: ReadonlyMap<string, string> = runtimeSources()): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [rel, source] of sources) {
    graph.set(
      rel,
      [...new Set(relativeImports(source).map((s) => resolve(rel, s)))].filter((target) => sources.has(target)),
    );
  }
  return graph;
}

/** The runtime copies for a package whose other files are `files`. */
export function runtimeFiles(files: readonly PlannedFile[], version: string): PlannedFile[] {
  const sources = runtimeSources();
  const graph = runtimeGraph(sources);
  const prefix = MODULES.runtime("x").slice(0, -"x.ts".length);
  const reached = new Set<string>();
  const pending: string[] = [];
  const reach = (rel: string): void => {
    if (reached.has(rel)) return;
    if (!sources.has(rel)) throw new Error(`internal: a generated file imports the runtime module ${rel}, which does not exist`);
    reached.add(rel);
    pending.push(rel);
  };
  for (const file of files) {
    if (!file.path.endsWith(".ts") || file.path.startsWith(prefix)) continue;
    for (const specifier of relativeImports(file.content)) {
      const target = resolve(file.path, specifier);
      if (target.startsWith(prefix)) reach(target.slice(prefix.length));
    }
  }
  while (pending.length > 0) for (const next of graph.get(pending.pop()!)!) reach(next);
  return [...reached].sort().map((rel) => ({ path: prefix + rel, content: `${runtimeBanner(version, rel)}\n${sources.get(rel)!}` }));
}
