// docs/: Markdown pages for the generated package: an index, one page per operation (request and
// response syntax, parameters, errors, pagination) and one per named shape. Every string from the
// model is escaped for the Markdown context it lands in (kit/markdown.ts), and the IR's Markdown
// is re-checked on the way in, so no model text can become markup, a link or a script on any page.
// The index gathers the sections every artifact contributes; this one adds "Getting started".
import type { OperationIR, ScalarIR, ServiceIR, StructureIR } from "../../ir/types.js";
import type { DocsSite } from "../kit/docs-site.js";
import type { PlannedFile } from "../kit/file.js";
import { code, codeBlock } from "../kit/markdown.js";
import type { DocsSection, Plugin } from "../kit/plugin.js";
import { isNamed } from "../kit/shapes.js";
import { indexPage } from "./index-page.js";
import { operationPage } from "./operation-page.js";
import { shapePage } from "./shape-page.js";
import { callLines, importLine, requiredMember } from "./syntax.js";
import { computeUsage } from "./usage.js";

function requiredCount(op: OperationIR): number {
  return op.inputShape?.members.filter((m) => m.required).length ?? 0;
}

function gettingStarted(ir: ServiceIR): DocsSection {
  const blocksOut: string[] = [];
  const example =
    ir.operations.find((op) => op.readonly && requiredCount(op) === 0) ??
    ir.operations.find((op) => requiredCount(op) === 0) ??
    ir.operations[0];
  const lines = [
    importLine(ir, example ? [ir.names.client, example.functionName] : [ir.names.client]),
    "",
    `const client = new ${ir.names.client}({ region: "eu-west-1" });`,
  ];
  if (example) {
    const call = callLines(ir, example, example.functionName, true, requiredMember);
    call[0] = `const response = await ${call[0]!}`;
    call[call.length - 1] += ";";
    lines.push(...call);
  }
  blocksOut.push(
    `Each operation is a function of its own that takes the client, so a bundle holds only the operations it imports. The client holds the configuration (region, credentials, retries, timeouts) and the connection pool.`,
    codeBlock(lines.join("\n"), "ts"),
    `${code(ir.names.aggregate)} is the same client with one method per operation (and per paginator), for code that prefers methods to a small bundle:`,
  );
  const aggregate = [importLine(ir, [ir.names.aggregate]), "", `const service = new ${ir.names.aggregate}({ region: "eu-west-1" });`];
  if (example) {
    const call = callLines(ir, example, `service.${example.functionName}`, false, requiredMember);
    call[0] = `const response = await ${call[0]!}`;
    call[call.length - 1] += ";";
    aggregate.push(...call);
  }
  blocksOut.push(
    codeBlock(aggregate.join("\n"), "ts"),
    `Every service error extends ${code(ir.names.baseException)}; each modelled error is a class of its own, and each operation page lists the errors it can raise.`,
  );
  return { title: "Getting started", rank: 10, blocks: blocksOut };
}

export const docs: Plugin = {
  name: "docs",
  emit(ir, ctx) {
    const named = [...ir.shapes.values()].filter(
      (s): s is StructureIR | ScalarIR => isNamed(s) && (s.kind === "structure" || s.kind === "string"),
    );
    const site: DocsSite = {
      ir,
      opFile: new Map(ir.operations.map((op) => [op.name, op.docFile])),
      shapeFile: new Map(named.map((s) => [s.name, s.docFile!])),
      topLevel: new Set(ir.operations.flatMap((op) => [op.input, op.output].filter((n): n is string => n !== undefined))),
      usage: computeUsage(ir),
    };
    const files: PlannedFile[] = [{ path: "docs/index.md", content: indexPage(site, ctx.contributions.docsSections(site)) }];
    for (const op of ir.operations) files.push({ path: `docs/operations/${site.opFile.get(op.name)!}`, content: operationPage(site, op) });
    for (const s of named) files.push({ path: `docs/shapes/${site.shapeFile.get(s.name)!}`, content: shapePage(site, s) });
    return files;
  },
  docsSections: (ir) => [gettingStarted(ir)],
};
