// svcgen's generated clients against the official AWS SDK clients, on a reduced count
// (`npm run test:differential` runs the full one): the same inputs must put the same request on
// the wire and read the same result back, or differ only as known-differences.ts explains.
// `npm test` compares one service per JSON protocol (json 1.0, json 1.1, rest-json) and two XML
// ones (query: sts, rest-xml: route53); `npm run test:slow` (in CI) sets DIFFERENTIAL_SERVICES=all
// for every service.
import { describe, expect, it } from "vitest";
import { compareOutcomes, compareRequests, type Difference } from "./differential/compare.js";
import type { CapturedRequest } from "./differential/capture-server.js";
import { explain, KNOWN_DIFFERENCES, type Context } from "./differential/known-differences.js";
import { runService } from "./differential/runner.js";
import { SERVICES } from "./differential/services.js";

const COUNT = 20;
const XML_COUNT = 8;
const SEED = 20240315;
const QUICK = ["dynamodb", "kinesis", "apigateway", "sts", "route53"];
const wanted =
  process.env.DIFFERENTIAL_SERVICES === "all" ? SERVICES.map((s) => s.name) : (process.env.DIFFERENTIAL_SERVICES?.split(",") ?? QUICK);
const targets = SERVICES.filter((s) => wanted.includes(s.name));

function describeFailures(failures: Awaited<ReturnType<typeof runService>>["failures"]): string {
  return failures
    .slice(0, 5)
    .map(
      (f) =>
        `${f.operation} (seed ${f.seed}, case ${f.index}):\n${f.differences.map((d) => `  ${d.side} ${d.aspect} ${d.where}: sdk ${d.sdk} | svcgen ${d.svcgen}`).join("\n")}`,
    )
    .join("\n");
}

describe("generated clients match the official AWS SDK clients", () => {
  it("compares every service asked for", () => {
    expect(targets.map((t) => t.name).sort()).toEqual([...new Set(wanted)].sort());
  });

  for (const target of targets.filter((t) => t.xml !== true)) {
    it(`${target.name}: requests and results agree`, async () => {
      const report = await runService(target, { count: COUNT, seed: SEED, everyOperation: false });
      expect(report.inputs).toBeGreaterThanOrEqual(COUNT - 2);
      expect(report.failed, describeFailures(report.failures)).toBe(0);
      expect(report.passed).toBe(report.inputs);
      expect(report.endpoints.mismatches).toEqual([]);
      expect(report.endpoints.equal).toBe(20);
      expect(report.endpoints.samples.some((u) => u.includes("cn-north-1 fips"))).toBe(true);
      // Most requests have no explained difference at all: their signatures are the same bytes.
      expect(report.authorizationEqual).toBeGreaterThan(report.inputs / 2);
    });
  }
});

// The XML protocols (query, ec2, rest-xml), every listed operation with a few inputs, and their
// paginators walked where the target asks. Their signatures rarely match byte for byte (the form
// Content-Type's charset, the XML declaration, the model's member order: each explained), so what
// is asserted instead is that every difference is explained and both signatures verify.
describe("generated XML-protocol clients match the official AWS SDK clients", () => {
  for (const target of targets.filter((t) => t.xml === true)) {
    it(`${target.name}: requests and results agree`, async () => {
      const report = await runService(target, { count: XML_COUNT, seed: SEED });
      expect(report.operations).toBe(target.operations!.length);
      expect(report.skipped).toEqual([]);
      expect(report.inputs).toBeGreaterThanOrEqual(XML_COUNT);
      expect(report.failed, describeFailures(report.failures)).toBe(0);
      expect(report.passed).toBe(report.inputs);
      expect(report.endpoints.mismatches).toEqual([]);
      if (target.noEndpointRules === undefined) expect(report.endpoints.equal + report.endpoints.refusedByBoth).toBe(20);
      else expect(report.endpoints.notCompared).toBe(target.noEndpointRules);
      if (target.paginators === true) {
        expect(report.paginated.walks).toBeGreaterThan(0);
        // Walks of more than one page: the token went back and the next page came.
        expect(report.paginated.requests).toBeGreaterThan(report.paginated.walks);
      }
    });
  }
});

describe("the comparison reports what differs", () => {
  const request = (over: Partial<CapturedRequest> = {}): CapturedRequest => ({
    method: "POST",
    path: "/things",
    query: [["a", "1"]],
    headers: {
      "content-type": "application/json",
      authorization: `AWS4-HMAC-SHA256 Credential=AKID/20240315/us-west-2/svc/aws4_request, SignedHeaders=content-type;host, Signature=${"a".repeat(64)}`,
    },
    body: new TextEncoder().encode('{"b":1,"c":[1,2]}'),
    ...over,
  });
  const context = (sdk: CapturedRequest, ours: CapturedRequest, over: Partial<Context> = {}): Context => ({
    service: "svc",
    operation: "Op",
    sdkRequest: sdk,
    ourRequest: ours,
    missingFromSdkModel: () => undefined,
    outputPayload: undefined,
    emptyResponseBody: false,
    otherRequestDifferencesExplained: false,
    signaturesHold: true,
    ...over,
  });
  const unexplained = (diffs: readonly Difference[], ctx: Context) => diffs.filter((d) => explain(d, ctx) === undefined);

  it("finds nothing between identical requests", () => {
    expect(compareRequests(request(), request())).toEqual([]);
  });

  it("reports path, query, header, body and signature differences, and explains none of them", () => {
    const sdk = request();
    const ours = request({
      path: "/things%2F",
      query: [
        ["a", "1"],
        ["a", "1"],
      ],
      headers: {
        ...sdk.headers,
        "x-amz-target": "X.Op",
        authorization: sdk.headers.authorization!.replace(/a{64}$/, "b".repeat(64)),
      },
      body: new TextEncoder().encode('{"b":2,"c":[1,2]}'),
    });
    const diffs = compareRequests(sdk, ours);
    expect(diffs.map((d) => `${d.aspect} ${d.where}`)).toEqual([
      "path ",
      "query a",
      "header x-amz-target",
      "body b",
      "authorization Signature",
    ]);
    expect(unexplained(diffs, context(sdk, ours))).toHaveLength(diffs.length);
  });

  it("does not excuse a signature that differs while everything else is equal", () => {
    const sdk = request();
    const ours = request({
      headers: { ...sdk.headers, authorization: sdk.headers.authorization!.replace(/a{64}$/, "c".repeat(64)) },
    });
    const diffs = compareRequests(sdk, ours);
    expect(diffs).toHaveLength(1);
    expect(unexplained(diffs, context(sdk, ours, { otherRequestDifferencesExplained: false }))).toHaveLength(1);
  });

  it("tells member order from value changes in equal JSON", () => {
    const sdk = request();
    const reordered = request({ body: new TextEncoder().encode('{"c":[1,2],"b":1}') });
    const respaced = request({ body: new TextEncoder().encode('{"b": 1,"c":[1,2]}') });
    const order = compareRequests(sdk, reordered);
    expect(order.map((d) => `${d.aspect} ${d.where}`)).toEqual(["body (bytes)"]);
    expect(explain(order[0]!, context(sdk, reordered))?.id).toBe("json-member-order");
    const spacing = compareRequests(sdk, respaced);
    expect(explain(spacing[0]!, context(sdk, respaced))).toBeUndefined();
  });

  it("tells XML spelling and member order from changed content and reordered list items", () => {
    const xml = (text: string) => request({ headers: { "content-type": "application/xml" }, body: new TextEncoder().encode(text) });
    const ids = (sdk: CapturedRequest, ours: CapturedRequest) =>
      compareRequests(sdk, ours)
        .filter((d) => d.aspect === "body")
        .map((d) => explain(d, context(sdk, ours))?.id ?? "unexplained");
    const sdk = xml(`<?xml version="1.0" encoding="UTF-8"?><B xmlns="u"><C>it&apos;s&#x0A;</C><L><m>1</m><m>2</m></L></B>`);
    // The same tree: no declaration, the apostrophe as itself, the line feed raw.
    expect(ids(sdk, xml(`<B xmlns="u"><C>it's\n</C><L><m>1</m><m>2</m></L></B>`))).toEqual(["xml-equal-bodies"]);
    // Members in another order: explained; list items in another order, or other text: not.
    expect(new Set(ids(sdk, xml(`<B xmlns="u"><L><m>1</m><m>2</m></L><C>it's\n</C></B>`)))).toEqual(new Set(["xml-member-order"]));
    expect(ids(sdk, xml(`<B xmlns="u"><C>it's\n</C><L><m>2</m><m>1</m></L></B>`))).not.toContain("xml-member-order");
    expect(ids(sdk, xml(`<B xmlns="u"><C>it's</C><L><m>1</m><m>2</m></L></B>`))).toEqual(["unexplained"]);
    // A raw CR is read as LF by XML, so it is not the CR the reference carries.
    expect(ids(xml(`<B><C>a&#xD;</C></B>`), xml(`<B><C>a\r</C></B>`))).toEqual(["unexplained"]);
  });

  it("tells form pair order from changed pairs", () => {
    const form = (text: string) =>
      request({ headers: { "content-type": "application/x-www-form-urlencoded" }, body: new TextEncoder().encode(text) });
    const sdk = form("Action=A&Version=1&B.member.1=x&B.member.2=y");
    const reordered = form("Action=A&B.member.1=x&Version=1&B.member.2=y");
    const diffs = compareRequests(sdk, reordered);
    expect(diffs.map((d) => explain(d, context(sdk, reordered))?.id)).toEqual(["form-pair-order"]);
    const swapped = form("Action=A&Version=1&B.member.1=y&B.member.2=x");
    expect(compareRequests(sdk, swapped).every((d) => explain(d, context(sdk, swapped)) === undefined)).toBe(true);
  });

  it("compares results after normalising, and errors by name, fault and status", () => {
    const date = new Date(Date.UTC(2024, 0, 1));
    const same = compareOutcomes(
      { ok: true, output: { t: { $date: date.toISOString() } }, status: 200, requestId: "r" },
      { ok: true, output: { t: { $date: date.toISOString() } }, status: 200, requestId: "r" },
    );
    expect(same).toEqual([]);
    const errors = compareOutcomes(
      { ok: false, name: "NotFound", fault: "client", status: 404, message: "gone", members: {} },
      { ok: false, name: "NotFound", fault: "server", status: 500, message: "gone", members: {} },
    );
    expect(errors.map((d) => d.where)).toEqual(["$fault", "$metadata.httpStatusCode"]);
  });

  it("has an id, a summary and a rule for every known difference", () => {
    const ids = KNOWN_DIFFERENCES.map((k) => k.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const k of KNOWN_DIFFERENCES) {
      expect(k.summary.length).toBeGreaterThan(20);
      expect(k.rule.length).toBeGreaterThan(20);
    }
  });
});
