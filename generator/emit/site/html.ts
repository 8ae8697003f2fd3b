// HTML building blocks for the docs site: the one escaper every model string goes through, and
// links between pages. Pages sit in three places (the root, operations/, shapes/) and every link
// is relative, so the site works from file:// as from any static host.

const ESCAPES: ReadonlyMap<string, string> = new Map([
  ["&", "&amp;"],
  ["<", "&lt;"],
  [">", "&gt;"],
  ['"', "&quot;"],
  ["'", "&#39;"],
]);

/** Text for an HTML text node or a quoted attribute value: nothing in it can become markup. */
export function esc(raw: string): string {
  return raw.replace(/[&<>"']/g, (c) => ESCAPES.get(c)!);
}

/** Where a page sits; links are written relative to it. */
export type Dir = "root" | "operations" | "shapes";

/** The path from a page's folder back to the site root. */
export function rootOf(dir: Dir): string {
  return dir === "root" ? "" : "../";
}

/** A relative link from a page in `from` to the file `file` in folder `to`, as an attribute value. */
export function href(from: Dir, to: Dir, file: string, anchor?: string): string {
  const folder = to === "root" ? "" : `${to}/`;
  const path = `${rootOf(from)}${folder}${encodeURIComponent(file)}`;
  return esc(anchor === undefined ? path : `${path}#${encodeURIComponent(anchor)}`);
}

/** An id for an element, from a model name: only characters that need no escaping anywhere. */
export function anchorId(prefix: string, name: string): string {
  return `${prefix}-${name.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

export function code(raw: string): string {
  return `<code>${esc(raw)}</code>`;
}

export function pre(body: string, lang = "ts"): string {
  return `<pre class="code" data-lang="${esc(lang)}"><code>${esc(body)}</code></pre>`;
}

/** A page's file name: the Markdown page's stem with `.html`. */
export function htmlFile(mdFile: string): string {
  return mdFile.replace(/\.md$/, ".html");
}
