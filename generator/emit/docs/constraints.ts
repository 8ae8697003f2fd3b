// Constraints of a shape in the model's words (enum values, lengths, patterns, ranges, formats),
// as Markdown for parameter lists and shape pages (the walk is kit/member-facts.ts, shared with the site).
import type { DocsSite, From } from "../kit/docs-site.js";
import { shapeLink } from "../kit/docs-site.js";
import { code } from "../kit/markdown.js";
import { constraintFacts } from "../kit/member-facts.js";

/** Constraints of a target shape in the model's words; lists and maps add those of their items. */
export function constraints(site: DocsSite, name: string, from: From): string[] {
  return constraintFacts(site.ir, name, { code, enumSeparator: ", ", enumInlineMax: 12, shapeRef: (n) => shapeLink(site, n, from) });
}
