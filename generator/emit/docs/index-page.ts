// docs/index.md: the service's facts and notices, then the sections every artifact contributes
// (getting started, operations, shapes, errors...), ordered by rank and registry order.
import type { DocsSection } from "../kit/plugin.js";
import type { DocsSite } from "../kit/docs-site.js";
import { blocks, code, safeDocs, text } from "../kit/markdown.js";

export function indexPage(site: DocsSite, sections: readonly DocsSection[]): string {
  const ir = site.ir;
  const parts: string[] = [`# ${text(ir.fullName)}`, safeDocs(ir.docs)];
  const facts = [
    `- **Package:** ${code(ir.packageName)}`,
    `- **Service ID:** ${code(ir.serviceId)}`,
    `- **API version:** ${code(ir.apiVersion)}`,
    `- **Protocol:** ${code(ir.protocol)}${ir.jsonVersion !== undefined ? ` (JSON ${code(ir.jsonVersion)})` : ""}`,
    `- **Signing name:** ${code(ir.signingName)}`,
  ];
  parts.push(facts.join("\n"));
  if (ir.notices.length > 0) parts.push("## Notices", ir.notices.map((n) => `- ${text(n)}`).join("\n"));
  const top = sections.map((s, i) => ({ s, i })).filter(({ s }) => s.under === undefined);
  top.sort((a, b) => a.s.rank - b.s.rank || a.i - b.i);
  for (const { s } of top) {
    parts.push(`## ${s.title}`, ...s.blocks);
    for (const sub of sections.filter((x) => x.under === s.title)) parts.push(`### ${sub.title}`, ...sub.blocks);
  }
  return blocks(parts) + "\n";
}
