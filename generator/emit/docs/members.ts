// Member entries (parameters, response structure, shape members): name, linked type, requirement,
// where the member travels on the wire, constraints, notes and docs.
import type { MemberIR, ServiceIR, StructureIR } from "../../ir/types.js";
import { memberTypeMd, shapeLink, type DocsSite, type From } from "../kit/docs-site.js";
import { blocks, code, indent, safeDocs, text } from "../kit/markdown.js";
import { shapeOf } from "../kit/shapes.js";
import { constraints } from "./constraints.js";

type EntryMode = "input" | "output" | "shape";

/** Where a member travels on the wire, for the top-level members of an input or output. */
function wireLocation(ir: ServiceIR, owner: StructureIR, m: MemberIR): string | undefined {
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
 * One member as a list item: name, linked type, requirement, where it travels (top-level input and
 * output members only), constraints, notes and docs; `expand` lists a nested structure's members.
 */
export function memberEntry(site: DocsSite, owner: StructureIR, m: MemberIR, mode: EntryMode, from: From, expand: boolean): string {
  const ir = site.ir;
  const requirement = mode === "output" ? (m.required ? "always present" : "optional") : m.required ? "**required**" : "optional";
  const where = site.topLevel.has(owner.name) ? wireLocation(ir, owner, m) : undefined;
  const headParts = [`- **${text(m.name)}** — ${memberTypeMd(site, m, from)}`, requirement];
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
