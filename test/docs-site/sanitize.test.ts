// The docs site's sanitiser on hostile documentation strings, read back with an HTML parser: no
// script, event handler, javascript: URL, style or frame survives in any form, links are kept
// (external ones with rel="noopener"), and the text of what was removed stays readable.
import { describe, expect, it } from "vitest";
import { docsText, sanitizeDocs, summary } from "../../generator/emit/site/sanitize.js";
import { elements, parseHtmlFragment } from "./html-tree.js";

const HOSTILE = [
  "<script>alert(1)</script>",
  "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
  "<img src=x onerror=alert(1)>",
  "<svg onload=alert(1)><circle/></svg>",
  '<p onclick="alert(1)" style="background:url(javascript:alert(1))">styled</p>',
  '<a href="javascript:alert(1)">js link</a>',
  '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
  '<a href="jav&#x09;ascript:alert(1)">entity tab</a>',
  '<a href="&#106;avascript:alert(1)">entity j</a>',
  '<a href=" javascript:alert(1)">leading space</a>',
  '<a href="data:text/html,<script>alert(1)</script>">data</a>',
  '<a href="vbscript:msgbox(1)">vb</a>',
  '<a href="//evil.example/">protocol relative</a>',
  '<a href="API_Other.html">relative</a>',
  '<a href="https://example.com/ok" onmouseover="alert(1)" target="_self" rel="opener">kept</a>',
  "<style>body{display:none}</style>",
  '<iframe src="https://evil.example"></iframe>',
  '<object data="x"></object><embed src="x">',
  '<form action="https://evil.example"><input name=x><button>go</button></form>',
  '<math><mi xlink:href="javascript:alert(1)">m</mi></math>',
  "<p>unclosed <b>bold <i>italic",
  "<!-- <script>alert(1)</script> -->comment",
  "<![CDATA[<script>alert(1)</script>]]>",
  '<div class="evil callout" id="x">class</div>',
  "<note>a note</note><important>important</important>",
  "<p><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></p>",
  '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel="stylesheet" href="https://evil.example/x.css">',
  "<scr<script>ipt>alert(1)</scr</script>ipt>",
  '<<a href="https://example.com/">nested</a>',
  "<template><script>alert(1)</script></template>",
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
];

const FORBIDDEN_TAGS = new Set([
  "script",
  "style",
  "img",
  "svg",
  "iframe",
  "object",
  "embed",
  "form",
  "input",
  "button",
  "math",
  "base",
  "meta",
  "link",
  "template",
  "noscript",
]);

function check(html: string): void {
  const out = sanitizeDocs(html);
  for (const el of elements(parseHtmlFragment(out))) {
    expect(FORBIDDEN_TAGS.has(el.tag), `${el.tag} from ${html}`).toBe(false);
    for (const [name, value] of el.attrs) {
      expect(name.startsWith("on"), `${name} from ${html}`).toBe(false);
      expect(["style", "id", "target", "src", "xlink:href"]).not.toContain(name);
      if (name === "href") {
        expect(value, html).toMatch(/^(https?:\/\/[^/]|mailto:)/);
        expect(el.attrs.get("rel")).toBe("noopener noreferrer");
      }
      if (name === "class") for (const c of value.split(" ")) expect(["callout", "note", "important"]).toContain(c);
    }
  }
  expect(out.toLowerCase()).not.toContain("javascript:alert");
}

describe("sanitizeDocs", () => {
  it.each(HOSTILE)("leaves nothing active of %s", (html) => check(html));

  it("leaves nothing active when every hostile string comes in one document", () => check(HOSTILE.join("\n")));

  it("keeps text structure and web links, external links with rel=noopener", () => {
    const out = sanitizeDocs(
      '<p>See <a href="https://docs.aws.amazon.com/x">the guide</a> and <code>Name</code>.</p><ul><li><b>one</b></li><li><i>two</i></li></ul><p><a href="mailto:a@example.com">mail</a></p>',
    );
    const els = elements(parseHtmlFragment(out));
    const links = els.filter((e) => e.tag === "a");
    expect(links.map((a) => [a.attrs.get("href"), a.attrs.get("rel"), a.text])).toEqual([
      ["https://docs.aws.amazon.com/x", "noopener noreferrer", "the guide"],
      ["mailto:a@example.com", "noopener noreferrer", "mail"],
    ]);
    expect(els.map((e) => e.tag)).toEqual(expect.arrayContaining(["p", "code", "ul", "li", "b", "i"]));
  });

  it("turns links it cannot keep into their text, and keeps the text of removed tags", () => {
    const root = parseHtmlFragment(
      sanitizeDocs('<p><a href="javascript:alert(1)">click me</a> <a href="API_X.html">relative</a> <blink>blink</blink></p>'),
    );
    expect(elements(root).filter((e) => e.tag === "a")).toEqual([]);
    expect(root.text).toBe("click me relative blink");
  });

  it("shows escaped markup in code as text, never as markup", () => {
    const root = parseHtmlFragment(sanitizeDocs("<p><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></p>"));
    expect(elements(root).map((e) => e.tag)).toEqual(["#document-fragment", "p", "code"]);
    expect(root.text).toBe("<script>alert(1)</script>");
  });

  it("turns note and important into callouts, and drops the service's fullname", () => {
    const root = parseHtmlFragment(
      sanitizeDocs("<fullname>Evil Service</fullname><note><p>Careful.</p></note><important>Really.</important>"),
    );
    expect(root.text).not.toContain("Evil Service");
    const callouts = elements(root).filter((e) => e.tag === "div");
    expect(callouts.map((d) => [d.attrs.get("class"), d.text])).toEqual([
      ["callout note", "Careful."],
      ["callout important", "Really."],
    ]);
  });

  it("is deterministic, and empty stays empty", () => {
    const all = HOSTILE.join("");
    expect(sanitizeDocs(all)).toBe(sanitizeDocs(all));
    expect(sanitizeDocs("")).toBe("");
    expect(sanitizeDocs("   ")).toBe("");
  });
});

describe("summaries", () => {
  it("are the first sentence as plain text, markup removed and entities read", () => {
    expect(summary("<p>Lists <b>all</b> things &amp; more. Then the rest.</p>")).toBe("Lists all things & more.");
    expect(summary("<p>No full stop</p>")).toBe("No full stop");
    expect(docsText("<script>alert(1)</script><p>a &lt;b&gt;</p>")).toBe("a <b>");
  });

  it("stay at most 200 characters", () => {
    const s = summary(`<p>${"word ".repeat(100)}</p>`);
    expect(s.length).toBeLessThanOrEqual(200);
    expect(s.endsWith("…")).toBe(true);
  });
});
