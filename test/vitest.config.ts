import { configDefaults, defineConfig } from "vitest/config";

/**
 * Runs too slow for `npm test`, which `npm run test:slow` (test/vitest.slow.config.ts) runs in CI:
 * the benchmark harness's smoke run.
 */
export const SLOW_ONLY = ["test/bench.test.ts"];

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...SLOW_ONLY],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: keep file-level parallelism modest so timing-sensitive network tests stay stable.
    maxWorkers: 2,
  },
});
