// What every page of the docs site needs: the IR, each operation's and named shape's page file,
// the operations that reach each shape, and the links and types between them.
import type { MemberIR, OperationIR, ServiceIR, ShapeRole } from "../../ir/types.js";
import { shapeOf } from "../kit/shapes.js";
import { memberTypeParts, typeParts, type TypePart } from "../kit/type-printer.js";
import { code, esc, href, type Dir } from "./html.js";

export interface SiteUsage {
  readonly op: OperationIR;
  readonly roles: readonly ShapeRole[];
}

export interface Site {
  readonly ir: ServiceIR;
  /** Operation name → its page file under operations/. */
  readonly opFile: ReadonlyMap<string, string>;
  /** Named shape → its page file under shapes/. */
  readonly shapeFile: ReadonlyMap<string, string>;
  /** Operation inputs and outputs: the structures whose members bind to the HTTP message. */
  readonly topLevel: ReadonlySet<string>;
  readonly usage: ReadonlyMap<string, readonly SiteUsage[]>;
}

export function shapeLink(site: Site, name: string, from: Dir): string {
  const s = shapeOf(site.ir, name);
  const file = site.shapeFile.get(name);
  return file === undefined ? code(s.typeName) : `<a href="${href(from, "shapes", file)}">${code(s.typeName)}</a>`;
}

export function opLink(site: Site, op: OperationIR, from: Dir): string {
  return `<a href="${href(from, "operations", site.opFile.get(op.name)!)}">${esc(op.name)}</a>`;
}

function partsHtml(site: Site, parts: readonly TypePart[], from: Dir): string {
  const out: string[] = [];
  for (const p of parts) {
    if ("typeName" in p) {
      const file = site.shapeFile.get(p.shape);
      out.push(file === undefined ? esc(p.typeName) : `<a href="${href(from, "shapes", file)}">${esc(p.typeName)}</a>`);
    } else out.push(esc("code" in p ? p.code : p.runtime));
  }
  return `<code class="type">${out.join("")}</code>`;
}

/** The TypeScript type of a reference to a shape, named shapes linked to their pages. */
export function typeHtml(site: Site, name: string, from: Dir): string {
  return partsHtml(site, typeParts(shapeOf(site.ir, name)), from);
}

/** The TypeScript type of a member, as the types module writes it, named shapes linked. */
export function memberTypeHtml(site: Site, m: MemberIR, from: Dir): string {
  return partsHtml(site, memberTypeParts(m, site.ir), from);
}
