// The CLI as people use it, in process (no spawn, no prettier unless a case needs it): argument
// errors exit 2, package options merge flags over config files, botocore version folders pick the
// newest, a lone service-2.json brings its siblings, every finding of a run is reported once,
// and --check prints a unified diff.
import path from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main, parseArgs, version, type Args, type Io } from "../generator/cli.js";
import { ConfigError, folderOf, mergePackageOptions, readConfig } from "../generator/config.js";
import { generate } from "../generator/generate.js";
import { loadModels, loadModelsCollecting } from "../generator/load/index.js";
import { checkModel } from "../generator/check/index.js";
import { diffLines, unifiedDiff } from "../generator/write.js";
import { tempDir, tinyModel, writeModel } from "./helpers.js";

function io(cwd: string): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { out: (l) => void stdout.push(l), err: (l) => void stderr.push(l), cwd, stdout, stderr };
}

const withUid = (uid: string, apiVersion = "2024-01-01") => {
  const m = tinyModel();
  return { ...m, metadata: { ...m.metadata, uid, apiVersion } };
};

describe("arguments", () => {
  it.each([
    [["--bogus"], /unknown argument --bogus/],
    [["generate", "--model"], /--model needs a value/],
    [["generate", "--out", "--check"], /--out needs a value/],
    [["--out="], /--out needs a value/],
    [["frobnicate"], /unknown command frobnicate/],
    [["generate", "--package-name", "Not A Name"], /not a valid npm name/],
    [["generate", "--package-version", "1.2"], /not a semantic version/],
    [["generate", "--model", "definitely/not/here"], /--model definitely\/not\/here: no such file or folder/],
  ])("%j is a usage error: exit 2 with the usage", async (argv, message) => {
    const out = io(process.cwd());
    expect(await main(argv, out)).toBe(2);
    const text = out.stderr.join("\n");
    expect(text).toMatch(message);
    expect(text).toContain("usage: svcgen generate [options]");
  });

  it("--help and --version print and exit 0, with or without the command", async () => {
    for (const argv of [["--help"], ["generate", "--help"], ["help"], ["-h"]]) {
      const out = io(process.cwd());
      expect(await main(argv, out)).toBe(0);
      expect(out.stdout.join("\n")).toContain("--package-name NAME");
    }
    const out = io(process.cwd());
    expect(await main(["--version"], out)).toBe(0);
    expect(out.stdout).toEqual([version()]);
    expect(version()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("parses every option, in both spellings; the command is optional", () => {
    const dir = writeModel({ "tiny/service.json": tinyModel() });
    const a = parseArgs([
      "generate",
      `--model=${dir}`,
      "--out",
      "o",
      "--check",
      "--no-format",
      "--quiet",
      "--all-versions",
      "--package-name",
      "@acme/iot",
      "--package-version=1.2.3",
      "--license",
      "MIT",
      "--repository",
      "https://x.test/r",
      "--author=Ann",
    ]) as Args;
    expect(a).toMatchObject({
      command: "generate",
      model: dir,
      out: "o",
      check: true,
      format: false,
      quiet: true,
      allVersions: true,
    });
    expect(a.packageOptions).toEqual({
      packageName: "@acme/iot",
      packageVersion: "1.2.3",
      license: "MIT",
      repository: "https://x.test/r",
      author: "Ann",
    });
    expect((parseArgs(["--check"]) as Args).command).toBe("generate");
    expect((parseArgs([]) as Args).model).toBeUndefined();
  });
});

describe("package options", () => {
  it("merge key by key, later layers winning; the folder is the unscoped name", () => {
    expect(mergePackageOptions({ packageName: "a", license: "MIT" }, { packageName: "b" }, { author: "x" }, undefined)).toEqual({
      packageName: "b",
      license: "MIT",
      author: "x",
    });
    expect(folderOf("@acme/iot")).toBe("iot");
    expect(folderOf("iot")).toBe("iot");
  });

  it("svcgen.config.json is read, checked and rejects unknown keys", () => {
    const dir = writeModel({ "svcgen.config.json": { packageName: "@acme/x", license: "MIT" } });
    expect(readConfig(dir)).toEqual({ packageName: "@acme/x", license: "MIT" });
    expect(readConfig(path.join(dir, "nope"))).toBeUndefined();
    const bad = writeModel({ "svcgen.config.json": { packageNmae: "x" } });
    expect(() => readConfig(bad)).toThrow(ConfigError);
    expect(() => readConfig(bad)).toThrow(/unknown key "packageNmae"/);
    const badVersion = writeModel({ "svcgen.config.json": { packageVersion: "one" } });
    expect(() => readConfig(badVersion)).toThrow(/not a semantic version/);
  });

  it("flags win over the config beside the model, which wins over the one in the current folder", async () => {
    const cwd = writeModel({
      "svcgen.config.json": { packageName: "@cwd/name", license: "MIT", author: "Cwd" },
      "models/tiny/service.json": tinyModel(),
      "models/tiny/svcgen.config.json": { packageName: "@beside/tiny", packageVersion: "2.0.0", author: "Beside" },
    });
    const out = path.join(cwd, "gen");
    const result = await generate({
      model: path.join(cwd, "models", "tiny"),
      out,
      format: false,
      configDir: cwd,
      packageOptions: { packageVersion: "3.1.4" },
    });
    const [pkg] = result.packages;
    expect(pkg!.packageOptions).toEqual({
      packageName: "@beside/tiny",
      packageVersion: "3.1.4",
      license: "MIT",
      author: "Beside",
      folder: "tiny",
    });
    expect(pkg!.folder).toBe("tiny");
    const written = JSON.parse(readFileSync(path.join(out, "tiny", "package.json"), "utf8")) as { name: string };
    expect(written.name).toBe("@beside/tiny");
  });

  it("a bad config file is a usage error (exit 2)", async () => {
    const cwd = writeModel({ "svcgen.config.json": "{ nope", "tiny/service.json": tinyModel() });
    const out = io(cwd);
    expect(await main(["generate", "--model", "tiny", "--out", "gen", "--no-format", "--quiet"], out)).toBe(2);
    expect(out.stderr.join("\n")).toMatch(/svcgen\.config\.json: not valid JSON/);
  });
});

describe("botocore folders", () => {
  it("a <service>/<version>/ folder gives the newest version, or every one with allVersions", async () => {
    const dir = writeModel({
      "svc/2019-01-01/service-2.json": withUid("svc-2019-01-01", "2019-01-01"),
      "svc/2024-06-30/service-2.json": withUid("svc-2024-06-30", "2024-06-30"),
      "svc/2021-05-05/service-2.json": withUid("svc-2021-05-05", "2021-05-05"),
    });
    const newest = await loadModels(path.join(dir, "svc"));
    expect(newest.map((m) => (m.document.metadata as { apiVersion: string }).apiVersion)).toEqual(["2024-06-30"]);
    // A folder of service folders: the newest of each.
    expect((await loadModels(dir)).map((m) => (m.document.metadata as { apiVersion: string }).apiVersion)).toEqual(["2024-06-30"]);
    const all = await loadModels(path.join(dir, "svc"), { allVersions: true });
    expect(all.map((m) => m.folderName)).toEqual(["svc-2024-06-30", "svc-2021-05-05", "svc-2019-01-01"]);
  });

  it("a lone service-2.json picks up its paginators, waiters and endpoint rules", async () => {
    const dir = writeModel({
      "v/service-2.json": tinyModel(),
      "v/paginators-1.json": { pagination: {} },
      "v/waiters-2.json": { version: 2, waiters: {} },
      "v/endpoint-rule-set-1.json": { version: "1.0", parameters: {}, rules: [] },
      "v/endpoint-tests-1.json": { testCases: [], version: "1.0" },
    });
    const [m] = await loadModels(path.join(dir, "v", "service-2.json"));
    expect(m!.files).toEqual([
      "endpoint-rule-set-1.json",
      "endpoint-tests-1.json",
      "paginators-1.json",
      "service-2.json",
      "waiters-2.json",
    ]);
    expect(Object.keys(m!.document)).toEqual(expect.arrayContaining(["pagination", "waiters", "endpointRuleSet", "endpointTests"]));
  });
});

describe("model errors", () => {
  it("an unknown HTTP method is a finding with file and pointer", async () => {
    const m = tinyModel();
    (m.operations.GetThing as { http: { method: string } }).http.method = "FETCH";
    const [model] = await loadModels(writeModel({ "service.json": m }));
    expect(checkModel(model!)).toEqual([
      {
        file: "service.json",
        pointer: "/operations/GetThing/http/method",
        message: expect.stringMatching(/HTTP method "FETCH" is not one a client can send/),
      },
    ]);
  });

  it("reports the findings of every model and every phase in one run, each once", async () => {
    const broken = tinyModel();
    (broken.operations.GetThing as { http: { method: string } }).http.method = "FETCH";
    const dir = writeModel({
      "a/service.json": "{ not json",
      "b/service.json": broken,
      "c/service.json": tinyModel(),
      "C/service.json": tinyModel(),
    });
    expect((await loadModelsCollecting(dir)).findings).toHaveLength(1);
    const out = io(dir);
    expect(await main(["--model", ".", "--out", "gen", "--no-format"], out)).toBe(1);
    const errors = out.stderr.filter((l) => l.startsWith("error: "));
    expect(errors.some((l) => l.includes("service.json#"))).toBe(true);
    expect(errors.some((l) => l.includes("/operations/GetThing/http/method"))).toBe(true);
    expect(errors.some((l) => l.includes("two models would both be written to c/"))).toBe(true);
    expect(new Set(errors).size).toBe(errors.length);
    expect(out.stderr.at(-1)).toBe(`svcgen: the model has ${errors.length} error(s); nothing was written`);
  });
});

describe("--check", () => {
  it("diffLines and unifiedDiff give diff -u hunks", () => {
    expect(diffLines(["a", "b", "c"], ["a", "x", "c"])).toEqual([
      [" ", "a"],
      ["-", "b"],
      ["+", "x"],
      [" ", "c"],
    ]);
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    const after = before.replace("line 10\n", "line ten\n").replace("line 20\n", "line 20\nline 21\n");
    expect(unifiedDiff("p/f.ts", before, after)).toBe(
      [
        "--- a/p/f.ts",
        "+++ b/p/f.ts",
        "@@ -7,7 +7,7 @@",
        " line 7",
        " line 8",
        " line 9",
        "-line 10",
        "+line ten",
        " line 11",
        " line 12",
        " line 13",
        "@@ -18,3 +18,4 @@",
        " line 18",
        " line 19",
        " line 20",
        "+line 21",
        "",
      ].join("\n"),
    );
    expect(unifiedDiff("f", undefined, "a\nb\n")).toBe("--- /dev/null\n+++ b/f\n@@ -0,0 +1,2 @@\n+a\n+b\n");
    expect(unifiedDiff("f", "a\n", undefined)).toBe("--- a/f\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-a\n");
    expect(unifiedDiff("f", "same", "same")).toBe("");
  });

  it("prints a unified diff of a stale file and exits 1; agrees with --no-format on a clean tree", async () => {
    const cwd = writeModel({ "tiny/service.json": tinyModel() });
    expect(await main(["generate", "--model", "tiny", "--out", "gen", "--quiet"], io(cwd))).toBe(0);
    const clean = io(cwd);
    expect(await main(["generate", "--model", "tiny", "--out", "gen", "--check", "--no-format"], clean)).toBe(0);
    expect(clean.stdout.join("\n")).toMatch(/1 package\(s\) up to date/);
    const file = path.join(cwd, "gen", "tiny", "package.json");
    writeFileSync(file, readFileSync(file, "utf8").replace('"version": "0.0.0"', '"version": "9.9.9"'));
    const stale = io(cwd);
    expect(await main(["generate", "--model", "tiny", "--out", "gen", "--check"], stale)).toBe(1);
    expect(stale.stderr).toContain("stale: gen/tiny/package.json (changed)");
    const diff = stale.stdout.join("\n");
    expect(diff).toContain("--- a/tiny/package.json\n+++ b/tiny/package.json\n@@ ");
    expect(diff).toContain('-  "version": "9.9.9",\n+  "version": "0.0.0",');
  });

  it("writes relative to the current folder given to it", async () => {
    const cwd = tempDir("cwd");
    writeFileSync(path.join(cwd, "service.json"), JSON.stringify(tinyModel()));
    const out = io(cwd);
    expect(
      await main(["generate", "--model", "service.json", "--out", "here", "--no-format", "--package-name", "@acme/tiny-pkg"], out),
    ).toBe(0);
    expect(JSON.parse(readFileSync(path.join(cwd, "here", "tiny-pkg", "package.json"), "utf8")).name).toBe("@acme/tiny-pkg");
    expect(out.stdout.at(-1)).toMatch(/^svcgen: 1 package\(s\), \d+ files, \d+ written or removed, in \d+ ms/);
  });
});

describe("the installable package (npm run test:install packs and installs it)", () => {
  it("declares a bin built from cli.ts, ships dist/, and needs no tsx at run time", () => {
    const root = path.resolve(import.meta.dirname, "..");
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as Record<string, unknown> & {
      bin: Record<string, string>;
      files: string[];
      dependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    expect(pkg.private).toBeUndefined();
    expect(pkg.bin).toEqual({ svcgen: "dist/generator/cli.js" });
    expect(pkg.files).toContain("dist/");
    expect(pkg).toHaveProperty("license");
    expect(pkg).toHaveProperty("engines.node");
    expect(pkg.scripts.prepack).toBeDefined();
    expect(pkg.dependencies).not.toHaveProperty("tsx");
    for (const used of ["prettier", "yaml", "@apidevtools/json-schema-ref-parser", "re2js"]) expect(pkg.dependencies).toHaveProperty(used);
    // The generator prints every file as text; only the tests use ts-morph.
    expect(pkg.dependencies).not.toHaveProperty("ts-morph");
    expect(readFileSync(path.join(root, "generator", "cli.ts"), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });
});
