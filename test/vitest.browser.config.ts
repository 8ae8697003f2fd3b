// `npm run test:browser`: the docs site in headless Chromium (the system's `chromium`, driven by
// playwright-core). Not part of `npm test`, which must not depend on a browser.
import { defineConfig } from "vitest/config";
import { BROWSER_ONLY } from "./vitest.config.js";

export default defineConfig({
  test: {
    include: BROWSER_ONLY,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    maxWorkers: 1,
  },
});
