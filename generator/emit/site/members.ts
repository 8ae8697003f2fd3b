// Member entries for parameters, response structure and shape pages: name, linked type,
// required, where it travels on the wire, constraints, enum values, defaults, notes and the
// sanitised documentation; a nested structure's members one level down.
import type { MemberIR, ServiceIR, StructureIR } from "../../ir/types.js";
import { shapeOf } from "../kit/shapes.js";
import { anchorId, code, esc, type Dir } from "./html.js";
import { sanitizeDocs } from "./sanitize.js";
import { memberTypeHtml, shapeLink, type Site } from "./site.js";

export type EntryMode = "input" | "output" | "shape";

function bounds(label: string, min: number | undefined, max: number | undefined): string | undefined {
  if (min !== undefined && max !== undefined) return min === max ? `${label}: exactly ${min}` : `${label}: ${min}–${max}`;
  if (min !== undefined) return `${label}: at least ${min}`;
  if (max !== undefined) return `${label}: at most ${max}`;
  return undefined;
}

const ENUM_INLINE_MAX = 16;

/** Constraints of a target shape, as HTML fragments; lists and maps add their items'. */
export function constraintsHtml(site: Site, name: string, from: Dir, depth = 0): string[] {
  const s = shapeOf(site.ir, name);
  const out: Array<string | undefined> = [];
  const nested = (label: string, target: string) => {
    const inner = depth < 2 ? constraintsHtml(site, target, from, depth + 1) : [];
    if (inner.length > 0) out.push(`${esc(label)}: ${inner.join(", ")}`);
  };
  switch (s.kind) {
    case "string":
      if (s.enum) {
        out.push(
          s.enum.length <= ENUM_INLINE_MAX
            ? `Allowed values: ${s.enum.map(code).join(" | ")}`
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
  return out.filter((c): c is string => c !== undefined).map((c) => (c.includes("<") ? c : esc(c)));
}

function wireLocation(owner: StructureIR, m: MemberIR): string | undefined {
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

function elementStructure(ir: ServiceIR, name: string): StructureIR | undefined {
  let current = shapeOf(ir, name);
  for (let i = 0; i < 8; i++) {
    if (current.kind === "structure") return current;
    if (current.kind === "list") current = current.memberShape;
    else if (current.kind === "map") current = current.valueShape;
    else return undefined;
  }
  return undefined;
}

/**
 * One member as a `<li>`; `expand` lists a nested structure's members one level down, and a
 * top-level entry (`nested` false) carries an id to link to.
 */
export function memberEntry(
  site: Site,
  owner: StructureIR,
  m: MemberIR,
  mode: EntryMode,
  from: Dir,
  expand: boolean,
  nested = false,
): string {
  const badges: string[] = [];
  if (mode === "output")
    badges.push(m.required ? `<span class="badge">always present</span>` : `<span class="badge quiet">optional</span>`);
  else badges.push(m.required ? `<span class="badge required">required</span>` : `<span class="badge quiet">optional</span>`);
  if (m.deprecated) badges.push(`<span class="badge warn">deprecated</span>`);
  if (m.sensitive) badges.push(`<span class="badge">sensitive</span>`);
  const where = site.topLevel.has(owner.name) ? wireLocation(owner, m) : undefined;
  const facts: string[] = [];
  if (where !== undefined) facts.push(`<li>Sent in: ${where}</li>`);
  for (const c of constraintsHtml(site, m.target, from)) facts.push(`<li>${c}</li>`);
  if (m.idempotencyToken)
    facts.push(`<li>Default: a random UUID when omitted (idempotency token), so a retried call is not applied twice.</li>`);
  if (m.sensitive) facts.push(`<li>Hooks, logs and error messages show <code>***</code> instead of the value.</li>`);
  if (m.hostLabel) facts.push(`<li>Also fills the host prefix label ${code(`{${m.name}}`)}.</li>`);
  const parts = [
    nested ? `<li class="member">` : `<li class="member" id="${anchorId(mode, m.name)}">`,
    `<div class="member-head"><span class="member-name">${esc(m.name)}</span> ${memberTypeHtml(site, m, from)} ${badges.join(" ")}</div>`,
  ];
  if (facts.length > 0) parts.push(`<ul class="facts">${facts.join("")}</ul>`);
  const docs = sanitizeDocs(m.docsHtml);
  if (docs !== "") parts.push(`<div class="doc">${docs}</div>`);
  const element = expand ? elementStructure(site.ir, m.target) : undefined;
  if (element && element.members.length > 0) {
    parts.push(
      `<details class="nested"${mode === "shape" ? "" : " open"}><summary>${element.union ? "Exactly one member" : "Members"} of ${shapeLink(site, element.name, from)}</summary>`,
      element.docsHtml === m.docsHtml || element.docsHtml.trim() === "" ? "" : `<div class="doc">${sanitizeDocs(element.docsHtml)}</div>`,
      `<ul class="members">${element.members.map((inner) => memberEntry(site, element, inner, mode, from, false, true)).join("")}</ul></details>`,
    );
  }
  parts.push("</li>");
  return parts.join("");
}

export function memberList(site: Site, owner: StructureIR, mode: EntryMode, from: Dir, expand: boolean): string {
  return `<ul class="members">${owner.members.map((m) => memberEntry(site, owner, m, mode, from, expand)).join("")}</ul>`;
}
