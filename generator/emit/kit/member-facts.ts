// Facts about a member that every documentation format states in the same words: a shape's
// constraints as the model gives them (enum values, lengths, patterns, ranges, wire formats) and
// where a member travels on the wire. Walked once here; each format (Markdown pages, the HTML
// site) supplies how a value is quoted and how an enum too long to inline is referred to.
import type { MemberIR, ServiceIR, StructureIR } from "../../ir/types.js";
import { shapeOf } from "./shapes.js";

export interface FactStyle {
  /** A literal value (a pattern, an enum value, a header name), quoted and escaped for the format. */
  readonly code: (value: string) => string;
  readonly enumSeparator: string;
  /** Enums with more values than this name their shape page instead of listing them. */
  readonly enumInlineMax: number;
  /** A reference to the page of the shape `name`, for a long enum. */
  readonly shapeRef: (name: string) => string;
}

function bounds(label: string, min: number | undefined, max: number | undefined): string | undefined {
  if (min !== undefined && max !== undefined) return min === max ? `${label}: exactly ${min}` : `${label}: ${min}–${max}`;
  if (min !== undefined) return `${label}: at least ${min}`;
  if (max !== undefined) return `${label}: at most ${max}`;
  return undefined;
}

/**
 * Constraints of a target shape, lists and maps adding those of their items (two levels down).
 * Only fixed words, numbers and `style` output appear, so the lines are already safe in the format.
 */
export function constraintFacts(ir: ServiceIR, name: string, style: FactStyle, depth = 0): string[] {
  const s = shapeOf(ir, name);
  const out: Array<string | undefined> = [];
  const nested = (label: string, target: string) => {
    const inner = depth < 2 ? constraintFacts(ir, target, style, depth + 1) : [];
    if (inner.length > 0) out.push(`${label}: ${inner.join(", ")}`);
  };
  switch (s.kind) {
    case "string":
      if (s.enum) {
        out.push(
          s.enum.length <= style.enumInlineMax
            ? `Allowed values: ${s.enum.map(style.code).join(style.enumSeparator)}`
            : `Allowed values: ${s.enum.length} values, see ${style.shapeRef(name)}`,
        );
      }
      out.push(bounds("Length", s.min, s.max));
      if (s.pattern !== undefined) out.push(`Pattern: ${style.code(s.pattern)}`);
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
      if (s.timestampFormat !== undefined) out.push(`Wire format: ${style.code(s.timestampFormat)}`);
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

/** Where a top-level input or output member travels on the wire; undefined for a member outside a payload member's body. */
export function wireLocation(owner: StructureIR, m: MemberIR, code: (value: string) => string): string | undefined {
  const wire = m.locationName ?? m.name;
  switch (m.location) {
    case "uri":
      return `URI label ${code(`{${wire}${m.greedy ? "+" : ""}}`)}`;
    case "querystring":
      return m.shape.kind === "map" ? "query string (one parameter per entry)" : `query string ${code(wire)}`;
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
export function elementStructure(ir: ServiceIR, name: string): StructureIR | undefined {
  let current = shapeOf(ir, name);
  for (let i = 0; i < 8; i++) {
    if (current.kind === "structure") return current;
    if (current.kind === "list") current = current.memberShape;
    else if (current.kind === "map") current = current.valueShape;
    else return undefined;
  }
  return undefined;
}
