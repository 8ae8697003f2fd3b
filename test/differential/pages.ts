// Paginators compared: the official client's `paginateX` and svcgen's, each walked to the end
// over the same run of canned pages (every page but the last hands back a token and says there
// is more). Each page's request and result are compared and judged as single calls are; the
// number of requests must agree too.
import fc from "fast-check";
import type { OperationIR, ServiceIR } from "../../generator/ir/types.js";
import type { Arbitraries } from "./arbitraries.js";
import type { CaptureServer, CapturedRequest } from "./capture-server.js";
import type { Difference } from "./compare.js";
import type { Settled } from "./judge.js";
import { replyFor, type Reply } from "./wire.js";

type Module = Record<string, unknown>;

/** What a paginated walk needs from the runner: its clients, server and judgement of one exchange. */
export interface PageHarness {
  readonly ir: ServiceIR;
  readonly sdk: Module;
  readonly ours: Module;
  readonly sdkClient: unknown;
  readonly ourClient: unknown;
  readonly server: CaptureServer;
  readonly outputs: Arbitraries;
  /** Starts the pinned per-call ids over, so both clients' walks carry the same ones. */
  restartIds(): void;
  /** Every unexplained difference of one request and result pair (the runner's comparison and rules). */
  exchange(
    sdkSent: readonly CapturedRequest[],
    ourSent: readonly CapturedRequest[],
    sdkResult: Settled,
    ourResult: Settled,
    reply: Reply,
  ): Promise<Difference[]>;
}

/** Why the operation's paginator cannot be walked here, or undefined when it can. */
export function unwalkable(op: OperationIR, sdk: Module): string | undefined {
  const p = op.paginator;
  if (p === undefined) return "no paginator";
  if (typeof sdk[`paginate${op.name}`] !== "function") return "the official client has no paginator for it";
  const plain = (path: string) => /^[A-Za-z0-9_]+$/.test(path);
  if (!p.outputToken.every(plain) || !p.inputToken.every(plain) || (p.moreResults !== undefined && !plain(p.moreResults)))
    return "tokens at nested paths";
  return undefined;
}

/** The pages of one walk: all but the last carry a token and, where the model has one, `more = true`. */
export function plannedPages(op: OperationIR, harness: PageHarness, seed: number, count: number): Record<string, unknown>[] {
  const p = op.paginator!;
  const pages = fc.sample(harness.outputs.topLevel(op.output), { seed, numRuns: count });
  return pages.map((page, i) => {
    const out: Record<string, unknown> = { ...page };
    const last = i === pages.length - 1;
    p.outputToken.forEach((name, t) => {
      if (last) delete out[name];
      else out[name] = `page-${i + 1}-token-${t}`;
    });
    if (p.moreResults !== undefined) out[p.moreResults] = !last;
    return out;
  });
}

async function walk(paginator: AsyncIterable<unknown>): Promise<{ pages: unknown[]; end: Settled }> {
  const pages: unknown[] = [];
  try {
    for await (const page of paginator) pages.push(page);
    return { pages, end: { ok: true, value: undefined } };
  } catch (error) {
    return { pages, end: { ok: false, error } };
  }
}

/**
 * Walks both paginators over the same pages; the unexplained differences, each `where` prefixed
 * with its page (`page 2: Marker`), and how many requests svcgen's walk sent.
 */
export async function comparePagination(
  op: OperationIR,
  harness: PageHarness,
  input: Record<string, unknown>,
  pages: readonly Record<string, unknown>[],
): Promise<{ differences: Difference[]; requests: number }> {
  const p = op.paginator!;
  const start = { ...input };
  for (const name of p.inputToken) delete start[name];
  const replies = pages.map((value, i) => replyFor(harness.ir, op, { kind: "output", value }, `page-${i + 1}`));
  const sdkPaginate = harness.sdk[`paginate${op.name}`] as (config: { client: unknown }, input: unknown) => AsyncIterable<unknown>;
  const ourPaginate = harness.ours[p.functionName] as (client: unknown, input: unknown) => AsyncIterable<unknown>;

  harness.server.take();
  harness.server.queue = [...replies];
  harness.restartIds();
  const sdkWalk = await walk(sdkPaginate({ client: harness.sdkClient }, structuredClone(start)));
  const sdkSent = harness.server.take();
  harness.server.queue = [...replies];
  harness.restartIds();
  const ourWalk = await walk(ourPaginate(harness.ourClient, structuredClone(start)));
  const ourSent = harness.server.take();
  harness.server.queue = [];

  const diffs: Difference[] = [];
  if (sdkSent.length !== ourSent.length || sdkWalk.pages.length !== ourWalk.pages.length)
    diffs.push({
      side: "response",
      aspect: "outcome",
      where: "pages",
      sdk: `${sdkSent.length} requests, ${sdkWalk.pages.length} pages`,
      svcgen: `${ourSent.length} requests, ${ourWalk.pages.length} pages`,
    });
  const n = Math.min(sdkSent.length, ourSent.length, replies.length);
  for (let i = 0; i < n; i++) {
    const last = i === n - 1;
    const result = (w: typeof sdkWalk): Settled =>
      i < w.pages.length ? { ok: true, value: w.pages[i] } : last ? w.end : { ok: false, error: new Error("no page") };
    const found = await harness.exchange([sdkSent[i]!], [ourSent[i]!], result(sdkWalk), result(ourWalk), replies[i]!);
    for (const d of found) diffs.push({ ...d, where: `page ${i + 1}: ${d.where}` });
  }
  return { differences: diffs, requests: ourSent.length };
}
