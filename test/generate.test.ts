// The default model end to end: every generated file pinned as a readable snapshot, output
// byte-identical across runs, the package compiling under the strictest flags, `--check`.
import { describe, expect, it, beforeAll } from "vitest";
import { writeFileSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { GENERATOR_VERSION, generate } from "../generator/generate.js";
import { runtimeBanner } from "../generator/emit/runtime.js";
import { DEFAULT_MODEL, ROOT, readTree, runCli, tempDir, typecheck } from "./helpers.js";

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
    expect((pkg.exports as Record<string, Record<string, string>>)["."]!.types).toBeDefined();
  });

  it("matches the snapshot of every generated file", async () => {
    for (const [rel, content] of files) {
      if (rel.startsWith("src/runtime/")) continue;
      await expect(content).toMatchFileSnapshot(path.join("__snapshots__", PKG, rel));
    }
  });

  it("copies the runtime verbatim under a version banner (it is tested in place, so it is not snapshotted again)", () => {
    const runtime = readTree(path.join(ROOT, "generator", "runtime"));
    const copied = [...files].filter(([rel]) => rel.startsWith("src/runtime/"));
    expect(copied.length).toBeGreaterThan(0);
    for (const [rel, content] of copied) {
      const source = rel.slice("src/runtime/".length);
      expect(runtime.has(source), source).toBe(true);
      expect(content).toBe(`${runtimeBanner(GENERATOR_VERSION, source)}\n${runtime.get(source)}`);
    }
  });

  it("is the same as the committed generated/ folder", () => {
    const committed = readTree(path.join(ROOT, "generated", PKG));
    expect([...committed.keys()]).toEqual([...files.keys()]);
    for (const [rel, content] of files) expect(committed.get(rel), rel).toBe(content);
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

  it("--check passes on fresh output, then names a stale and a missing file and exits 1", () => {
    const dir = path.join(out, PKG);
    expect(runCli(["--model", DEFAULT_MODEL, "--out", out, "--check"]).status).toBe(0);
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
    await generate({ model: DEFAULT_MODEL, out: dir });
    writeFileSync(path.join(dir, PKG, "NOTES.md"), "mine");
    writeFileSync(path.join(dir, PKG, "src", "operations", "stale-operation.ts"), "// old");
    const manifestPath = path.join(dir, PKG, ".svcgen-manifest.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { files: string[] };
    manifest.files.push("src/operations/stale-operation.ts");
    writeFileSync(manifestPath, JSON.stringify(manifest));
    await generate({ model: DEFAULT_MODEL, out: dir });
    const tree = readTree(path.join(dir, PKG));
    expect(tree.get("NOTES.md")).toBe("mine");
    expect(tree.has("src/operations/stale-operation.ts")).toBe(false);
  });
});
