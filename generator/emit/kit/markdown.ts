// The one Markdown escaper of the emitters: raw model strings as text or code, IR Markdown made
// safe to embed, table cells and fenced blocks. Every string from the model goes through one of
// these for the Markdown context it lands in, so no model text can become markup, a link or a
// script on any page or in any comment.

import { escapeMarkdown } from "../../markdown.js";

export const LINE_BREAKS = /[\r\n\t\f\v\u2028\u2029]+/g;

/**
 * A raw model string (a name, a version, a notice) as Markdown text, for pages, TSDoc comments
 * and the README alike: one line, escaped by the one escaper (generator/markdown.ts).
 */
export function text(raw: string): string {
  return escapeMarkdown(raw.replace(LINE_BREAKS, " "));
}

function longestRun(s: string, ch: string): number {
  let longest = 0;
  let run = 0;
  for (const c of s) {
    run = c === ch ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/** A raw model string as a code span, its fence longer than any backtick run inside. */
export function code(raw: string): string {
  const t = raw.replace(LINE_BREAKS, " ");
  if (t === "") return "_(empty)_";
  const fence = "`".repeat(longestRun(t, "`") + 1);
  // CommonMark strips one space from each end when both have one; a backtick at an end needs a space.
  const pad = t.startsWith("`") || t.endsWith("`") || (t.startsWith(" ") && t.endsWith(" ") && t.trim() !== "") ? " " : "";
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** A fenced code block whose fence no line inside can close. */
export function codeBlock(body: string, lang: string): string {
  const fence = "`".repeat(Math.max(3, longestRun(body, "`") + 1));
  return `${fence}${lang}\n${body}\n${fence}`;
}

/** Markdown as one table cell: one line, and every pipe escaped (an odd run of backslashes before it). */
export function cell(md: string): string {
  const flat = md.replace(LINE_BREAKS, " ").trim();
  const out: string[] = [];
  let backslashes = 0;
  for (const c of flat) {
    if (c === "|" && backslashes % 2 === 0) out.push("\\");
    out.push(c);
    backslashes = c === "\\" ? backslashes + 1 : 0;
  }
  return out.join("");
}

/**
 * One line of Markdown outside code blocks: every code span closed on the line it opens (a cut
 * summary may leave one open, which would turn raw code text into markup), and every `<` outside
 * code spans written as an entity, so no HTML can start.
 */
export function safeLine(line: string): string {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    const c = line[i]!;
    if (c === "\\") {
      out.push(line.slice(i, i + 2));
      i += 2;
    } else if (c === "`") {
      let j = i;
      while (line[j] === "`") j++;
      const len = j - i;
      let close = -1;
      for (let k = j; k < n && close === -1;) {
        if (line[k] !== "`") {
          k++;
          continue;
        }
        let e = k;
        while (line[e] === "`") e++;
        if (e - k === len) close = k;
        k = e;
      }
      if (close !== -1) {
        out.push(line.slice(i, close + len));
        i = close + len;
      } else {
        const rest = line.slice(i);
        out.push(rest, rest.endsWith("`") ? " " : "", "`".repeat(len));
        i = n;
      }
    } else {
      out.push(c === "<" ? "&lt;" : c);
      i++;
    }
  }
  return out.join("");
}

/** Leading tabs as spaces: indenting a block under a list item must not change what a tab means. */
function expandLeadingTabs(line: string): string {
  const lead = /^[ \t]*/.exec(line)![0];
  if (!lead.includes("\t")) return line;
  let col = 0;
  for (const c of lead) col = c === "\t" ? col + 4 - (col % 4) : col + 1;
  return " ".repeat(col) + line.slice(lead.length);
}

/**
 * IR Markdown made safe to embed: fenced blocks are recognised only at column 0 (where no
 * container can claim them), indented fence look-alikes are defused so they cannot close or open
 * a block we did not see, a block left open is closed, and every other line goes through safeLine.
 */
export function safeDocs(md: string): string {
  const out: string[] = [];
  let open: { ch: string; len: number } | undefined;
  for (const raw of md.split(/\r\n?|\n/)) {
    const line = expandLeadingTabs(raw);
    if (open) {
      const close = /^ {0,3}(`+|~+)[ \t]*$/.exec(line);
      if (close && close[1]![0] === open.ch && close[1]!.length >= open.len) open = undefined;
      out.push(line);
      continue;
    }
    const start = /^(`{3,}|~{3,})(.*)$/.exec(line);
    if (start && !(start[1]![0] === "`" && start[2]!.includes("`"))) {
      open = { ch: start[1]![0]!, len: start[1]!.length };
      out.push(line);
      continue;
    }
    out.push(safeLine(line.replace(/^( +)~/, "$1\\~")));
  }
  if (open) out.push(open.ch.repeat(open.len));
  return out.join("\n").trim();
}

/** IR Markdown as one line (table cells, summaries). */
export function safeInline(md: string): string {
  return safeLine(md.replace(LINE_BREAKS, " ").trim());
}

export function indent(block: string, by: number): string {
  const pad = " ".repeat(by);
  return block
    .split("\n")
    .map((l) => (l === "" ? "" : pad + l))
    .join("\n");
}

/** Blocks separated by one blank line, empty ones dropped. */
export function blocks(parts: readonly string[]): string {
  return parts.filter((p) => p !== "").join("\n\n");
}

export function row(cells: readonly string[]): string {
  return `| ${cells.map(cell).join(" | ")} |`;
}

export function table(header: readonly string[], rows: readonly string[]): string {
  return [row(header), `|${header.map(() => " --- |").join("")}`, ...rows].join("\n");
}

/** Model text inside a `//` comment: one line. */
export function commentText(raw: string): string {
  return raw.replace(LINE_BREAKS, " ");
}
