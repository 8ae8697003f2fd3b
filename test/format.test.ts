// Formatting in batches (generator/format.ts): small TypeScript files are joined, formatted in one
// prettier call and split again; each must come out exactly as prettier formats it alone.
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { formatFiles } from "../generator/format.js";

const alone = (content: string) => prettier.format(content, { printWidth: 100, endOfLine: "lf", parser: "babel-ts" });

const SOURCES: Record<string, string> = {
  "src/a.ts": `// banner\nimport { x, y, zzzzzzzzzzzzzzzzzzzz, wwwwwwwwwwwwwwwwwwwwwwww, vvvvvvvvvvvvvvvvvvvvvvvvvv, uuuuuuuuuuuuuuuuu } from "./m.js";\nexport const a = { b: 1, c: [1,2,3] }\n`,
  "src/b.ts": `/** doc */\nexport function f(a: string,b: number): string { return a + b }\n// a trailing comment\n`,
  "src/c.ts": `\n\n\nexport type U = "one" | "two"\n\n\n\n`,
  "src/d.ts": `// svcgen: the end of one generated file in a formatting batch\nexport const d = 1\n`,
  "src/e.ts": "export const t = `line one\n  line two`;\n",
  "src/runtime/keep.ts": "export   const kept = 1\n",
  "package.json": `{"name":"x","version":"0.0.0"}`,
  "docs/x.md": "#  Title\n",
};

describe("formatFiles", () => {
  it("formats every batched file exactly as prettier formats it alone; runtime and Markdown stay as written", async () => {
    const files = Object.entries(SOURCES).map(([path, content]) => ({ path, content }));
    const out = new Map((await formatFiles(files)).map((f) => [f.path, f.content]));
    for (const name of ["src/a.ts", "src/b.ts", "src/c.ts", "src/d.ts", "src/e.ts"])
      expect(out.get(name), name).toBe(await alone(SOURCES[name]!));
    expect(out.get("src/runtime/keep.ts")).toBe(SOURCES["src/runtime/keep.ts"]);
    expect(out.get("docs/x.md")).toBe(SOURCES["docs/x.md"]);
    expect(out.get("package.json")).toContain('"name": "x"');
    expect([...out.keys()]).toEqual(Object.keys(SOURCES));
  });

  it("a file prettier cannot parse fails the run by itself, not its batch", async () => {
    const files = [
      { path: "src/ok.ts", content: "export const ok = 1\n" },
      { path: "src/broken.ts", content: "export const = ;\n" },
    ];
    await expect(formatFiles(files)).rejects.toThrow();
    // Alone, the good file formats as before.
    expect((await formatFiles([files[0]!]))[0]!.content).toBe("export const ok = 1;\n");
  });
});
