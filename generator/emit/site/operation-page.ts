// operations/<Operation>.html: what boto3's page for an operation carries, under its headings
// (Request syntax, Parameters, Response syntax, Response structure, Errors, Pagination), and
// more: linked types, constraints, retried errors, the waiters that poll it, a TypeScript example
// and the link to the AWS API documentation.
import type { MemberIR, OperationIR, StructureIR } from "../../ir/types.js";
import { IDENTIFIER, callLines, everyMember, importLine, requiredMember, writeValue } from "../docs/syntax.js";
import { anchorId, code, esc, href, pre } from "./html.js";
import { page } from "./layout.js";
import { memberList } from "./members.js";
import { retryBadge } from "./retries.js";
import { sanitizeDocs } from "./sanitize.js";
import { shapeLink, typeHtml, type Site } from "./site.js";

/** The AWS API documentation page of an operation, when the model has a uid. */
export function apiDocsUrl(uid: string | undefined, op: string): string | undefined {
  return uid === undefined ? undefined : `https://docs.aws.amazon.com/goto/WebAPI/${encodeURIComponent(uid)}/${encodeURIComponent(op)}`;
}

function section(id: string, title: string, body: string): string {
  return `<section id="${id}"><h2><a class="anchor" href="#${id}">${esc(title)}</a></h2>${body}</section>`;
}

function callExample(site: Site, op: OperationIR, keep: (m: MemberIR) => boolean): string[] {
  const ir = site.ir;
  const call = callLines(ir, op, op.functionName, true, keep);
  call[0] = `const response = await ${call[0]!}`;
  call[call.length - 1] += ";";
  return call;
}

function errorItem(site: Site, s: StructureIR): string {
  const e = s.exception;
  const facts: string[] = [];
  if (e) {
    facts.push(e.httpStatusCode !== undefined ? `HTTP ${e.httpStatusCode}` : "HTTP status not modelled", `${e.fault} fault`);
  }
  const docs = sanitizeDocs(s.docsHtml);
  return `<li class="member"><div class="member-head">${shapeLink(site, s.name, "operations")} <span class="quiet">${esc(facts.join(" · "))}</span>${retryBadge(s)}</div>${docs === "" ? "" : `<div class="doc">${docs}</div>`}</li>`;
}

function paginationBody(site: Site, op: OperationIR, pg: NonNullable<OperationIR["paginator"]>): string {
  const ir = site.ir;
  const list = (items: readonly string[]) => (items.length > 0 ? items.map(code).join(", ") : "none");
  const rows: Array<[string, string]> = [
    ["Input token", list(pg.inputToken)],
    ["Output token", list(pg.outputToken)],
    ["Page size (limit key)", pg.limitKey !== undefined ? code(pg.limitKey) : "none"],
    ["Result key", list(pg.resultKey)],
  ];
  if (pg.moreResults !== undefined) rows.push(["More results flag", code(pg.moreResults)]);
  if (pg.nonAggregateKeys.length > 0) rows.push(["Per-page keys", list(pg.nonAggregateKeys)]);
  if (pg.itemShape !== undefined) rows.push(["Item type", typeHtml(site, pg.itemShape, "operations")]);
  const tokens = new Set(pg.inputToken);
  const args = () => callLines(ir, op, pg.functionName, true, (m) => m.required && !tokens.has(m.name));
  const lines = [importLine(ir, [ir.names.client, pg.functionName]), "", `const client = new ${ir.names.client}({ region: "us-east-1" });`];
  const pages = args();
  pages[0] = `for await (const page of ${pages[0]!}`;
  pages[pages.length - 1] += ") {";
  const first = pg.resultKey[0];
  const access = first !== undefined && first.split(".").every((p) => IDENTIFIER.test(p)) ? `page.${first.split(".").join("?.")}` : "page";
  lines.push("", "// Page by page:", ...pages, `  console.log(${access});`, "}");
  if (first !== undefined) {
    const items = args();
    items[0] = `for await (const item of ${items[0]!}`;
    items[items.length - 1] += ".items()) {";
    lines.push("", "// Item by item, across pages:", ...items, "  console.log(item);", "}");
  }
  return [
    `<p>${code(pg.functionName)} calls ${esc(op.name)} page after page, passing each page's output token back as the next input token, until the service returns no token or repeats one.</p>`,
    factsTable(rows),
    pre(lines.join("\n")),
    `<p>A third argument takes <code>PaginationOptions</code>: <code>pageSize</code>, <code>startingToken</code> (resume from an earlier page's token), <code>maxPages</code>, <code>signal</code> and <code>timeoutMs</code>.</p>`,
  ].join("");
}

export function factsTable(rows: ReadonlyArray<readonly [string, string]>): string {
  return `<table class="facts-table"><tbody>${rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${v}</td></tr>`).join("")}</tbody></table>`;
}

export function operationPage(site: Site, nav: string, op: OperationIR): string {
  const ir = site.ir;
  const input = op.inputShape;
  const output = op.outputShape;
  const body: string[] = [`<h1>${esc(op.name)}</h1>`];
  if (op.deprecated)
    body.push(
      `<div class="callout important"><strong>Deprecated:</strong> the model marks this operation as deprecated; avoid it in new code.</div>`,
    );
  if (op.eventStream)
    body.push(
      `<div class="callout important"><strong>Not supported yet:</strong> this operation uses an event stream, which this client does not support; calling it rejects with an error that says so.</div>`,
    );
  const docs = sanitizeDocs(op.docsHtml);
  if (docs !== "") body.push(`<div class="doc lead">${docs}</div>`);
  const url = apiDocsUrl(ir.uid, op.name);
  if (url !== undefined)
    body.push(`<p class="see-also">See also: <a href="${esc(url)}" rel="noopener noreferrer">AWS API documentation</a></p>`);

  const waiters = ir.waiters.filter((w) => w.operation === op.name);
  const rows: Array<[string, string]> = [
    ["Function", code(op.functionName)],
    ["HTTP request", code(`${op.method} ${op.modelRequestUri}`)],
    ["Success status", esc(String(op.responseCode ?? 200))],
  ];
  if (op.hostPrefix !== undefined) rows.push(["Host prefix", code(op.hostPrefix)]);
  if (input) rows.push(["Input", shapeLink(site, input.name, "operations")]);
  if (output) rows.push(["Output", shapeLink(site, output.name, "operations")]);
  const traits = [
    op.readonly ? "read-only" : "",
    op.idempotent ? "idempotent (safe to retry)" : "",
    op.paginator ? `<a href="#pagination">paginated</a>` : "",
  ];
  if (traits.some((t) => t !== "")) rows.push(["Traits", traits.filter((t) => t !== "").join(", ")]);
  if (waiters.length > 0) rows.push(["Waiters", waiters.map((w) => `<a href="#waiters">${code(w.functionName)}</a>`).join(", ")]);
  body.push(factsTable(rows));

  const request = [
    importLine(ir, [ir.names.client, op.functionName]),
    "",
    `const client = new ${ir.names.client}({ region: "us-east-1" });`,
    ...callExample(site, op, everyMember),
  ];
  body.push(section("request-syntax", "Request syntax", pre(request.join("\n"))));
  body.push(
    section(
      "parameters",
      "Parameters",
      input && input.members.length > 0
        ? memberList(site, input, "input", "operations", true)
        : "<p>This operation takes no parameters.</p>",
    ),
  );

  if (output && output.members.length > 0) {
    const lines: string[] = [];
    writeValue(ir, lines, "output", output.name, "", "const response = ", ";", [output.typeName], []);
    body.push(section("response-syntax", "Response syntax", pre(lines.join("\n"))));
    body.push(
      section(
        "response-structure",
        "Response structure",
        `<p>${shapeLink(site, output.name, "operations")}, with <code>$metadata</code> (HTTP status, request ID, attempts).</p>${memberList(site, output, "output", "operations", true)}`,
      ),
    );
  } else {
    body.push(section("response-syntax", "Response syntax", pre("const response = { $metadata }; // no modelled members")));
    body.push(
      section(
        "response-structure",
        "Response structure",
        "<p>The response has no modelled members; it carries <code>$metadata</code>.</p>",
      ),
    );
  }

  body.push(
    section(
      "errors",
      "Errors",
      op.errorShapes.length > 0
        ? `<p>Each error is a class extending ${code(ir.names.baseException)}; the client retries those marked so, with backoff, before the call fails.</p><ul class="members">${op.errorShapes.map((s) => errorItem(site, s)).join("")}</ul>`
        : `<p>The model lists no errors for this operation; service errors arrive as ${code(ir.names.baseException)}.</p>`,
    ),
  );

  if (op.paginator) body.push(section("pagination", "Pagination", paginationBody(site, op, op.paginator)));
  if (waiters.length > 0) {
    const items = waiters.map(
      (w) =>
        `<li><a href="${href("operations", "root", "index.html", anchorId("waiter", w.name))}">${code(w.functionName)}</a> polls ${esc(op.name)} every ${esc(String(w.delay))} s${w.description !== undefined ? `: ${esc(w.description)}` : ""}</li>`,
    );
    body.push(section("waiters", "Waiters", `<ul>${items.join("")}</ul>`));
  }

  const example = [
    importLine(ir, [ir.names.client, op.functionName, ir.names.baseException]),
    "",
    `const client = new ${ir.names.client}({ region: "eu-west-1" });`,
    "try {",
    ...callExample(site, op, requiredMember).map((l) => `  ${l}`),
    "  console.log(response);",
    "} catch (error) {",
    `  if (error instanceof ${ir.names.baseException}) console.error(error.name, error.$fault, error.$metadata.requestId);`,
    "  else throw error;",
    "}",
  ];
  body.push(
    section(
      "example",
      "Example",
      `<p>The required parameters only, with service errors told apart from the rest.</p>${pre(example.join("\n"))}`,
    ),
  );
  return page(site, nav, { dir: "operations", title: op.name, crumbs: ["Operations", op.name], body: body.join("\n") });
}
