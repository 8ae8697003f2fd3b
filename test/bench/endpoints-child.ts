// Runs in the endpoints child process, bundled by esbuild as an application ships code (see
// validators-child.ts for why). The parent compiles each rule set with svcgen's compiler and writes
// an entry that hands this module the compiled resolveEndpoint functions and the rule set objects.
// First every param set must give the same URL (and the same properties and headers) on both
// sides; then both are timed in alternating rounds: uncached (the rules run on every call) and
// cached (the steps each client repeats on a call whose endpoint it has seen). Prints one JSON line.
import { awsEndpointFunctions } from "@aws-sdk/core/client";
import { EndpointCache, customEndpointFunctions, decideEndpoint, resolveEndpoint as sdkResolveEndpoint } from "@smithy/core/endpoints";

// What SDK clients do beside each resolver (endpoint/endpointResolver.js).
customEndpointFunctions["aws"] = awsEndpointFunctions as never;

type Params = Readonly<Record<string, unknown>>;
type SvcgenResolve = (params: Params) => { url: string; headers?: unknown; properties?: unknown };
type SdkEndpoint = { url: URL; headers?: unknown; properties?: unknown };

export interface EndpointCase {
  readonly name: string;
  /** The client's own parameters: region, FIPS, dual-stack, account id… */
  readonly base: Params;
  /** What one operation adds from its input (svcgen: `endpointParams(input)`; SDK: context params). */
  readonly extra?: Params | undefined;
}

export interface EndpointSuite {
  readonly key: string;
  readonly svcgen: SvcgenResolve;
  readonly ruleSet: unknown;
  readonly cases: readonly EndpointCase[];
  /** The installed SDK client's own binary decision diagram for this service, if there is one. */
  readonly bdd?: unknown;
  /** The parameters the SDK client's EndpointCache keys on (its endpoint/endpointResolver.js). */
  readonly sdkCacheParams: readonly string[];
  /** The operation whose input the cached path reads: its input and svcgen's endpointParams for it. */
  readonly operation: {
    readonly name: string;
    readonly input: Params;
    readonly endpointParams?: ((input: Params) => Params) | undefined;
  };
}

export interface EndpointOptions {
  readonly rounds: number;
  readonly batchMs: number;
  readonly warmupMs: number;
}

export interface EndpointResults {
  readonly mismatches: readonly string[];
  /** suite.case → URL both sides gave. */
  readonly urls: Record<string, string>;
  /** ops/s per round; `bdd` only where the installed SDK client has its own decision diagram and it gives the same endpoint. */
  readonly uncached: Record<string, { svcgen: number[]; sdk: number[]; bdd?: number[] }>;
  readonly cached: Record<string, { svcgen: number[]; sdk: number[] }>;
}

let sink = 0;

function opsPerSecond(fn: () => void, iterations: number): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  return iterations / (Number(process.hrtime.bigint() - started) / 1e9);
}

function calibrate(fn: () => void, ms: number): number {
  let n = 4;
  for (;;) {
    const started = performance.now();
    for (let i = 0; i < n; i++) fn();
    const took = performance.now() - started;
    if (took >= ms) return Math.max(1, Math.round((n * ms) / took));
    n *= 2;
  }
}

/** Alternating rounds of two or more bodies after a warm-up of each; ops/s per round per body. */
function race(bodies: Record<string, () => void>, options: EndpointOptions): Record<string, number[]> {
  const keys = Object.keys(bodies);
  for (const k of keys) opsPerSecond(bodies[k]!, calibrate(bodies[k]!, options.warmupMs));
  const n = Object.fromEntries(keys.map((k) => [k, calibrate(bodies[k]!, options.batchMs)]));
  const out: Record<string, number[]> = Object.fromEntries(keys.map((k) => [k, []]));
  for (let r = 0; r < options.rounds; r++) {
    for (let i = 0; i < keys.length; i++) {
      const k = keys[(i + r) % keys.length]!;
      out[k]!.push(opsPerSecond(bodies[k]!, n[k]!));
    }
  }
  return out;
}

const normalized = (e: { url: string | URL; headers?: unknown; properties?: unknown }) =>
  JSON.stringify({
    url: new URL(String(e.url)).href,
    headers: nonEmpty(e.headers),
    properties: nonEmpty(e.properties),
  });
const nonEmpty = (v: unknown) => (v !== null && typeof v === "object" && Object.keys(v).length > 0 ? v : undefined);

export function runEndpoints(suites: readonly EndpointSuite[], options: EndpointOptions): EndpointResults {
  const results: EndpointResults = { mismatches: [], urls: {}, uncached: {}, cached: {} };
  const mismatches = results.mismatches as string[];
  const bddOk = new Set<string>();
  for (const suite of suites) {
    for (const c of suite.cases) {
      const name = `${suite.key}.${c.name}`;
      const params = { ...c.base, ...c.extra };
      const ours = suite.svcgen(params);
      const peer = sdkResolveEndpoint(suite.ruleSet as never, {
        endpointParams: { ...params } as never,
      }) as SdkEndpoint;
      if (normalized(ours) !== normalized(peer)) mismatches.push(`${name}: svcgen ${normalized(ours)}, SDK ${normalized(peer)}`);
      results.urls[name] = ours.url;
      if (suite.bdd !== undefined) {
        try {
          const fromBdd = decideEndpoint(suite.bdd as never, { endpointParams: { ...params } as never }) as SdkEndpoint;
          if (normalized(fromBdd) === normalized(ours)) bddOk.add(name);
        } catch {
          // The installed client's diagram may be built from another version of the rules: then it is not compared.
        }
      }
    }
  }
  if (mismatches.length > 0) return results;

  for (const suite of suites) {
    for (const c of suite.cases) {
      const name = `${suite.key}.${c.name}`;
      const params = { ...c.base, ...c.extra };
      // Both sides get a fresh copy per call: the SDK's engine writes defaults into the object it is given.
      const bodies: Record<string, () => void> = {
        svcgen: () => void (sink += suite.svcgen({ ...params }).url.length),
        sdk: () =>
          void (sink += (sdkResolveEndpoint(suite.ruleSet as never, { endpointParams: { ...params } as never }) as SdkEndpoint).url.host
            .length),
      };
      if (bddOk.has(name)) {
        bodies["bdd"] = () =>
          void (sink += (decideEndpoint(suite.bdd as never, { endpointParams: { ...params } as never }) as SdkEndpoint).url.host.length);
      }
      results.uncached[name] = race(bodies, options) as EndpointResults["uncached"][string];
    }

    // Cached: the client's own parameters are settled; one operation's call on an endpoint seen before.
    const c = suite.cases[suite.cases.length - 1]!;
    const op = suite.operation;
    // svcgen, as callEndpoint does it: the operation's params from its input, a JSON key, a Map
    // lookup, the endpoint kept as the client's last.
    const svcgenCache = new Map<string, unknown>();
    const state = { lastEndpoint: undefined as unknown };
    sink += state.lastEndpoint === undefined ? 0 : 1;
    const fill = (extra: Params | undefined) => {
      const key = extra === undefined ? "" : JSON.stringify(extra);
      if (!svcgenCache.has(key))
        svcgenCache.set(
          key,
          suite.svcgen(extra === undefined ? c.base : Object.assign(Object.create(null) as Record<string, unknown>, c.base, extra)),
        );
    };
    fill(op.endpointParams?.(op.input));
    const svcgenCached = () => {
      const extra = op.endpointParams?.(op.input);
      const key = extra === undefined ? "" : JSON.stringify(extra);
      const endpoint = svcgenCache.get(key);
      if (endpoint === undefined) throw new Error("cache miss");
      state.lastEndpoint = endpoint;
      sink += key.length;
    };
    // The SDK, as its defaultEndpointResolver does it: the endpoint params (the client's and the
    // operation's context params) in one object, then EndpointCache.get with the resolver behind it.
    const sdkCache = new EndpointCache({ size: 50, params: [...suite.sdkCacheParams] });
    const opContext = op.endpointParams?.(op.input);
    const sdkResolver = (endpointParams: Record<string, unknown>) =>
      sdkCache.get(endpointParams as never, () => sdkResolveEndpoint(suite.ruleSet as never, { endpointParams: endpointParams as never }));
    let sdkMisses = 0;
    sdkCache.get(
      { ...c.base, ...opContext } as never,
      () => (sdkMisses++, sdkResolveEndpoint(suite.ruleSet as never, { endpointParams: { ...c.base, ...opContext } as never })),
    );
    const sdkCached = () => {
      // The operation's context params read from its input per call, as on svcgen's side.
      const e = sdkResolver({ ...c.base, ...op.endpointParams?.(op.input) }) as SdkEndpoint;
      sink += e.url.host.length;
    };
    if (sdkMisses !== 1 || sdkCache.size() !== 1) mismatches.push(`${suite.key}: the SDK's cache did not take the entry`);
    results.cached[`${suite.key}.${c.name}`] = race({ svcgen: svcgenCached, sdk: sdkCached }, options) as EndpointResults["cached"][string];
    if (sdkCache.size() !== 1) mismatches.push(`${suite.key}: the SDK's cached path missed its cache while timed`);
  }
  if (!Number.isFinite(sink)) throw new Error("unreachable: keeps the results alive");
  return results;
}
