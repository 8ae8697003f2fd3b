// Rewrites the README's performance section (between the bench markers) from the benchmark's
// results, so the table is never edited by hand. `npm run bench -- --write` calls it; run alone
// (`tsx test/bench/readme.ts`) it renders test/bench/results.json again.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Results, Row } from "./report.js";
import { ROOT } from "./services.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const README = path.join(ROOT, "README.md");
const START = "<!-- bench:start -->";
const END = "<!-- bench:end -->";

const cell = (text: string): string => text.replace(/\|/g, "\\|");

function metCell(row: Row): string {
  if (row.target === "") return "";
  if (row.met === undefined) return row.svcgen === "failed" ? "not measured" : "unclear";
  return row.met ? "yes" : "**no**";
}

export function renderSection(results: Results): string {
  const m = results.machine;
  const lines = [
    `Measured ${results.date} by \`npm run bench\`${results.mode === "quick" ? " (quick mode: smoke figures only)" : ""} on ${m.cpu}, ` +
      `${m.cores} cores, Node ${m.node}, ${m.platform} (load average ${m.loadAverage.join(" ")} at the start; the machine is shared, so ` +
      "read the ratios, which pair figures of the same run, more than the absolute times). The peer is the AWS SDK v3 client " +
      "for the same operation, Ajv 8 for the validators, the SDK's endpoint rule engine (@smithy/core) for endpoint resolution, and a bare " +
      "node:http call for the per-call floor. Regenerate with " +
      "`npm run bench -- --write`.",
    "",
    "| Section | Figure | svcgen | Peer | Ratio | Target | Met | Previous |",
    "|---|---|---|---|---|---|---|---|",
    ...results.rows.map(
      (r) => `| ${[r.section, r.what, r.svcgen, r.peer, r.ratio, r.target, metCell(r), r.previous ?? ""].map(cell).join(" | ")} |`,
    ),
  ];
  if (results.failures.length > 0) {
    lines.push("", "Measurements that failed to run:", "", ...results.failures.map((f) => `- ${f}`));
  }
  lines.push("", "How each figure was taken, and where the bytes and milliseconds go:", "", ...results.notes.map((n) => `- ${n}`));
  return lines.join("\n");
}

/** Replaces what lies between the markers; everything else in the README stays byte for byte. */
export function updateReadme(results: Results, file = README): void {
  const text = readFileSync(file, "utf8");
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start === -1 || end === -1 || end < start) throw new Error(`${file}: no ${START} … ${END} section to rewrite`);
  const next = text.slice(0, start + START.length) + "\n" + renderSection(results) + "\n" + text.slice(end);
  writeFileSync(file, next);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  updateReadme(JSON.parse(readFileSync(path.join(HERE, "results.json"), "utf8")) as Results);
}
