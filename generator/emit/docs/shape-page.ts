// docs/shapes/<Shape>.md: a structure, union, error or enum with its members or values, and the
// operations that use it.
import type { ScalarIR, StructureIR } from "../../ir/types.js";
import { opLink, type DocsSite } from "../kit/docs-site.js";
import { blocks, code, safeDocs, text } from "../kit/markdown.js";
import { memberEntry } from "./members.js";
import { breadcrumb } from "./operation-page.js";

export function shapePage(site: DocsSite, s: StructureIR | ScalarIR): string {
  const ir = site.ir;
  const parts: string[] = [breadcrumb(ir, "shape", "Shapes", s.name), `# ${text(s.name)}`];
  let kind: string;
  if (s.kind === "structure") kind = s.exception ? "Error" : s.union ? "Union" : "Structure";
  else kind = "Enum";
  const module = s.kind === "structure" && s.exception ? "error class" : "type";
  parts.push(`**${kind}** · TypeScript ${module} ${code(s.typeName)}, exported by ${code(ir.packageName)}`);
  if (s.deprecated) parts.push("> **Deprecated:** the model marks this shape as deprecated.");
  parts.push(safeDocs(s.docs));
  if (s.sensitive) parts.push("Sensitive: hooks, logs and error messages show `***` instead of its values.");

  if (s.kind === "structure") {
    if (s.exception) {
      const e = s.exception;
      const facts = [
        `- **HTTP status:** ${e.httpStatusCode ?? "not modelled"}`,
        `- **Fault:** ${e.fault === "client" ? "client (the request needs changing)" : "server (the request may succeed later)"}`,
        `- **Error code:** ${code(e.code)}`,
      ];
      if (e.retryable) facts.push(`- **Retryable:** yes${e.retryable.throttling ? " (throttling)" : ""}`);
      parts.push(facts.join("\n"));
    }
    parts.push(s.union ? "## Members (set exactly one)" : "## Members");
    parts.push(
      s.members.length > 0
        ? s.members.map((m) => memberEntry(site, s, m, "shape", "shape", false)).join("\n\n")
        : "This structure has no members.",
    );
  } else {
    parts.push("## Values");
    const values = s.enum ?? [];
    parts.push(values.length > 0 ? values.map((v) => `- ${code(v)}`).join("\n") : "The model lists no values.");
    parts.push("Responses may carry values this list does not know yet; they arrive as they are.");
  }

  parts.push("## Used by");
  const usage = site.usage.get(s.name) ?? [];
  parts.push(
    usage.length > 0
      ? usage.map((u) => `- ${opLink(site, u.op, "shape")}: ${u.roles.join(", ")}`).join("\n")
      : "No operation reaches this shape.",
  );
  return blocks(parts) + "\n";
}
