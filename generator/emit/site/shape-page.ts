// shapes/<Shape>.html: a structure, union, error or enum with its members or values, and the
// operations that use it.
import type { ScalarIR, StructureIR } from "../../ir/types.js";
import { code, esc } from "./html.js";
import { page } from "./layout.js";
import { memberList } from "./members.js";
import { factsTable } from "./operation-page.js";
import { retryKind } from "./retries.js";
import { sanitizeDocs } from "./sanitize.js";
import { opLink, type Site } from "./site.js";

export function shapeKind(s: StructureIR | ScalarIR): "Error" | "Union" | "Structure" | "Enum" {
  if (s.kind === "structure") return s.exception ? "Error" : s.union ? "Union" : "Structure";
  return "Enum";
}

export function shapePage(site: Site, nav: string, s: StructureIR | ScalarIR): string {
  const ir = site.ir;
  const kind = shapeKind(s);
  const what = kind === "Error" ? "error class" : "type";
  const body: string[] = [
    `<h1>${esc(s.name)}</h1>`,
    `<p class="kind"><span class="badge kind-${kind.toLowerCase()}">${kind}</span> TypeScript ${what} ${code(s.typeName)}, exported by ${code(ir.packageName)}</p>`,
  ];
  if (s.deprecated)
    body.push(`<div class="callout important"><strong>Deprecated:</strong> the model marks this shape as deprecated.</div>`);
  const docs = sanitizeDocs(s.docsHtml);
  if (docs !== "") body.push(`<div class="doc lead">${docs}</div>`);
  if (s.sensitive) body.push(`<p>Sensitive: hooks, logs and error messages show <code>***</code> instead of its values.</p>`);

  if (s.kind === "structure") {
    if (s.exception) {
      const e = s.exception;
      const retry = retryKind(s);
      body.push(
        factsTable([
          ["HTTP status", esc(e.httpStatusCode !== undefined ? String(e.httpStatusCode) : "not modelled")],
          ["Fault", e.fault === "client" ? "client (the request needs changing)" : "server (the request may succeed later)"],
          ["Error code", code(e.code)],
          [
            "Retried by the client",
            retry === undefined
              ? "no"
              : `<span class="badge retry">yes${retry === "throttling" ? ", with the throttling backoff" : ", with backoff"}</span>`,
          ],
        ]),
      );
    }
    body.push(`<section id="members"><h2>${s.union ? "Members (set exactly one)" : "Members"}</h2>`);
    body.push(s.members.length > 0 ? memberList(site, s, "shape", "shapes", true) : "<p>This structure has no members.</p>");
    body.push("</section>");
  } else {
    const values = s.enum ?? [];
    body.push(`<section id="values"><h2>Values</h2>`);
    body.push(
      values.length > 0
        ? `<ul class="values">${values.map((v) => `<li>${code(v)}</li>`).join("")}</ul>`
        : "<p>The model lists no values.</p>",
    );
    body.push(`<p>Responses may carry values this list does not know yet; they arrive as they are.</p></section>`);
  }

  const usage = site.usage.get(s.name) ?? [];
  body.push(
    `<section id="used-by"><h2>Used by</h2>${
      usage.length > 0
        ? `<ul>${usage.map((u) => `<li>${opLink(site, u.op, "shapes")}: ${esc(u.roles.join(", "))}</li>`).join("")}</ul>`
        : "<p>No operation reaches this shape.</p>"
    }</section>`,
  );
  return page(site, nav, { dir: "shapes", title: s.name, crumbs: ["Shapes", s.name], body: body.join("\n") });
}
