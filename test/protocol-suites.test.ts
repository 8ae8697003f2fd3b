// The published protocol compliance suites (rest-json, awsJson 1.1 and 1.0, query-compatible,
// query, ec2, rest-xml, smithy-rpc-v2-cbor, and the legacy suites), a fixed
// sample of their cases through the whole generator: case → model → generated package → its
// client calling a loopback server. This runs `npm run test:protocols -- --sample` itself (one
// process imports the generated packages several times faster than the test runner's transform)
// and asserts on its report; PROTOCOL_TESTS_DIR points both at another copy of the suites. Every
// case runs in CI's `npm run test:protocols`.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";
import { listCases, sampleCases, SUITES_DIR } from "./protocols/suites.js";

const all = listCases(SUITES_DIR);
const cases = sampleCases(all);

describe.skipIf(cases.length === 0)("protocol compliance suites through the generator", () => {
  it("passes every sampled case that is not on the ignore list", () => {
    // Every suite file takes part, and every skip of the full run is reported.
    expect(new Set(cases.map((c) => c.file))).toEqual(new Set(all.map((c) => c.file)));
    expect(cases.filter((c) => c.skip !== undefined)).toEqual(all.filter((c) => c.skip !== undefined));
    const tsx = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
    const run = spawnSync(process.execPath, [tsx, path.join(ROOT, "test", "protocols", "run.ts"), "--sample"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 600_000,
    });
    const lines = run.stdout.split("\n");
    const failures = lines.filter((l) => l.startsWith("FAIL "));
    const summary = lines.filter((l) => l.trim() !== "").at(-1);
    expect(summary).toMatch(/^\d+ passed, \d+ failed, \d+ skipped$/);
    console.log(summary);
    expect(run.stderr.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("npm warn"))).toEqual([]);
    expect(failures).toEqual([]);
    const [passed, failed, skipped] = (summary ?? "").match(/\d+/g)!.map(Number);
    expect(failed).toBe(0);
    // Every case ran or was skipped for a stated reason, and the skips are few.
    expect(passed! + skipped!).toBe(cases.length);
    expect(lines.filter((l) => l.startsWith("skip ")).length).toBe(skipped);
    expect(skipped).toBe(cases.filter((c) => c.skip !== undefined).length);
    // Apart from the protocols svcgen does not generate yet, the skips are few.
    const unsupported = all.filter((c) => c.skip?.endsWith(": not supported yet")).length;
    expect(skipped! - unsupported).toBeLessThan(0.15 * (all.length - unsupported));
    expect(run.status).toBe(0);
  }, 600_000);
});
