// The model's documentation is HTML written by many hands. On the site it is shown as HTML, so it
// goes through sanitize-html with a small allow-list: text structure (paragraphs, lists, code,
// emphasis, definition lists) and links. No script, style, event handler, form, frame or image
// survives; links keep only absolute http(s) and mailto targets and get rel="noopener
// noreferrer"; any other link (relative, javascript:, data:) becomes plain text.
import sanitizeHtml from "sanitize-html";

const ABSOLUTE_LINK = /^(?:https?:\/\/|mailto:)/i;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "ul", "ol", "li", "dl", "dt", "dd", "code", "pre", "b", "strong", "i", "em", "a", "div", "span", "h3", "h4"],
  allowedAttributes: { a: ["href", "rel"], div: ["class"] },
  allowedClasses: { div: ["callout", "note", "important"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // The service's full name repeats the page title; the rest is content without markup.
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "title", "fullname", "template", "iframe", "object"],
  transformTags: {
    note: () => ({ tagName: "div", attribs: { class: "callout note" } }),
    important: () => ({ tagName: "div", attribs: { class: "callout important" } }),
    h1: "h3",
    h2: "h3",
    a: (_tag, attribs) => {
      const target = (attribs.href ?? "").trim();
      return ABSOLUTE_LINK.test(target)
        ? { tagName: "a", attribs: { href: target, rel: "noopener noreferrer" } }
        : { tagName: "span", attribs: {} };
    },
  },
};

const TEXT_ONLY: sanitizeHtml.IOptions = { allowedTags: [], allowedAttributes: {}, nonTextTags: OPTIONS.nonTextTags! };

const cache = new Map<string, string>();

/** The model's documentation HTML, safe to place in a page's body ("" stays ""). */
export function sanitizeDocs(html: string): string {
  if (html.trim() === "") return "";
  let out = cache.get(html);
  if (out === undefined) {
    out = sanitizeHtml(html, OPTIONS).trim();
    if (cache.size > 50_000) cache.clear();
    cache.set(html, out);
  }
  return out;
}

const DECODE: ReadonlyMap<string, string> = new Map([
  ["&amp;", "&"],
  ["&lt;", "<"],
  ["&gt;", ">"],
  ["&quot;", '"'],
  ["&#39;", "'"],
  ["&nbsp;", " "],
]);

/** The documentation's text alone, unescaped (for summaries, which are escaped again where placed). */
export function docsText(html: string): string {
  if (html.trim() === "") return "";
  return sanitizeHtml(html, TEXT_ONLY)
    .replace(/&(?:amp|lt|gt|quot|#39|nbsp);/g, (e) => DECODE.get(e)!)
    .replace(/\s+/g, " ")
    .trim();
}

const SUMMARY_MAX = 200;

/** The first sentence of the documentation, at most 200 characters, as plain text. */
export function summary(html: string): string {
  const text = docsText(html);
  const end = text.search(/\.(?:\s|$)/);
  const first = end === -1 ? text : text.slice(0, end + 1);
  return first.length <= SUMMARY_MAX ? first : `${first.slice(0, SUMMARY_MAX - 1).trimEnd()}…`;
}
