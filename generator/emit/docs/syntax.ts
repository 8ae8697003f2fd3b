// Request and response syntax: TypeScript values of the right type for a shape, written as the
// lines of an example call, with notes as comments; recursion and size are bounded.
import type { MemberIR, OperationIR, ScalarIR, ServiceIR } from "../../ir/types.js";
import { literal } from "../kit/file.js";
import { commentText } from "../kit/markdown.js";
import { shapeOf } from "../kit/shapes.js";

const SYNTAX_LINE_BUDGET = 1000;
const ENUM_SYNTAX_MAX_VALUES = 8;
const ENUM_SYNTAX_MAX_CHARS = 200;

export const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function key(name: string): string {
  return IDENTIFIER.test(name) ? name : literal(name);
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
export function writeValue(
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
      // An event stream is an AsyncIterable: one event is shown.
      const kind = s.eventStream
        ? ["AsyncIterable of events like this one, each setting one member"]
        : s.union
          ? ["union: set exactly one member"]
          : [];
      lines.push(`${head}{${comment(kind)}`);
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
export function callLines(ir: ServiceIR, op: OperationIR, callee: string, withClient: boolean, keep: (m: MemberIR) => boolean): string[] {
  const client = withClient ? "client, " : "";
  if (op.inputShape === undefined) return [`${callee}(${withClient ? "client" : ""})`];
  const members = op.inputShape.members.filter(keep);
  if (members.length === 0) return [`${callee}(${client}{})`];
  const lines = [`${callee}(${client}{`];
  for (const m of members)
    writeValue(ir, lines, "input", m.target, "  ", `  ${key(m.name)}: `, ",", memberNotes(m, "input"), [op.inputShape.name]);
  lines.push("})");
  return lines;
}

export const everyMember = () => true;
export const requiredMember = (m: MemberIR) => m.required;

export function importLine(ir: ServiceIR, names: readonly string[]): string {
  return `import { ${[...new Set(names)].join(", ")} } from ${literal(ir.packageName)};`;
}
