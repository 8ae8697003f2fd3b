// Constraints of a shape in the model's words (enum values, lengths, patterns, ranges, formats),
// as Markdown for parameter lists and shape pages.
import type { DocsSite, From } from "../kit/docs-site.js";
import { shapeLink } from "../kit/docs-site.js";
import { code } from "../kit/markdown.js";
import { shapeOf } from "../kit/shapes.js";

function bounds(label: string, min: number | undefined, max: number | undefined): string | undefined {
  if (min !== undefined && max !== undefined) return min === max ? `${label}: exactly ${min}` : `${label}: ${min}–${max}`;
  if (min !== undefined) return `${label}: at least ${min}`;
  if (max !== undefined) return `${label}: at most ${max}`;
  return undefined;
}

const ENUM_INLINE_MAX = 12;

/** Constraints of a target shape in the model's words; lists and maps add those of their items. */
export function constraints(site: DocsSite, name: string, from: From, depth = 0): string[] {
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
