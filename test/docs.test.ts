// The docs emitter through the real pipeline (load → check → IR → emitDocs), read back with an
// independent Markdown parser: content of the default model's pages, links that resolve, code
// blocks that parse as TypeScript, and a hostile model whose strings never become markup.
import { rmSync } from "node:fs";
import path from "node:path";
import { parsers } from "prettier/plugins/markdown";
import { ts } from "ts-morph";
import { afterAll, describe, expect, it } from "vitest";
import { checkModel } from "../generator/check/index.js";
import { emitDocs } from "../generator/emit/registry.js";
import { formatFiles } from "../generator/format.js";
import { buildIR } from "../generator/ir/build.js";
import type { ServiceIR } from "../generator/ir/types.js";
import { loadModels } from "../generator/load/index.js";
import { DEFAULT_MODEL, writeModel } from "./helpers.js";

const CTX = { generatorVersion: "0.0.0-test", banner: "" };

async function irOf(dir: string): Promise<ServiceIR> {
  const models = await loadModels(dir);
  expect(models).toHaveLength(1);
  expect(checkModel(models[0]!)).toEqual([]);
  return buildIR(models[0]!);
}

function pagesOf(ir: ServiceIR): Map<string, string> {
  return new Map(emitDocs(ir, CTX).map((f) => [f.path, f.content]));
}

// ---- Reading Markdown back

interface MdNode {
  type: string;
  value?: string;
  url?: string;
  lang?: string | null;
  depth?: number;
  children?: MdNode[];
  position?: { start: { offset: number }; end: { offset: number } };
}

async function parseMd(text: string): Promise<MdNode> {
  // The markdown parser reads no option; the type asks for a printer's full set.
  return (await parsers.markdown.parse(text, {} as Parameters<typeof parsers.markdown.parse>[1])) as MdNode;
}

function walk(node: MdNode, visit: (n: MdNode) => void): void {
  visit(node);
  for (const c of node.children ?? []) walk(c, visit);
}

function textOf(node: MdNode): string {
  if (node.value !== undefined) return node.value;
  return (node.children ?? []).map(textOf).join("");
}

/** Everything that would render as markup we did not intend, per the parser. */
async function problems(pagePath: string, content: string, all: ReadonlySet<string>): Promise<string[]> {
  const found: string[] = [];
  const ast = await parseMd(content);
  const codeRanges: Array<[number, number]> = [];
  walk(ast, (n) => {
    if (n.type === "html") found.push(`html node: ${n.value ?? ""}`);
    if (n.type === "image" || n.type === "imageReference" || n.type === "definition") found.push(`${n.type} node`);
    if (n.type === "link") {
      const url = n.url ?? "";
      if (/^https?:\/\//.test(url)) return;
      if (/^[a-z][a-z0-9+.-]*:/i.test(url)) found.push(`link to ${url}`);
      const [file, anchor] = url.split("#");
      if (file) {
        const target = path.posix.join(path.posix.dirname(pagePath), decodeURIComponent(file));
        if (!all.has(target)) found.push(`broken link ${url}`);
      } else if (anchor && !new RegExp(`^#+ ${anchor}$`, "im").test(content)) found.push(`broken anchor ${url}`);
    }
    if (n.type === "table" && n.position) {
      const widths = new Set((n.children ?? []).map((r) => (r.children ?? []).length));
      if (widths.size !== 1) found.push(`table rows of different widths: ${[...widths].join(", ")}`);
      // The reference GFM rule too: a pipe splits cells, even in a code span, unless a backslash precedes it.
      const rows = content.slice(n.position.start.offset, n.position.end.offset).split("\n");
      const pipes = new Set(rows.map((r) => r.match(/(?<!\\)\|/g)?.length ?? 0));
      if (pipes.size !== 1) found.push(`table lines with different pipe counts: ${[...pipes].join(", ")}`);
    }
    if ((n.type === "code" || n.type === "inlineCode") && n.position) codeRanges.push([n.position.start.offset, n.position.end.offset]);
    if (n.type === "code" && n.lang === "ts") {
      const out = ts.transpileModule(n.value ?? "", {
        reportDiagnostics: true,
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
      });
      for (const d of out.diagnostics ?? []) found.push(`ts: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    }
  });
  // Outside code, no `<` may start a tag, whatever the parser thought of it.
  const blanked = content.split("");
  for (const [a, b] of codeRanges) for (let i = a; i < b; i++) blanked[i] = " ";
  const prose = blanked.join("");
  const tag = /<[A-Za-z/!?]/.exec(prose);
  if (tag) found.push(`raw < outside code near: ${prose.slice(Math.max(0, tag.index - 30), tag.index + 30)}`);
  return found;
}

async function expectClean(pages: ReadonlyMap<string, string>): Promise<void> {
  const all = new Set(pages.keys());
  for (const [p, content] of pages) expect({ page: p, problems: await problems(p, content, all) }).toEqual({ page: p, problems: [] });
}

/** The text of a `## heading` section, up to the next `## `. */
function section(page: string, heading: string): string {
  const start = page.indexOf(`\n## ${heading}\n`);
  expect(start, `section ${heading}`).toBeGreaterThan(-1);
  const end = page.indexOf("\n## ", start + 4);
  return page.slice(start, end === -1 ? undefined : end);
}

/** A top-level list item `- **Name** ...` with its indented body. */
function entry(sectionText: string, name: string): string {
  const m = new RegExp(`\\n- \\*\\*${name}\\*\\*[^\\n]*\\n(?:\\n|  [^\\n]*\\n)*`).exec(sectionText + "\n");
  expect(m, `entry ${name}`).not.toBeNull();
  return m![0];
}

// ---- The default model

describe("docs for the default model", async () => {
  const ir = await irOf(DEFAULT_MODEL);
  const pages = pagesOf(ir);
  const page = (p: string) => {
    const c = pages.get(p);
    expect(c, p).toBeDefined();
    return c!;
  };

  it("plans an index, a page per operation and a page per structure, union, error and enum", () => {
    expect(pages.has("docs/index.md")).toBe(true);
    for (const op of ir.operations) expect(pages.has(`docs/operations/${op.name}.md`), op.name).toBe(true);
    for (const name of ["AccountAssociationItem", "AssociationState", "ThrottlingException", "ListAccountAssociationsRequest"]) {
      expect(pages.has(`docs/shapes/${name}.md`), name).toBe(true);
    }
    // Lists and plain scalars are described where they are used, not on pages of their own.
    expect(pages.has("docs/shapes/AccountAssociationListDefinition.md")).toBe(false);
    expect(pages.has("docs/shapes/MaxResults.md")).toBe(false);
    expect(pages.size).toBe(
      1 + ir.operations.length + [...ir.shapes.values()].filter((s) => s.kind === "structure" || (s.kind === "string" && s.enum)).length,
    );
  });

  it("documents ListAccountAssociations: syntax, parameters, errors, pagination", () => {
    const p = page("docs/operations/ListAccountAssociations.md");
    expect(p).toMatch(
      /^\[Managed integrations for AWS IoT Device Management\]\(\.\.\/index\.md\) › Operations › ListAccountAssociations\n\n# ListAccountAssociations\n/,
    );
    expect(p).toContain("Lists all account associations, with optional filtering by connector destination ID.");
    expect(p).toContain("- **HTTP request:** `GET /account-associations`");
    expect(p).toContain("- **Success status:** 200");

    const request = section(p, "Request syntax");
    expect(request).toContain('import { IoTManagedIntegrationsClient, listAccountAssociations } from "iot-managed-integrations";');
    expect(request).toContain('const client = new IoTManagedIntegrationsClient({ region: "us-east-1" });');
    expect(request).toContain(
      [
        "const response = await listAccountAssociations(client, {",
        '  ConnectorDestinationId: "STRING_VALUE", // optional',
        "  MaxResults: 123, // optional",
        '  NextToken: "STRING_VALUE", // optional',
        "});",
      ].join("\n"),
    );

    const params = section(p, "Parameters");
    const maxResults = entry(params, "MaxResults");
    expect(maxResults).toContain("`number` · optional · query string `MaxResults`");
    expect(maxResults).toContain("Range: 1–1000");
    expect(maxResults).toContain("The maximum number of account associations to return in a single response.");
    expect(entry(params, "ConnectorDestinationId")).toContain("Length: 1–64 · Pattern: `[A-Za-z0-9-_]+`");

    const response = section(p, "Response syntax");
    expect(response).toContain("const response = { // ListAccountAssociationsResponse");
    expect(response).toContain('AccountAssociationId: "STRING_VALUE", // always present');
    const structure = section(p, "Response structure");
    const items = entry(structure, "Items");
    expect(items).toContain("[`AccountAssociationItem`](../shapes/AccountAssociationItem.md)`[]`");
    expect(items).toContain("  - **AssociationState** — [`AssociationState`](../shapes/AssociationState.md) · always present");

    const errors = section(p, "Errors");
    const expected: Array<[string, number, string]> = [
      ["ValidationException", 400, "client"],
      ["AccessDeniedException", 403, "client"],
      ["InternalServerException", 500, "server"],
      ["ServiceUnavailableException", 503, "server"],
      ["ThrottlingException", 429, "client"],
    ];
    for (const [name, status, fault] of expected) {
      expect(errors).toContain(`- [\`${name}\`](../shapes/${name}.md) — HTTP ${status} · ${fault} fault`);
    }
    expect(errors.match(/^- \[/gm)).toHaveLength(expected.length);

    const pagination = section(p, "Pagination");
    expect(pagination).toContain("- **Input token:** `NextToken`");
    expect(pagination).toContain("- **Page size (limit key):** `MaxResults`");
    expect(pagination).toContain("- **Result key:** `Items`");
    expect(pagination).toContain("for await (const page of paginateListAccountAssociations(client, {})) {\n  console.log(page.Items);\n}");
    expect(pagination).toContain("for await (const item of paginateListAccountAssociations(client, {}).items()) {");
  });

  it("marks required members, idempotency tokens and sensitive members", () => {
    const p = page("docs/operations/CreateAccountAssociation.md");
    expect(p).toContain('  ConnectorDestinationId: "STRING_VALUE", // required');
    const params = section(p, "Parameters");
    expect(entry(params, "ConnectorDestinationId")).toContain("· **required** · body");
    expect(entry(params, "ClientToken")).toContain("filled with a random UUID when omitted");
    expect(entry(params, "Tags")).toContain("Sensitive:");
    expect(entry(params, "Tags")).toContain("`Record<string, string>`");
    expect(p).toContain("- **Success status:** 201");
  });

  it("lists an enum's values and the operations that use it", () => {
    const p = page("docs/shapes/AssociationState.md");
    const values = section(p, "Values");
    for (const v of [
      "ASSOCIATION_IN_PROGRESS",
      "ASSOCIATION_FAILED",
      "ASSOCIATION_SUCCEEDED",
      "ASSOCIATION_DELETING",
      "REFRESH_TOKEN_EXPIRED",
    ]) {
      expect(values).toContain(`\n- \`${v}\``);
    }
    expect(values.match(/^- /gm)).toHaveLength(5);
    expect(section(p, "Used by")).toContain("- [ListAccountAssociations](../operations/ListAccountAssociations.md): output");
  });

  it("describes errors on their own pages", () => {
    const p = page("docs/shapes/ThrottlingException.md");
    expect(p).toContain("- **HTTP status:** 429");
    expect(p).toContain("- **Error code:** `ThrottlingException`");
    expect(section(p, "Used by")).toContain("- [ListAccountAssociations](../operations/ListAccountAssociations.md): error");
  });

  it("writes an index with the client, every operation and every shape", () => {
    const p = page("docs/index.md");
    expect(p).toMatch(/^# Managed integrations for AWS IoT Device Management\n/);
    expect(p).toContain("- **Service ID:** `IoT Managed Integrations`");
    expect(p).toContain("- **API version:** `2025-03-03`");
    expect(p).toContain("- **Protocol:** `rest-json`");
    expect(p).toContain('import { IoTManagedIntegrationsClient, listAccountAssociations } from "iot-managed-integrations";');
    expect(p).toContain('const client = new IoTManagedIntegrationsClient({ region: "eu-west-1" });');
    const ops = section(p, "Operations");
    for (const op of ir.operations) expect(ops).toContain(`| [${op.name}](operations/${op.name}.md) | \`${op.method} ${op.requestUri}\` |`);
    expect(p).toContain("| [`ThrottlingException`](shapes/ThrottlingException.md) | 429 | client |");
    expect(p).toContain("| [`AssociationState`](shapes/AssociationState.md) | 5 |");
  });

  it("every page parses cleanly, links resolve and code blocks are valid TypeScript, as emitted and as the pipeline formats them", async () => {
    await expectClean(pages);
    const formatted = await formatFiles(emitDocs(ir, CTX));
    await expectClean(new Map(formatted.map((f) => [f.path, f.content])));
  });

  it("is deterministic", () => {
    expect(emitDocs(ir, CTX)).toEqual(emitDocs(ir, CTX));
  });
});

// ---- A hostile model

const NASTY = "a|b `c` ``d``` </script><script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))\n~~~ next";
const NASTY_HTML = [
  // summary() cuts this paragraph inside the second code span, right after the tag.
  "<p>Use <code>x|y</code> or <code>&lt;img src=x onerror=alert(4)&gt;. b</code> now. Then | pipes and `ticks`.</p>",
  '<p><script>alert(1)</script> <img src=x onerror=alert(2)> &lt;img src=x onerror=alert(3)&gt; [x](javascript:alert(1)) <a href="javascript:alert(3)">click</a></p>',
  "<pre>```\n~~~~\n&lt;script&gt;alert(5)&lt;/script&gt;\n</pre>",
  "<p>line<br>~~~<br>&lt;img src=x onerror=alert(6)&gt;</p>",
].join("");
// An indented fence look-alike, then a block that docs.ts fences with tildes.
const FENCE_HTML = "<p>a<br> ~~~</p><pre>```\n&lt;script&gt;alert(7)&lt;/script&gt;\n</pre><p>After.</p>";
const NASTY_VALUES = ["a|b", "`tick`", "```", "</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "line\nbreak", ""];
const NASTY_PATTERN = "^`{3}</script>|<img src=x onerror=alert(1)>\\|[x](javascript:alert(1))$";
const WEIRD = "Weird<img src=x onerror=alert(1)>|`x`";
const OP = "Evil`Op|</script><img src=x onerror=alert(1)>";

function hostileModel(): Record<string, unknown> {
  const struct = (members: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    type: "structure",
    members,
    documentation: NASTY_HTML,
    ...extra,
  });
  const http = (method: string, requestUri: string) => ({ method, requestUri });
  return {
    "service.json": {
      metadata: {
        apiVersion: "2020-01-01",
        endpointPrefix: "evil",
        protocol: "rest-json",
        serviceId: "Evil",
        serviceFullName: NASTY,
        signingName: "evil",
      },
      documentation: NASTY_HTML,
      operations: {
        [OP]: {
          name: OP,
          http: http("POST", "/evil/{Label}"),
          input: { shape: "EvilInput" },
          output: { shape: "EvilOutput" },
          errors: [{ shape: "EvilError" }],
          documentation: NASTY_HTML,
        },
        ListThings: {
          name: "ListThings",
          http: http("GET", "/things"),
          input: { shape: "PageInput" },
          output: { shape: "EvilOutput" },
          documentation: FENCE_HTML,
        },
        Listthings: {
          name: "Listthings",
          http: http("GET", "/things2"),
          input: { shape: "PageInput" },
          output: { shape: "EvilOutput" },
          deprecated: true,
        },
      },
      shapes: {
        EvilInput: struct(
          {
            Label: { shape: "EvilString", location: "uri", locationName: "Label" },
            "Head|er`x": { shape: "EvilString", location: "header", locationName: "X-<img src=x onerror=alert(1)>|`" },
            "Q</script>": { shape: "EvilEnum", location: "querystring", locationName: "q|`x`\n<script>" },
            Dot: { shape: "Dup.Name" },
            Under: { shape: "Dup_Name" },
            Lower: { shape: "dup_name" },
            Tree: { shape: "Tree" },
            [NASTY]: { shape: "EvilString", documentation: NASTY_HTML },
          },
          { required: ["Label"] },
        ),
        EvilString: { type: "string", min: 1, max: 5, pattern: NASTY_PATTERN, documentation: NASTY_HTML },
        EvilEnum: { type: "string", enum: NASTY_VALUES, documentation: NASTY_HTML },
        Tree: struct({ Children: { shape: "TreeList" }, Value: { shape: "EvilEnum" } }),
        TreeList: { type: "list", member: { shape: "Tree" } },
        "Dup.Name": struct({ X: { shape: "EvilString" } }),
        Dup_Name: struct({ X: { shape: "EvilString" } }),
        dup_name: struct({ X: { shape: "EvilString" } }),
        [WEIRD]: struct({ [NASTY]: { shape: "EvilEnum" } }, { union: true }),
        EvilOutput: struct({
          "Out|put": { shape: "EvilEnum" },
          Items: { shape: "TreeList" },
          Token: { shape: "EvilString" },
          W: { shape: WEIRD },
        }),
        PageInput: struct({ Token: { shape: "EvilString", location: "querystring", locationName: "token" } }),
        EvilError: struct({ Message: { shape: "EvilString" } }, { exception: true, error: { httpStatusCode: 418 } }),
      },
      pagination: { ListThings: { input_token: "Token", output_token: "Token", result_key: "Items" } },
    },
  };
}

describe("docs for a hostile model", async () => {
  const modelDir = writeModel(hostileModel(), "docs-hostile");
  afterAll(() => rmSync(modelDir, { recursive: true, force: true }));
  const ir = await irOf(modelDir);
  const pages = pagesOf(ir);
  // Each page's title as the parser reads it: the name the reader sees.
  const titles = new Map<string, string>();
  for (const [p, content] of pages) {
    const h1 = (await parseMd(content)).children?.find((n) => n.type === "heading" && n.depth === 1);
    if (h1) titles.set(p, textOf(h1));
  }
  const pageTitled = (dir: string, title: string): [string, string] => {
    const found = [...pages.entries()].find(([p]) => p.startsWith(dir) && titles.get(p) === title);
    expect(found, title).toBeDefined();
    return found!;
  };
  const shapePage = (name: string) => pageTitled("docs/shapes/", name);

  it("turns no model string into markup, as emitted and as the pipeline formats it", async () => {
    await expectClean(pages);
    // No docs block swallows the rest of its page: every section heading is still a heading.
    for (const [p, content] of pages) {
      if (!p.startsWith("docs/operations/")) continue;
      const h2: string[] = [];
      walk(await parseMd(content), (n) => n.type === "heading" && n.depth === 2 && h2.push(textOf(n)));
      expect(h2.slice(0, 5), p).toEqual(["Request syntax", "Parameters", "Response syntax", "Response structure", "Errors"]);
    }
    // CommonMark lets an indented fence interrupt a paragraph (the parser above does not); then the
    // docs' real fence would close it and open one that swallows the page. None may survive.
    const listThings = pages.get("docs/operations/ListThings.md")!;
    const top = listThings.slice(0, listThings.indexOf("\n## "));
    expect(top).toContain("After.");
    expect(top).not.toMatch(/^ {1,3}(~{3,}|`{3,})/m);
    const formatted = await formatFiles(emitDocs(ir, CTX));
    await expectClean(new Map(formatted.map((f) => [f.path, f.content])));
  });

  it("shows every name exactly as the model spells it, in a file name that is never a path", () => {
    expect(pageTitled("docs/operations/", OP)[0]).toMatch(/^docs\/operations\/[A-Za-z0-9_-]+\.md$/);
    for (const name of ["Dup.Name", "Dup_Name", "dup_name", WEIRD, "EvilEnum", "EvilError"])
      expect(shapePage(name)[0]).toMatch(/^docs\/shapes\/[A-Za-z0-9_-]+\.md$/);
    expect(titles.get("docs/index.md")).toBe(NASTY.replace(/\n/g, " "));
  });

  it("gives names that sanitise alike their own files, also ignoring case", () => {
    const files = [...pages.keys()];
    expect(new Set(files.map((f) => f.toLowerCase())).size).toBe(files.length);
    expect(pages.has("docs/operations/ListThings.md")).toBe(true);
    expect(pages.has("docs/shapes/Dup_Name.md")).toBe(true);
    const dups = ["Dup.Name", "Dup_Name", "dup_name"].map((n) => shapePage(n)[0]);
    expect(new Set(dups).size).toBe(3);
  });

  it("keeps enum values, patterns and locations intact inside code", async () => {
    const [, enumPage] = shapePage("EvilEnum");
    const values = section(enumPage, "Values");
    const ast = await parseMd(values);
    const codes: string[] = [];
    walk(ast, (n) => n.type === "inlineCode" && codes.push(n.value ?? ""));
    for (const v of NASTY_VALUES.filter((v) => v !== "")) expect(codes).toContain(v.replace(/\n/g, " "));
    expect(values.match(/^- /gm)).toHaveLength(NASTY_VALUES.length);

    const opPage = pageTitled("docs/operations/", OP)[1];
    const inline: string[] = [];
    walk(await parseMd(opPage), (n) => n.type === "inlineCode" && inline.push(n.value ?? ""));
    expect(inline).toContain(NASTY_PATTERN);
    expect(inline).toContain("X-<img src=x onerror=alert(1)>|`");
    expect(inline).toContain("q|`x` <script>");
    // The recursive shape stops after one level in the request syntax.
    expect(opPage).toContain(
      "  Tree: { // optional\n    Children: [ // optional\n      {}, // recursive: same shape as above (Tree)\n    ],",
    );
  });

  it("keeps every table row to its column count where docs hold pipes and cut code spans", async () => {
    const index = pages.get("docs/index.md")!;
    const ast = await parseMd(index);
    const tables: MdNode[] = [];
    walk(ast, (n) => n.type === "table" && tables.push(n));
    expect(tables.length).toBeGreaterThanOrEqual(3);
    const opRows = tables[0]!.children!;
    expect(opRows).toHaveLength(1 + ir.operations.length);
    for (const r of opRows) expect(r.children).toHaveLength(3);
    // The summary cut inside a code span still shows that span's text, as code.
    const evilRow = opRows.find((r) => textOf(r.children![0]!) === OP)!;
    const codes: string[] = [];
    walk(evilRow.children![2]!, (n) => n.type === "inlineCode" && codes.push(n.value ?? ""));
    expect(codes).toEqual(["x|y", "<img src=x onerror=alert(4)>."]);
    expect(index).toContain("**Deprecated.**");
  });
});
