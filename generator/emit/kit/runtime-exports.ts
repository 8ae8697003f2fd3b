// The runtime's real exports, read from its sources: the one list of runtime names a generated
// file may import. Read once per process, so a name that moves or is renamed in the runtime is
// an error at generation time, not a broken package.
import { runtimeSources } from "../runtime.js";

const DECLARATION =
  /^export\s+(?:declare\s+)?(?:default\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|class|const|let|var|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm;
const LIST = /^export\s+(?:type\s+)?\{([^}]*)\}(?:\s*from\s*"([^"]+)")?/gm;
const STAR = /^export\s+\*\s+from\s*"([^"]+)"/gm;

let cache: Map<string, ReadonlySet<string>> | undefined;

/** Module path under runtime/ without `.ts` (`client/client`) → the names it exports. */
export function runtimeExports(): ReadonlyMap<string, ReadonlySet<string>> {
  if (cache) return cache;
  const sources = runtimeSources();
  const own = new Map<string, { names: Set<string>; stars: string[] }>();
  for (const [rel, source] of sources) {
    const names = new Set<string>();
    for (const m of source.matchAll(DECLARATION)) names.add(m[1]!);
    for (const m of source.matchAll(LIST)) {
      for (const part of m[1]!.split(",")) {
        const spec = part.replace(/^\s*type\s+/, "").trim();
        if (spec === "") continue;
        const as = /\bas\s+([A-Za-z_$][\w$]*)$/.exec(spec);
        names.add(as ? as[1]! : spec);
      }
    }
    const stars = [...source.matchAll(STAR)].map((m) => m[1]!);
    own.set(rel.replace(/\.ts$/, ""), { names, stars });
  }
  const resolved = new Map<string, ReadonlySet<string>>();
  const resolve = (module: string, seen: Set<string>): Set<string> => {
    const entry = own.get(module);
    if (!entry || seen.has(module)) return new Set();
    seen.add(module);
    const names = new Set(entry.names);
    const dir = module.includes("/") ? module.slice(0, module.lastIndexOf("/") + 1) : "";
    for (const star of entry.stars) {
      const target = (dir + star).replace(/^(?:\.\/)+/, "").replace(/\.js$/, "");
      for (const n of resolve(normalize(target), seen)) names.add(n);
    }
    return names;
  };
  for (const module of own.keys()) resolved.set(module, resolve(module, new Set()));
  return (cache = resolved);
}

function normalize(p: string): string {
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "." || part === "") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}

/** Fails generation when the runtime module does not export `name`. */
export function assertRuntimeExport(module: string, name: string): void {
  const names = runtimeExports().get(module);
  if (!names) throw new Error(`internal: a generated file imports the runtime module ${module}, which does not exist`);
  if (!names.has(name))
    throw new Error(`internal: a generated file imports ${name} from the runtime module ${module}, which does not export it`);
}
