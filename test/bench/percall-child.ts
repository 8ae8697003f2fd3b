// Runs in the per-call child process (bundled together with both clients): sequential awaited
// calls to the loopback server, every case in each round, rotating the order. Prints one JSON line:
// microseconds per call of each case, one sample per round.
import http from "node:http";

export interface PerCallCase {
  readonly name: string;
  readonly call: () => Promise<unknown>;
  /** The call really returned the canned page (a failed or empty call would be fast and wrong). */
  readonly check: (output: unknown) => boolean;
}

export interface PerCallOptions {
  readonly warmup: number;
  readonly rounds: number;
  readonly calls: number;
}

/** The cheapest way to make the same exchange on Node: node:http with a keep-alive agent, then JSON.parse. */
export function httpFloor(
  endpoint: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
): () => Promise<unknown> {
  const agent = new http.Agent({ keepAlive: true });
  const url = new URL(endpoint);
  const options: http.RequestOptions = { hostname: url.hostname, port: url.port, method, path, headers, agent };
  const onResponse = (resolve: (v: unknown) => void, reject: (e: unknown) => void) => (res: http.IncomingMessage) => {
    const chunks: Buffer[] = [];
    res.on("data", (c: Buffer) => chunks.push(c));
    res.on("error", reject);
    res.on("end", () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch (error) {
        reject(error);
      }
    });
  };
  if (method === "GET") {
    return () => new Promise((resolve, reject) => http.get(options, onResponse(resolve, reject)).on("error", reject));
  }
  return () =>
    new Promise((resolve, reject) => {
      const req = http.request(options, onResponse(resolve, reject));
      req.on("error", reject);
      req.end(body);
    });
}

/** The same exchange with the global fetch, then JSON.parse. */
export function fetchFloor(
  endpoint: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
): () => Promise<unknown> {
  const url = new URL(path, endpoint).toString();
  return async () => {
    const res = await fetch(url, body === undefined ? { method, headers } : { method, headers, body });
    return JSON.parse(await res.text()) as unknown;
  };
}

async function timeCalls(call: () => Promise<unknown>, n: number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await call();
  return Number(process.hrtime.bigint() - started) / 1e3 / n;
}

export async function runPerCall(cases: readonly PerCallCase[], options: PerCallOptions): Promise<void> {
  for (const c of cases) {
    const output = await c.call();
    if (!c.check(output)) throw new Error(`${c.name}: unexpected output ${JSON.stringify(output).slice(0, 200)}`);
  }
  for (const c of cases) await timeCalls(c.call, options.warmup);
  const samples: Record<string, number[]> = Object.fromEntries(cases.map((c) => [c.name, []]));
  for (let r = 0; r < options.rounds; r++) {
    for (let i = 0; i < cases.length; i++) {
      const c = cases[(i + r) % cases.length]!;
      samples[c.name]!.push(await timeCalls(c.call, options.calls));
    }
  }
  process.stdout.write(JSON.stringify(samples) + "\n");
}
