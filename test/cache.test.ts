// The regeneration cache (generator/cache.ts): an unchanged run touches nothing; any change to the
// model, the options, the shared config or the output itself regenerates; --check and --no-cache
// never trust it. In process, without prettier, on the tiny model.
import path from "node:path";
import { readFileSync, readdirSync, statSync, utimesSync, writeFileSync, rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main, type Io } from "../generator/cli.js";
import { CACHE_DIR, cacheKey, writeStamp } from "../generator/cache.js";
import { MANIFEST } from "../generator/write.js";
import { tinyModel, writeModel } from "./helpers.js";

function io(cwd: string): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { out: (l) => void stdout.push(l), err: (l) => void stderr.push(l), cwd, stdout, stderr };
}

const GEN = ["generate", "--model", "tiny", "--out", "gen", "--no-format"];

/** Every file under dir with its modification time, after setting them all to the epoch. */
function ageTree(dir: string): Map<string, number> {
  const times = new Map<string, number>();
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      const abs = path.join(dir, r);
      if (statSync(abs).isDirectory()) walk(r);
      else {
        utimesSync(abs, 0, 0);
        times.set(r, statSync(abs).mtimeMs);
      }
    }
  };
  walk("");
  return times;
}

const mtimes = (dir: string, files: Iterable<string>) => new Map([...files].map((f) => [f, statSync(path.join(dir, f)).mtimeMs]));

describe("regeneration cache", () => {
  it("an unchanged model does not rewrite a file; a changed one regenerates", async () => {
    const cwd = writeModel({ "tiny/service.json": tinyModel() });
    const pkg = path.join(cwd, "gen", "tiny");
    const first = io(cwd);
    expect(await main(GEN, first)).toBe(0);
    expect(first.stdout.at(-1)).toMatch(/written or removed/);
    expect(readdirSync(path.join(cwd, "gen", CACHE_DIR))).toHaveLength(1);

    const before = ageTree(pkg);
    const again = io(cwd);
    expect(await main(GEN, again)).toBe(0);
    expect(again.stdout.at(-1)).toMatch(/^svcgen: 1 package\(s\) unchanged since the last run/);
    expect(mtimes(pkg, before.keys())).toEqual(before);

    // The model changes: a new documentation string reaches the generated types.
    const model = tinyModel();
    const shapes = model.shapes as Record<string, Record<string, unknown>>;
    const first_ = Object.keys(shapes).sort()[0]!;
    shapes[first_] = { ...shapes[first_], documentation: "<p>Changed by the cache test.</p>" };
    writeFileSync(path.join(cwd, "tiny", "service.json"), JSON.stringify(model));
    const changed = io(cwd);
    expect(await main(GEN, changed)).toBe(0);
    expect(changed.stdout.at(-1)).toMatch(/[1-9]\d* written or removed/);
    expect(readFileSync(path.join(pkg, "src", "types.ts"), "utf8")).toContain("Changed by the cache test.");
  });

  it("a hand edit or a deleted output file regenerates it", async () => {
    const cwd = writeModel({ "tiny/service.json": tinyModel() });
    const pkg = path.join(cwd, "gen", "tiny");
    expect(await main(GEN, io(cwd))).toBe(0);
    const types = path.join(pkg, "src", "types.ts");
    const original = readFileSync(types, "utf8");
    writeFileSync(types, original + "// edited\n");
    const edited = io(cwd);
    expect(await main(GEN, edited)).toBe(0);
    expect(edited.stdout).toContain("  changed: src/types.ts");
    expect(readFileSync(types, "utf8")).toBe(original);
    rmSync(path.join(pkg, "package.json"));
    const deleted = io(cwd);
    expect(await main(GEN, deleted)).toBe(0);
    expect(deleted.stdout).toContain("  added: package.json");
  });

  it("options, the shared config and --no-cache each bypass a stamp that does not fit them", async () => {
    const cwd = writeModel({ "tiny/service.json": tinyModel() });
    expect(await main(GEN, io(cwd))).toBe(0);
    const named = io(cwd);
    expect(await main([...GEN, "--package-version", "1.2.3"], named)).toBe(0);
    expect(named.stdout).toContain("  changed: package.json");

    writeFileSync(path.join(cwd, "svcgen.config.json"), JSON.stringify({ license: "MIT" }));
    const configured = io(cwd);
    expect(await main([...GEN, "--package-version", "1.2.3"], configured)).toBe(0);
    expect(JSON.parse(readFileSync(path.join(cwd, "gen", "tiny", "package.json"), "utf8")).license).toBe("MIT");

    const forced = io(cwd);
    expect(await main([...GEN, "--package-version", "1.2.3", "--no-cache"], forced)).toBe(0);
    expect(forced.stdout.at(-1)).toMatch(/0 written or removed/);
  });

  it("--check regenerates in memory whatever the stamp says", async () => {
    const cwd = writeModel({ "tiny/service.json": tinyModel() });
    expect(await main(["generate", "--model", "tiny", "--out", "gen", "--quiet"], io(cwd))).toBe(0);
    // A stamp forged over an edited file fools a plain run, but not --check.
    const types = path.join(cwd, "gen", "tiny", "src", "types.ts");
    writeFileSync(types, readFileSync(types, "utf8") + "// edited\n");
    const inputs = { model: path.join(cwd, "tiny"), configDir: cwd, format: true, allVersions: false, packageOptions: {} };
    const files = [...readFileSync(path.join(cwd, "gen", "tiny", MANIFEST), "utf8").matchAll(/"([^"]+\.[a-z]+)"/g)].map((m) => m[1]!);
    writeStamp(path.join(cwd, "gen"), inputs, cacheKey(inputs)!, [], [{ folder: "tiny", files: [...files, MANIFEST] }]);
    const fooled = io(cwd);
    expect(await main(["generate", "--model", "tiny", "--out", "gen"], fooled)).toBe(0);
    expect(fooled.stdout.at(-1)).toMatch(/unchanged since the last run/);
    const check = io(cwd);
    expect(await main(["generate", "--model", "tiny", "--out", "gen", "--check"], check)).toBe(1);
    expect(check.stderr).toContain("stale: gen/tiny/src/types.ts (changed)");
  });

  it("a stamp that is not one of ours is ignored", async () => {
    const cwd = writeModel({ "tiny/service.json": tinyModel() });
    expect(await main(GEN, io(cwd))).toBe(0);
    const dir = path.join(cwd, "gen", CACHE_DIR);
    const [stamp] = readdirSync(dir);
    writeFileSync(path.join(dir, stamp!), JSON.stringify({ version: 1, key: "x", notes: [], packages: [{ folder: "../../etc" }] }));
    const run = io(cwd);
    expect(await main(GEN, run)).toBe(0);
    expect(run.stdout.at(-1)).toMatch(/written or removed/);
  });
});
