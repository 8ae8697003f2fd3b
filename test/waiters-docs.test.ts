// The docs of a generated package with waiters: each operation's page names the waiters that poll
// it, linked to their entries in the index's Waiters section.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generate } from "../generator/generate.js";
import { DDB_MODEL, HAVE_DDB_MODEL } from "./differential/waiters.js";
import { tempDir } from "./helpers.js";

let docs = "";
beforeAll(async () => {
  if (!HAVE_DDB_MODEL) return;
  const out = tempDir("waiters-docs");
  await generate({ model: DDB_MODEL, out, format: false });
  docs = path.join(out, "dynamodb", "docs");
});

const read = (rel: string) => readFileSync(path.join(docs, rel), "utf8");

describe.skipIf(!HAVE_DDB_MODEL)("operation pages link to their waiters", () => {
  it("DescribeTable's page lists both table waiters, linked to the index's headings", () => {
    const page = read("operations/DescribeTable.md");
    expect(page).toContain(
      "- **Waiters:** [`waitUntilTableExists`](../index.md#tableexists), [`waitUntilTableNotExists`](../index.md#tablenotexists)",
    );
    const index = read("index.md");
    expect(index).toMatch(/^### TableExists$/m);
    expect(index).toMatch(/^### TableNotExists$/m);
  });

  it("an operation no waiter polls has no Waiters line", () => {
    expect(existsSync(path.join(docs, "operations", "PutItem.md"))).toBe(true);
    expect(read("operations/PutItem.md")).not.toContain("**Waiters:**");
    expect(read("operations/DescribeContributorInsights.md")).toContain(
      "[`waitUntilContributorInsightsEnabled`](../index.md#contributorinsightsenabled)",
    );
  });
});
