// Builds the installable svcgen into dist/, a small copy of this repo's root that runs on plain
// Node: dist/generator/**.js (tsc), the runtime .ts sources that are copied into generated
// packages, generator/data (partitions.json with its notice), the embedded model, and a
// package.json the code reads its version and re2js range from. Paths the code resolves
// relative to itself (../package.json, ../runtime/, ../../data/) hold the same in dist/.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
rmSync(dist, { recursive: true, force: true });
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
execFileSync(process.execPath, [tsc, "-p", path.join(root, "generator", "tsconfig.build.json")], {
  stdio: "inherit",
  cwd: root,
});
const runtimeSources = (src) => !src.endsWith(".test.ts");
cpSync(path.join(root, "generator", "runtime"), path.join(dist, "generator", "runtime"), {
  recursive: true,
  filter: runtimeSources,
});
cpSync(path.join(root, "generator", "data"), path.join(dist, "generator", "data"), { recursive: true });
cpSync(path.join(root, "model"), path.join(dist, "model"), { recursive: true });
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const inner = { name: pkg.name, version: pkg.version, private: true, type: "module", dependencies: pkg.dependencies };
mkdirSync(dist, { recursive: true });
writeFileSync(path.join(dist, "package.json"), JSON.stringify(inner, null, 2) + "\n");
console.log(`svcgen ${pkg.version} built into dist/`);
