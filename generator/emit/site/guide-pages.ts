// The root pages: the service index (facts, notices, operations with one-line summaries,
// waiters), the shapes index, client configuration and usage.
import type { ScalarIR, StructureIR } from "../../ir/types.js";
import { callLines, importLine, requiredMember } from "../docs/syntax.js";
import { anchorId, code, esc, href, pre } from "./html.js";
import { page } from "./layout.js";
import { factsTable } from "./operation-page.js";
import { sanitizeDocs, summary } from "./sanitize.js";
import { shapeKind } from "./shape-page.js";
import { opLink, type Site } from "./site.js";

export function indexPage(site: Site, nav: string): string {
  const ir = site.ir;
  const body: string[] = [`<h1>${esc(ir.fullName)}</h1>`];
  const docs = sanitizeDocs(ir.docsHtml);
  if (docs !== "") body.push(`<div class="doc lead">${docs}</div>`);
  const rows: Array<[string, string]> = [
    ["Package", code(ir.packageName)],
    ["Service ID", code(ir.serviceId)],
    ["API version", code(ir.apiVersion)],
    ["Protocol", `${code(ir.protocol)}${ir.jsonVersion !== undefined ? ` (JSON ${code(ir.jsonVersion)})` : ""}`],
    ["Signing name", code(ir.signingName)],
    ["Client", `${code(ir.names.client)} (one function per operation) or ${code(ir.names.aggregate)} (one method per operation)`],
  ];
  if (ir.uid !== undefined) rows.push(["Model uid", code(ir.uid)]);
  body.push(factsTable(rows));
  body.push(
    `<p class="next">Start with <a href="${href("root", "root", "usage.html")}">Usage</a>, then <a href="${href("root", "root", "configuration.html")}">Client configuration</a>; every type is on the <a href="${href("root", "root", "shapes.html")}">Shapes</a> page.</p>`,
  );
  if (ir.notices.length > 0)
    body.push(`<section id="notices"><h2>Notices</h2><ul>${ir.notices.map((n) => `<li>${esc(n)}</li>`).join("")}</ul></section>`);
  const opRows = ir.operations.map((op) => {
    const flags = [
      op.deprecated ? `<span class="badge warn">deprecated</span>` : "",
      op.paginator ? `<span class="badge quiet">paginated</span>` : "",
    ].join(" ");
    return `<tr><td>${opLink(site, op, "root")} ${flags.trim()}</td><td>${esc(summary(op.docsHtml))}</td></tr>`;
  });
  body.push(
    `<section id="operations"><h2>Operations <span class="count">${ir.operations.length}</span></h2><table class="index-table"><thead><tr><th scope="col">Operation</th><th scope="col">Summary</th></tr></thead><tbody>${opRows.join("")}</tbody></table></section>`,
  );
  if (ir.waiters.length > 0) {
    const items = ir.waiters.map((w) => {
      const op = ir.operations.find((o) => o.name === w.operation);
      return `<li id="${anchorId("waiter", w.name)}">${code(w.functionName)} (${esc(w.name)}): polls ${op ? opLink(site, op, "root") : esc(w.operation)} every ${esc(String(w.delay))} s${w.description !== undefined ? ` — ${esc(w.description)}` : ""}</li>`;
    });
    body.push(
      `<section id="waiters"><h2>Waiters</h2><p>A waiter polls an operation until the resource reaches a state; <code>maxWaitTime</code> (seconds) bounds the wait.</p><ul>${items.join("")}</ul></section>`,
    );
  }
  return page(site, nav, { dir: "root", title: "Overview", body: body.join("\n") });
}

export function shapesIndexPage(site: Site, nav: string, named: ReadonlyArray<StructureIR | ScalarIR>): string {
  const groups: Array<[string, string, Array<StructureIR | ScalarIR>]> = [
    ["structures", "Structures", []],
    ["unions", "Unions", []],
    ["enums", "Enums", []],
    ["errors", "Errors", []],
  ];
  const byKind = { Structure: 0, Union: 1, Enum: 2, Error: 3 } as const;
  for (const s of named) groups[byKind[shapeKind(s)]]![2].push(s);
  const body = [`<h1>Shapes</h1>`, `<p>Every named type of the package: structures, unions, enums and error classes.</p>`];
  for (const [id, title, list] of groups) {
    if (list.length === 0) continue;
    const rows = list.map(
      (s) =>
        `<tr><td><a href="${href("root", "shapes", site.shapeFile.get(s.name)!)}">${esc(s.name)}</a></td><td>${esc(summary(s.docsHtml))}</td></tr>`,
    );
    body.push(
      `<section id="${id}"><h2>${title} <span class="count">${list.length}</span></h2><table class="index-table"><tbody>${rows.join("")}</tbody></table></section>`,
    );
  }
  return page(site, nav, { dir: "root", title: "Shapes", crumbs: ["Shapes"], body: body.join("\n") });
}

/** The client's options (runtime/client/config.ts's ClientConfig), each with what it does. */
export const CLIENT_OPTIONS: ReadonlyArray<readonly [string, string, string]> = [
  ["region", "string | () => Promise<string>", "The region. Else AWS_REGION, AWS_DEFAULT_REGION, then the shared config profile's region."],
  ["profile", "string", "The shared config and credentials files' profile (else AWS_PROFILE, else default)."],
  [
    "credentials",
    "credentials | provider",
    "Static keys or an async provider (any AWS SDK v3 credential provider). Default: environment, then the shared files.",
  ],
  [
    "endpoint",
    "string | URL",
    "Send every request here instead of the endpoint the rules choose. Else AWS_ENDPOINT_URL_<SERVICE_ID>, AWS_ENDPOINT_URL, the profile's endpoint_url.",
  ],
  ["endpointResolver", "(params) => endpoint", "Replaces the service's endpoint rules (tests and proxies)."],
  ["useFipsEndpoint", "boolean", "FIPS endpoints. Else AWS_USE_FIPS_ENDPOINT or the profile; default false."],
  ["useDualstackEndpoint", "boolean", "Dual-stack endpoints. Else AWS_USE_DUALSTACK_ENDPOINT or the profile; default false."],
  ["maxAttempts", "number", "Attempts per call, the first included. Default 3; 1 turns retries off."],
  ["retry", "RetryOptions", "Backoff: baseDelayMs (100), throttlingBaseDelayMs (500), maxDelayMs (20000), quotaCapacity (500)."],
  ["timeoutMs", "number", "Deadline of a whole call, retries included, in ms. Default 60000."],
  ["requestTimeoutMs", "number", "Deadline of one attempt, in ms; a missed attempt is retried. Default: none."],
  ["maxResponseBytes", "number", "Larger response bodies fail with a NetworkError. Default 100 MiB."],
  ["maxSockets", "number", "Connections per host (Node transport). Default 50."],
  ["fetch", "typeof fetch", "Send requests with this function instead of node:http."],
  ["hooks", "ClientHooks", "Called before each request and after each response or error."],
  ["userAgent", "string", "Appended to the svcgen user agent."],
  ["customUserAgent", "string | [name, version][]", "Appended after userAgent, as the AWS SDK v3 does."],
  ["logger", "Logger", "Receives a line per retry (info) and per output-check problem (warn)."],
  ["validateInput", "boolean", "false sends inputs without checking them against the model. Default true."],
  ["strictOutput", "boolean", "An output missing a required member fails the call. Default false (a warning)."],
  [
    "requestChecksumCalculation",
    '"WHEN_SUPPORTED" | "WHEN_REQUIRED"',
    "Flexible request checksums: for every operation that takes one (default), or only where required or the input names an algorithm.",
  ],
  [
    "responseChecksumValidation",
    '"WHEN_SUPPORTED" | "WHEN_REQUIRED"',
    "Flexible response checksums: asked for and checked as the body is read (default), or only when the input asks.",
  ],
];

export function configurationPage(site: Site, nav: string): string {
  const ir = site.ir;
  const row = (name: string, type: string, what: string) => `<tr><td>${code(name)}</td><td>${code(type)}</td><td>${esc(what)}</td></tr>`;
  const rows = CLIENT_OPTIONS.map(([n, t, w]) => row(n, t, w));
  for (const o of ir.endpoints.options)
    rows.push(row(o.option, String(o.type), `Endpoint rule parameter ${o.param}${o.docs !== "" ? `: ${o.docs}` : "."}`));
  const example = [
    importLine(ir, [ir.names.client]),
    "",
    `const client = new ${ir.names.client}({`,
    `  region: "eu-west-1",`,
    `  maxAttempts: 5,`,
    `  timeoutMs: 30_000,`,
    `  retry: { maxDelayMs: 5_000 },`,
    `  logger: console,`,
    "});",
  ];
  const body = [
    `<h1>Client configuration</h1>`,
    `<p>${code(ir.names.client)} and ${code(ir.names.aggregate)} take the same options; every one is optional.</p>`,
    pre(example.join("\n")),
    `<section id="options"><h2>Options</h2><table class="index-table"><thead><tr><th scope="col">Option</th><th scope="col">Type</th><th scope="col">What it does</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`,
    `<section id="per-call"><h2>Per call</h2><p>Each operation takes a third argument: <code>signal</code> (an <code>AbortSignal</code>) and <code>timeoutMs</code>, which overrides the client's.</p></section>`,
  ];
  return page(site, nav, { dir: "root", title: "Client configuration", crumbs: ["Client configuration"], body: body.join("\n") });
}

export function usagePage(site: Site, nav: string): string {
  const ir = site.ir;
  const op = ir.operations.find((o) => o.readonly && (o.inputShape?.members.every((m) => !m.required) ?? true)) ?? ir.operations[0];
  const body = [`<h1>Usage</h1>`, `<section id="install"><h2>Install</h2>${pre(`npm install ${ir.packageName}`, "sh")}</section>`];
  if (op !== undefined) {
    const call = callLines(ir, op, op.functionName, true, requiredMember);
    call[0] = `const response = await ${call[0]!}`;
    call[call.length - 1] += ";";
    const method = callLines(ir, op, `service.${op.functionName}`, false, requiredMember);
    method[0] = `const response = await ${method[0]!}`;
    method[method.length - 1] += ";";
    body.push(
      `<section id="call"><h2>Call an operation</h2><p>Each operation is a function of its own that takes the client, so a bundle holds only what it imports. See ${opLink(site, op, "root")}.</p>`,
      pre(
        [
          importLine(ir, [ir.names.client, op.functionName]),
          "",
          `const client = new ${ir.names.client}({ region: "eu-west-1" });`,
          ...call,
        ].join("\n"),
      ),
      `<p>${code(ir.names.aggregate)} is the same client with one method per operation:</p>`,
      pre(
        [importLine(ir, [ir.names.aggregate]), "", `const service = new ${ir.names.aggregate}({ region: "eu-west-1" });`, ...method].join(
          "\n",
        ),
      ),
      `</section>`,
    );
  }
  body.push(
    `<section id="errors"><h2>Errors</h2><p>Every service error extends ${code(ir.names.baseException)} and carries <code>$fault</code> and <code>$metadata</code>; each modelled error is a class of its own (<code>instanceof</code>). Invalid input fails before anything is sent with <code>RequestValidationError</code>, listing every issue. Throttling, transient and 5xx errors are retried with backoff; each operation page marks the errors the client retries.</p></section>`,
    `<section id="cancel"><h2>Cancellation and deadlines</h2>${pre(
      [
        `const controller = new AbortController();`,
        `setTimeout(() => controller.abort(), 1_000);`,
        `await ${op?.functionName ?? "operation"}(client, input, { signal: controller.signal, timeoutMs: 5_000 });`,
      ].join("\n"),
    )}</section>`,
  );
  const paginated = ir.operations.filter((o) => o.paginator);
  if (paginated.length > 0)
    body.push(
      `<section id="pagination"><h2>Pagination</h2><p>${paginated.length} operations page their results; each has a paginator function returning an async iterable of pages, with <code>.items()</code> for the items across pages: ${paginated
        .slice(0, 20)
        .map((o) => opLink(site, o, "root"))
        .join(", ")}${paginated.length > 20 ? ", …" : ""}.</p></section>`,
    );
  if (ir.waiters.length > 0)
    body.push(
      `<section id="waiters"><h2>Waiters</h2><p>See the <a href="${href("root", "root", "index.html", "waiters")}">waiters</a> of this service.</p></section>`,
    );
  return page(site, nav, { dir: "root", title: "Usage", crumbs: ["Usage"], body: body.join("\n") });
}
