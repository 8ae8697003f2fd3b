// Model patterns are written for the services' own (Java-style) regular expression engine, not
// for JavaScript's: `\-` and `\_` outside brackets, `\p{Alpha}`, `\x{22}`, `(?s)`, possessive
// `*+`, `\A`/`\z`, `-` next to a class escape. This module rewrites such a pattern into a
// JavaScript RegExp under the `u` flag with the same meaning, or says why it cannot. Where the
// two engines differ only in what they reject (possessive and atomic groups), the translation
// accepts more, never less: a client-side check must not refuse what the service accepts.

import { POSIX, Unsupported, property } from "./pattern/classes.js";

export type PatternTranslation =
  { readonly ok: true; readonly source: string; readonly flags: string } | { readonly ok: false; readonly reason: string };

const SYNTAX = new Set([..."^$\\.*+?()[]{}|"]);
const CLASS_SYNTAX = new Set([..."\\]-[^"]);

function codePointEscape(cp: number): string {
  return cp < 0x100 ? `\\x${cp.toString(16).padStart(2, "0")}` : `\\u{${cp.toString(16)}}`;
}

/** A literal code point written so that it means itself in the given context. */
function literalChar(ch: string, inClass: boolean): string {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x20 || cp === 0x7f || cp === 0x2028 || cp === 0x2029) return codePointEscape(cp);
  if (inClass ? CLASS_SYNTAX.has(ch) : SYNTAX.has(ch)) return `\\${ch}`;
  return ch;
}

interface Escape {
  /** JS text for the escape. */
  readonly text: string;
  /** Literal code point (ranges may use it), if it is one. */
  readonly cp?: number;
  /** A multi-character class (`\d`, `\p{L}`, a POSIX class), meaningful as a range bound never. */
  readonly set?: boolean;
  /** Zero-width (`\b`, `\A`): a quantifier after it needs a group. */
  readonly assertion?: boolean;
  readonly length: number;
}

/** Reads the escape at pattern[i] (a backslash). */
function readEscape(pattern: string, i: number, inClass: boolean): Escape {
  const c = pattern[i + 1];
  if (c === undefined) throw new Unsupported("the pattern ends with a lone backslash");
  const simple: Record<string, number> = { t: 9, n: 10, r: 13, f: 12, a: 7, e: 0x1b };
  if (c in simple) return { text: codePointEscape(simple[c]!), cp: simple[c]!, length: 2 };
  if ("dDwWsS".includes(c)) return { text: `\\${c}`, set: true, length: 2 };
  if (c === "h")
    return {
      text: inClass
        ? " \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000"
        : "[ \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000]",
      set: true,
      length: 2,
    };
  if (c === "v")
    return {
      text: inClass ? "\\n\\x0B\\f\\r\\x85\\u2028\\u2029" : "[\\n\\x0B\\f\\r\\x85\\u2028\\u2029]",
      set: true,
      length: 2,
    };
  if (c === "p" || c === "P") {
    let name: string;
    let length: number;
    if (pattern[i + 2] === "{") {
      const close = pattern.indexOf("}", i + 3);
      if (close < 0) throw new Unsupported("an unterminated \\p{");
      name = pattern.slice(i + 3, close);
      length = close + 1 - i;
    } else {
      name = pattern[i + 2] ?? "";
      length = 3;
    }
    const negated = c === "P";
    const prop = property(name, negated);
    if (inClass) {
      if (negated && !prop.single) throw new Unsupported(`\\P{${name}} inside brackets`);
      return { text: prop.body, set: true, length };
    }
    return { text: prop.single ? prop.body : `[${negated ? "^" : ""}${prop.body}]`, set: true, length };
  }
  if (c === "x") {
    if (pattern[i + 2] === "{") {
      const close = pattern.indexOf("}", i + 3);
      const hex = close < 0 ? "" : pattern.slice(i + 3, close);
      if (!/^[0-9A-Fa-f]{1,6}$/.test(hex)) throw new Unsupported("a malformed \\x{...} escape");
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) throw new Unsupported("a code point beyond U+10FFFF");
      return { text: codePointEscape(cp), cp, length: close + 1 - i };
    }
    const hex = pattern.slice(i + 2, i + 4);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new Unsupported("a malformed \\x escape");
    return { text: `\\x${hex}`, cp: parseInt(hex, 16), length: 4 };
  }
  if (c === "u") {
    const hex = pattern.slice(i + 2, i + 6);
    if (!/^[0-9A-Fa-f]{4}$/.test(hex)) throw new Unsupported("a malformed \\u escape");
    const cp = parseInt(hex, 16);
    // A surrogate pair written as two escapes is one code point to the service engine.
    const low = /^\\u(D[C-F][0-9A-F]{2})/i.exec(pattern.slice(i + 6));
    if (cp >= 0xd800 && cp <= 0xdbff && low) {
      const full = 0x10000 + ((cp - 0xd800) << 10) + (parseInt(low[1]!, 16) - 0xdc00);
      return { text: codePointEscape(full), cp: full, length: 12 };
    }
    return { text: codePointEscape(cp), cp, length: 6 };
  }
  if (c === "0") {
    const m = /^[0-7]{1,3}/.exec(pattern.slice(i + 2));
    if (!m) throw new Unsupported("a malformed octal escape");
    const digits = parseInt(m[0], 8) > 0o377 ? m[0].slice(0, 2) : m[0];
    const cp = parseInt(digits, 8);
    return { text: codePointEscape(cp), cp, length: 2 + digits.length };
  }
  if (c === "c") {
    const letter = pattern[i + 2];
    if (letter === undefined) throw new Unsupported("a malformed \\c escape");
    const cp = letter.charCodeAt(0) ^ 64;
    return { text: codePointEscape(cp), cp, length: 3 };
  }
  if (!inClass) {
    if (c === "A") return { text: "^", assertion: true, length: 2 };
    if (c === "z") return { text: "$", assertion: true, length: 2 };
    if (c === "Z") return { text: "(?=\\n?$)", assertion: true, length: 2 };
    if (c === "b" || c === "B") return { text: `\\${c}`, assertion: true, length: 2 };
    if (c === "R") return { text: "(?:\\r\\n|[\\n\\x0B\\f\\r\\x85\\u2028\\u2029])", set: true, length: 2 };
    if (/[1-9]/.test(c)) return { text: `\\${c}`, length: 2 };
    if (c === "k" && pattern[i + 2] === "<") {
      const close = pattern.indexOf(">", i + 3);
      if (close < 0) throw new Unsupported("a malformed \\k<name>");
      return { text: pattern.slice(i, close + 1), length: close + 1 - i };
    }
  }
  if (/[A-Za-z0-9]/.test(c)) throw new Unsupported(`the escape \\${c} has no JavaScript equivalent`);
  // Any other escaped character stands for itself.
  const ch = String.fromCodePoint(pattern.codePointAt(i + 1)!);
  return { text: literalChar(ch, inClass), cp: ch.codePointAt(0)!, length: 1 + ch.length };
}

/** Translates `[...]` starting at pattern[i]; returns the JS text and the index after it. */
function readClass(pattern: string, start: number, top = true): { text: string; end: number } {
  let i = start + 1;
  const negated = pattern[i] === "^";
  if (negated) i++;
  // Items: a literal code point, or a set. A `-` between two literals makes a range.
  const parts: string[] = [];
  let prevLiteral: number | undefined;
  let pendingRange = false;
  let first = true;
  while (true) {
    const ch = pattern[i];
    if (ch === undefined) throw new Unsupported("an unterminated character class");
    if (ch === "]" && !first) {
      i++;
      break;
    }
    first = false;
    if (ch === "[") {
      // A nested class is a union in the service engine: its contents join ours.
      const inner = readClass(pattern, i, false);
      if (inner.text.startsWith("[^")) throw new Unsupported("a negated class nested in another");
      if (pendingRange) throw new Unsupported("a range ending in a class");
      parts.push(inner.text.slice(1, -1));
      prevLiteral = undefined;
      i = inner.end;
      continue;
    }
    if (ch === "&" && pattern[i + 1] === "&") {
      // `[A&&[B]]` keeps what both hold: a lookahead for B in front of A.
      if (!top || pattern[i + 2] !== "[" || pendingRange) throw new Unsupported("a class intersection (&&) other than [A&&[B]]");
      const right = readClass(pattern, i + 2, false);
      if (pattern[right.end] !== "]") throw new Unsupported("a class intersection (&&) other than [A&&[B]]");
      const left = `[${negated ? "^" : ""}${parts.join("")}]`;
      return { text: `(?:(?=${right.text})${left})`, end: right.end + 1 };
    }
    let item: { text: string; cp?: number; set?: boolean };
    if (ch === "\\") {
      if (pattern[i + 1] === "Q") {
        const close = pattern.indexOf("\\E", i + 2);
        const quoted = pattern.slice(i + 2, close < 0 ? undefined : close);
        for (const q of quoted) parts.push(literalChar(q, true));
        prevLiteral = undefined;
        i = close < 0 ? pattern.length : close + 2;
        continue;
      }
      const e = readEscape(pattern, i, true);
      item = e.cp !== undefined ? { text: e.text, cp: e.cp } : { text: e.text, set: true };
      i += e.length;
    } else if (ch === "-" && !pendingRange && prevLiteral !== undefined && pattern[i + 1] !== "]" && pattern[i + 1] !== undefined) {
      const next = pattern[i + 1] === "\\" ? readEscape(pattern, i + 1, true) : undefined;
      if (next?.set || pattern[i + 1] === "[" || (pattern[i + 1] === "&" && pattern[i + 2] === "&")) {
        parts.push("\\-");
        prevLiteral = undefined;
        i++;
        continue;
      }
      pendingRange = true;
      i++;
      continue;
    } else {
      const lit = String.fromCodePoint(pattern.codePointAt(i)!);
      item = { text: literalChar(lit, true), cp: lit.codePointAt(0)! };
      i += lit.length;
    }
    if (pendingRange) {
      pendingRange = false;
      if (item.cp === undefined || prevLiteral === undefined) throw new Unsupported("a range with a class as a bound");
      if (item.cp < prevLiteral) throw new Unsupported("a range out of order");
      parts.push("-", item.text);
      prevLiteral = undefined;
      continue;
    }
    if (item.set) {
      parts.push(item.text);
      prevLiteral = undefined;
    } else {
      parts.push(item.text);
      prevLiteral = item.cp;
    }
  }
  if (pendingRange) parts.push("\\-");
  return { text: `[${negated ? "^" : ""}${parts.join("")}]`, end: i };
}

const QUANTIFIER = /^(?:[*+?]|\{\d+(?:,\d*)?\})/;

/** Translates a model pattern to a JavaScript RegExp source and flags (always including `u`). */
export function translatePattern(pattern: string): PatternTranslation {
  try {
    const flags = new Set(["u"]);
    let i = 0;
    // Leading inline flags apply to the whole pattern; anywhere else they change meaning midway.
    for (let m = /^\(\?([a-zA-Z]+)\)/.exec(pattern); m; m = /^\(\?([a-zA-Z]+)\)/.exec(pattern.slice(i))) {
      for (const f of m[1]!) {
        if (f === "i") flags.add("i");
        else if (f === "s") flags.add("s");
        else if (f === "m") flags.add("m");
        else if (f !== "u" && f !== "U" && f !== "d") throw new Unsupported(`the inline flag (?${f})`);
      }
      i += m[0].length;
    }
    let out = "";
    // Where the last atom began in `out`, and whether it was zero-width (a quantifier on it needs a group).
    let atomStart = -1;
    let atomAssertion = false;
    const groupStarts: Array<{ at: number; assertion: boolean }> = [];
    while (i < pattern.length) {
      const ch = pattern[i]!;
      const q = QUANTIFIER.exec(pattern.slice(i));
      if (q) {
        if (atomStart < 0) {
          if (q[0].startsWith("{")) {
            // A brace that quantifies nothing is a literal in the service engine.
            out += "\\{";
            i++;
            continue;
          }
          throw new Unsupported("a quantifier with nothing to repeat");
        }
        if (atomAssertion) out = `${out.slice(0, atomStart)}(?:${out.slice(atomStart)})`;
        out += q[0];
        i += q[0].length;
        if (pattern[i] === "?") {
          out += "?";
          i++;
        } else if (pattern[i] === "+") {
          // Possessive: the greedy form accepts at least as much.
          i++;
        }
        atomStart = -1;
        continue;
      }
      const at = out.length;
      if (ch === "\\") {
        if (pattern[i + 1] === "Q") {
          const close = pattern.indexOf("\\E", i + 2);
          const quoted = pattern.slice(i + 2, close < 0 ? undefined : close);
          let lastAt = at;
          for (const c of quoted) {
            lastAt = out.length;
            out += literalChar(c, false);
          }
          atomStart = quoted.length > 0 ? lastAt : -1;
          atomAssertion = false;
          i = close < 0 ? pattern.length : close + 2;
          continue;
        }
        const e = readEscape(pattern, i, false);
        out += e.text;
        atomStart = at;
        atomAssertion = e.assertion === true;
        i += e.length;
      } else if (ch === "[") {
        const c = readClass(pattern, i);
        out += c.text;
        atomStart = at;
        atomAssertion = false;
        i = c.end;
      } else if (ch === "(") {
        const head = /^\((\?(?:[:=!>]|<[=!]|<[A-Za-z][A-Za-z0-9]*>|[a-zA-Z-]+[:)]))?/.exec(pattern.slice(i))![1] ?? "";
        if (head === "?>") out += "(?:";
        else if (/^\?[a-zA-Z-]+[:)]$/.test(head)) throw new Unsupported(`the inline flag group (${head}`);
        else out += `(${head}`;
        groupStarts.push({ at, assertion: head === "?=" || head === "?!" || head === "?<=" || head === "?<!" });
        i += 1 + head.length;
        atomStart = -1;
      } else if (ch === ")") {
        const g = groupStarts.pop();
        if (g === undefined) throw new Unsupported("an unbalanced )");
        out += ")";
        atomStart = g.at;
        atomAssertion = g.assertion;
        i++;
      } else if (ch === "^" || ch === "$") {
        out += ch;
        atomStart = at;
        atomAssertion = true;
        i++;
      } else if (ch === "|") {
        out += "|";
        atomStart = -1;
        i++;
      } else if (ch === ".") {
        out += ".";
        atomStart = at;
        atomAssertion = false;
        i++;
      } else {
        const lit = String.fromCodePoint(pattern.codePointAt(i)!);
        out += literalChar(lit, false);
        atomStart = at;
        atomAssertion = false;
        i += lit.length;
      }
    }
    if (groupStarts.length > 0) throw new Unsupported("an unclosed (");
    const flagText = [...flags].sort().join("");
    new RegExp(out, flagText);
    return { ok: true, source: out, flags: flagText };
  } catch (err) {
    if (err instanceof Unsupported) return { ok: false, reason: err.message };
    return { ok: false, reason: (err as Error).message };
  }
}
