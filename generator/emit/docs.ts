// docs/: Markdown pages for the generated package: an index, one page per operation (request and
// response syntax, parameters, errors, pagination) and one per named shape. Every string from the
// model is escaped for the Markdown context it lands in, and the IR's Markdown is re-checked on the
// way in, so no model text can become markup, a link or a script on any page.
import { summary } from "../ir/docs.js";
import type { MemberIR, OperationIR, ScalarIR, ServiceIR, ShapeIR, ShapeRole, StructureIR } from "../ir/types.js";
import { isNamed, literal, shapeOf, type Emitter, type PlannedFile } from "./context.js";

// ---------------------------------------------------------------------------------------------
// Markdown escaping

const LINE_BREAKS = /[\r\n\t\f\v\u2028\u2029]+/g;

/** A raw model string as inline text: one line, every character Markdown could read as markup escaped. */
function text(raw: string): string {
  // `<` as an entity: the one character every Markdown dialect would read as the start of HTML.
  return raw
    .replace(LINE_BREAKS, " ")
    .replace(/[\\`*_[\]>|#!~&()$]/g, "\\$&")
    .replace(/</g, "&lt;");
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
function code(raw: string): string {
  const t = raw.replace(LINE_BREAKS, " ");
  if (t === "") return "_(empty)_";
  const fence = "`".repeat(longestRun(t, "`") + 1);
  // CommonMark strips one space from each end when both have one; a backtick at an end needs a space.
  const pad = t.startsWith("`") || t.endsWith("`") || (t.startsWith(" ") && t.endsWith(" ") && t.trim() !== "") ? " " : "";
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** A fenced code block whose fence no line inside can close. */
function codeBlock(body: string, lang: string): string {
  const fence = "`".repeat(Math.max(3, longestRun(body, "`") + 1));
  return `${fence}${lang}\n${body}\n${fence}`;
}

/** Markdown as one table cell: one line, and every pipe escaped (an odd run of backslashes before it). */
function cell(md: string): string {
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
function safeLine(line: string): string {
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
      for (let k = j; k < n && close === -1; ) {
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
function safeDocs(md: string): string {
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
function safeInline(md: string): string {
  return safeLine(md.replace(LINE_BREAKS, " ").trim());
}

function indent(block: string, by: number): string {
  const pad = " ".repeat(by);
  return block
    .split("\n")
    .map((l) => (l === "" ? "" : pad + l))
    .join("\n");
}

/** Blocks separated by one blank line, empty ones dropped. */
function blocks(parts: readonly string[]): string {
  return parts.filter((p) => p !== "").join("\n\n");
}

// ---------------------------------------------------------------------------------------------
// Page files and links

/** Where a page sits; links are written relative to it. */
type From = "index" | "operation" | "shape";

interface Usage {
  readonly op: OperationIR;
  readonly roles: readonly ShapeRole[];
}

interface Site {
  readonly ir: ServiceIR;
  readonly opFile: ReadonlyMap<string, string>;
  readonly shapeFile: ReadonlyMap<string, string>;
  /** Operation inputs and outputs: the structures whose members bind to the HTTP message. */
  readonly topLevel: ReadonlySet<string>;
  /** Named shape → the operations that reach it, in operation order. */
  readonly usage: ReadonlyMap<string, readonly Usage[]>;
}

function shapeHref(site: Site, name: string, from: From): string | undefined {
  const file = site.shapeFile.get(name);
  if (file === undefined) return undefined;
  const dir = from === "index" ? "shapes/" : from === "operation" ? "../shapes/" : "";
  return dir + encodeURIComponent(file);
}

function opHref(site: Site, op: OperationIR, from: From): string {
  const dir = from === "index" ? "operations/" : from === "operation" ? "" : "../operations/";
  return dir + encodeURIComponent(site.opFile.get(op.name)!);
}

/** A link to a named shape's page, labelled with its TypeScript name. */
function shapeLink(site: Site, name: string, from: From): string {
  const s = shapeOf(site.ir, name);
  const href = shapeHref(site, name, from);
  return href === undefined ? code(s.typeName) : `[${code(s.typeName)}](${href})`;
}

function opLink(site: Site, op: OperationIR, from: From): string {
  return `[${text(op.name)}](${opHref(site, op, from)})`;
}

function indexHref(from: From): string {
  return from === "index" ? "index.md" : "../index.md";
}

// ---------------------------------------------------------------------------------------------
// Types and constraints

type TypePart = { readonly code: string } | { readonly shape: string; readonly typeName: string };

/** The TypeScript type of a reference, as the types module writes it, in parts so names can link. */
function typeParts(ir: ServiceIR, name: string, seen: readonly string[] = []): TypePart[] {
  const s = shapeOf(ir, name);
  switch (s.kind) {
    case "structure":
      return [{ shape: name, typeName: s.typeName }];
    case "list": {
      if (seen.includes(name)) return [{ code: "unknown[]" }];
      const inner = typeParts(ir, s.member, [...seen, name]);
      return /^[\w.]+$/.test(plainType(inner)) ? [...inner, { code: "[]" }] : [{ code: "Array<" }, ...inner, { code: ">" }];
    }
    case "map":
      if (seen.includes(name)) return [{ code: "Record<string, unknown>" }];
      return [{ code: "Record<string, " }, ...typeParts(ir, s.value, [...seen, name]), { code: ">" }];
    case "string":
      return s.enum ? [{ shape: name, typeName: s.typeName }] : [{ code: "string" }];
    case "boolean":
      return [{ code: "boolean" }];
    case "timestamp":
      return [{ code: "Date" }];
    case "blob":
      return [{ code: "Uint8Array" }];
    case "document":
      return [{ code: "DocumentValue" }];
    default:
      return [{ code: "number" }];
  }
}

function plainType(parts: readonly TypePart[]): string {
  return parts.map((p) => ("code" in p ? p.code : p.typeName)).join("");
}

/** The type as Markdown: code, with named shapes linked to their pages. */
function typeMd(site: Site, name: string, from: From): string {
  const out: string[] = [];
  let pending = "";
  for (const p of typeParts(site.ir, name)) {
    if ("code" in p) {
      pending += p.code;
      continue;
    }
    if (pending !== "") out.push(code(pending));
    pending = "";
    out.push(shapeLink(site, p.shape, from));
  }
  if (pending !== "") out.push(code(pending));
  return out.join("");
}

function bounds(label: string, min: number | undefined, max: number | undefined): string | undefined {
  if (min !== undefined && max !== undefined) return min === max ? `${label}: exactly ${min}` : `${label}: ${min}–${max}`;
  if (min !== undefined) return `${label}: at least ${min}`;
  if (max !== undefined) return `${label}: at most ${max}`;
  return undefined;
}

const ENUM_INLINE_MAX = 12;

/** Constraints of a target shape in the model's words; lists and maps add those of their items. */
function constraints(site: Site, name: string, from: From, depth = 0): string[] {
  const s = shapeOf(site.ir, name);
  const out: Array<string | undefined> = [];
  const nested = (label: string, target: string) => {
    const inner = depth < 2 ? constraints(site, target, from, depth + 1) : [];
    if (inner.length > 0) out.push(`${label}: ${inner.join(", ")}`);
  };
  switch (s.kind) {
    case "string":
      if (s.enum) {
        out.push(
          s.enum.length <= ENUM_INLINE_MAX
            ? `Allowed values: ${s.enum.map(code).join(", ")}`
            : `Allowed values: ${s.enum.length} values, see ${shapeLink(site, name, from)}`,
        );
      }
      out.push(bounds("Length", s.min, s.max));
      if (s.pattern !== undefined) out.push(`Pattern: ${code(s.pattern)}`);
      break;
    case "blob":
      out.push(bounds("Length (bytes)", s.min, s.max));
      if (s.streaming) out.push("Streaming");
      break;
    case "list":
      out.push(bounds("Items", s.min, s.max));
      nested("Each item", s.member);
      break;
    case "map":
      out.push(bounds("Entries", s.min, s.max));
      nested("Each key", s.key);
      nested("Each value", s.value);
      break;
    case "timestamp":
      if (s.timestampFormat !== undefined) out.push(`Wire format: ${code(s.timestampFormat)}`);
      break;
    case "structure":
    case "document":
    case "boolean":
      break;
    default:
      out.push(bounds("Range", s.min, s.max));
  }
  return out.filter((c): c is string => c !== undefined);
}

// ---------------------------------------------------------------------------------------------
// Request and response syntax: TypeScript values of the right type

const SYNTAX_LINE_BUDGET = 1000;
const ENUM_SYNTAX_MAX_VALUES = 8;
const ENUM_SYNTAX_MAX_CHARS = 200;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : literal(name);
}

/** Model text inside a `//` comment: one line. */
function commentText(raw: string): string {
  return raw.replace(LINE_BREAKS, " ");
}

function scalarPlaceholder(s: ScalarIR): { value: string; note?: string } {
  switch (s.kind) {
    case "string": {
      if (!s.enum || s.enum.length === 0) return { value: '"STRING_VALUE"' };
      const joined = s.enum.map(literal).join(" || ");
      return s.enum.length <= ENUM_SYNTAX_MAX_VALUES && joined.length <= ENUM_SYNTAX_MAX_CHARS
        ? { value: joined }
        : { value: literal(s.enum[0]!), note: `one of ${s.enum.length} values, see ${s.typeName}` };
    }
    case "boolean":
      return { value: "true" };
    case "timestamp":
      return { value: 'new Date("2025-01-01T00:00:00Z")' };
    case "blob":
      return { value: "new Uint8Array()" };
    case "document":
      return { value: "{}", note: "any JSON value" };
    case "float":
    case "double":
    case "bigDecimal":
      return { value: "1.5" };
    default:
      return { value: "123" };
  }
}

type SyntaxMode = "input" | "output";

function memberNotes(m: MemberIR, mode: SyntaxMode): string[] {
  const notes: string[] = [];
  if (mode === "input") notes.push(m.required ? "required" : "optional");
  else if (m.required) notes.push("always present");
  if (m.deprecated) notes.push("deprecated");
  return notes;
}

/**
 * Writes the value of shape `name` as lines of TypeScript: `head` starts the first line, `tail`
 * ends the last, `notes` become a comment on the first. A structure already being written stops
 * with a comment, and so does everything once the budget of lines is spent.
 */
function writeValue(
  ir: ServiceIR,
  lines: string[],
  mode: SyntaxMode,
  name: string,
  pad: string,
  head: string,
  tail: string,
  notes: readonly string[],
  stack: readonly string[],
): void {
  const s = shapeOf(ir, name);
  const comment = (extra: readonly string[]) => {
    const all = [...notes, ...extra].map(commentText);
    return all.length > 0 ? ` // ${all.join("; ")}` : "";
  };
  if (s.kind === "structure" || s.kind === "list" || s.kind === "map") {
    const empty = s.kind === "list" ? "[]" : "{}";
    if (stack.includes(name)) {
      lines.push(`${head}${empty}${tail}${comment([`recursive: same shape as above (${s.typeName})`])}`);
      return;
    }
    if (lines.length >= SYNTAX_LINE_BUDGET) {
      lines.push(`${head}${empty}${tail}${comment([`see ${s.typeName}`])}`);
      return;
    }
    const inner = [...stack, name];
    const next = pad + "  ";
    if (s.kind === "structure") {
      lines.push(`${head}{${comment(s.union ? ["union: set exactly one member"] : [])}`);
      for (const m of s.members) writeValue(ir, lines, mode, m.target, next, `${next}${key(m.name)}: `, ",", memberNotes(m, mode), inner);
      lines.push(`${pad}}${tail}`);
    } else if (s.kind === "list") {
      lines.push(`${head}[${comment([])}`);
      writeValue(ir, lines, mode, s.member, next, next, ",", [], inner);
      lines.push(`${pad}]${tail}`);
    } else {
      lines.push(`${head}{${comment([])}`);
      writeValue(ir, lines, mode, s.value, next, `${next}"<key>": `, ",", [], inner);
      lines.push(`${pad}}${tail}`);
    }
    return;
  }
  const p = scalarPlaceholder(s);
  lines.push(`${head}${p.value}${tail}${comment(p.note === undefined ? [] : [p.note])}`);
}

/** A call `callee(client, { ...the input members kept... })`; methods of the aggregate take no client. */
function callLines(ir: ServiceIR, op: OperationIR, callee: string, withClient: boolean, keep: (m: MemberIR) => boolean): string[] {
  const client = withClient ? "client, " : "";
  if (op.input === undefined) return [`${callee}(${withClient ? "client" : ""})`];
  const input = shapeOf(ir, op.input);
  const members = input.kind === "structure" ? input.members.filter(keep) : [];
  if (members.length === 0) return [`${callee}(${client}{})`];
  const lines = [`${callee}(${client}{`];
  for (const m of members) writeValue(ir, lines, "input", m.target, "  ", `  ${key(m.name)}: `, ",", memberNotes(m, "input"), [op.input]);
  lines.push("})");
  return lines;
}

const everyMember = () => true;
const requiredMember = (m: MemberIR) => m.required;

function importLine(ir: ServiceIR, names: readonly string[]): string {
  return `import { ${[...new Set(names)].join(", ")} } from ${literal(ir.packageName)};`;
}

// ---------------------------------------------------------------------------------------------
// Member entries (parameters, response structure, shape members)

type EntryMode = "input" | "output" | "shape";

/** Where a member travels on the wire, for the top-level members of an input or output. */
function wireLocation(ir: ServiceIR, owner: StructureIR, m: MemberIR): string | undefined {
  const wire = m.locationName ?? m.name;
  switch (m.location) {
    case "uri":
      return `URI label ${code(`{${wire}${m.greedy ? "+" : ""}}`)}`;
    case "querystring":
      return shapeOf(ir, m.target).kind === "map" ? "query string (one parameter per entry)" : `query string ${code(wire)}`;
    case "header":
      return `header ${code(wire)}`;
    case "headers":
      return `headers prefixed ${code(wire)}`;
    case "statusCode":
      return "HTTP status code";
    default:
      break;
  }
  if (owner.payload === m.name) return "the whole body";
  if (owner.payload !== undefined) return undefined;
  return m.locationName !== undefined && m.locationName !== m.name ? `body, as ${code(m.locationName)}` : "body";
}

/** The structure at the end of a member's list/map chain, if any: the one to expand. */
function elementStructure(ir: ServiceIR, name: string): StructureIR | undefined {
  let current = shapeOf(ir, name);
  for (let i = 0; i < 8; i++) {
    if (current.kind === "structure") return current;
    if (current.kind === "list") current = shapeOf(ir, current.member);
    else if (current.kind === "map") current = shapeOf(ir, current.value);
    else return undefined;
  }
  return undefined;
}

/**
 * One member as a list item: name, linked type, requirement, where it travels (top-level input and
 * output members only), constraints, notes and docs; `expand` lists a nested structure's members.
 */
function memberEntry(site: Site, owner: StructureIR, m: MemberIR, mode: EntryMode, from: From, expand: boolean): string {
  const ir = site.ir;
  const requirement = mode === "output" ? (m.required ? "always present" : "optional") : m.required ? "**required**" : "optional";
  const where = site.topLevel.has(owner.name) ? wireLocation(ir, owner, m) : undefined;
  const headParts = [`- **${text(m.name)}** — ${typeMd(site, m.target, from)}`, requirement];
  if (where !== undefined) headParts.push(where);
  const facts = constraints(site, m.target, from).join(" · ");
  const notes: string[] = [];
  if (m.deprecated) notes.push("**Deprecated.**");
  if (m.idempotencyToken) notes.push("Idempotency token: filled with a random UUID when omitted, so a retried call is not applied twice.");
  if (m.sensitive) notes.push("Sensitive: hooks, logs and error messages show `***` instead of the value.");
  if (m.hostLabel) notes.push(`Also fills the host prefix label ${code(`{${m.name}}`)}.`);
  const nested: string[] = [];
  const element = expand ? elementStructure(ir, m.target) : undefined;
  if (element && element.members.length > 0) {
    nested.push(`${element.union ? "Exactly one member" : "Members"} of ${shapeLink(site, element.name, from)}:`);
    nested.push(element.members.map((inner) => memberEntry(site, element, inner, mode, from, false)).join("\n\n"));
  }
  const body = blocks([facts, ...notes, safeDocs(m.docs), ...nested]);
  return body === "" ? headParts.join(" · ") : `${headParts.join(" · ")}\n\n${indent(body, 2)}`;
}

// ---------------------------------------------------------------------------------------------
// Pages

function breadcrumb(ir: ServiceIR, from: From, section: string, name: string): string {
  return `[${text(ir.fullName)}](${indexHref(from)}) › ${section} › ${text(name)}`;
}

function operationPage(site: Site, op: OperationIR): string {
  const ir = site.ir;
  const input = op.input !== undefined ? shapeOf(ir, op.input) : undefined;
  const output = op.output !== undefined ? shapeOf(ir, op.output) : undefined;
  const parts: string[] = [breadcrumb(ir, "operation", "Operations", op.name), `# ${text(op.name)}`];
  if (op.deprecated) parts.push("> **Deprecated:** the model marks this operation as deprecated; avoid it in new code.");
  if (op.eventStream) {
    parts.push("> **Not supported yet:** this operation uses an event stream, which this client does not support; calling it rejects with an error that says so.");
  }
  parts.push(safeDocs(op.docs));

  const facts = [
    `- **Function:** ${code(op.functionName)}`,
    `- **HTTP request:** ${code(`${op.method} ${op.requestUri}`)}`,
    `- **Success status:** ${op.responseCode ?? 200}`,
  ];
  if (op.hostPrefix !== undefined) facts.push(`- **Host prefix:** ${code(op.hostPrefix)}`);
  if (input) facts.push(`- **Input:** ${shapeLink(site, input.name, "operation")}`);
  if (output) facts.push(`- **Output:** ${shapeLink(site, output.name, "operation")}`);
  const traits = [op.readonly ? "read-only" : "", op.idempotent ? "idempotent (safe to retry)" : "", op.paginator ? "paginated (see [Pagination](#pagination))" : ""].filter((t) => t !== "");
  if (traits.length > 0) facts.push(`- **Traits:** ${traits.join(", ")}`);
  parts.push(facts.join("\n"));

  const call = callLines(ir, op, op.functionName, true, everyMember);
  call[0] = `const response = await ${call[0]!}`;
  call[call.length - 1] += ";";
  parts.push(
    "## Request syntax",
    codeBlock([importLine(ir, [ir.names.client, op.functionName]), "", `const client = new ${ir.names.client}({ region: "us-east-1" });`, ...call].join("\n"), "ts"),
  );

  parts.push("## Parameters");
  if (input && input.kind === "structure" && input.members.length > 0) {
    parts.push(input.members.map((m) => memberEntry(site, input, m, "input", "operation", true)).join("\n\n"));
  } else parts.push("This operation takes no parameters.");

  parts.push("## Response syntax");
  if (output && output.kind === "structure") {
    const lines: string[] = [];
    writeValue(ir, lines, "output", output.name, "", "const response = ", ";", [output.typeName], []);
    parts.push(codeBlock(lines.join("\n"), "ts"));
  } else parts.push("This operation returns no data.");
  parts.push("Every response also carries `$metadata`: the HTTP status code, the request ID and the number of attempts the call took.");

  parts.push("## Response structure");
  if (output && output.kind === "structure" && output.members.length > 0) {
    parts.push(output.members.map((m) => memberEntry(site, output, m, "output", "operation", true)).join("\n\n"));
  } else parts.push("The response has no members besides `$metadata`.");

  parts.push("## Errors");
  if (op.errors.length > 0) {
    parts.push(
      `Every error below extends ${code(ir.names.baseException)}; tell them apart with \`instanceof\`. Errors the model does not list arrive as ${code(ir.names.baseException)} itself.`,
      op.errors.map((name) => errorEntry(site, name)).join("\n\n"),
    );
  } else parts.push(`The model lists no errors for this operation; service errors arrive as ${code(ir.names.baseException)}.`);

  if (op.paginator) parts.push(...paginationSection(site, op, op.paginator));
  return blocks(parts) + "\n";
}

function errorFacts(s: StructureIR): string[] {
  const e = s.exception!;
  const facts = [e.httpStatusCode !== undefined ? `HTTP ${e.httpStatusCode}` : "HTTP status not modelled", `${e.fault} fault`];
  if (e.retryable) facts.push(e.retryable.throttling ? "retryable (throttling)" : "retryable");
  return facts;
}

function errorEntry(site: Site, name: string): string {
  const s = shapeOf(site.ir, name);
  if (s.kind !== "structure" || !s.exception) return `- ${shapeLink(site, name, "operation")}`;
  const docs = safeDocs(s.docs);
  const head = `- ${shapeLink(site, name, "operation")} — ${errorFacts(s).join(" · ")}`;
  return docs === "" ? head : `${head}\n\n${indent(docs, 2)}`;
}

/** A property access for a paginator path such as `Items` or `Paging.Items`, when it is that simple. */
function accessPath(path: string): string | undefined {
  const parts = path.split(".");
  return parts.every((p) => IDENTIFIER.test(p)) ? `page.${parts.join("?.")}` : undefined;
}

function paginationSection(site: Site, op: OperationIR, pg: NonNullable<OperationIR["paginator"]>): string[] {
  const ir = site.ir;
  const list = (items: readonly string[]) => (items.length > 0 ? items.map(code).join(", ") : "none");
  const facts = [
    `- **Input token:** ${list(pg.inputToken)}`,
    `- **Output token:** ${list(pg.outputToken)}`,
    `- **Page size (limit key):** ${pg.limitKey !== undefined ? code(pg.limitKey) : "none"}`,
    `- **Result key:** ${list(pg.resultKey)}`,
  ];
  if (pg.moreResults !== undefined) facts.push(`- **More results flag:** ${code(pg.moreResults)}`);
  if (pg.nonAggregateKeys.length > 0) facts.push(`- **Per-page keys:** ${list(pg.nonAggregateKeys)}`);
  if (pg.itemShape !== undefined) facts.push(`- **Item type:** ${typeMd(site, pg.itemShape, "operation")}`);

  const tokens = new Set(pg.inputToken);
  const lines: string[] = [importLine(ir, [ir.names.client, pg.functionName]), "", `const client = new ${ir.names.client}({ region: "us-east-1" });`];
  const args = (fn: string) => callLines(ir, op, fn, true, (m) => m.required && !tokens.has(m.name));
  const pages = args(pg.functionName);
  pages[0] = `for await (const page of ${pages[0]!}`;
  pages[pages.length - 1] += ") {";
  const access = pg.resultKey[0] !== undefined ? accessPath(pg.resultKey[0]) : undefined;
  lines.push("", "// Page by page:", ...pages, `  console.log(${access ?? "page"});`, "}");
  if (pg.resultKey.length > 0) {
    const items = args(pg.functionName);
    items[0] = `for await (const item of ${items[0]!}`;
    items[items.length - 1] += ".items()) {";
    lines.push("", `// Item by item, across pages (the items of ${commentText(pg.resultKey[0]!)}):`, ...items, "  console.log(item);", "}");
  }
  const pageSize = pg.limitKey !== undefined ? ` \`pageSize\` (sent as ${code(pg.limitKey)} on every page),` : "";
  return [
    "## Pagination",
    `${code(pg.functionName)} calls ${text(op.name)} page after page, passing each page's output token back as the next input token, until the service returns no token or repeats one.`,
    facts.join("\n"),
    codeBlock(lines.join("\n"), "ts"),
    `A third argument takes \`PaginationOptions\`:${pageSize} \`startingToken\` (resume from an earlier page's token), \`maxPages\`, \`signal\` and \`timeoutMs\` (a deadline for the whole iteration).`,
  ];
}

function shapePage(site: Site, s: StructureIR | ScalarIR): string {
  const ir = site.ir;
  const parts: string[] = [breadcrumb(ir, "shape", "Shapes", s.name), `# ${text(s.name)}`];
  let kind: string;
  if (s.kind === "structure") kind = s.exception ? "Error" : s.union ? "Union" : "Structure";
  else kind = "Enum";
  const module = s.kind === "structure" && s.exception ? "error class" : "type";
  parts.push(`**${kind}** · TypeScript ${module} ${code(s.typeName)}, exported by ${code(ir.packageName)}`);
  if (s.deprecated) parts.push("> **Deprecated:** the model marks this shape as deprecated.");
  parts.push(safeDocs(s.docs));
  if (s.sensitive) parts.push("Sensitive: hooks, logs and error messages show `***` instead of its values.");

  if (s.kind === "structure") {
    if (s.exception) {
      const e = s.exception;
      const facts = [
        `- **HTTP status:** ${e.httpStatusCode ?? "not modelled"}`,
        `- **Fault:** ${e.fault === "client" ? "client (the request needs changing)" : "server (the request may succeed later)"}`,
        `- **Error code:** ${code(e.code)}`,
      ];
      if (e.retryable) facts.push(`- **Retryable:** yes${e.retryable.throttling ? " (throttling)" : ""}`);
      parts.push(facts.join("\n"));
    }
    parts.push(s.union ? "## Members (set exactly one)" : "## Members");
    parts.push(s.members.length > 0 ? s.members.map((m) => memberEntry(site, s, m, "shape", "shape", false)).join("\n\n") : "This structure has no members.");
  } else {
    parts.push("## Values");
    const values = s.enum ?? [];
    parts.push(values.length > 0 ? values.map((v) => `- ${code(v)}`).join("\n") : "The model lists no values.");
    parts.push("Responses may carry values this list does not know yet; they arrive as they are.");
  }

  parts.push("## Used by");
  const usage = site.usage.get(s.name) ?? [];
  parts.push(usage.length > 0 ? usage.map((u) => `- ${opLink(site, u.op, "shape")}: ${u.roles.join(", ")}`).join("\n") : "No operation reaches this shape.");
  return blocks(parts) + "\n";
}

function indexPage(site: Site, named: readonly (StructureIR | ScalarIR)[]): string {
  const ir = site.ir;
  const parts: string[] = [`# ${text(ir.fullName)}`, safeDocs(ir.docs)];
  const facts = [
    `- **Package:** ${code(ir.packageName)}`,
    `- **Service ID:** ${code(ir.serviceId)}`,
    `- **API version:** ${code(ir.apiVersion)}`,
    `- **Protocol:** ${code(ir.protocol)}${ir.jsonVersion !== undefined ? ` (JSON ${code(ir.jsonVersion)})` : ""}`,
    `- **Signing name:** ${code(ir.signingName)}`,
  ];
  parts.push(facts.join("\n"));
  if (ir.notices.length > 0) parts.push("## Notices", ir.notices.map((n) => `- ${text(n)}`).join("\n"));

  parts.push("## Getting started");
  const example = ir.operations.find((op) => op.readonly && requiredCount(ir, op) === 0) ?? ir.operations.find((op) => requiredCount(ir, op) === 0) ?? ir.operations[0];
  const lines = [importLine(ir, example ? [ir.names.client, example.functionName] : [ir.names.client]), "", `const client = new ${ir.names.client}({ region: "eu-west-1" });`];
  if (example) {
    const call = callLines(ir, example, example.functionName, true, requiredMember);
    call[0] = `const response = await ${call[0]!}`;
    call[call.length - 1] += ";";
    lines.push(...call);
  }
  parts.push(
    `Each operation is a function of its own that takes the client, so a bundle holds only the operations it imports. The client holds the configuration (region, credentials, retries, timeouts) and the connection pool.`,
    codeBlock(lines.join("\n"), "ts"),
    `${code(ir.names.aggregate)} is the same client with one method per operation (and per paginator), for code that prefers methods to a small bundle:`,
  );
  const aggregate = [importLine(ir, [ir.names.aggregate]), "", `const service = new ${ir.names.aggregate}({ region: "eu-west-1" });`];
  if (example) {
    const call = callLines(ir, example, `service.${example.functionName}`, false, requiredMember);
    call[0] = `const response = await ${call[0]!}`;
    call[call.length - 1] += ";";
    aggregate.push(...call);
  }
  parts.push(
    codeBlock(aggregate.join("\n"), "ts"),
    `Every service error extends ${code(ir.names.baseException)}; each modelled error is a class of its own, and each operation page lists the errors it can raise.`,
  );

  parts.push("## Operations");
  if (ir.operations.length > 0) {
    const rows = ir.operations.map((op) => {
      const notes = [op.deprecated ? "**Deprecated.**" : "", op.eventStream ? "**Not supported yet** (event stream)." : ""].filter((n) => n !== "");
      return row([opLink(site, op, "index"), code(`${op.method} ${op.requestUri}`), [safeInline(summary(op.docs)), ...notes].filter((t) => t !== "").join(" ")]);
    });
    parts.push(table(["Operation", "HTTP request", "Description"], rows));
  } else parts.push("The model has no operations.");

  const structures = named.filter((s): s is StructureIR => s.kind === "structure" && !s.exception);
  const enums = named.filter((s): s is ScalarIR => s.kind !== "structure");
  const errors = named.filter((s): s is StructureIR => s.kind === "structure" && s.exception !== undefined);
  const roles = (s: ShapeIR) => [...s.roles].sort().join(", ");
  parts.push("## Shapes");
  if (structures.length > 0) {
    parts.push(
      "### Structures",
      table(
        ["Shape", "Kind", "Used in", "Description"],
        structures.map((s) => row([shapeLink(site, s.name, "index"), s.union ? "union" : "structure", roles(s), safeInline(summary(s.docs))])),
      ),
    );
  }
  if (enums.length > 0) {
    parts.push(
      "### Enums",
      table(["Enum", "Values", "Description"], enums.map((s) => row([shapeLink(site, s.name, "index"), String(s.enum?.length ?? 0), safeInline(summary(s.docs))]))),
    );
  }
  if (errors.length > 0) {
    parts.push(
      "### Errors",
      table(
        ["Error", "HTTP status", "Fault", "Description"],
        errors.map((s) => row([shapeLink(site, s.name, "index"), String(s.exception!.httpStatusCode ?? "—"), s.exception!.fault, safeInline(summary(s.docs))])),
      ),
    );
  }
  return blocks(parts) + "\n";
}

function requiredCount(ir: ServiceIR, op: OperationIR): number {
  if (op.input === undefined) return 0;
  const s = shapeOf(ir, op.input);
  return s.kind === "structure" ? s.members.filter((m) => m.required).length : 0;
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(cell).join(" | ")} |`;
}

function table(header: readonly string[], rows: readonly string[]): string {
  return [row(header), `|${header.map(() => " --- |").join("")}`, ...rows].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Usage: which operations reach each named shape, and as what

function computeUsage(ir: ServiceIR): Map<string, Usage[]> {
  const usage = new Map<string, Usage[]>();
  const order: readonly ShapeRole[] = ["input", "output", "error"];
  for (const op of ir.operations) {
    const reached = new Map<string, Set<ShapeRole>>();
    const walk = (start: string, role: ShapeRole) => {
      const seen = new Set<string>();
      const todo = [start];
      while (todo.length > 0) {
        const name = todo.pop()!;
        if (seen.has(name)) continue;
        seen.add(name);
        const s = shapeOf(ir, name);
        if (isNamed(s)) {
          let roles = reached.get(name);
          if (!roles) reached.set(name, (roles = new Set()));
          roles.add(role);
        }
        if (s.kind === "structure") for (const m of s.members) todo.push(m.target);
        else if (s.kind === "list") todo.push(s.member);
        else if (s.kind === "map") todo.push(s.key, s.value);
      }
    };
    if (op.input !== undefined) walk(op.input, "input");
    if (op.output !== undefined) walk(op.output, "output");
    for (const e of op.errors) walk(e, "error");
    for (const [name, roles] of reached) {
      let list = usage.get(name);
      if (!list) usage.set(name, (list = []));
      list.push({ op, roles: order.filter((r) => roles.has(r)) });
    }
  }
  return usage;
}

export const emitDocs: Emitter = (ir) => {
  const named = [...ir.shapes.values()].filter((s): s is StructureIR | ScalarIR => isNamed(s) && (s.kind === "structure" || s.kind === "string"));
  const site: Site = {
    ir,
    opFile: new Map(ir.operations.map((op) => [op.name, op.docFile])),
    shapeFile: new Map(named.map((s) => [s.name, s.docFile!])),
    topLevel: new Set(ir.operations.flatMap((op) => [op.input, op.output].filter((n): n is string => n !== undefined))),
    usage: computeUsage(ir),
  };
  const files: PlannedFile[] = [{ path: "docs/index.md", content: indexPage(site, named) }];
  for (const op of ir.operations) files.push({ path: `docs/operations/${site.opFile.get(op.name)!}`, content: operationPage(site, op) });
  for (const s of named) files.push({ path: `docs/shapes/${site.shapeFile.get(s.name)!}`, content: shapePage(site, s) });
  return files;
};
