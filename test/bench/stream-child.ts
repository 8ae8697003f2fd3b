// Measured process of the streaming figures: a generated S3 client, or @aws-sdk/client-s3,
// downloads and uploads `size` bytes by stream through the loopback server (stream-server.ts)
// while the resident set is sampled every 10 ms. Prints one JSON line: per direction, the time
// and the peak growth of the resident set over its level after a warm-up round trip.
// argv: svcgen|sdk <generated s3 index.ts> <endpoint> <size>
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";

const [which, index, endpoint, sizeText] = process.argv.slice(2) as [string, string, string, string];
const size = Number(sizeText);
const config = {
  region: "us-east-1",
  endpoint,
  forcePathStyle: true,
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
  maxAttempts: 1,
};

interface Side {
  get(key: string): Promise<AsyncIterable<Uint8Array>>;
  put(key: string, body: Readable, length: number): Promise<unknown>;
  destroy(): void;
}

async function side(): Promise<Side> {
  if (which === "sdk") {
    const sdk = await import("@aws-sdk/client-s3");
    const client = new sdk.S3Client(config);
    return {
      get: async (Key) => (await client.send(new sdk.GetObjectCommand({ Bucket: "bench", Key }))).Body as AsyncIterable<Uint8Array>,
      put: (Key, Body, ContentLength) => client.send(new sdk.PutObjectCommand({ Bucket: "bench", Key, Body, ContentLength })),
      destroy: () => client.destroy(),
    };
  }
  const s3 = (await import(pathToFileURL(index).href)) as Record<string, any>;
  const client = new s3.S3Client(config);
  return {
    get: async (Key) => (await s3.getObject(client, { Bucket: "bench", Key })).Body,
    put: (Key, Body, ContentLength) => s3.putObject(client, { Bucket: "bench", Key, Body, ContentLength }),
    destroy: () => client.destroy(),
  };
}

const client = await side();

/** `total` bytes in 64 KiB chunks, each a fresh buffer as a file stream would give. */
function* upload(total: number): Generator<Uint8Array> {
  for (let at = 0; at < total; at += 65536) {
    const chunk = new Uint8Array(Math.min(65536, total - at));
    chunk.fill(at & 0xff);
    yield chunk;
  }
}

async function download(n: number): Promise<number> {
  let received = 0;
  for await (const chunk of await client.get(String(n))) received += chunk.byteLength;
  if (received !== n) throw new Error(`downloaded ${received} of ${n} bytes`);
  return received;
}

async function put(n: number): Promise<void> {
  await client.put(String(n), Readable.from(upload(n)), n);
}

async function measure(body: () => Promise<unknown>): Promise<{ ms: number; peakGrowth: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  const started = performance.now();
  await body();
  const ms = performance.now() - started;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { ms, peakGrowth: peak - base };
}

// Warm-up: every module loaded and the code paths compiled before the baseline is taken.
await download(8 * 1024 * 1024);
await put(8 * 1024 * 1024);
const down = await measure(() => download(size));
const up = await measure(() => put(size));
client.destroy();
process.stdout.write(JSON.stringify({ download: down, upload: up }) + "\n");
