// Judging one exchange: the request differences (with both signatures checked on their own
// when they differ), and which of all the differences the known-differences rules explain.
import type { OperationIR, ServiceIR } from "../../generator/ir/types.js";
import type { CapturedRequest } from "./capture-server.js";
import { compareRequests, signatureHolds, type Difference } from "./compare.js";
import { explain, isChecksumHeader, type Context, type KnownDifference } from "./known-differences.js";

export type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };
type Module = Record<string, unknown>;

/** Which differences of one case no known difference explains, and which rules explained the rest. */
export function judge(diffs: readonly Difference[], base: Context): { unexplained: Difference[]; rulesUsed: Set<KnownDifference> } {
  const unexplained: Difference[] = [];
  const rulesUsed = new Set<KnownDifference>();
  let explainedRequest = 0;
  const record = (diff: Difference, context: Context) => {
    const rule = explain(diff, context);
    if (rule === undefined) unexplained.push(diff);
    else {
      if (diff.side === "request") explainedRequest++;
      rulesUsed.add(rule);
    }
  };
  const withRest = (): Context => ({
    ...base,
    otherRequestDifferencesExplained: explainedRequest > 0 && !unexplained.some((d) => d.side === "request"),
  });
  // What follows from the rest of the request comes last: the framing (a body of another length
  // is framed and checksummed differently), then the payload hash and the signature.
  const signs = (d: Difference) => d.aspect === "authorization" || (d.aspect === "header" && d.where === "x-amz-content-sha256");
  const frames = (d: Difference) =>
    d.aspect === "header" && (d.where === "content-length" || isChecksumHeader(d.where)) && explain(d, base) === undefined;
  for (const diff of diffs) if (!signs(diff) && !frames(diff)) record(diff, base);
  const framing = withRest();
  for (const diff of diffs) if (!signs(diff) && frames(diff)) record(diff, framing);
  const signing = withRest();
  for (const diff of diffs) if (signs(diff)) record(diff, signing);
  return { unexplained, rulesUsed };
}

/** The wire key or member name of each step of a difference's `where` (`a.b[2].c` → a, b, c). */
function pathSteps(where: string): string[] {
  return where.split(/\.|\[\d+\]/).filter((step) => step !== "" && step !== "length");
}

/**
 * "Shape.member" when the difference is about a member the official client's model lacks: its
 * package exports each structure's schema as `<Shape>$`, with the member names at index 4.
 */
export function missingFromSdkModel(ir: ServiceIR, op: OperationIR, sdk: Module, diff: Difference): string | undefined {
  let root: string | undefined;
  let steps: string[];
  if (diff.side === "request") {
    root = op.input;
    const shape = root === undefined ? undefined : ir.shapes.get(root);
    if (diff.aspect === "body") steps = pathSteps(diff.where);
    else if ((diff.aspect === "header" || diff.aspect === "query") && shape?.kind === "structure") {
      const bound = shape.members.find(
        (m) => (m.locationName ?? m.name).toLowerCase() === diff.where.toLowerCase() && m.location !== undefined,
      );
      steps = bound === undefined ? [] : [bound.name];
    } else return undefined;
  } else if (diff.aspect === "output") {
    root = op.output;
    steps = pathSteps(diff.where);
  } else return undefined;

  let current = root;
  for (const step of steps) {
    let shape = current === undefined ? undefined : ir.shapes.get(current);
    // List indices are not steps: go through to the items.
    while (shape?.kind === "list") shape = ir.shapes.get(shape.member);
    if (shape === undefined) return undefined;
    if (shape.kind === "map") {
      current = shape.value;
      continue;
    }
    if (shape.kind !== "structure") return undefined;
    const member = shape.members.find((m) => m.name === step || m.locationName === step);
    if (member === undefined) return undefined;
    const schema = sdk[`${shape.name}$`];
    const names = Array.isArray(schema) ? (schema[4] as unknown) : undefined;
    if (Array.isArray(names) && !names.includes(member.name)) return `${shape.name}.${member.name}`;
    current = member.target;
  }
  return undefined;
}

export function errorText(result: Settled): string {
  if (result.ok) return "no request was sent, yet the call succeeded";
  const error = result.error;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export async function requestDifferences(
  sdkSent: readonly CapturedRequest[],
  ourSent: readonly CapturedRequest[],
  sdkResult: Settled,
  ourResult: Settled,
  facts: Parameters<typeof signatureHolds>[1],
): Promise<Difference[]> {
  if (sdkSent.length !== 1 || ourSent.length !== 1) {
    const describe = (sent: readonly CapturedRequest[], result: Settled) =>
      sent.length === 1 ? "sent" : sent.length === 0 ? `not sent (${errorText(result)})` : `${sent.length} requests`;
    return [
      {
        side: "request",
        aspect: "sent",
        where: "",
        sdk: describe(sdkSent, sdkResult),
        svcgen: describe(ourSent, ourResult),
      },
    ];
  }
  const sdkRequest = sdkSent[0]!;
  const ourRequest = ourSent[0]!;
  const diffs = compareRequests(sdkRequest, ourRequest);
  if (diffs.some((d) => d.aspect === "authorization")) {
    // Different signatures can both be right (different signed headers): check each on its own.
    const [sdkHolds, ourHolds] = await Promise.all([signatureHolds(sdkRequest, facts), signatureHolds(ourRequest, facts)]);
    if (!sdkHolds || !ourHolds)
      diffs.push({
        side: "request",
        aspect: "signature",
        where: "valid",
        sdk: String(sdkHolds),
        svcgen: String(ourHolds),
      });
  }
  return diffs;
}

/** The header names (lower case) of the input's list members bound to a header and given as []. */
export function emptyListHeaders(ir: ServiceIR, op: OperationIR, input: Readonly<Record<string, unknown>>): ReadonlySet<string> {
  const shape = op.input === undefined ? undefined : ir.shapes.get(op.input);
  const names = new Set<string>();
  if (shape?.kind !== "structure") return names;
  for (const m of shape.members) {
    const value = input[m.name];
    if (m.location === "header" && ir.shapes.get(m.target)?.kind === "list" && Array.isArray(value) && value.length === 0)
      names.add((m.locationName ?? m.name).toLowerCase());
  }
  return names;
}
