// A user's own symbolic links inside a generated package: regeneration keeps each one as a link
// with its target, never reads or writes through it, and never fails because of it (a link to a
// folder, to a file outside, or to nothing at all).
import { afterAll, describe, expect, it } from "vitest";
import { lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generate } from "../generator/generate.js";
import { tempDir, tinyModel, writeModel } from "./helpers.js";

const scratch: string[] = [];
afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

describe("a user's symbolic links in a generated package", () => {
  it("survive regeneration as links, untouched and unfollowed", async () => {
    const v2 = structuredClone(tinyModel()) as ReturnType<typeof tinyModel> & {
      shapes: Record<string, { members?: unknown }>;
    };
    v2.shapes.GetThingResponse!.members = { Name: { shape: "Id" }, Added: { shape: "Id" } };
    const models = writeModel({ "v1/tiny/service.json": tinyModel(), "v2/tiny/service.json": v2 }, "links-models");
    const out = tempDir("links-out");
    const outside = tempDir("links-outside");
    scratch.push(models, out, outside);
    await generate({ model: path.join(models, "v1", "tiny"), out, format: false });

    const pkg = path.join(out, "tiny");
    mkdirSync(path.join(outside, "folder"));
    writeFileSync(path.join(outside, "folder", "kept.txt"), "outside\n");
    writeFileSync(path.join(outside, "file.md"), "outside file\n");
    const links: Record<string, string> = {
      "to-folder": path.join(outside, "folder"),
      "to-file.md": path.join(outside, "file.md"),
      dangling: "nowhere/at/all",
      "src/alias.ts": "index.ts",
      "docs/up": "..",
    };
    for (const [rel, target] of Object.entries(links)) symlinkSync(target, path.join(pkg, rel));

    // A changed model, so the package is really rewritten (and again with nothing to change).
    for (const model of ["v2", "v2", "v1"]) {
      await generate({ model: path.join(models, model, "tiny"), out, format: false });
      for (const [rel, target] of Object.entries(links)) {
        expect(lstatSync(path.join(pkg, rel)).isSymbolicLink(), rel).toBe(true);
        expect(readlinkSync(path.join(pkg, rel)), rel).toBe(target);
      }
      // Nothing was written through the links.
      expect(readdirSync(path.join(outside, "folder"))).toEqual(["kept.txt"]);
      expect(readFileSync(path.join(outside, "file.md"), "utf8")).toBe("outside file\n");
      expect(readdirSync(outside).sort()).toEqual(["file.md", "folder"]);
      expect(readdirSync(out)).toEqual(["tiny"]);
    }
    expect(readFileSync(path.join(pkg, "src", "alias.ts"), "utf8")).toBe(readFileSync(path.join(pkg, "src", "index.ts"), "utf8"));
  });
});
