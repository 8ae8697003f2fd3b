import { configDefaults, defineConfig } from "vitest/config";

/**
 * Runs too slow for `npm test`, which `npm run test:slow` (test/vitest.slow.config.ts) runs in CI:
 * the benchmark harness's smoke run, the S3 client beside the AWS SDK v3 and on the wire, the S3
 * checksum differential (each generates the S3 model; `npm test` keeps the presigner's unit tests,
 * test/presign.test.ts), the event-stream differential (two corpus packages and two SDK clients)
 * and the docs site of the largest corpus services.
 */
export const SLOW_ONLY = [
  "test/bench.test.ts",
  "test/s3-behaviours.e2e.test.ts",
  "test/s3-wire.e2e.test.ts",
  "test/differential/s3-checksums.test.ts",
  "test/differential/eventstream.test.ts",
  "test/docs-site/large-site.test.ts",
];

/** Runs against servers of their own (s3rver), which `npm run test:integration` runs. */
export const INTEGRATION_ONLY = ["test/**/*.integration.test.ts"];

/** Runs in headless Chromium, which `npm run test:browser` runs. */
export const BROWSER_ONLY = ["test/**/*.browser.test.ts"];

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...SLOW_ONLY, ...INTEGRATION_ONLY, ...BROWSER_ONLY],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: keep file-level parallelism modest so timing-sensitive network tests stay stable.
    maxWorkers: 2,
    // Files share each worker's module cache: the generator, ts-morph and prettier load once per
    // worker instead of once per file (about a quarter of npm test's time on 2 cores). Tests that
    // touch process.env, timers or console restore them after themselves; `--isolate` restores
    // a fresh module graph per file when a test is suspected of leaking state.
    isolate: false,
  },
});
