// docs/operations/<Operation>.md: what the operation does, its request syntax, parameters,
// response syntax and structure, errors and pagination.
import type { OperationIR, ServiceIR, StructureIR } from "../../ir/types.js";
import { indexHref, shapeLink, typeMd, type DocsSite, type From } from "../kit/docs-site.js";
import { blocks, code, codeBlock, commentText, indent, safeDocs, text } from "../kit/markdown.js";
import { shapeOf } from "../kit/shapes.js";
import { memberEntry } from "./members.js";
import { IDENTIFIER, callLines, everyMember, importLine, writeValue } from "./syntax.js";

export function breadcrumb(ir: ServiceIR, from: From, section: string, name: string): string {
  return `[${text(ir.fullName)}](${indexHref(from)}) › ${section} › ${text(name)}`;
}

/** The anchor a Markdown renderer gives a heading (GitHub's rule): the index's `### <Waiter>`. */
function headingAnchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, "")
    .replace(/ /g, "-");
}

export function operationPage(site: DocsSite, op: OperationIR): string {
  const ir = site.ir;
  const input = op.inputShape;
  const output = op.outputShape;
  const parts: string[] = [breadcrumb(ir, "operation", "Operations", op.name), `# ${text(op.name)}`];
  if (op.deprecated) parts.push("> **Deprecated:** the model marks this operation as deprecated; avoid it in new code.");
  if (op.inputEventStream !== undefined) {
    parts.push(
      `> **Event streams both ways:** give ${code(op.inputEventStream)} as an \`AsyncIterable\` of events (each an object keyed by its member name); each is sent as it comes, signed in a chain from the request's signature, over an HTTP/2 connection of its own (Node's \`node:http2\`).${op.outputEventStream === undefined ? "" : ` ${code(op.outputEventStream)} is read with \`for await\` meanwhile.`}`,
    );
  } else if (op.outputEventStream !== undefined) {
    parts.push(
      `> **Event stream:** ${code(op.outputEventStream)} is an \`AsyncIterable\` of events, each an object keyed by its member name; read it with \`for await\`. Modeled exceptions in the stream are thrown from the loop; leaving the loop or aborting the call's \`signal\` closes the connection.`,
    );
  }
  parts.push(safeDocs(op.docs));

  const facts = [
    `- **Function:** ${code(op.functionName)}`,
    `- **HTTP request:** ${code(`${op.method} ${op.modelRequestUri}`)}`,
    `- **Success status:** ${op.responseCode ?? 200}`,
  ];
  if (op.hostPrefix !== undefined) facts.push(`- **Host prefix:** ${code(op.hostPrefix)}`);
  if (input) facts.push(`- **Input:** ${shapeLink(site, input.name, "operation")}`);
  if (output) facts.push(`- **Output:** ${shapeLink(site, output.name, "operation")}`);
  const traits = [
    op.readonly ? "read-only" : "",
    op.idempotent ? "idempotent (safe to retry)" : "",
    op.paginator ? "paginated (see [Pagination](#pagination))" : "",
  ].filter((t) => t !== "");
  if (traits.length > 0) facts.push(`- **Traits:** ${traits.join(", ")}`);
  const waiters = ir.waiters.filter((w) => w.operation === op.name);
  if (waiters.length > 0)
    facts.push(
      `- **Waiters:** ${waiters.map((w) => `[${code(w.functionName)}](${indexHref("operation")}#${headingAnchor(w.name)})`).join(", ")}`,
    );
  parts.push(facts.join("\n"));

  const call = callLines(ir, op, op.functionName, true, everyMember);
  call[0] = `const response = await ${call[0]!}`;
  call[call.length - 1] += ";";
  parts.push(
    "## Request syntax",
    codeBlock(
      [
        importLine(ir, [ir.names.client, op.functionName]),
        "",
        `const client = new ${ir.names.client}({ region: "us-east-1" });`,
        ...call,
      ].join("\n"),
      "ts",
    ),
  );

  parts.push("## Parameters");
  if (input && input.kind === "structure" && input.members.length > 0) {
    parts.push(input.members.map((m) => memberEntry(site, input, m, "input", "operation", true)).join("\n\n"));
  } else parts.push("This operation takes no parameters.");

  parts.push("## Response syntax");
  if (output && output.kind === "structure") {
    const lines: string[] = [];
    writeValue(ir, lines, "output", output.name, "", "const response = ", ";", [output.typeName], []);
    parts.push(codeBlock(lines.join("\n"), "ts"));
  } else parts.push("This operation returns no data.");
  parts.push("Every response also carries `$metadata`: the HTTP status code, the request ID and the number of attempts the call took.");

  parts.push("## Response structure");
  if (output && output.kind === "structure" && output.members.length > 0) {
    parts.push(output.members.map((m) => memberEntry(site, output, m, "output", "operation", true)).join("\n\n"));
  } else parts.push("The response has no members besides `$metadata`.");

  parts.push("## Errors");
  if (op.errors.length > 0) {
    parts.push(
      `Every error below extends ${code(ir.names.baseException)}; tell them apart with \`instanceof\`. Errors the model does not list arrive as ${code(ir.names.baseException)} itself.`,
      op.errorShapes.map((s) => errorEntry(site, s)).join("\n\n"),
    );
  } else parts.push(`The model lists no errors for this operation; service errors arrive as ${code(ir.names.baseException)}.`);

  if (op.paginator) parts.push(...paginationSection(site, op, op.paginator));
  return blocks(parts) + "\n";
}

function errorFacts(s: StructureIR): string[] {
  const e = s.exception!;
  const facts = [e.httpStatusCode !== undefined ? `HTTP ${e.httpStatusCode}` : "HTTP status not modelled", `${e.fault} fault`];
  if (e.retryable) facts.push(e.retryable.throttling ? "retryable (throttling)" : "retryable");
  return facts;
}

function errorEntry(site: DocsSite, s: StructureIR): string {
  const name = s.name;
  if (!s.exception) return `- ${shapeLink(site, name, "operation")}`;
  const docs = safeDocs(s.docs);
  const head = `- ${shapeLink(site, name, "operation")} — ${errorFacts(s).join(" · ")}`;
  return docs === "" ? head : `${head}\n\n${indent(docs, 2)}`;
}

/** A property access for a paginator path such as `Items` or `Paging.Items`, when it is that simple. */
function accessPath(path: string): string | undefined {
  const parts = path.split(".");
  return parts.every((p) => IDENTIFIER.test(p)) ? `page.${parts.join("?.")}` : undefined;
}

function paginationSection(site: DocsSite, op: OperationIR, pg: NonNullable<OperationIR["paginator"]>): string[] {
  const ir = site.ir;
  const list = (items: readonly string[]) => (items.length > 0 ? items.map(code).join(", ") : "none");
  const facts = [
    `- **Input token:** ${list(pg.inputToken)}`,
    `- **Output token:** ${list(pg.outputToken)}`,
    `- **Page size (limit key):** ${pg.limitKey !== undefined ? code(pg.limitKey) : "none"}`,
    `- **Result key:** ${list(pg.resultKey)}`,
  ];
  if (pg.moreResults !== undefined) facts.push(`- **More results flag:** ${code(pg.moreResults)}`);
  if (pg.nonAggregateKeys.length > 0) facts.push(`- **Per-page keys:** ${list(pg.nonAggregateKeys)}`);
  if (pg.itemShape !== undefined) facts.push(`- **Item type:** ${typeMd(site, pg.itemShape, "operation")}`);

  const tokens = new Set(pg.inputToken);
  const lines: string[] = [
    importLine(ir, [ir.names.client, pg.functionName]),
    "",
    `const client = new ${ir.names.client}({ region: "us-east-1" });`,
  ];
  const args = (fn: string) => callLines(ir, op, fn, true, (m) => m.required && !tokens.has(m.name));
  const pages = args(pg.functionName);
  pages[0] = `for await (const page of ${pages[0]!}`;
  pages[pages.length - 1] += ") {";
  const access = pg.resultKey[0] !== undefined ? accessPath(pg.resultKey[0]) : undefined;
  lines.push("", "// Page by page:", ...pages, `  console.log(${access ?? "page"});`, "}");
  if (pg.resultKey.length > 0) {
    const items = args(pg.functionName);
    items[0] = `for await (const item of ${items[0]!}`;
    items[items.length - 1] += ".items()) {";
    lines.push("", `// Item by item, across pages (the items of ${commentText(pg.resultKey[0]!)}):`, ...items, "  console.log(item);", "}");
  }
  const pageSize = pg.limitKey !== undefined ? ` \`pageSize\` (sent as ${code(pg.limitKey)} on every page),` : "";
  return [
    "## Pagination",
    `${code(pg.functionName)} calls ${text(op.name)} page after page, passing each page's output token back as the next input token, until the service returns no token or repeats one.`,
    facts.join("\n"),
    codeBlock(lines.join("\n"), "ts"),
    `A third argument takes \`PaginationOptions\`:${pageSize} \`startingToken\` (resume from an earlier page's token), \`maxPages\`, \`signal\` and \`timeoutMs\` (a deadline for the whole iteration).`,
  ];
}
