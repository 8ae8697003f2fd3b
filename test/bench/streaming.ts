// The streaming figures: a generated S3 client (corpus model), and @aws-sdk/client-s3 beside it,
// download and upload 1 GiB by stream through a loopback server in another process; the measured
// process's resident set must stay flat (its peak growth far below the body). The upload takes the client's defaults: aws-chunked
// with a CRC32 trailer, so the checksum's cost is in its time.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "../../generator/generate.js";
import type { Reporter } from "./report.js";
import { startChildServer } from "./child-server.js";
import { CORPUS_MODELS, ROOT } from "./services.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MIB = 1024 * 1024;
/** Flat: the peak growth of the resident set stays under this, whatever the body's size. */
export const FLAT_LIMIT = 64 * MIB;

function startStreamServer(): Promise<{ endpoint: string; stop(): void }> {
  return startChildServer("stream-server.ts", "stream server");
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
    const index = path.join(out, "s3", "src", "index.ts");
    const run = (which: "svcgen" | "sdk"): Record<"download" | "upload", Direction> => {
      const args = ["--expose-gc", "--import", "tsx", path.join(HERE, "stream-child.ts"), which, index, server.endpoint, String(size)];
      const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", timeout: 900_000 });
      if (r.status !== 0) {
        throw new Error(`${which} stream child exited ${r.status ?? r.signal}: ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
      }
      return JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as Record<"download" | "upload", Direction>;
    };
    const ours = run("svcgen");
    const sdk = run("sdk");
    report.note(
      `streaming: ${label} each way through a generated S3 client, and through @aws-sdk/client-s3 (the peer), and a loopback server in another process; resident set sampled every 10 ms in the client's process, growth over its level after an 8 MiB warm-up round trip; the upload is a Node Readable with ContentLength, sent aws-chunked with a CRC32 trailer by both (their defaults)`,
    );
    for (const [key, what] of [
      ["download", `GetObject, ${label} read by stream`],
      ["upload", `PutObject, ${label} sent from a stream`],
    ] as const) {
      const figures = (suffix: string, d: Direction) => ({
        growth: report.exact(`stream.${key}.peak_rss_growth${suffix}`, "MiB", Math.round((d.peakGrowth / MIB) * 10) / 10).median,
        rate: report.exact(`stream.${key}.throughput${suffix}`, "MiB/s", Math.round(size / MIB / (d.ms / 1000))).median,
      });
      const a = figures("", ours[key]);
      const b = figures(".sdk", sdk[key]);
      report.row({
        section: "Streaming",
        what: `${what}: peak resident-set growth (throughput)`,
        svcgen: `${a.growth} MiB (${a.rate} MiB/s)`,
        peer: `${b.growth} MiB (${b.rate} MiB/s)`,
        ratio: "",
        target: `< ${FLAT_LIMIT / MIB} MiB`,
        met: ours[key].peakGrowth < FLAT_LIMIT,
      });
    }
  } finally {
    server.stop();
    rmSync(out, { recursive: true, force: true });
  }
}
