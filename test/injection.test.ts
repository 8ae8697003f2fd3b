// Model text written to break what the generator writes: documentation that closes a comment,
// opens a template, ends a script, carries HTML, Markdown or TSDoc tags; enum values and member
// names with quotes, backslashes, newlines, `${}` and the Unicode line separators. The package
// compiles, its Markdown holds no live HTML, and every string says what the model says: enum
// values and member names read back from the imported modules, documentation read back from the
// comments and pages by the TypeScript and Markdown parsers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parsers } from "prettier/plugins/markdown";
import { ts } from "ts-morph";
import { generate } from "../generator/generate.js";
import { readTree, tempDir, tinyModel, typecheck, writeModel } from "./helpers.js";

/** Documentation as the model writes it (HTML), and the text a reader must see. */
const DOCS: ReadonlyArray<{ readonly member: string; readonly html: string; readonly text: string }> = [
  { member: "commentEnd", html: "<p>Ends */ here, then /* again **/</p>", text: "Ends */ here, then /* again **/" },
  {
    member: "template",
    html: "<p>A ${process.exit(1)} template, `back` ticks and ``` three</p>",
    text: "A ${process.exit(1)} template, `back` ticks and ``` three",
  },
  { member: "script", html: "<p>Close </script><script>alert(1)</script> the tag</p>", text: "Close alert(1) the tag" },
  { member: "image", html: "<p>An <img src=x onerror=alert(1)> image</p>", text: "An image" },
  {
    member: "escapedHtml",
    html: "<p>Literal &lt;img src=x onerror=alert(1)&gt; and &lt;/script&gt;</p>",
    text: "Literal <img src=x onerror=alert(1)> and </script>",
  },
  {
    member: "markdown",
    html: "<p># not a heading, *not em*, _nor this_, [not](javascript:alert(1)), ![no](x.png), | a | b |, <!-- c --> > quote</p>",
    text: "# not a heading, *not em*, _nor this_, [not](javascript:alert(1)), ![no](x.png), | a | b |, > quote",
  },
  {
    member: "tsdocTags",
    html: "<p>@deprecated is not a tag here, nor {@link https://evil.example} or @internal</p>",
    text: "@deprecated is not a tag here, nor {@link https://evil.example} or @internal",
  },
  {
    member: "links",
    html: '<p><a href="javascript:alert(1)">click</a> or <a href="https://example.com/a">this</a></p>',
    text: "click or this",
  },
  {
    member: "separators",
    html: "<p>One\u2028two\u2029three \\ and a backslash</p>",
    text: "One two three \\ and a backslash",
  },
];

const ENUM_VALUES = [
  'a"b',
  "c\\d",
  "e\nf",
  "${x}",
  "`t`",
  "*/",
  "x\u2028y",
  "x\u2029y",
  "</script>",
  "<img src=x onerror=alert(1)>",
  "",
  " lead",
  "'single'",
];

const MEMBER_NAMES = [
  'a"b',
  "back\\slash",
  "new\nline",
  "${x}",
  "`tick`",
  "*/",
  "line\u2028sep",
  "para\u2029sep",
  "</script>",
  "'q'",
  "__proto__",
  "constructor",
  "toString",
  "@deprecated",
];

const SERVICE_NAME = "Inject */ <img src=x onerror=alert(1)> ${x} `tick` @internal";

function hostileModel() {
  const base = tinyModel();
  const allDocs = DOCS.map((d) => d.html).join("");
  const thing: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const d of DOCS) thing[d.member] = { shape: "Id", documentation: d.html };
  thing.kind = { shape: "Kind" };
  for (const name of MEMBER_NAMES) thing[name] = { shape: "Id" };
  return {
    ...base,
    metadata: { ...base.metadata, serviceFullName: SERVICE_NAME, serviceId: 'Inject "quoted" */' },
    documentation: allDocs,
    operations: {
      PutThing: {
        name: "PutThing",
        http: { method: "PUT", requestUri: "/things" },
        input: { shape: "Thing" },
        output: { shape: "Thing" },
        errors: [{ shape: "Broken" }],
        documentation: allDocs,
      },
    },
    shapes: {
      Thing: { type: "structure", members: thing, documentation: allDocs },
      Id: { type: "string" },
      Kind: { type: "string", enum: ENUM_VALUES, documentation: allDocs },
      Broken: {
        type: "structure",
        exception: true,
        error: { httpStatusCode: 400 },
        documentation: allDocs,
        members: Object.fromEntries(MEMBER_NAMES.filter((n) => n !== "__proto__").map((n) => [n, { shape: "Id", documentation: allDocs }])),
      },
    },
  };
}

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

interface MdNode {
  type: string;
  value?: string;
  url?: string;
  children?: MdNode[];
}

async function parseMarkdown(text: string): Promise<MdNode> {
  // The markdown parser reads no option; the type asks for a printer's full set.
  return (await parsers.markdown.parse(text, {} as Parameters<typeof parsers.markdown.parse>[1])) as MdNode;
}

function walk(node: MdNode, visit: (n: MdNode) => void): void {
  visit(node);
  for (const c of node.children ?? []) walk(c, visit);
}

/** What a reader sees: the text of every node, blocks separated by spaces. */
function visibleText(node: MdNode): string {
  if (node.value !== undefined) return node.value;
  const inner = (node.children ?? []).map(visibleText);
  return node.type === "root" || node.type === "list" || node.type === "table" || node.type === "tableRow"
    ? inner.join(" ")
    : inner.join("");
}

/** Markup that would be live in a rendered page: HTML, images, links that are not http(s). */
function liveMarkup(ast: MdNode): string[] {
  const found: string[] = [];
  walk(ast, (n) => {
    if (n.type === "html") found.push(`html: ${n.value ?? ""}`);
    if (n.type === "image" || n.type === "imageReference" || n.type === "definition") found.push(n.type);
    if (n.type === "link" && /^[a-z][a-z0-9+.-]*:/i.test(n.url ?? "") && !/^https?:\/\//i.test(n.url ?? ""))
      found.push(`link to ${n.url ?? ""}`);
  });
  return found;
}

/** A TSDoc comment's body: delimiters and the leading ` * ` of each line removed. */
function commentBody(raw: string): string {
  return raw
    .replace(/^\/\*\*/, "")
    .replace(/\*\/$/, "")
    .split("\n")
    .map((l) => l.replace(/^\s*\* ?/, ""))
    .join("\n");
}

const scratch: string[] = [];
afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

describe("hostile text in a model", () => {
  const model = hostileModel();
  let pkg: string;
  let files: Map<string, string>;

  beforeAll(async () => {
    const dir = writeModel({ "inject/service.json": model }, "inject-model");
    const out = tempDir("inject-out");
    scratch.push(dir, out);
    await generate({ model: path.join(dir, "inject"), out, format: true });
    pkg = path.join(out, "inject");
    files = readTree(pkg);
  }, 120_000);

  it("compiles under the strict flags", () => {
    const r = typecheck(pkg);
    expect(r.output).toBe("");
    expect(r.ok).toBe(true);
  }, 120_000);

  it("keeps every enum value, as the imported module and as the type's literals", async () => {
    const types = (await import(pathToFileURL(path.join(pkg, "src", "types.ts")).href)) as Record<string, unknown>;
    expect(types.KindValues).toEqual(ENUM_VALUES);
    // The type alias, read by the TypeScript parser: one string literal per value, in order.
    const source = ts.createSourceFile("types.ts", files.get("src/types.ts")!, ts.ScriptTarget.Latest, true);
    const alias = source.statements.find((s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === "Kind")!;
    expect(ts.isUnionTypeNode(alias.type)).toBe(true);
    // The known values, then `(string & {})`, which keeps the enum open to values added later.
    const members = (alias.type as ts.UnionTypeNode).types;
    const literals = members.slice(0, -1).map((t) => ((t as ts.LiteralTypeNode).literal as ts.StringLiteral).text);
    expect(literals).toEqual(ENUM_VALUES);
    expect(members.at(-1)!.getText(source)).toBe("(string & {})");
  });

  it("keeps every member name: in the interface, the schema and the validator", async () => {
    const expected = Object.keys(model.shapes.Thing.members);
    const source = ts.createSourceFile("types.ts", files.get("src/types.ts")!, ts.ScriptTarget.Latest, true);
    const iface = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "Thing")!;
    const declared = iface.members.map((m) => (m.name as ts.Identifier | ts.StringLiteral).text);
    expect(declared).toEqual(expected);

    const schemas = (await import(pathToFileURL(path.join(pkg, "src", "schemas.ts")).href)) as Record<string, { members: object }>;
    const schema = schemas.ThingSchema!;
    expect(Object.keys(schema.members).sort()).toEqual([...expected].sort());
    expect(Object.prototype.hasOwnProperty.call(schema.members, "__proto__")).toBe(true);

    const validators = (await import(pathToFileURL(path.join(pkg, "src", "validators.ts")).href)) as Record<
      string,
      (v: unknown) => Array<{ path: string; message: string }>
    >;
    const value: Record<string, unknown> = {};
    for (const name of expected) Object.defineProperty(value, name, { value: name === "kind" ? ENUM_VALUES[2] : "v", enumerable: true });
    expect(validators.validateThing!(value)).toEqual([]);
    for (const v of ENUM_VALUES) expect(validators.validateThing!({ kind: v })).toEqual([]);
    const unknown = validators.validateThing!({ "a\"b'": "v" });
    expect(unknown).toHaveLength(1);
  });

  it("says the same text in every TSDoc comment, with no tag the model did not ask for", async () => {
    const source = ts.createSourceFile("types.ts", files.get("src/types.ts")!, ts.ScriptTarget.Latest, true);
    const iface = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "Thing")!;
    for (const d of DOCS) {
      const member = iface.members.find((m) => (m.name as ts.Identifier).text === d.member)!;
      expect(
        ts.getJSDocTags(member).map((t) => t.tagName.text),
        d.member,
      ).toEqual([]);
      const ranges = ts.getLeadingCommentRanges(source.text, member.getFullStart()) ?? [];
      const raw = source.text.slice(ranges[ranges.length - 1]!.pos, ranges[ranges.length - 1]!.end);
      const body = commentBody(raw);
      expect(body).not.toMatch(/\*\//);
      expect(squash(visibleText(await parseMarkdown(body))), d.member).toBe(squash(d.text));
    }
    // Every generated module: the comments end where they should, so the code parses as written.
    for (const [file, content] of files) {
      if (!file.endsWith(".ts")) continue;
      const sf = ts.createSourceFile(file, content, ts.ScriptTarget.Latest, true);
      const diagnostics = (sf as unknown as { parseDiagnostics: readonly ts.Diagnostic[] }).parseDiagnostics;
      expect(
        diagnostics.map((x) => ts.flattenDiagnosticMessageText(x.messageText, "\n")),
        file,
      ).toEqual([]);
    }
    // Nothing but the package's own tags, anywhere: no @deprecated, @internal or {@link} from text.
    for (const [file, content] of files) {
      if (!file.endsWith(".ts") || file.startsWith("src/runtime/")) continue;
      const sf = ts.createSourceFile(file, content, ts.ScriptTarget.Latest, true);
      const tags: string[] = [];
      const visit = (node: ts.Node) => {
        for (const tag of ts.getJSDocTags(node)) tags.push(tag.tagName.text);
        ts.forEachChild(node, visit);
      };
      visit(sf);
      expect(
        tags.filter((t) => t !== "throws" && t !== "link"),
        file,
      ).toEqual([]);
      expect(content, file).not.toMatch(/\{@link https:\/\/evil/);
    }
  });

  it("renders Markdown with no live HTML, and the same text", async () => {
    const pages = [...files.keys()].filter((f) => f.endsWith(".md"));
    expect(pages).toContain("README.md");
    expect(pages).toContain("docs/shapes/Thing.md");
    for (const page of pages) {
      const ast = await parseMarkdown(files.get(page)!);
      expect(liveMarkup(ast), page).toEqual([]);
    }
    const thing = squash(visibleText(await parseMarkdown(files.get("docs/shapes/Thing.md")!)));
    for (const d of DOCS) expect(thing, d.member).toContain(squash(d.text));
    for (const v of ENUM_VALUES.filter((x) => x.trim() !== "")) {
      expect(squash(visibleText(await parseMarkdown(files.get("docs/shapes/Kind.md")!))), v).toContain(squash(v));
    }
    for (const page of ["README.md", "docs/index.md"]) {
      expect(squash(visibleText(await parseMarkdown(files.get(page)!))), page).toContain(squash(SERVICE_NAME));
    }
  });

  it("keeps the service's own strings intact in code", async () => {
    const service = (await import(pathToFileURL(path.join(pkg, "src", "service.ts")).href)) as {
      service: { serviceId: string };
    };
    expect(service.service.serviceId).toBe('Inject "quoted" */');
    const pkgJson = JSON.parse(readFileSync(path.join(pkg, "package.json"), "utf8")) as { description: string };
    expect(pkgJson.description).toContain(SERVICE_NAME);
  });
});
