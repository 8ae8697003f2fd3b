// What a docs page needs to link: each operation's and named shape's page, where pages sit
// relative to each other, the types as Markdown with named shapes linked. Shared by the docs
// artifact and by every artifact that adds a section to docs/index.md.
import type { OperationIR, ServiceIR, ShapeRole } from "../../ir/types.js";
import { code, text } from "./markdown.js";
import { shapeOf } from "./shapes.js";
import { memberTypeParts, typeParts, type TypePart } from "./type-printer.js";
import type { MemberIR } from "../../ir/types.js";

/** Where a page sits; links are written relative to it. */
export type From = "index" | "operation" | "shape";

export interface Usage {
  readonly op: OperationIR;
  readonly roles: readonly ShapeRole[];
}

export interface DocsSite {
  readonly ir: ServiceIR;
  readonly opFile: ReadonlyMap<string, string>;
  readonly shapeFile: ReadonlyMap<string, string>;
  /** Operation inputs and outputs: the structures whose members bind to the HTTP message. */
  readonly topLevel: ReadonlySet<string>;
  /** Named shape → the operations that reach it, in operation order. */
  readonly usage: ReadonlyMap<string, readonly Usage[]>;
}

export function shapeHref(site: DocsSite, name: string, from: From): string | undefined {
  const file = site.shapeFile.get(name);
  if (file === undefined) return undefined;
  const dir = from === "index" ? "shapes/" : from === "operation" ? "../shapes/" : "";
  return dir + encodeURIComponent(file);
}

export function opHref(site: DocsSite, op: OperationIR, from: From): string {
  const dir = from === "index" ? "operations/" : from === "operation" ? "" : "../operations/";
  return dir + encodeURIComponent(site.opFile.get(op.name)!);
}

/** A link to a named shape's page, labelled with its TypeScript name. */
export function shapeLink(site: DocsSite, name: string, from: From): string {
  const s = shapeOf(site.ir, name);
  const href = shapeHref(site, name, from);
  return href === undefined ? code(s.typeName) : `[${code(s.typeName)}](${href})`;
}

export function opLink(site: DocsSite, op: OperationIR, from: From): string {
  return `[${text(op.name)}](${opHref(site, op, from)})`;
}

export function indexHref(from: From): string {
  return from === "index" ? "index.md" : "../index.md";
}

/** Type parts as Markdown: code, with named shapes linked to their pages. */
function partsMd(site: DocsSite, parts: readonly TypePart[], from: From): string {
  const out: string[] = [];
  let pending = "";
  for (const p of parts) {
    if (!("typeName" in p)) {
      pending += "code" in p ? p.code : p.runtime;
      continue;
    }
    if (pending !== "") out.push(code(pending));
    pending = "";
    out.push(shapeLink(site, p.shape, from));
  }
  if (pending !== "") out.push(code(pending));
  return out.join("");
}

/** The type of a reference as Markdown, as the types module writes it. */
export function typeMd(site: DocsSite, name: string, from: From): string {
  return partsMd(site, typeParts(shapeOf(site.ir, name)), from);
}

/** The type of a member as Markdown, as the types module writes it (a JSON-value header is any JSON value). */
export function memberTypeMd(site: DocsSite, m: MemberIR, from: From): string {
  return partsMd(site, memberTypeParts(m, site.ir), from);
}
