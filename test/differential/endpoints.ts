// Where each client sends a request, compared without sending it: for every combination of a
// partition's region, FIPS and dual-stack, svcgen's client and the official client, each with
// its own endpoint rules, are stopped just before the wire and their URLs compared.
import type { ServiceIR } from "../../generator/ir/types.js";
import { CREDENTIALS } from "./runner.js";

/** One region of each kind of partition the issue names: commercial, China, GovCloud, ISO-E. */
export const ENDPOINT_REGIONS = ["us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1", "eu-isoe-west-1"] as const;

export interface EndpointComparison {
  readonly cases: number;
  /** Both clients chose the same URL. */
  readonly equal: number;
  /** Both clients refused to send (the partition lacks FIPS or dual-stack, say). */
  readonly refusedByBoth: number;
  readonly mismatches: string[];
  /** A few of the URLs both chose, for the report. */
  readonly samples: string[];
  /** Why there was nothing to compare, when there was not. */
  readonly notCompared?: string;
}

type Module = Record<string, unknown>;
const STOP = new Error("stopped before sending");

/** The URL a client would call, or the error it gives instead (by message, with a class-free prefix). */
async function capture(run: () => Promise<unknown>, seen: () => string | undefined): Promise<string> {
  try {
    await run();
  } catch (error) {
    const url = seen();
    if (url !== undefined) return url;
    return `error: ${(error as Error).message}`;
  }
  return seen() ?? "no request";
}

export async function compareEndpoints(
  ir: ServiceIR,
  ours: Module,
  sdk: Module,
  sdkClientName: string,
  sdkCommandFor: (op: string) => unknown,
): Promise<EndpointComparison> {
  // An operation without endpoint parameters of its own and without required input: the URL is the rules' alone.
  const noRequired = (shape: string | undefined): boolean => {
    if (shape === undefined) return true;
    const s = ir.shapes.get(shape);
    return s?.kind === "structure" && s.members.every((m) => !m.required);
  };
  const op = ir.operations.find((o) => o.endpoint === undefined && !o.eventStream && noRequired(o.input));
  if (op === undefined)
    return {
      cases: 0,
      equal: 0,
      refusedByBoth: 0,
      mismatches: ["no operation without required input to compare endpoints with"],
      samples: [],
    };
  const mismatches: string[] = [];
  const samples: string[] = [];
  let refusedByBoth = 0;
  let cases = 0;
  let equal = 0;
  for (const region of ENDPOINT_REGIONS) {
    for (const useFipsEndpoint of [false, true]) {
      for (const useDualstackEndpoint of [false, true]) {
        cases++;
        const config = { region, useFipsEndpoint, useDualstackEndpoint, credentials: CREDENTIALS, maxAttempts: 1 };
        let oursUrl: string | undefined;
        const client = new (ours[ir.names.client] as new (c: object) => { destroy(): void })({
          ...config,
          hooks: {
            beforeRequest(ctx: { url: string }) {
              oursUrl = ctx.url;
              throw STOP;
            },
          },
        });
        const fn = ours[op.functionName] as (c: unknown, input: object) => Promise<unknown>;
        const mine = await capture(
          () => fn(client, {}),
          () => oursUrl,
        );
        client.destroy();
        let sdkUrl: string | undefined;
        const official = new (sdk[sdkClientName] as new (c: object) => { send(cmd: unknown): Promise<unknown>; destroy(): void })({
          ...config,
          requestHandler: {
            handle: async (request: {
              protocol: string;
              hostname: string;
              port?: number;
              path: string;
              query?: Record<string, unknown>;
            }) => {
              sdkUrl = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ""}${request.path}`;
              throw STOP;
            },
          },
        });
        const theirs = await capture(
          () => official.send(sdkCommandFor(op.name)),
          () => sdkUrl,
        );
        official.destroy();
        // svcgen's hook URL carries the query string; compare scheme, host and path.
        const mineBase = mine.replace(/\?.*$/, "");
        if (mineBase === theirs) {
          equal++;
          if (samples.length < 3 || useFipsEndpoint !== useDualstackEndpoint)
            samples.push(`${region}${useFipsEndpoint ? " fips" : ""}${useDualstackEndpoint ? " dualstack" : ""} → ${theirs}`);
        } else if (mine.startsWith("error: ") && theirs.startsWith("error: ")) refusedByBoth++;
        else
          mismatches.push(
            `${op.name} region=${region} fips=${useFipsEndpoint} dualstack=${useDualstackEndpoint}: sdk ${theirs} | svcgen ${mine}`,
          );
      }
    }
  }
  return { cases, equal, refusedByBoth, mismatches, samples };
}
