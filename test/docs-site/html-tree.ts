// Reads generated HTML back with parse5, the HTML standard's parsing algorithm, so the tests see
// what a browser would build: elements, attributes and text.
import { parse, parseFragment } from "parse5";

export interface El {
  readonly tag: string;
  readonly attrs: ReadonlyMap<string, string>;
  readonly children: readonly El[];
  /** The text inside, as a browser's textContent. */
  readonly text: string;
}

interface P5Node {
  nodeName: string;
  tagName?: string;
  value?: string;
  attrs?: Array<{ name: string; value: string }>;
  childNodes?: P5Node[];
  content?: P5Node;
}

function convert(n: P5Node): El {
  const kids = [...(n.childNodes ?? []), ...(n.content?.childNodes ?? [])];
  const children: El[] = [];
  let text = "";
  for (const c of kids) {
    if (c.nodeName === "#text") text += c.value ?? "";
    else if (c.tagName !== undefined) {
      const el = convert(c);
      children.push(el);
      text += el.text;
    }
  }
  return { tag: n.tagName ?? n.nodeName, attrs: new Map((n.attrs ?? []).map((a) => [a.name, a.value])), children, text };
}

export function parseDocument(html: string): El {
  return convert(parse(html) as unknown as P5Node);
}

export function parseHtmlFragment(html: string): El {
  return convert(parseFragment(html) as unknown as P5Node);
}

/** Every element under `root` (itself included), depth first. */
export function elements(root: El): El[] {
  const out: El[] = [];
  const visit = (e: El) => {
    out.push(e);
    e.children.forEach(visit);
  };
  visit(root);
  return out;
}
