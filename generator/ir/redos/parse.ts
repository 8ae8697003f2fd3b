// The pattern (a JavaScript source under the `u` flag) parsed into nodes: character sets,
// sequences, alternations, repetitions, groups and assertions, for the analysis in ../redos.ts.
import {
  ALL,
  DIGIT,
  LINE_TERMINATORS,
  ParseError,
  RE2_BINARY_MISSING,
  SPACE,
  WORD,
  caseFold,
  complement,
  normalize,
  re2Char,
  re2Ranges,
  type CharSet,
  type Node,
  type Range,
} from "./charset.js";

/** Parses the JavaScript source the pattern translator writes (a `u`-flag subset). */
export class Parser {
  #i = 0;
  positions: Array<Node & { t: "set" }> = [];
  constructor(
    readonly src: string,
    readonly dotAll: boolean,
    readonly ignoreCase: boolean,
  ) {}

  parse(): Node {
    const node = this.#alt();
    if (this.#i < this.src.length) throw new ParseError(`unexpected ${this.src[this.#i]}`);
    return node;
  }

  #set(ranges: readonly Range[], opaque: boolean, re2: string | undefined): Node {
    const set: CharSet = { ranges: this.ignoreCase ? caseFold(ranges) : normalize(ranges), opaque, re2 };
    const node = { t: "set" as const, set, id: this.positions.length + 1 };
    this.positions.push(node);
    return node;
  }

  #alt(): Node {
    const items = [this.#seq()];
    while (this.src[this.#i] === "|") {
      this.#i++;
      items.push(this.#seq());
    }
    return items.length === 1 ? items[0]! : { t: "alt", items };
  }

  #seq(): Node {
    const items: Node[] = [];
    while (this.#i < this.src.length && this.src[this.#i] !== "|" && this.src[this.#i] !== ")") {
      let atom = this.#atom();
      for (;;) {
        const q = /^(?:([*+?])|\{(\d+)(?:(,)(\d*))?\})/.exec(this.src.slice(this.#i));
        if (!q) break;
        this.#i += q[0].length;
        const min = q[1] === "+" ? 1 : q[1] !== undefined ? 0 : Number(q[2]);
        const max =
          q[1] === "?" ? 1 : q[1] !== undefined ? Infinity : q[3] === undefined ? Number(q[2]) : q[4] === "" ? Infinity : Number(q[4]);
        const lazy = this.src[this.#i] === "?";
        if (lazy) this.#i++;
        atom = { t: "rep", body: atom, min, max, lazy };
      }
      items.push(atom);
    }
    return items.length === 1 ? items[0]! : { t: "seq", items };
  }

  #atom(): Node {
    const c = this.src[this.#i]!;
    if (c === "(") {
      const head = /^\((\?(?::|=|!|<=|<!|<[A-Za-z][A-Za-z0-9]*>))?/.exec(this.src.slice(this.#i))!;
      this.#i += head[0].length;
      const body = this.#alt();
      if (this.src[this.#i] !== ")") throw new ParseError("unclosed group");
      this.#i++;
      const kind = head[1] ?? "";
      if (kind === "?=" || kind === "?!" || kind === "?<=" || kind === "?<!") return { t: "look", body, head: kind };
      return { t: "group", body, head: kind };
    }
    if (c === "[") return this.#class();
    if (c === "^" || c === "$") {
      this.#i++;
      return { t: "assert", text: c };
    }
    if (c === ".") {
      this.#i++;
      return this.dotAll ? this.#set(ALL, false, "(?s:.)") : this.#set(complement(LINE_TERMINATORS), false, "[^\\n\\r\\x{2028}\\x{2029}]");
    }
    if (c === "\\") {
      const next = this.src[this.#i + 1];
      if (next === "b" || next === "B") {
        this.#i += 2;
        return { t: "assert", text: `\\${next}` };
      }
      if (next !== undefined && (/[1-9]/.test(next) || (next === "k" && this.src[this.#i + 2] === "<"))) {
        this.#i = next === "k" ? this.src.indexOf(">", this.#i) + 1 : this.#i + 2;
        return { t: "backref" };
      }
      const e = this.#escape(false);
      return this.#set(e.ranges, e.opaque, e.re2);
    }
    const cp = this.src.codePointAt(this.#i)!;
    this.#i += cp > 0xffff ? 2 : 1;
    return this.#set([[cp, cp]], false, re2Char(cp));
  }

  /** One escape at #i; `re2` is its text inside a RE2 bracket expression. */
  #escape(inClass: boolean): { ranges: Range[]; opaque: boolean; re2: string | undefined; cp?: number } {
    const c = this.src[this.#i + 1];
    if (c === undefined) throw new ParseError("lone backslash");
    this.#i += 2;
    const sets: Record<string, Range[]> = { d: DIGIT, w: WORD, s: SPACE };
    const lower = c.toLowerCase();
    if ("dwsDWS".includes(c)) {
      const ranges = c === lower ? sets[lower]! : complement(sets[lower]!);
      return { ranges, opaque: false, re2: inClass ? re2Ranges(ranges) : `[${re2Ranges(ranges)}]` };
    }
    if (c === "p" || c === "P") {
      const close = this.src.indexOf("}", this.#i);
      const name = this.src.slice(this.#i + 1, close);
      this.#i = close + 1;
      const bare = name.replace(/^(?:Script|sc|General_Category|gc)=/, "");
      const re2 = RE2_BINARY_MISSING.has(bare) ? undefined : `\\${c}{${bare}}`;
      return { ranges: [], opaque: true, re2 };
    }
    let cp: number;
    if (c === "x") {
      cp = parseInt(this.src.slice(this.#i, this.#i + 2), 16);
      this.#i += 2;
    } else if (c === "u") {
      if (this.src[this.#i] === "{") {
        const close = this.src.indexOf("}", this.#i);
        cp = parseInt(this.src.slice(this.#i + 1, close), 16);
        this.#i = close + 1;
      } else {
        cp = parseInt(this.src.slice(this.#i, this.#i + 4), 16);
        this.#i += 4;
      }
    } else if (c === "t" || c === "n" || c === "r" || c === "f" || c === "v" || c === "0") {
      cp = { t: 9, n: 10, r: 13, f: 12, v: 11, "0": 0 }[c];
    } else if (/[A-Za-z0-9]/.test(c)) {
      throw new ParseError(`escape \\${c}`);
    } else {
      cp = this.src.codePointAt(this.#i - 1)!;
      if (cp > 0xffff) this.#i++;
    }
    return { ranges: [[cp, cp]], opaque: false, re2: re2Char(cp), cp };
  }

  #class(): Node {
    this.#i++;
    const negated = this.src[this.#i] === "^";
    if (negated) this.#i++;
    const ranges: Range[] = [];
    const re2: string[] = [];
    let opaque = false;
    let supported = true;
    while (this.src[this.#i] !== "]") {
      if (this.#i >= this.src.length) throw new ParseError("unclosed class");
      const item = this.#classAtom();
      if (this.src[this.#i] === "-" && this.src[this.#i + 1] !== "]" && item.cp !== undefined) {
        this.#i++;
        const to = this.#classAtom();
        if (to.cp === undefined) throw new ParseError("range to a class");
        ranges.push([item.cp, to.cp]);
        re2.push(`${re2Char(item.cp)}-${re2Char(to.cp)}`);
        continue;
      }
      ranges.push(...item.ranges);
      opaque ||= item.opaque;
      if (item.re2 === undefined) supported = false;
      else re2.push(item.re2);
    }
    this.#i++;
    const text = supported ? `[${negated ? "^" : ""}${re2.join("")}]` : undefined;
    if (opaque) return this.#set([], true, text);
    return this.#set(negated ? complement(ranges) : ranges, false, text);
  }

  #classAtom(): { ranges: Range[]; opaque: boolean; re2: string | undefined; cp?: number } {
    if (this.src[this.#i] === "\\") return this.#escape(true);
    const cp = this.src.codePointAt(this.#i)!;
    this.#i += cp > 0xffff ? 2 : 1;
    return { ranges: [[cp, cp]], opaque: false, re2: re2Char(cp), cp };
  }
}
