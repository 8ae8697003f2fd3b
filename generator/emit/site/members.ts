// Member entries for parameters, response structure and shape pages: name, linked type,
// required, where it travels on the wire, constraints, enum values, defaults, notes and the
// sanitised documentation; a nested structure's members one level down.
import type { MemberIR, StructureIR } from "../../ir/types.js";
import { constraintFacts, elementStructure, wireLocation } from "../kit/member-facts.js";
import { anchorId, code, esc, type Dir } from "./html.js";
import { sanitizeDocs } from "./sanitize.js";
import { memberTypeHtml, shapeLink, type Site } from "./site.js";

export type EntryMode = "input" | "output" | "shape";

/** Constraints of a target shape, as HTML fragments; lists and maps add their items'. */
export function constraintsHtml(site: Site, name: string, from: Dir): string[] {
  return constraintFacts(site.ir, name, { code, enumSeparator: " | ", enumInlineMax: 16, shapeRef: (n) => shapeLink(site, n, from) });
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
  const where = site.topLevel.has(owner.name) ? wireLocation(owner, m, code) : undefined;
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
