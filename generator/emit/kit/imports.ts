// Imports by symbol: an emitter says which name it needs from which package module; the file's
// import block is rendered once, de-duplicated, sorted, type-only where nothing needs the value,
// with relative `.js` specifiers. A runtime name is checked against the runtime's real exports,
// and aliased (`invoke as invoke$`) when a generated identifier of the package has its name, so
// model names never have to avoid the runtime's.
import path from "node:path";
import { MODULES } from "./file.js";
import { assertRuntimeExport } from "./runtime-exports.js";

const RUNTIME_PREFIX = MODULES.runtime("x").slice(0, -"x.ts".length);

interface Imported {
  readonly local: string;
  typeOnly: boolean;
}

export class Imports {
  readonly #from: string;
  readonly #taken: ReadonlySet<string>;
  /** Module → imported name → how it is bound here. */
  readonly #modules = new Map<string, Map<string, Imported>>();
  readonly #locals = new Set<string>();

  /** `taken`: the identifiers the package's own code declares, which runtime imports must not shadow. */
  constructor(fromPath: string, taken: ReadonlySet<string> = new Set()) {
    this.#from = fromPath;
    this.#taken = taken;
  }

  /** Records `name` from `modulePath`; returns the name to write in the file. */
  use(name: string, modulePath: string, typeOnly = false): string {
    if (modulePath === this.#from) return name;
    let names = this.#modules.get(modulePath);
    if (!names) this.#modules.set(modulePath, (names = new Map()));
    const hit = names.get(name);
    if (hit) {
      hit.typeOnly &&= typeOnly;
      return hit.local;
    }
    let local = name;
    if (modulePath.startsWith(RUNTIME_PREFIX)) {
      assertRuntimeExport(modulePath.slice(RUNTIME_PREFIX.length, -".ts".length), name);
      if (this.#taken.has(name) || this.#locals.has(name)) {
        local = `${name}$`;
        for (let n = 2; this.#taken.has(local) || this.#locals.has(local); n++) local = `${name}$${n}`;
      }
    }
    this.#locals.add(local);
    names.set(name, { local, typeOnly });
    return local;
  }

  type(name: string, modulePath: string): string {
    return this.use(name, modulePath, true);
  }

  render(): string {
    const lines: string[] = [];
    for (const modulePath of [...this.#modules.keys()].sort()) {
      const names = this.#modules.get(modulePath)!;
      // `npm:<name>` is a package dependency, imported by its bare name.
      let spec = modulePath.startsWith("npm:")
        ? modulePath.slice(4)
        : path.posix.relative(path.posix.dirname(this.#from), modulePath).replace(/\.ts$/, ".js");
      if (!spec.startsWith(".") && !modulePath.startsWith("npm:")) spec = "./" + spec;
      const sorted = [...names.keys()].sort();
      const binding = (n: string) => (names.get(n)!.local === n ? n : `${n} as ${names.get(n)!.local}`);
      if (sorted.every((n) => names.get(n)!.typeOnly)) {
        lines.push(`import type { ${sorted.map(binding).join(", ")} } from ${JSON.stringify(spec)};`);
      } else {
        const parts = sorted.map((n) => (names.get(n)!.typeOnly ? `type ${binding(n)}` : binding(n)));
        lines.push(`import { ${parts.join(", ")} } from ${JSON.stringify(spec)};`);
      }
    }
    return lines.join("\n");
  }
}
