// svcgen's rpc-v2-cbor client (CloudWatch generated with the protocol option) against the official
// @aws-sdk/client-cloudwatch speaking the same protocol (test/differential/cbor.ts): the same
// inputs put the same decoded CBOR request on the wire and read the same result back. `npm test`
// runs 20 inputs; with DIFFERENTIAL_SERVICES=all (`npm run test:slow`, in CI) 200, every operation.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CBOR_TARGET, runCbor } from "./differential/cbor.js";
import { CORPUS_MODELS } from "./helpers.js";

const full = process.env.DIFFERENTIAL_SERVICES === "all";
const available = existsSync(path.join(CORPUS_MODELS, CBOR_TARGET.model, "service-2.json"));

describe.skipIf(!available)("the rpc-v2-cbor client matches the official client speaking rpc-v2-cbor", () => {
  it(`${CBOR_TARGET.name}: requests and results agree`, async () => {
    const report = await runCbor({ count: full ? 200 : 20, seed: 20240315 });
    const shown = report.failures
      .slice(0, 5)
      .map(
        (f) =>
          `${f.operation} (case ${f.index}): ${f.differences.map((d) => `${d.side} ${d.aspect} ${d.where}: sdk ${d.sdk} | svcgen ${d.svcgen}`).join("; ")}`,
      )
      .join("\n");
    expect(report.failed, shown).toBe(0);
    expect(report.inputs).toBeGreaterThanOrEqual(full ? 200 : 17);
    expect(report.operations).toBeGreaterThanOrEqual(full ? 45 : 17);
    expect(report.passed).toBe(report.inputs);
    // Most requests are the same bytes too, so their signatures are identical.
    expect(report.bodiesIdentical).toBeGreaterThan(0);
  }, 300_000);
});
