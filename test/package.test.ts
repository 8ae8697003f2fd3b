// The package artifact: package options in package.json, and an index that exports every type a
// user meets in the signatures of what it exports.
import { expect, it } from "vitest";
import { checkModel } from "../generator/check/index.js";
import { emitArtifact } from "../generator/emit/registry.js";
import { buildIR } from "../generator/ir/build.js";
import type { ServiceIR } from "../generator/ir/types.js";
import { loadModels } from "../generator/load/index.js";
import { DEFAULT_MODEL } from "./helpers.js";

const CTX = { generatorVersion: "0.0.0-test", banner: "" };

async function irOf(dir: string): Promise<ServiceIR> {
  const models = await loadModels(dir);
  expect(checkModel(models[0]!)).toEqual([]);
  return buildIR(models[0]!);
}

function packageJsonOf(ir: ServiceIR, packageOptions?: Record<string, string>): Record<string, unknown> {
  const files = emitArtifact("package", ir, { ...CTX, ...(packageOptions ? { packageOptions: { ...packageOptions, folder: "x" } } : {}) } as typeof CTX);
  return JSON.parse(files.find((f) => f.path === "package.json")!.content) as Record<string, unknown>;
}

it("package options reach package.json; without them the version is 0.0.0 and nothing else is set", async () => {
  const ir = await irOf(DEFAULT_MODEL);
  const bare = packageJsonOf(ir);
  expect(bare.version).toBe("0.0.0");
  expect(bare).not.toHaveProperty("license");
  expect(bare).not.toHaveProperty("repository");
  expect(bare).not.toHaveProperty("author");
  const full = packageJsonOf(ir, { packageName: ir.packageName, packageVersion: "1.2.3", license: "MIT", repository: "https://example.com/acme/iot.git", author: "Acme" });
  expect(full).toMatchObject({ version: "1.2.3", license: "MIT", repository: { type: "git", url: "https://example.com/acme/iot.git" }, author: "Acme" });
});
