// The streaming figures: a generated S3 client (corpus model) downloads and uploads 1 GB by
// stream through a loopback server in another process; the measured process's resident set must
// stay flat (its peak growth far below the body). The upload takes the client's defaults: aws-chunked
// with a CRC32 trailer, so the checksum's cost is in its time.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "../../generator/generate.js";
import type { Reporter } from "./report.js";
import { CORPUS_MODELS, ROOT } from "./services.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MIB = 1024 * 1024;
/** Flat: the peak growth of the resident set stays under this, whatever the body's size. */
export const FLAT_LIMIT = 64 * MIB;

function startStreamServer(): Promise<{ endpoint: string; stop(): void }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(HERE, "stream-server.ts")], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let buffered = "";
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`stream server exited ${code} before listening`)));
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const port = /port (\d+)/.exec(buffered)?.[1];
      if (port !== undefined) {
        child.removeAllListeners("exit");
        resolve({ endpoint: `http://127.0.0.1:${port}`, stop: () => child.stdin.end() });
      }
    });
  });
}

interface Direction {
  readonly ms: number;
  readonly peakGrowth: number;
}

export async function streaming(report: Reporter, quick: boolean): Promise<void> {
  const size = quick ? 64 * MIB : 1024 * MIB;
  const label = quick ? "64 MiB" : "1 GiB";
  // Inside the repository, where the package's imports (re2js, fast-xml-parser) resolve.
  mkdirSync(path.join(ROOT, ".vitest-tmp"), { recursive: true });
  const out = mkdtempSync(path.join(ROOT, ".vitest-tmp", "bench-stream-"));
  await generate({ model: path.join(CORPUS_MODELS, "s3", "2006-03-01"), out, format: false });
  const server = await startStreamServer();
  try {
    const r = spawnSync(
      process.execPath,
      [
        "--expose-gc",
        "--import",
        "tsx",
        path.join(HERE, "stream-child.ts"),
        path.join(out, "s3", "src", "index.ts"),
        server.endpoint,
        String(size),
      ],
      { cwd: ROOT, encoding: "utf8", timeout: 900_000 },
    );
    if (r.status !== 0)
      throw new Error(`stream child exited ${r.status ?? r.signal}: ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
    const result = JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as Record<"download" | "upload", Direction>;
    report.note(
      `streaming: ${label} through a generated S3 client and a loopback server in another process; resident set sampled every 10 ms in the client's process, growth over its level after an 8 MiB warm-up round trip; the upload is a Node Readable with ContentLength, sent aws-chunked with a CRC32 trailer (the defaults); no peer (the repository has no @aws-sdk/client-s3)`,
    );
    for (const [key, what] of [
      ["download", `GetObject, ${label} read by stream`],
      ["upload", `PutObject, ${label} sent from a stream`],
    ] as const) {
      const d = result[key];
      const growth = report.exact(`stream.${key}.peak_rss_growth`, "MiB", Math.round((d.peakGrowth / MIB) * 10) / 10);
      const rate = report.exact(`stream.${key}.throughput`, "MiB/s", Math.round(size / MIB / (d.ms / 1000)));
      report.row({
        section: "Streaming",
        what: `${what}: peak resident-set growth (throughput)`,
        svcgen: `${growth.median} MiB (${rate.median} MiB/s)`,
        peer: "",
        ratio: "",
        target: `< ${FLAT_LIMIT / MIB} MiB`,
        met: d.peakGrowth < FLAT_LIMIT,
      });
    }
  } finally {
    server.stop();
    rmSync(out, { recursive: true, force: true });
  }
}
