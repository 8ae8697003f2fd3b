// The docs site through the real pipeline (load → check → IR → the site plugin), read back with
// parse5: every page has its <h1>, every relative link and anchor resolves to a planned file and
// an element id, operation pages carry boto3's sections in order, sizes stay bounded, output is
// deterministic, and a hostile model's names and documentation never become markup.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkModel } from "../../generator/check/index.js";
import { emitArtifact } from "../../generator/emit/registry.js";
import { CLIENT_OPTIONS } from "../../generator/emit/site/guide-pages.js";
import { buildIR } from "../../generator/ir/build.js";
import type { ServiceIR } from "../../generator/ir/types.js";
import { loadModels } from "../../generator/load/index.js";
import { DDB_MODEL, HAVE_DDB_MODEL } from "../differential/waiters.js";
import { DEFAULT_MODEL, ROOT, tinyModel, writeModel } from "../helpers.js";
import { elements, parseDocument, type El } from "./html-tree.js";

const CTX = { generatorVersion: "0.0.0-test", banner: "" };

async function irOf(dir: string): Promise<ServiceIR> {
  const models = await loadModels(dir);
  expect(checkModel(models[0]!)).toEqual([]);
  return buildIR(models[0]!);
}

function siteOf(ir: ServiceIR): Map<string, string> {
  return new Map(emitArtifact("site", ir, CTX).map((f) => [f.path.replace(/^docs\/site\//, ""), f.content]));
}

const byTag = (root: El, tag: string) => elements(root).filter((e) => e.tag === tag);

/** Every href and src of every page, checked against the planned files and each target's ids. */
function brokenLinks(site: Map<string, string>): string[] {
  const ids = new Map<string, Set<string>>();
  const docs = new Map<string, El>();
  for (const [p, html] of site) {
    if (!p.endsWith(".html")) continue;
    const doc = parseDocument(html);
    docs.set(p, doc);
    ids.set(p, new Set(elements(doc).flatMap((e) => (e.attrs.has("id") ? [e.attrs.get("id")!] : []))));
  }
  const broken: string[] = [];
  for (const [p, doc] of docs) {
    for (const e of elements(doc)) {
      const ref = e.attrs.get("href") ?? e.attrs.get("src");
      if (ref === undefined || /^(https?:|mailto:)/.test(ref)) continue;
      const [file, anchor] = ref.split("#") as [string, string | undefined];
      const target = file === "" ? p : path.posix.normalize(path.posix.join(path.posix.dirname(p), decodeURIComponent(file)));
      if (!site.has(target)) broken.push(`${p}: ${ref}`);
      else if (anchor !== undefined && !ids.get(target)?.has(decodeURIComponent(anchor))) broken.push(`${p}: ${ref} (no such id)`);
    }
  }
  return broken;
}

describe("the default model's site", async () => {
  const ir = await irOf(DEFAULT_MODEL);
  const site = siteOf(ir);
  const page = (p: string) => parseDocument(site.get(p)!);

  it("has the index, guide pages, a page per operation and named shape, one stylesheet, one script and the search index", () => {
    for (const p of [
      "index.html",
      "usage.html",
      "configuration.html",
      "shapes.html",
      "assets/site.css",
      "assets/site.js",
      "search-index.js",
    ])
      expect(site.has(p), p).toBe(true);
    for (const op of ir.operations) expect(site.has(`operations/${op.name}.html`), op.name).toBe(true);
    const named = [...ir.shapes.values()].filter((s) => s.kind === "structure" || (s.kind === "string" && s.enum !== undefined));
    for (const s of named) expect(site.has(`shapes/${s.name}.html`), s.name).toBe(true);
    expect([...site.keys()].filter((p) => p.endsWith(".html"))).toHaveLength(4 + ir.operations.length + named.length);
  });

  it("titles every page with an <h1> of its name, and links only what exists", () => {
    for (const [p, html] of site) {
      if (!p.endsWith(".html")) continue;
      const h1 = byTag(parseDocument(html), "h1");
      expect(h1, p).toHaveLength(1);
      if (p.startsWith("operations/") || p.startsWith("shapes/")) expect(h1[0]!.text).toBe(path.posix.basename(p, ".html"));
    }
    expect(brokenLinks(site)).toEqual([]);
  });

  it("lists every operation with its one-line summary on the index", () => {
    const rows = byTag(page("index.html"), "tr").filter((r) => byTag(r, "td").length === 2);
    const list = rows.map((r) => [byTag(r, "a")[0]!.text, byTag(r, "td")[1]!.text]);
    expect(list.map((r) => r[0])).toEqual(ir.operations.map((o) => o.name));
    expect(list.find((r) => r[0] === "ListAccountAssociations")![1]).toBe(
      "Lists all account associations, with optional filtering by connector destination ID.",
    );
  });

  it("gives ListAccountAssociations boto3's sections, code in <pre>, types linked and the seed page's facts", () => {
    const doc = page("operations/ListAccountAssociations.html");
    const h2 = byTag(byTag(doc, "main")[0]!, "h2").map((h) => h.text);
    expect(h2).toEqual(["Request syntax", "Parameters", "Response syntax", "Response structure", "Errors", "Pagination", "Example"]);
    const sections = new Map(byTag(doc, "section").map((s) => [s.attrs.get("id"), s]));
    expect(byTag(sections.get("request-syntax")!, "pre")[0]!.text).toContain('ConnectorDestinationId: "STRING_VALUE", // optional');
    const response = byTag(sections.get("response-syntax")!, "pre")[0]!.text;
    expect(response).toContain(
      'AssociationState: "ASSOCIATION_IN_PROGRESS" || "ASSOCIATION_FAILED" || "ASSOCIATION_SUCCEEDED" || "ASSOCIATION_DELETING" || "REFRESH_TOKEN_EXPIRED"',
    );
    const params = sections.get("parameters")!.text;
    for (const t of [
      "ConnectorDestinationId",
      "MaxResults",
      "NextToken",
      "The maximum number of account associations to return in a single response.",
    ])
      expect(params).toContain(t);
    const structure = sections.get("response-structure")!;
    expect(structure.text).toContain("The unique identifier of the account association.");
    expect(byTag(structure, "a").map((a) => a.attrs.get("href"))).toContain("../shapes/AccountAssociationItem.html");
    const errors = byTag(sections.get("errors")!, "li").map((li) => li.text);
    for (const e of [
      "ValidationException",
      "AccessDeniedException",
      "InternalServerException",
      "ServiceUnavailableException",
      "ThrottlingException",
    ])
      expect(errors.some((t) => t.startsWith(e))).toBe(true);
    expect(errors.find((t) => t.startsWith("ThrottlingException"))).toContain("retried by the client (throttling)");
    expect(errors.find((t) => t.startsWith("ValidationException"))).not.toContain("retried");
    const seeAlso = byTag(doc, "a").find((a) => a.text === "AWS API documentation")!;
    expect(seeAlso.attrs.get("href")).toBe(
      "https://docs.aws.amazon.com/goto/WebAPI/iot-managed-integrations-2025-03-03/ListAccountAssociations",
    );
  });

  it("shows enum values and constraints on shape pages, and who uses them", () => {
    const doc = page("shapes/AssociationState.html");
    expect(byTag(doc, "code").map((c) => c.text)).toEqual(expect.arrayContaining(["ASSOCIATION_IN_PROGRESS", "REFRESH_TOKEN_EXPIRED"]));
    expect(byTag(doc, "section").find((s) => s.attrs.get("id") === "used-by")!.text).toContain("ListAccountAssociations");
  });

  it("documents every client option the runtime's ClientConfig declares", () => {
    const config = readFileSync(path.join(ROOT, "generator/runtime/client/config.ts"), "utf8");
    const body = config.slice(config.indexOf("export interface ClientConfig"), config.indexOf("export interface CallOptions"));
    const declared = [...body.matchAll(/^ {2}readonly (\w+)\?:/gm)].map((m) => m[1]);
    expect(CLIENT_OPTIONS.map(([n]) => n).sort()).toEqual([...declared].sort());
    const codes = byTag(page("configuration.html"), "code").map((c) => c.text);
    for (const n of declared) expect(codes).toContain(n);
  });

  it("indexes every operation and shape for search, by page", () => {
    const js = site.get("search-index.js")!;
    const rows = JSON.parse(js.slice(js.indexOf("["), js.lastIndexOf("]") + 1)) as Array<[string, string, string]>;
    for (const op of ir.operations) expect(rows).toContainEqual([op.name, "operation", `operations/${op.name}.html`]);
    expect(rows).toContainEqual(["AssociationState", "enum", "shapes/AssociationState.html"]);
    for (const [, , p] of rows) expect(site.has(p)).toBe(true);
  });

  it("loads no script inline and nothing from outside the folder", () => {
    for (const [p, html] of site) {
      if (!p.endsWith(".html")) continue;
      const doc = parseDocument(html);
      for (const s of byTag(doc, "script")) expect(s.attrs.get("src"), p).toMatch(/^(\.\.\/)?assets\/site\.js$/);
      for (const l of byTag(doc, "link")) expect(l.attrs.get("href")).toMatch(/^(\.\.\/)?assets\/site\.css$/);
      expect(byTag(doc, "style")).toEqual([]);
    }
  });

  it("is deterministic", () => {
    expect(siteOf(ir)).toEqual(site);
  });
});

const UID = `tiny"'<b onclick=alert(7)>&amp;?#x`;
const NASTY = `</script><script>alert(1)</script><img src=x onerror=alert(2)>"'&amp;`;

function hostileModel(): Record<string, unknown> {
  const base = tinyModel({
    operations: {
      [`Get${NASTY}`]: {
        name: `Get${NASTY}`,
        http: { method: "GET", requestUri: "/x" },
        input: { shape: "In" },
        output: { shape: "Out" },
        documentation: `<p onclick="alert(3)">Gets.<script>alert(4)</script></p><a href="javascript:alert(5)">x</a>`,
      },
    },
    shapes: {
      In: { type: "structure", members: { [NASTY]: { shape: "Evil", documentation: "<img src=x onerror=alert(6)>" } } },
      Out: { type: "structure", members: { V: { shape: "Evil" } } },
      Evil: { type: "string", enum: [NASTY, "<b>bold</b>"], pattern: NASTY, documentation: "<style>*{}</style>" },
    },
  });
  (base.metadata as Record<string, unknown>).serviceFullName = NASTY;
  (base.metadata as Record<string, unknown>).uid = UID;
  return { "service.json": { ...base, documentation: NASTY } };
}

describe("a hostile model's site", async () => {
  const dir = writeModel(hostileModel(), "site-hostile");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const ir = await irOf(dir);
  const site = siteOf(ir);

  it("turns no name, value, pattern or documentation into markup", () => {
    for (const [p, html] of site) {
      if (!p.endsWith(".html")) continue;
      const doc = parseDocument(html);
      const scripts = byTag(doc, "script");
      expect(
        scripts.map((s) => s.attrs.get("src")),
        p,
      ).toEqual([p.includes("/") ? "../assets/site.js" : "assets/site.js"]);
      expect(byTag(doc, "img")).toEqual([]);
      expect(byTag(doc, "style")).toEqual([]);
      for (const e of elements(doc)) for (const name of e.attrs.keys()) expect(name.startsWith("on"), `${p} ${e.tag} ${name}`).toBe(false);
      for (const a of byTag(doc, "a")) expect(a.attrs.get("href")).not.toMatch(/^\s*javascript:/i);
    }
    expect(brokenLinks(site)).toEqual([]);
  });

  it("shows the names as the model spells them", () => {
    const opPage = [...site.keys()].find((p) => p.startsWith("operations/"))!;
    expect(opPage).toMatch(/^operations\/[A-Za-z0-9_-]+\.html$/);
    const doc = parseDocument(site.get(opPage)!);
    expect(byTag(doc, "h1")[0]!.text).toBe(`Get${NASTY}`);
    expect(doc.text).toContain(NASTY);
    const evil = parseDocument(site.get("shapes/Evil.html")!);
    expect(byTag(evil, "code").map((c) => c.text)).toEqual(expect.arrayContaining([NASTY, "<b>bold</b>"]));
    const seeAlso = byTag(doc, "a").find((a) => a.text === "AWS API documentation")!;
    expect(seeAlso.attrs.get("href")).toBe(
      `https://docs.aws.amazon.com/goto/WebAPI/${encodeURIComponent(UID)}/${encodeURIComponent(`Get${NASTY}`)}`,
    );
  });

  it("keeps search-index.js a plain data file", () => {
    const js = site.get("search-index.js")!;
    expect(js.startsWith("window.svcgenSearchIndex = [")).toBe(true);
    const rows = JSON.parse(js.slice(js.indexOf("["), js.lastIndexOf("]") + 1)) as string[][];
    expect(rows.map((r) => r[0])).toContain(`Get${NASTY}`);
  });
});

describe.skipIf(!HAVE_DDB_MODEL)("a site with waiters (DynamoDB)", async () => {
  const site = HAVE_DDB_MODEL ? siteOf(buildIR((await loadModels(DDB_MODEL))[0]!)) : new Map<string, string>();

  it("links each operation to the waiters that poll it, and the index has their entries", () => {
    const index = parseDocument(site.get("index.html")!);
    const ids = new Set(elements(index).map((e) => e.attrs.get("id")));
    const page = parseDocument(site.get("operations/DescribeTable.html")!);
    const waiters = byTag(page, "section").find((s) => s.attrs.get("id") === "waiters")!;
    const links = byTag(byTag(waiters, "ul")[0]!, "a").map((a) => [a.text, a.attrs.get("href")]);
    expect(links).toEqual([
      ["waitUntilTableExists", "../index.html#waiter-TableExists"],
      ["waitUntilTableNotExists", "../index.html#waiter-TableNotExists"],
    ]);
    for (const [, href] of links) expect(ids.has(href!.split("#")[1])).toBe(true);
    expect(site.get("operations/PutItem.html")).not.toContain('id="waiters"');
  });
});
