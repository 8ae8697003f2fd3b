// Member entries (parameters, response structure, shape members): name, linked type, requirement,
// where the member travels on the wire, constraints, notes and docs.
import type { MemberIR, StructureIR } from "../../ir/types.js";
import { memberTypeMd, shapeLink, type DocsSite, type From } from "../kit/docs-site.js";
import { blocks, code, indent, safeDocs, text } from "../kit/markdown.js";
import { elementStructure, wireLocation } from "../kit/member-facts.js";
import { constraints } from "./constraints.js";

type EntryMode = "input" | "output" | "shape";

/**
 * One member as a list item: name, linked type, requirement, where it travels (top-level input and
 * output members only), constraints, notes and docs; `expand` lists a nested structure's members.
 */
export function memberEntry(site: DocsSite, owner: StructureIR, m: MemberIR, mode: EntryMode, from: From, expand: boolean): string {
  const ir = site.ir;
  const requirement = mode === "output" ? (m.required ? "always present" : "optional") : m.required ? "**required**" : "optional";
  const where = site.topLevel.has(owner.name) ? wireLocation(owner, m, code) : undefined;
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
