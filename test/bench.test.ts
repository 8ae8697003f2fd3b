// CI's smoke check of the benchmark harness: `npm run bench -- --quick` runs every section to the
// end and prints its figures. It checks that the harness works, not the figures themselves.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";

describe("npm run bench -- --quick", () => {
  it("runs every section and prints a figure for each", { timeout: 180_000 }, () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "test", "bench", "run.ts"), "--quick"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 170_000,
    });
    const out = r.stdout;
    expect(out).not.toMatch(/: failed \(/);
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    for (const section of ["bundle", "cold start", "per call", "validators", "endpoints", "generation", "streaming"]) {
      expect(out).toContain(`== ${section} ==`);
    }
    const figures = new Map<string, number>();
    for (const line of out.split("\n")) {
      const m = /^([\w.\-]+): (-?[\d.]+) (\S+)/.exec(line);
      if (m) figures.set(m[1]!, Number(m[2]));
    }
    for (const name of [
      "bundle.iot.browser.gzip.svcgen",
      "bundle.iot.browser.gzip.sdk",
      "bundle.dynamodb.node.raw.ratio",
      "cold.bare_node",
      "cold.iot.call.svcgen",
      "cold.dynamodb.construct.sdk",
      "percall.iot.svcgen",
      "percall.dynamodb.floor_http",
      "percall.iot.sdk_over_svcgen",
      "validate.input.valid.svcgen",
      "validate.output50.invalid.ajv",
      "endpoint.s3.bucket.uncached.svcgen",
      "endpoint.s3.bucket.uncached.sdk",
      "endpoint.dynamodb.accountid.uncached.svcgen_over_sdk",
      "endpoint.dynamodb.region.uncached.sdk_bdd",
      "endpoint.iot-managed-integrations.cached.svcgen_over_sdk",
      "endpoint.s3.cached.sdk",
      "bundle.iot.browser.endpoints.gzip.svcgen",
      "bundle.dynamodb.browser.endpoints.gzip.sdk",
      "gen.default.wall",
      "gen.default.peak_rss",
      "gen.default.share.format",
      "stream.download.peak_rss_growth",
      "stream.upload.throughput",
    ]) {
      const value = figures.get(name);
      expect(value, name).toBeDefined();
      expect(Number.isFinite(value), name).toBe(true);
    }
    // Sizes and times are positive: a section that silently measured nothing would print 0.
    expect(figures.get("bundle.iot.browser.gzip.svcgen")).toBeGreaterThan(1000);
    expect(figures.get("percall.iot.svcgen")).toBeGreaterThan(0);
    expect(figures.get("validate.input.valid.ajv")).toBeGreaterThan(0);
    expect(figures.get("endpoint.s3.bucket.uncached.sdk")).toBeGreaterThan(0);
    expect(figures.get("bundle.iot.browser.endpoints.gzip.svcgen")).toBeGreaterThan(100);
    expect(figures.get("stream.download.throughput")).toBeGreaterThan(0);
  });
});
