// Per-call overhead: both clients and both floors in one bundled child process, calling the
// loopback server (another process) with static credentials.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundle } from "./bundle.js";
import type { GeneratedClient } from "./clients.js";
import type { PerCallOptions } from "./percall-child.js";
import type { Reporter } from "./report.js";
import { CREDENTIALS, REGION } from "./services.js";

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), "percall-child.ts");

function childEntry(clients: readonly GeneratedClient[]): string {
  const lines = [`import { runPerCall, httpFloor, fetchFloor } from ${JSON.stringify(CHILD)};`];
  const config = `{ region: ${JSON.stringify(REGION)}, endpoint, credentials: ${JSON.stringify(CREDENTIALS)}, maxAttempts: 1 }`;
  const cases: string[] = [];
  const destroy: string[] = [];
  for (const c of clients) {
    const s = c.service;
    const k = s.key;
    lines.push(
      `import { ${c.clientClass} as Ours_${k}, ${c.operationFunction} as op_${k} } from ${JSON.stringify(c.index)};`,
      `import { ${s.sdkClient} as Sdk_${k}, ${s.sdkCommand} as Cmd_${k} } from ${JSON.stringify(s.sdkPackage)};`,
    );
    const args = `endpoint, ${JSON.stringify(s.method)}, ${JSON.stringify(s.path)}, ${JSON.stringify(s.headers)}, ${JSON.stringify(s.body)}`;
    cases.push(
      `{ name: "${k}.svcgen", call: () => op_${k}(ours_${k}, {}), check: ${s.check} }`,
      `{ name: "${k}.sdk", call: () => sdk_${k}.send(new Cmd_${k}({})), check: ${s.check} }`,
      `{ name: "${k}.floor_http", call: httpFloor(${args}), check: ${s.check} }`,
      `{ name: "${k}.floor_fetch", call: fetchFloor(${args}), check: ${s.check} }`,
    );
    destroy.push(`ours_${k}.destroy();`, `sdk_${k}.destroy();`);
  }
  lines.push("const endpoint = process.argv[2];", "const options = JSON.parse(process.argv[3]);");
  for (const c of clients) {
    const k = c.service.key;
    lines.push(`const ours_${k} = new Ours_${k}(${config});`, `const sdk_${k} = new Sdk_${k}(${config});`);
  }
  lines.push(`await runPerCall([\n  ${cases.join(",\n  ")}\n], options);`, ...destroy, "process.exit(0);");
  return lines.join("\n") + "\n";
}

export async function perCall(
  report: Reporter,
  clients: readonly GeneratedClient[],
  dir: string,
  endpoint: string,
  options: PerCallOptions,
): Promise<void> {
  const file = path.join(dir, "percall.mjs");
  writeFileSync(file, (await bundle(childEntry(clients), "node", { requireShim: true })).code);
  const r = spawnSync(process.execPath, [file, endpoint, JSON.stringify(options)], {
    encoding: "utf8",
    timeout: 600_000,
  });
  if (r.status !== 0)
    throw new Error(`per-call child exited ${r.status ?? r.signal}: ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
  const samples = JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as Record<string, number[]>;
  report.note(
    `per call: ${options.rounds} rounds × ${options.calls} sequential awaited calls per case after ${options.warmup} warm-up calls, ` +
      "one bundled node process; floor_http = node:http keep-alive agent + JSON.parse, floor_fetch = fetch + JSON.parse; " +
      "both clients with maxAttempts: 1 (no retry hides a failed call: any failure ends the run)",
  );
  const get = (name: string): number[] => {
    const s = samples[name];
    if (s === undefined || s.length === 0) throw new Error(`per-call child gave no samples for ${name}`);
    return s;
  };
  for (const c of clients) {
    const k = c.service.key;
    const ours = report.figure(`percall.${k}.svcgen`, "µs/call", get(`${k}.svcgen`)).median;
    const sdk = report.figure(`percall.${k}.sdk`, "µs/call", get(`${k}.sdk`)).median;
    const floorHttp = report.figure(`percall.${k}.floor_http`, "µs/call", get(`${k}.floor_http`)).median;
    const floorFetch = report.figure(`percall.${k}.floor_fetch`, "µs/call", get(`${k}.floor_fetch`)).median;
    const overFloor = ours / floorHttp;
    const sdkOverOurs = sdk / ours;
    const metFloor = report.ratio(`percall.${k}.svcgen_over_floor_http`, overFloor, {
      text: "≤ 1.2",
      met: (v) => v <= 1.2,
    });
    const metSdk = report.ratio(`percall.${k}.sdk_over_svcgen`, sdkOverOurs, { text: "≥ 6", met: (v) => v >= 6 });
    report.ratio(`percall.${k}.svcgen_over_floor_fetch`, ours / floorFetch);
    report.ratio(`percall.${k}.sdk_over_floor_http`, sdk / floorHttp);
    report.ratio(`percall.${k}.sdk_over_floor_fetch`, sdk / floorFetch);
    const op = c.service.operation;
    report.row({
      section: "Per call",
      what: `${op}: svcgen time / node:http keep-alive floor`,
      svcgen: `${ours.toFixed(0)} µs`,
      peer: `${floorHttp.toFixed(0)} µs (floor)`,
      ratio: overFloor.toFixed(2),
      target: "≤ 1.2",
      met: metFloor,
    });
    report.row({
      section: "Per call",
      what: `${op}: SDK time / svcgen time`,
      svcgen: `${ours.toFixed(0)} µs`,
      peer: `${sdk.toFixed(0)} µs`,
      ratio: sdkOverOurs.toFixed(2),
      target: "≥ 6",
      met: metSdk,
    });
  }
}
