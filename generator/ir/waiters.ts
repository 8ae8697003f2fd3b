// The model's waiters (botocore's waiters-2.json, held as the document's `waiters`) as IR: each
// waiter's operation, delay and acceptors, with every acceptor's JMESPath argument parsed here,
// at generation time, into the subset the emitter compiles to TypeScript. An expression outside
// the subset is a model error naming the waiter, the acceptor and the expression.
//
// The subset: fields (`a`, `"quoted"`), sub-expressions (`a.b`), indexes (`a[0]`, `a[-1]`),
// list projections (`a[*].b`), flattening (`a[].b`), value projections (`a.*.b`), filters
// (`a[?b == 'x'].c`), comparisons (== != < <= > >=), `&&`, `||`, `!`, parentheses, `@`, pipes,
// literals (`'raw'` and `` `json` ``) and the functions length() and contains().
import { ModelError, joinPointer, type Finding } from "../diagnostics.js";
import type { RawModel } from "../load/index.js";
import { pascalCase } from "../naming.js";
import { isObj, num, str } from "./raw.js";

/** A parsed JMESPath expression of the compiled subset (the node kinds of the reference parser). */
export type JmesNode =
  | { readonly type: "Field"; readonly name: string }
  | { readonly type: "Current" }
  | { readonly type: "Literal"; readonly value: unknown }
  | { readonly type: "Subexpression"; readonly left: JmesNode; readonly right: JmesNode }
  | { readonly type: "Index"; readonly left: JmesNode; readonly index: number }
  | { readonly type: "Projection"; readonly left: JmesNode; readonly right: JmesNode }
  | { readonly type: "ValueProjection"; readonly left: JmesNode; readonly right: JmesNode }
  | {
      readonly type: "FilterProjection";
      readonly left: JmesNode;
      readonly right: JmesNode;
      readonly condition: JmesNode;
    }
  | { readonly type: "Flatten"; readonly child: JmesNode }
  | { readonly type: "Pipe"; readonly left: JmesNode; readonly right: JmesNode }
  | { readonly type: "Or"; readonly left: JmesNode; readonly right: JmesNode }
  | { readonly type: "And"; readonly left: JmesNode; readonly right: JmesNode }
  | { readonly type: "Not"; readonly child: JmesNode }
  | {
      readonly type: "Comparator";
      readonly op: "==" | "!=" | "<" | "<=" | ">" | ">=";
      readonly left: JmesNode;
      readonly right: JmesNode;
    }
  | { readonly type: "Function"; readonly name: "length" | "contains"; readonly args: readonly JmesNode[] };

export type AcceptorState = "success" | "failure" | "retry";

export interface AcceptorIR {
  readonly state: AcceptorState;
  readonly matcher: "path" | "pathAll" | "pathAny" | "error" | "status";
  /** path matchers: the expression as written, and parsed. */
  readonly argument: string | undefined;
  readonly expression: JmesNode | undefined;
  /** path: any JSON value; error: an error code, or true (any error) / false (no error); status: an HTTP status. */
  readonly expected: unknown;
}

export interface WaiterIR {
  /** The model's waiter name, e.g. TableExists. */
  readonly name: string;
  /** The exported function, e.g. waitUntilTableExists. */
  readonly functionName: string;
  /** The module file stem under src/waiters/. */
  readonly fileName: string;
  /** The operation it polls (its model name). */
  readonly operation: string;
  /** Seconds: the default minimum delay between attempts. */
  readonly delay: number;
  /** The model's attempt count (informative: the caller's maxWaitTime bounds the wait). */
  readonly maxAttempts: number | undefined;
  readonly description: string | undefined;
  readonly acceptors: readonly AcceptorIR[];
}

// ---------------------------------------------------------------------------------------------
// Lexer and parser: a port of the reference implementation's Pratt parser, restricted to the subset.

type Tok = { t: string; v?: unknown; pos: number };

const BP: Record<string, number> = {
  EOF: 0,
  Ident: 0,
  QIdent: 0,
  "]": 0,
  ")": 0,
  ",": 0,
  "}": 0,
  Number: 0,
  "@": 0,
  "&": 0,
  Literal: 0,
  "|": 1,
  "||": 2,
  "&&": 3,
  "==": 5,
  "!=": 5,
  "<": 5,
  "<=": 5,
  ">": 5,
  ">=": 5,
  "[]": 9,
  "*": 20,
  "[?": 21,
  ".": 40,
  "!": 45,
  "{": 50,
  "[": 55,
  "(": 60,
};

export class JmesSyntaxError extends Error {}

function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const fail = (m: string): never => {
    throw new JmesSyntaxError(`${m} at column ${i}`);
  };
  while (i < src.length) {
    const c = src[i]!;
    const start = i;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      while (i < src.length && /[A-Za-z0-9_]/.test(src[i]!)) i++;
      toks.push({ t: "Ident", v: src.slice(start, i), pos: start });
    } else if (/[0-9-]/.test(c)) {
      i++;
      while (i < src.length && /[0-9]/.test(src[i]!)) i++;
      const text = src.slice(start, i);
      if (text === "-") fail("a lone '-'");
      toks.push({ t: "Number", v: Number(text), pos: start });
    } else if (c === '"' || c === "'" || c === "`") {
      i++;
      let body = "";
      while (i < src.length && src[i] !== c) {
        if (src[i] === "\\" && i + 1 < src.length) {
          body += src[i]! + src[i + 1]!;
          i += 2;
        } else body += src[i++]!;
      }
      if (i >= src.length) fail(`an unterminated ${c}`);
      i++;
      if (c === "'") toks.push({ t: "Literal", v: body.replace(/\\'/g, "'"), pos: start });
      else if (c === '"') toks.push({ t: "QIdent", v: parseJson(`"${body}"`, fail), pos: start });
      else toks.push({ t: "Literal", v: parseJson(body.replace(/\\`/g, "`"), fail), pos: start });
    } else if (c === "[") {
      if (src[i + 1] === "]") {
        toks.push({ t: "[]", pos: start });
        i += 2;
      } else if (src[i + 1] === "?") {
        toks.push({ t: "[?", pos: start });
        i += 2;
      } else {
        toks.push({ t: "[", pos: start });
        i++;
      }
    } else {
      const two = src.slice(i, i + 2);
      if (["||", "&&", "==", "!=", "<=", ">="].includes(two)) {
        toks.push({ t: two, pos: start });
        i += 2;
      } else if ("|&!<>.*]@(),{}:".includes(c)) {
        toks.push({ t: c, pos: start });
        i++;
      } else if (c === "=") fail("'=' (use '==')");
      else fail(`unexpected character '${c}'`);
    }
  }
  toks.push({ t: "EOF", pos: src.length });
  return toks;
}

function parseJson(text: string, fail: (m: string) => never): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // The reference implementation reads an unquoted literal body as a JSON string.
    try {
      return JSON.parse(`"${text.trim()}"`);
    } catch {
      return fail(`an invalid JSON literal ${text}`);
    }
  }
}

/** Parses `src`, throwing JmesSyntaxError for syntax errors and for anything outside the subset. */
export function parseJmes(src: string): JmesNode {
  const toks = lex(src);
  let k = 0;
  const peek = (n = 0) => toks[Math.min(k + n, toks.length - 1)]!;
  const fail = (m: string): never => {
    throw new JmesSyntaxError(`${m} at column ${peek().pos}`);
  };
  const match = (t: string) => {
    if (peek().t !== t) fail(`expected '${t}', found '${peek().t}'`);
    k++;
  };
  const unsupported = (what: string): never => {
    throw new JmesSyntaxError(
      `${what} is outside the subset svcgen compiles (fields, projections, [] flattening, filters, comparisons, length(), contains(), &&, ||, !)`,
    );
  };
  const bp = (t: string) => BP[t] ?? 0;

  function expression(rbp: number): JmesNode {
    const tok = peek();
    k++;
    let left = nud(tok);
    while (rbp < bp(peek().t)) {
      const t = peek();
      k++;
      left = led(t, left);
    }
    return left;
  }

  function nud(tok: Tok): JmesNode {
    switch (tok.t) {
      case "Literal":
        return { type: "Literal", value: tok.v };
      case "Ident":
        return { type: "Field", name: tok.v as string };
      case "QIdent":
        if (peek().t === "(") fail("a quoted identifier cannot name a function");
        return { type: "Field", name: tok.v as string };
      case "!":
        return { type: "Not", child: expression(bp("!")) };
      case "*": {
        const right = peek().t === "]" ? { type: "Current" as const } : projectionRHS(bp("*"));
        return { type: "ValueProjection", left: { type: "Current" }, right };
      }
      case "[?":
        return led(tok, { type: "Current" });
      case "[]":
        return {
          type: "Projection",
          left: { type: "Flatten", child: { type: "Current" } },
          right: projectionRHS(bp("[]")),
        };
      case "[":
        if (peek().t === "Number" || peek().t === ":") return indexOrSlice({ type: "Current" });
        if (peek().t === "*" && peek(1).t === "]") {
          k += 2;
          return { type: "Projection", left: { type: "Current" }, right: projectionRHS(bp("*")) };
        }
        return unsupported("a multi-select list");
      case "@":
        return { type: "Current" };
      case "(": {
        const inner = expression(0);
        match(")");
        return inner;
      }
      case "{":
        return unsupported("a multi-select hash");
      case "&":
        return unsupported("an expression reference");
      case "EOF":
        return fail("unexpected end of expression");
      default:
        return fail(`unexpected '${tok.t}'`);
    }
  }

  function led(tok: Tok, left: JmesNode): JmesNode {
    switch (tok.t) {
      case ".":
        if (peek().t !== "*") return { type: "Subexpression", left, right: dotRHS(bp(".")) };
        k++;
        return { type: "ValueProjection", left, right: projectionRHS(bp(".")) };
      case "|":
        return { type: "Pipe", left, right: expression(bp("|")) };
      case "||":
        return { type: "Or", left, right: expression(bp("||")) };
      case "&&":
        return { type: "And", left, right: expression(bp("&&")) };
      case "(": {
        if (left.type !== "Field") fail("only a name can be called");
        const name = (left as { name: string }).name;
        const args: JmesNode[] = [];
        while (peek().t !== ")") {
          args.push(expression(0));
          if (peek().t === ",") match(",");
        }
        match(")");
        if (name === "length" && args.length === 1) return { type: "Function", name, args };
        if (name === "contains" && args.length === 2) return { type: "Function", name, args };
        if (name === "length" || name === "contains")
          fail(`${name}() takes ${name === "length" ? 1 : 2} argument(s), given ${args.length}`);
        return unsupported(`the function ${name}()`);
      }
      case "[?": {
        const condition = expression(0);
        match("]");
        const right = peek().t === "[]" ? ({ type: "Current" } as const) : projectionRHS(bp("[?"));
        return { type: "FilterProjection", left, right, condition };
      }
      case "[]":
        return { type: "Projection", left: { type: "Flatten", child: left }, right: projectionRHS(bp("[]")) };
      case "==":
      case "!=":
      case "<":
      case "<=":
      case ">":
      case ">=":
        return { type: "Comparator", op: tok.t, left, right: expression(bp(tok.t)) };
      case "[":
        if (peek().t === "Number" || peek().t === ":") return indexOrSlice(left);
        match("*");
        match("]");
        return { type: "Projection", left, right: projectionRHS(bp("*")) };
      default:
        return fail(`unexpected '${tok.t}'`);
    }
  }

  function indexOrSlice(left: JmesNode): JmesNode {
    if (peek().t === "Number" && peek(1).t === "]") {
      const index = peek().v as number;
      k += 2;
      return { type: "Index", left, index };
    }
    return unsupported("a slice");
  }

  function dotRHS(rbp: number): JmesNode {
    const t = peek().t;
    if (t === "Ident" || t === "QIdent" || t === "*") return expression(rbp);
    if (t === "[") return unsupported("a multi-select list");
    if (t === "{") return unsupported("a multi-select hash");
    return fail(`expected a name after '.', found '${t}'`);
  }

  function projectionRHS(rbp: number): JmesNode {
    const t = peek().t;
    if (bp(t) < 10) return { type: "Current" };
    if (t === "[" || t === "[?") return expression(rbp);
    if (t === ".") {
      match(".");
      return dotRHS(rbp);
    }
    return fail(`unexpected '${t}' after a projection`);
  }

  const ast = expression(0);
  if (peek().t !== "EOF") fail(`unexpected '${peek().t}'`);
  return ast;
}

// ---------------------------------------------------------------------------------------------

const STATES: ReadonlySet<string> = new Set(["success", "failure", "retry"]);
const MATCHERS: ReadonlySet<string> = new Set(["path", "pathAll", "pathAny", "error", "status"]);

/**
 * The document's waiters, each claiming its `waitUntil<Name>` export. Every problem of every
 * waiter is reported at once, as a ModelError with file and JSON pointer.
 */
export function waitersOf(model: RawModel, claim: (desired: string) => string, fileStem: (name: string) => string): WaiterIR[] {
  const doc = model.document;
  const raw = doc.waiters;
  if (raw === undefined) return [];
  const findings: Finding[] = [];
  const at = (pointer: string, message: string) => {
    const origin = model.sources.locate(pointer);
    findings.push({ file: origin.file, pointer: origin.pointer, message });
  };
  if (!isObj(raw)) {
    at("/waiters", "waiters must be an object of waiter name → waiter");
    throw new ModelError(findings);
  }
  const operations = isObj(doc.operations) ? doc.operations : {};
  const out: WaiterIR[] = [];
  for (const name of Object.keys(raw).sort()) {
    const w = raw[name];
    const wp = joinPointer("/waiters", name);
    if (!isObj(w)) {
      at(wp, `waiter ${name} must be an object`);
      continue;
    }
    const operation = str(w.operation);
    if (operation === undefined || !Object.hasOwn(operations, operation)) {
      at(joinPointer(wp, "operation"), `waiter ${name} polls operation ${JSON.stringify(w.operation)}, which the model does not define`);
      continue;
    }
    const delay = num(w.delay);
    if (delay === undefined || delay <= 0) at(joinPointer(wp, "delay"), `waiter ${name} needs a positive delay (seconds)`);
    if (!Array.isArray(w.acceptors) || w.acceptors.length === 0) {
      at(joinPointer(wp, "acceptors"), `waiter ${name} needs a list of acceptors`);
      continue;
    }
    const acceptors: AcceptorIR[] = [];
    w.acceptors.forEach((a: unknown, i: number) => {
      const ap = joinPointer(wp, "acceptors", i);
      if (!isObj(a)) return at(ap, `acceptor ${i} of waiter ${name} must be an object`);
      const state = str(a.state);
      const matcher = str(a.matcher);
      if (state === undefined || !STATES.has(state))
        return at(joinPointer(ap, "state"), `acceptor ${i} of waiter ${name}: state must be success, failure or retry`);
      if (matcher === undefined || !MATCHERS.has(matcher))
        return at(joinPointer(ap, "matcher"), `acceptor ${i} of waiter ${name}: matcher must be path, pathAll, pathAny, error or status`);
      if (!Object.hasOwn(a, "expected")) return at(ap, `acceptor ${i} of waiter ${name} has no expected value`);
      let argument: string | undefined;
      let expression: JmesNode | undefined;
      if (matcher.startsWith("path")) {
        argument = str(a.argument);
        if (argument === undefined)
          return at(joinPointer(ap, "argument"), `acceptor ${i} of waiter ${name}: a ${matcher} matcher needs an argument expression`);
        try {
          expression = parseJmes(argument);
        } catch (e) {
          if (!(e instanceof JmesSyntaxError)) throw e;
          return at(
            joinPointer(ap, "argument"),
            `acceptor ${i} of waiter ${name}: cannot compile the expression ${JSON.stringify(argument)}: ${e.message}`,
          );
        }
      } else if (matcher === "status" && typeof a.expected !== "number") {
        return at(joinPointer(ap, "expected"), `acceptor ${i} of waiter ${name}: a status matcher expects an HTTP status code`);
      } else if (matcher === "error" && typeof a.expected !== "string" && typeof a.expected !== "boolean") {
        return at(joinPointer(ap, "expected"), `acceptor ${i} of waiter ${name}: an error matcher expects an error code, true or false`);
      }
      acceptors.push({
        state: state as AcceptorState,
        matcher: matcher as AcceptorIR["matcher"],
        argument,
        expression,
        expected: a.expected,
      });
    });
    out.push({
      name,
      functionName: claim(`waitUntil${pascalCase(name)}`),
      fileName: fileStem(name),
      operation,
      delay: delay ?? 1,
      maxAttempts: num(w.maxAttempts),
      description: str(w.description),
      acceptors,
    });
  }
  if (findings.length > 0) throw new ModelError(findings);
  return out;
}
