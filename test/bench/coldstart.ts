// Cold start: whole `node` processes running a bundled entry, minus a bare `node -e 0`, in
// interleaved rounds so every variant sees the same machine load.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { bundle, sdkImport, svcgenImport } from "./bundle.js";
import type { GeneratedClient } from "./clients.js";
import { type Reporter, interleave, summarize } from "./report.js";
import { CREDENTIALS, REGION } from "./services.js";

type Stage = "construct" | "call";

/** The entry a cold process runs: import and construct, or also one signed call to the loopback server. */
function coldEntry(which: "svcgen" | "sdk", client: GeneratedClient, stage: Stage): string {
  const s = client.service;
  const config = `{ region: ${JSON.stringify(REGION)}, endpoint: process.argv[2], credentials: ${JSON.stringify(CREDENTIALS)}, maxAttempts: 1 }`;
  const lines =
    which === "svcgen"
      ? [svcgenImport(client, `${client.clientClass}, ${client.operationFunction}`), `const client = new ${client.clientClass}(${config});`]
      : [sdkImport(s, `${s.sdkClient}, ${s.sdkCommand}`), `const client = new ${s.sdkClient}(${config});`];
  if (stage === "construct") lines.push("globalThis.benchClient = client;");
  else {
    lines.push(
      which === "svcgen"
        ? `const out = await ${client.operationFunction}(client, {});`
        : `const out = await client.send(new ${s.sdkCommand}({}));`,
      `if (!(${s.check})(out)) throw new Error("unexpected output: " + JSON.stringify(out));`,
      "client.destroy();",
    );
  }
  return lines.join("\n") + "\n";
}

function runNode(args: readonly string[]): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, {
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
    timeout: 60_000,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0)
    throw new Error(`node ${args.join(" ")} exited ${r.status ?? r.signal}: ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
  return ms;
}

export interface ColdOptions {
  readonly rounds: number;
  /** Rounds run first and dropped: the first spawn of each file pays for the disk cache. */
  readonly discard: number;
}

export async function coldStart(
  report: Reporter,
  clients: readonly GeneratedClient[],
  dir: string,
  endpoint: string,
  options: ColdOptions,
): Promise<void> {
  const bodies: Record<string, () => number> = { bare: () => runNode(["-e", "0"]) };
  for (const client of clients) {
    for (const stage of ["construct", "call"] as const) {
      for (const which of ["svcgen", "sdk"] as const) {
        const file = path.join(dir, `cold-${client.service.key}-${which}-${stage}.mjs`);
        writeFileSync(file, (await bundle(coldEntry(which, client, stage), "node", { requireShim: which === "sdk" })).code);
        bodies[`${client.service.key}.${stage}.${which}`] = () => runNode([file, endpoint]);
      }
    }
  }
  await interleave(options.discard, bodies);
  const samples = await interleave(options.rounds, bodies);
  report.note(
    "cold start: wall time of spawn → exit of `node <bundle>.mjs` (node platform, minified), variants interleaved per round; " +
      "excess = median minus median of bare `node -e 0`; the call variant makes one signed call to the loopback server, checks the page and closes the client. " +
      "On Node 20 the SDK also prints its Node-version warning, part of its start-up as users see it",
  );
  const bare = report.figure("cold.bare_node", "ms", samples["bare"]!).median;
  for (const client of clients) {
    const key = client.service.key;
    for (const stage of ["construct", "call"] as const) {
      const what = stage === "construct" ? "import + construct" : "import + construct + one signed call";
      const ours = report.figure(`cold.${key}.${stage}.svcgen`, "ms", samples[`${key}.${stage}.svcgen`]!).median;
      const peer = report.figure(`cold.${key}.${stage}.sdk`, "ms", samples[`${key}.${stage}.sdk`]!).median;
      const oursExcess = ours - bare;
      const peerExcess = peer - bare;
      report.exact(`cold.${key}.${stage}.svcgen_excess`, "ms", oursExcess);
      report.exact(`cold.${key}.${stage}.sdk_excess`, "ms", peerExcess);
      const ratio = oursExcess / peerExcess;
      const met = report.ratio(`cold.${key}.${stage}.excess_ratio`, ratio, { text: "≤ 0.15", met: (v) => v <= 0.15 });
      report.row({
        section: "Cold start",
        what: `${client.service.operation}: ${what}, excess over bare node`,
        svcgen: `${oursExcess.toFixed(1)} ms`,
        peer: `${peerExcess.toFixed(1)} ms`,
        ratio: ratio.toFixed(3),
        target: "≤ 0.15",
        met,
      });
    }
  }
  report.row({
    section: "Cold start",
    what: "bare `node -e 0` (subtracted above)",
    svcgen: `${summarize(samples["bare"]!).median.toFixed(1)} ms`,
    peer: "",
    ratio: "",
    target: "",
    met: undefined,
  });
}
