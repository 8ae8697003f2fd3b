// npm run bench [-- --quick] [--write]
// svcgen side by side with the AWS SDK v3 in one run: bundle size, cold start, per-call overhead,
// validators against Ajv, endpoint resolution and its bundle cost, and generation time and memory. Every figure is a median over rounds
// with min and max; every comparison is a ratio of figures measured in this same run.
// --quick  a smoke run (few rounds, small models): checks the harness works, not the figures.
// --write  saves test/bench/results.json and rewrites the README's performance section.
// --only streaming  runs that section alone; with --write its rows and figures replace the ones
//           results.json has for it, the rest kept.
// Exit code 1 when any measurement failed to run.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { REQUIRE_SHIM, breakdown, bundle, installBuilt, installedEntry, sizeEntry } from "./bundle.js";
import { generateClient, type GeneratedClient } from "./clients.js";
import { coldStart } from "./coldstart.js";
import { endpointBundles, endpoints } from "./endpoints.js";
import { corpusRun } from "./corpus.js";
import { generation } from "./generation.js";
import { perCall } from "./percall.js";
import { updateReadme } from "./readme.js";
import { Reporter, bytes, machine, withPrevious, type Results } from "./report.js";
import { streaming } from "./streaming.js";
import { startChildServer } from "./child-server.js";
import { ROOT, SERVICES } from "./services.js";
import { validators } from "./validators.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const RESULTS_FILE = path.join(HERE, "results.json");

interface Server {
  readonly endpoint: string;
  stop(): void;
}

/** The loopback service in its own process; resolves once it listens. */
function startServer(): Promise<Server> {
  return startChildServer("server.ts", "loopback server");
}

async function bundleSizes(report: Reporter, clients: readonly GeneratedClient[], dir: string): Promise<void> {
  report.note("bundle: esbuild bundle + minify, format esm; entry = construct the client + call the one operation; gzip level 9");
  report.note(
    "svcgen bundles: the package built by its own build script (tsc to dist/esm and dist/cjs), installed by name in an application folder " +
      "and imported by name, so esbuild reads its exports conditions and its browser map as a user's bundler would; nothing is marked external, " +
      "and a browser bundle holding runtime/http/node.js, runtime/platform/node.js or a node: module fails the run",
  );
  report.note(
    `SDK node bundles start with a ${REQUIRE_SHIM.length}-byte createRequire shim: its CommonJS code requires node: builtins, which an ESM bundle cannot run without it`,
  );
  for (const client of clients) {
    const s = client.service;
    const installed = installBuilt(client, dir);
    for (const platform of ["browser", "node"] as const) {
      const ours = await bundle(installedEntry(client, installed), platform, { installed });
      if (platform === "browser") {
        const nodeCode = ours.inputs.filter(
          ([name]) => !name.startsWith("(disabled):") && /(^|\/)(runtime\/(http|platform)\/node\.js)$|^node:/.test(name),
        );
        if (nodeCode.length > 0)
          throw new Error(`the browser bundle of ${s.operation} holds Node code: ${nodeCode.map(([n]) => n).join(", ")}`);
        const sigv4a = ours.inputs.find(([name]) => name.endsWith("runtime/auth/sigv4a.js"));
        report.note(
          `bundle.${s.key}.browser: SigV4a ${sigv4a === undefined ? "is not in the bundle" : `is in the bundle (${sigv4a[1]} minified bytes): esbuild without splitting inlines its lazy import`}`,
        );
      }
      const peer = await bundle(sizeEntry("sdk", client), platform, { requireShim: platform === "node" });
      const name = `bundle.${s.key}.${platform}`;
      for (const kind of ["raw", "gzip"] as const) {
        report.exact(`${name}.${kind}.svcgen`, "B", ours[kind]);
        report.exact(`${name}.${kind}.sdk`, "B", peer[kind]);
        const ratio = ours[kind] / peer[kind];
        const met = report.ratio(`${name}.${kind}.ratio`, ratio, { text: "≤ 0.1", met: (v) => v <= 0.1 });
        report.row({
          section: "Bundle size",
          what: `${s.operation}, ${platform}, ${kind === "raw" ? "minified" : "minified + gzip"}`,
          svcgen: bytes(ours[kind]),
          peer: bytes(peer[kind]),
          ratio: ratio.toFixed(3),
          target: "≤ 0.1",
          met,
        });
      }
      report.note(`${name}: svcgen's largest inputs (minified bytes): ${breakdown(ours.inputs, 8)}`);
      report.note(`${name}: SDK's largest packages (minified bytes): ${breakdown(peer.inputs, 5)}`);
    }
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  const quick = argv.includes("--quick");
  const write = argv.includes("--write");
  const onlyAt = argv.indexOf("--only");
  const only = onlyAt === -1 ? undefined : argv[onlyAt + 1];
  const unknown = argv.filter((a, i) => a !== "--quick" && a !== "--write" && (onlyAt === -1 || (i !== onlyAt && i !== onlyAt + 1)));
  if (unknown.length > 0 || (onlyAt !== -1 && only !== "streaming")) {
    process.stderr.write(`bench: unknown argument ${unknown[0] ?? only}\nusage: npm run bench -- [--quick] [--write] [--only streaming]\n`);
    return 2;
  }
  if (only === "streaming") return streamingOnly(quick, write);
  const report = new Reporter();
  const started = performance.now();
  const m = machine();
  report.info(`${quick ? "quick" : "full"} run on ${m.cpu}, ${m.cores} cores, node ${m.node}, load average ${m.loadAverage.join(" ")}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "svcgen-bench-"));
  let server: Server | undefined;
  try {
    const clients: GeneratedClient[] = [];
    const clientsStarted = performance.now();
    try {
      for (const s of SERVICES) clients.push(await generateClient(s, path.join(dir, "generated")));
    } catch (error) {
      report.failed("clients", error);
    }
    report.info(`generating the compared clients (no formatting) took ${((performance.now() - clientsStarted) / 1000).toFixed(1)} s`);
    const haveClients = clients.length === SERVICES.length;
    const run = async (title: string, body: () => Promise<void>): Promise<void> => {
      report.section(title);
      const t0 = performance.now();
      try {
        await body();
      } catch (error) {
        report.failed(title, error);
      }
      report.info(`${title}: section took ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    };
    const needClients = (body: () => Promise<void>) => async () => {
      if (!haveClients) throw new Error("the compared clients could not be generated");
      await body();
    };

    await run(
      "bundle",
      needClients(() => bundleSizes(report, clients, dir)),
    );
    try {
      server = await startServer();
    } catch (error) {
      report.failed("loopback server", error);
    }
    const endpoint = server?.endpoint;
    const needServer = (body: (endpoint: string) => Promise<void>) =>
      needClients(async () => {
        if (endpoint === undefined) throw new Error("no loopback server");
        await body(endpoint);
      });
    await run(
      "cold start",
      needServer((e) => coldStart(report, clients, dir, e, quick ? { rounds: 1, discard: 0 } : { rounds: 15, discard: 1 })),
    );
    await run(
      "per call",
      needServer((e) =>
        perCall(report, clients, dir, e, quick ? { warmup: 30, rounds: 2, calls: 30 } : { warmup: 1000, rounds: 15, calls: 400 }),
      ),
    );
    server?.stop();
    server = undefined;
    await run("validators", () =>
      validators(report, dir, quick ? { rounds: 3, batchMs: 5, warmupMs: 20 } : { rounds: 21, batchMs: 40, warmupMs: 400 }),
    );
    await run("endpoints", async () => {
      await endpoints(report, dir, quick ? { rounds: 3, batchMs: 5, warmupMs: 20 } : { rounds: 15, batchMs: 40, warmupMs: 300 });
      await needClients(() => endpointBundles(report, clients))();
    });
    await run("generation", () => generation(report, dir, quick));
    await run("streaming", () => streaming(report, quick));
    if (!quick) await run("corpus", async () => corpusRun(report));
  } finally {
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  report.info(`bench finished in ${((performance.now() - started) / 1000).toFixed(1)} s with ${report.failures.length} failure(s)`);
  if (write) {
    let previous: Results | undefined;
    try {
      previous = JSON.parse(readFileSync(RESULTS_FILE, "utf8")) as Results;
    } catch {
      previous = undefined;
    }
    const results: Results = {
      date: new Date().toISOString().slice(0, 10),
      mode: quick ? "quick" : "full",
      machine: m,
      figures: report.figures,
      rows: withPrevious(report.rows, previous),
      notes: report.notes,
      failures: report.failures,
    };
    writeFileSync(RESULTS_FILE, JSON.stringify(results, null, 2) + "\n");
    updateReadme(results);
    process.stdout.write(`wrote ${path.relative(ROOT, RESULTS_FILE)} and the README's performance section\n`);
  }
  return report.failures.length === 0 ? 0 : 1;
}

/** The streaming section alone; with `write`, merged into the saved results (its own rows, figures and note replaced). */
async function streamingOnly(quick: boolean, write: boolean): Promise<number> {
  const report = new Reporter();
  const dir = mkdtempSync(path.join(os.tmpdir(), "svcgen-bench-"));
  report.section("streaming");
  try {
    await streaming(report, quick);
  } catch (error) {
    report.failed("streaming", error);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (write && report.failures.length === 0) {
    const saved = JSON.parse(readFileSync(RESULTS_FILE, "utf8")) as Results;
    const results: Results = {
      ...saved,
      figures: [...saved.figures.filter((f) => !f.name.startsWith("stream.")), ...report.figures],
      rows: [...saved.rows.filter((r) => r.section !== "Streaming"), ...report.rows],
      notes: [...saved.notes.filter((n) => !n.startsWith("streaming:")), ...report.notes],
    };
    writeFileSync(RESULTS_FILE, JSON.stringify(results, null, 2) + "\n");
    updateReadme(results);
    process.stdout.write(`merged the streaming figures into ${path.relative(ROOT, RESULTS_FILE)} and the README's performance section\n`);
  }
  return report.failures.length === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
