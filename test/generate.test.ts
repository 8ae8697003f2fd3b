// The default model end to end. `generated/` is the one copy of the expected output: the default
// model is generated in process into a temp folder and compared byte for byte with the committed
// package; output is byte-identical across runs, runtime copies are the hand-written runtime,
// the package compiles under the strictest flags, and `--check` names stale files.
import { describe, expect, it, beforeAll } from "vitest";
import { writeFileSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { GENERATOR_VERSION, generate } from "../generator/generate.js";
import { runtimeBanner } from "../generator/emit/runtime.js";
import { DEFAULT_MODEL, ROOT, readTree, readTreeBytes, runCli, tempDir, treeDifferences, typecheck } from "./helpers.js";

const PKG = "iot-managed-integrations";

describe("generating the default model", () => {
  let out: string;
  let files: Map<string, string>;
  beforeAll(async () => {
    out = tempDir("gen");
    await generate({ model: DEFAULT_MODEL, out });
    files = readTree(path.join(out, PKG));
  });

  it("writes a package: package.json, src/, docs/, README.md", () => {
    const names = [...files.keys()];
    expect(names).toContain("package.json");
    expect(names).toContain("README.md");
    expect(names).toContain("src/index.ts");
    expect(names).toContain("src/operations/list-account-associations.ts");
    expect(names).toContain("src/paginators/list-account-associations.ts");
    expect(names).toContain("docs/operations/ListAccountAssociations.md");
    const pkg = JSON.parse(files.get("package.json")!) as Record<string, unknown>;
    expect(pkg.type).toBe("module");
    expect(pkg.sideEffects).toBe(false);
    const root = (pkg.exports as Record<string, Record<string, Record<string, string>>>)["."]!;
    expect(root.import!.types).toBe("./dist/esm/index.d.ts");
    expect(root.require!.types).toBe("./dist/cjs/index.d.ts");
  });

  it("is byte for byte the committed generated/ package (the one copy of the expected output)", () => {
    const report = treeDifferences(readTreeBytes(path.join(ROOT, "generated", PKG)), readTreeBytes(path.join(out, PKG)), {
      expected: "the committed generated/",
      actual: "a fresh generation of model/",
    });
    // On a difference: run `npm run generate` and review `git diff generated/`.
    expect(report, "generated/ (committed) against a fresh generation of model/").toBe("");
  });

  it("copies the runtime verbatim under a version banner (it is tested in place, so it is not repeated here)", () => {
    const runtime = readTree(path.join(ROOT, "generator", "runtime"));
    const copied = [...files].filter(([rel]) => rel.startsWith("src/runtime/"));
    expect(copied.length).toBeGreaterThan(0);
    for (const [rel, content] of copied) {
      const source = rel.slice("src/runtime/".length);
      expect(runtime.has(source), source).toBe(true);
      expect(content).toBe(`${runtimeBanner(GENERATOR_VERSION, source)}\n${runtime.get(source)}`);
    }
  });

  it("is deterministic: a second run is byte-identical", async () => {
    const again = tempDir("gen2");
    await generate({ model: DEFAULT_MODEL, out: again });
    expect(readTree(path.join(again, PKG))).toEqual(files);
  });

  it("compiles under strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess, verbatimModuleSyntax", () => {
    const r = typecheck(path.join(out, PKG));
    expect(r.output).toBe("");
    expect(r.ok).toBe(true);
  });

  it("types members as the model says", () => {
    const types = files.get("src/types.ts")!;
    expect(types).toMatch(/AccountAssociationId: string;/);
    expect(types).toMatch(/ErrorMessage\?: string \| undefined;/);
    expect(types).toMatch(/export type AssociationState =\s*\|?\s*"ASSOCIATION_IN_PROGRESS"/);
    expect(types).toMatch(/export const AssociationStateValues: readonly AssociationState\[\] = \[/);
    expect(files.get("src/errors.ts")!).toMatch(/export class ValidationException extends IoTManagedIntegrationsServiceException/);
  });

  it("--check passes on fresh output, then names a stale and a missing file and exits 1", async () => {
    const dir = path.join(out, PKG);
    // In process for the clean case (CI's own `npm run generate -- --check` runs it as a process);
    // the CLI for the stale one, its exit code and what it prints.
    const fresh = await generate({ model: DEFAULT_MODEL, out, check: true });
    expect(fresh.packages.map((p) => p.differences)).toEqual([[]]);
    const typesPath = path.join(dir, "src", "types.ts");
    writeFileSync(typesPath, readFileSync(typesPath, "utf8") + "// edited\n");
    rmSync(path.join(dir, "README.md"));
    const r = runCli(["--model", DEFAULT_MODEL, "--out", out, "--check"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${PKG}/src/types.ts (changed)`);
    expect(r.stderr).toContain(`${PKG}/README.md (added)`);
  });

  it("keeps files a user added to the package folder, and removes only files it generated", async () => {
    const dir = tempDir("keep");
    // Without prettier: what is kept or removed does not depend on the files' formatting.
    await generate({ model: DEFAULT_MODEL, out: dir, format: false });
    writeFileSync(path.join(dir, PKG, "NOTES.md"), "mine");
    writeFileSync(path.join(dir, PKG, "src", "operations", "stale-operation.ts"), "// old");
    const manifestPath = path.join(dir, PKG, ".svcgen-manifest.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { files: string[] };
    manifest.files.push("src/operations/stale-operation.ts");
    writeFileSync(manifestPath, JSON.stringify(manifest));
    await generate({ model: DEFAULT_MODEL, out: dir, format: false });
    const tree = readTree(path.join(dir, PKG));
    expect(tree.get("NOTES.md")).toBe("mine");
    expect(tree.has("src/operations/stale-operation.ts")).toBe(false);
  });
});
