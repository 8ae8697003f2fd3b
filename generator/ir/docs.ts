// The model writes documentation as a small HTML dialect. The IR keeps it as Markdown, the form
// both TSDoc comments and the docs pages use. Unknown tags are dropped (their text kept); text is
// escaped so nothing in it can become markup, a link target or a script.

import { escapeMarkdown } from "../markdown.js";

// A Map: an entity named like a member of Object.prototype (`&constructor;`) must find nothing.
const ENTITIES: ReadonlyMap<string, string> = new Map([
  ["amp", "&"],
  ["lt", "<"],
  ["gt", ">"],
  ["quot", '"'],
  ["apos", "'"],
  ["nbsp", " "],
]);

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES.get(body.toLowerCase()) ?? whole;
  });
}

function codeSpan(text: string): string {
  const t = text.replace(/\s+/g, " ");
  if (t.trim() === "") return "";
  const longest = Math.max(0, ...[...t.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return longest > 0 || t.startsWith(" ") ? `${fence} ${t} ${fence}` : `${fence}${t}${fence}`;
}

/** Where a line starts, after any list marker or heading prefix this converter wrote itself. */
const LINE_START = /(^|\n)[ \t]*(- |\d+\. |#### )?$/;

/** Escapes what would start a block at the start of a line: heading, list item, underline, fence. */
function escapeLineStart(md: string): string {
  return md.replace(/^(\s*)([#+=~-])/, "$1\\$2").replace(/^(\s*\d+)([.)])/, "$1\\$2");
}

/** Only web links survive as links; anything else (javascript:, data:) is shown as text. */
function safeHref(href: string): string | undefined {
  const h = href.trim();
  return /^https?:\/\/[^\s()<>]+$/i.test(h) ? h : undefined;
}

interface Frame {
  tag: string;
  out: string[];
  href?: string | undefined;
}

const BLOCK = new Set([
  "p",
  "div",
  "ul",
  "ol",
  "li",
  "note",
  "important",
  "pre",
  "dl",
  "dt",
  "dd",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "br",
  "fullname",
  "examples",
  "example",
  "table",
  "tr",
]);

/** Converts the model's documentation HTML to Markdown. Deterministic, never throws. */
export function htmlToMarkdown(html: string | undefined): string {
  if (!html) return "";
  const blocks: string[] = [];
  let line = "";
  const stack: Frame[] = [];
  let listDepth = 0;
  const listCounters: number[] = [];
  let inPre = false;
  let pre = "";
  let quote = false;

  const flush = () => {
    const text = line.replace(/[ \t]+/g, " ").trim();
    if (text !== "")
      blocks.push(
        quote
          ? text
              .split("\n")
              .map((l) => "> " + l)
              .join("\n")
          : text,
      );
    line = "";
  };
  const emit = (s: string) => {
    const top = stack[stack.length - 1];
    if (top) top.out.push(s);
    else line += s;
  };

  const re = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|<!--[\s\S]*?-->|([^<]+|<)/g;
  for (const m of html.matchAll(re)) {
    const [, closing, rawTag, attrs, text] = m;
    if (text !== undefined) {
      if (inPre) pre += decodeEntities(text);
      else if (stack.some((f) => f.tag === "code")) emit(decodeEntities(text));
      else {
        const md = escapeMarkdown(decodeEntities(text).replace(/\s+/g, " "));
        emit(stack.length === 0 && LINE_START.test(line) ? escapeLineStart(md) : md);
      }
      continue;
    }
    if (rawTag === undefined) continue;
    const tag = rawTag.toLowerCase();
    if (tag === "pre") {
      if (!closing) {
        flush();
        inPre = true;
        pre = "";
      } else if (inPre) {
        inPre = false;
        const body = pre.replace(/^\n+|\s+$/g, "");
        const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((r) => r[0].length));
        const fence = "`".repeat(longest + 1);
        blocks.push(`${fence}\n${body}\n${fence}`);
      }
      continue;
    }
    if (inPre) continue;
    if (tag === "code" || tag === "a" || tag === "b" || tag === "strong" || tag === "i" || tag === "em") {
      if (!closing) {
        const href = tag === "a" ? /href\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(attrs ?? "") : null;
        stack.push({ tag, out: [], href: href ? decodeEntities(href[1] ?? href[2] ?? "") : undefined });
      } else {
        const idx = stack.map((f) => f.tag).lastIndexOf(tag);
        if (idx === -1) continue;
        while (stack.length > idx) {
          const frame = stack.pop()!;
          const inner = frame.out.join("");
          let rendered: string;
          if (frame.tag === "code") rendered = codeSpan(inner);
          else if (frame.tag === "a") {
            const href = frame.href !== undefined ? safeHref(frame.href) : undefined;
            const label = inner.trim() === "" ? escapeMarkdown(frame.href ?? "") : inner.trim();
            rendered = href ? `[${label}](${href})` : label;
          } else if (frame.tag === "b" || frame.tag === "strong") rendered = inner.trim() === "" ? inner : `**${inner.trim()}**`;
          else rendered = inner.trim() === "" ? inner : `_${inner.trim()}_`;
          emit(rendered);
        }
      }
      continue;
    }
    if (!BLOCK.has(tag)) continue;
    // Block tags close any inline frames left open by sloppy HTML.
    while (stack.length > 0) {
      const frame = stack.pop()!;
      emit(frame.out.join(""));
    }
    switch (tag) {
      case "ul":
      case "ol":
        flush();
        if (!closing) {
          listDepth++;
          listCounters.push(tag === "ol" ? 1 : 0);
        } else if (listDepth > 0) {
          listDepth--;
          listCounters.pop();
        }
        break;
      case "li":
        flush();
        if (!closing) {
          const n = listCounters[listCounters.length - 1] ?? 0;
          const indent = "  ".repeat(Math.max(0, listDepth - 1));
          if (n > 0) listCounters[listCounters.length - 1] = n + 1;
          line = indent + (n > 0 ? `${n}. ` : "- ");
        }
        break;
      case "note":
      case "important":
        flush();
        quote = !closing;
        if (!closing) line = tag === "note" ? "**Note:** " : "**Important:** ";
        break;
      case "h1":
      case "h2":
      case "h3":
      case "h4":
      case "h5":
      case "h6":
        flush();
        if (!closing) line = "#### ";
        break;
      case "dt":
        flush();
        if (!closing) line = "**";
        else line = "";
        break;
      case "br":
        line += "\n";
        break;
      default:
        if (quote && /^\*\*(Note|Important):\*\*\s*$/.test(line)) break;
        if (listDepth > 0 && closing && tag === "p") break;
        if (listDepth > 0 && !closing && tag === "p") break;
        flush();
    }
    if (tag === "dt" && closing && blocks.length > 0) blocks[blocks.length - 1] += "**";
  }
  while (stack.length > 0) {
    const frame = stack.pop()!;
    emit(frame.out.join(""));
  }
  if (inPre) {
    const longest = Math.max(2, ...[...pre.matchAll(/`+/g)].map((r) => r[0].length));
    const fence = "`".repeat(longest + 1);
    blocks.push(`${fence}\n${pre.trim()}\n${fence}`);
  }
  flush();
  // List items stay together; other blocks are separated by a blank line.
  let md = "";
  blocks.forEach((b, i) => {
    if (i === 0) md = b;
    else md += (/^\s*(- |\d+\. )/.test(b) && /^\s*(- |\d+\. )/.test(blocks[i - 1]!) ? "\n" : "\n\n") + b;
  });
  return md.trim();
}

/** The first sentence of a Markdown text, for tables and summaries. */
export function summary(markdown: string): string {
  const first = markdown.split(/\n\n/)[0] ?? "";
  const flat = first.replace(/\s+/g, " ").trim();
  const end = flat.search(/\.(\s|$)/);
  return end === -1 ? flat : flat.slice(0, end + 1);
}
