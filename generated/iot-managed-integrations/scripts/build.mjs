// Builds dist/esm (ES modules) and dist/cjs (CommonJS), each with its .d.ts files. Run by
// `npm run build` and by `npm pack` (prepack), so a packed tarball always holds both.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

// The compiler's bin, from its package.json (the package exports no bin path).
const tsPackage = createRequire(import.meta.url).resolve("typescript/package.json");
const tsc = join(dirname(tsPackage), JSON.parse(readFileSync(tsPackage, "utf8")).bin.tsc);
rmSync("dist", { recursive: true, force: true });
for (const project of ["tsconfig.json", "tsconfig.cjs.json"]) {
  execFileSync(process.execPath, [tsc, "-p", project], { stdio: "inherit" });
}
mkdirSync("dist/cjs", { recursive: true });
writeFileSync("dist/cjs/package.json", JSON.stringify({ type: "commonjs" }) + "\n");
