// `npm run test:integration`: the generated clients against independent servers the tests start
// themselves (s3rver for S3). Not part of `npm test`, which must not depend on them.
import { defineConfig } from "vitest/config";
import { INTEGRATION_ONLY } from "./vitest.config.js";

export default defineConfig({
  test: {
    include: INTEGRATION_ONLY,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // The steps of a file build on each other (create, put, list, delete): one file at a time, in order.
    maxWorkers: 1,
  },
});
