// `npm run test:slow`, which CI runs after `npm test`: the runs too slow for every `npm test`.
// The benchmark harness's smoke run, the S3 behaviour tests (SLOW_ONLY), and the fuzz and differential tests at their full size
// (`npm test` runs them smaller). The protocol suites, the corpus and the endpoint tests are
// scripts of their own (test:protocols, test:corpus, test:endpoints).
import { defineConfig } from "vitest/config";
import { SLOW_ONLY } from "./vitest.config.js";

export default defineConfig({
  test: {
    include: [...SLOW_ONLY, "test/fuzz-models.test.ts", "test/differential.test.ts", "test/differential-cbor.test.ts"],
    env: {
      FUZZ_RUNS: "300",
      FUZZ_TYPECHECK: "16",
      DIFFERENTIAL_SERVICES: "all",
    },
    testTimeout: 600_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
  },
});
