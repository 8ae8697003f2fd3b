// The default package's docs site in headless Chromium (Debian's `chromium`, driven by
// playwright-core), opened from file:// as a reader would: every page crawled from index.html
// with no console error, failed request or page error; every internal link and anchor resolves;
// search finds an operation as one types and opens it from the keyboard; the facts of the boto3
// seed page are visible on the ListAccountAssociations page; the menu works on a phone-sized
// screen. Screenshots go to test/docs-site/artifacts/ (git-ignored).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitArtifact } from "../../generator/emit/registry.js";
import { buildIR } from "../../generator/ir/build.js";
import { loadModels } from "../../generator/load/index.js";
import { DEFAULT_MODEL, SHARED } from "../helpers.js";

const EXECUTABLE = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const ARTIFACTS = path.join(import.meta.dirname, "artifacts");
const SEED = path.join(SHARED, "seed", "list_account_associations.rst");

let work: string;
let siteRoot: string;
let context: BrowserContext;
const problems: string[] = [];

function watch(page: Page): Page {
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()} (${page.url()})`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message} (${page.url()})`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ""}`));
  return page;
}

const url = (rel: string) => pathToFileURL(path.join(siteRoot, rel)).href;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), "svcgen-site-"));
  siteRoot = path.join(work, "site");
  const ir = buildIR((await loadModels(DEFAULT_MODEL))[0]!);
  for (const f of emitArtifact("site", ir, { generatorVersion: "0.0.0-test", banner: "" })) {
    const p = path.join(siteRoot, f.path.replace(/^docs\/site\//, ""));
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, f.content);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  context = await chromium.launchPersistentContext(path.join(work, "user-data"), {
    executablePath: EXECUTABLE,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  });
});

afterAll(async () => {
  await context?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the docs site in Chromium", () => {
  it("crawls every page from index.html: no console errors, every internal link and anchor resolves", async () => {
    const page = watch(await context.newPage());
    const root = pathToFileURL(siteRoot + path.sep).href;
    const queue = [url("index.html")];
    const seen = new Set<string>(queue);
    const anchors: Array<{ from: string; target: string; id: string }> = [];
    const broken: string[] = [];
    while (queue.length > 0) {
      const current = queue.shift()!;
      const response = await page.goto(current);
      if (response === null || !response.ok()) {
        broken.push(current);
        continue;
      }
      const links = await page.$$eval("a[href]", (as) => as.map((a) => (a as HTMLAnchorElement).href));
      for (const link of links) {
        if (!link.startsWith("file:")) continue;
        expect(link.startsWith(root), `${current} links outside the site: ${link}`).toBe(true);
        const [file, hash] = link.split("#") as [string, string | undefined];
        if (hash !== undefined && hash !== "") anchors.push({ from: current, target: file, id: decodeURIComponent(hash) });
        if (!seen.has(file)) {
          seen.add(file);
          queue.push(file);
        }
      }
    }
    expect(broken).toEqual([]);
    expect(seen.size).toBeGreaterThan(30);
    const byTarget = new Map<string, Set<string>>();
    for (const a of anchors) byTarget.set(a.target, (byTarget.get(a.target) ?? new Set()).add(a.id));
    const missing: string[] = [];
    for (const [target, ids] of byTarget) {
      await page.goto(target);
      for (const id of ids)
        if ((await page.$$eval(`[id="${id.replace(/["\\]/g, "\\$&")}"]`, (els) => els.length)) === 0) missing.push(`${target}#${id}`);
    }
    expect(missing).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("finds an operation as one types and opens it from the keyboard", async () => {
    const page = watch(await context.newPage());
    await page.goto(url("index.html"));
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("search");
    await page.keyboard.type("account");
    const options = page.locator("#search-results li[role=option]");
    await expect.poll(() => options.count()).toBeGreaterThan(3);
    const names = await options.allInnerTexts();
    expect(names.some((n) => n.includes("ListAccountAssociations"))).toBe(true);
    await page.keyboard.press("ArrowDown");
    expect(await page.locator("#search-results li[aria-selected=true]").innerText()).toBe(names[1]);
    await page.fill("#search", "listacc");
    await expect.poll(() => page.locator("#search-results li[aria-selected=true]").innerText()).toContain("ListAccountAssociations");
    await page.screenshot({ path: path.join(ARTIFACTS, "search.png") });
    await Promise.all([page.waitForURL(/operations\/ListAccountAssociations\.html$/), page.keyboard.press("Enter")]);
    expect(await page.locator("h1").innerText()).toBe("ListAccountAssociations");
    await page.keyboard.press("/");
    await page.keyboard.type("AssociationSt");
    await expect.poll(() => page.locator("#search-results li[aria-selected=true]").innerText()).toContain("AssociationState");
    await Promise.all([page.waitForURL(/shapes\/AssociationState\.html$/), page.keyboard.press("Enter")]);
    await page.fill("#search", "zzzz-no-such-name");
    await expect.poll(() => page.locator("#search-results").innerText()).toContain("No operation or shape matches");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows the boto3 seed page's facts on the ListAccountAssociations page", async () => {
    const seed = readFileSync(SEED, "utf8");
    const lines = seed.split("\n").map((l) => l.trim());
    const params = [...seed.matchAll(/^ {2}:type (\w+):/gm)].map((m) => m[1]!);
    const fields = [...seed.matchAll(/^\s*- \*\*(\w+)\*\* \*\(\w+\) --\*/gm)].map((m) => m[1]!);
    const errors = [...seed.matchAll(/\.exceptions\.(\w+)`/g)].map((m) => m[1]!);
    // The documentation sentences: prose lines (a capital letter, ending with a full stop).
    const prose = lines.filter((l) => /^[A-Z][^*:`]*\.$/.test(l));
    const seeAlso = /<(https:\/\/docs\.aws\.amazon\.com\/goto\/WebAPI\/[^>]+)>/.exec(seed)![1]!;
    const enumValues = [...seed.matchAll(/'(ASSOCIATION_[A-Z_]+|REFRESH_TOKEN_EXPIRED)'/g)].map((m) => m[1]!);
    expect(params).toEqual(["ConnectorDestinationId", "MaxResults", "NextToken"]);
    expect(fields.length).toBeGreaterThanOrEqual(9);
    expect(errors).toHaveLength(5);
    expect(prose.length).toBeGreaterThanOrEqual(10);
    expect(enumValues).toHaveLength(5);

    const page = watch(await context.newPage());
    await page.goto(url("operations/ListAccountAssociations.html"));
    const visible = (await page.locator("main").innerText()).replace(/\s+/g, " ");
    for (const fact of [...params, ...fields, ...errors, ...prose, ...enumValues, "See also: AWS API documentation"])
      expect(visible, fact).toContain(fact);
    for (const heading of ["Request syntax", "Parameters", "Response syntax", "Response structure", "Errors", "Pagination"])
      expect(await page.getByRole("heading", { level: 2, name: heading }).isVisible(), heading).toBe(true);
    expect(await page.getByRole("link", { name: "AWS API documentation" }).getAttribute("href")).toBe(seeAlso);
    expect(await page.locator("#request-syntax pre").innerText()).toContain("listAccountAssociations(client, {");
    await page.setViewportSize({ width: 1280, height: 1400 });
    await page.screenshot({ path: path.join(ARTIFACTS, "list-account-associations.png") });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.screenshot({ path: path.join(ARTIFACTS, "list-account-associations-dark.png") });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("fits a phone: the sidebar opens from the menu button, by keyboard, and the page does not scroll sideways", async () => {
    const page = watch(await context.newPage());
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(url("operations/ListAccountAssociations.html"));
    expect(await page.locator("#sidebar").isVisible()).toBe(false);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("menu-button");
    await page.keyboard.press("Enter");
    expect(await page.locator("#sidebar").isVisible()).toBe(true);
    expect(await page.locator("#menu-button").getAttribute("aria-expanded")).toBe("true");
    expect(await page.locator('#sidebar a[aria-current="page"]').innerText()).toBe("ListAccountAssociations");
    await page.screenshot({ path: path.join(ARTIFACTS, "phone-menu.png") });
    await page.keyboard.press("Enter");
    expect(await page.locator("#sidebar").isVisible()).toBe(false);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(ARTIFACTS, "phone.png"), fullPage: false });
    expect(problems).toEqual([]);
    await page.close();
  });
});
