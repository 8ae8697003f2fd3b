// The code and the docs print types with one printer: a `jsonvalue` header member is typed
// DocumentValue in src/types.ts, and its docs entry says the same.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkModel } from "../generator/check/index.js";
import { PLUGINS, emitAll, emitDocs } from "../generator/emit/registry.js";
import { buildIR } from "../generator/ir/build.js";
import { loadModels } from "../generator/load/index.js";
import { tinyModel, writeModel } from "./helpers.js";

const CTX = { generatorVersion: "0.0.0-test", banner: "" };

describe("one type printer", () => {
  it("types a jsonvalue header DocumentValue in the code and in the docs", async () => {
    const model = tinyModel({
      operations: {
        PutThing: {
          name: "PutThing",
          http: { method: "POST", requestUri: "/things" },
          input: { shape: "PutThingRequest" },
        },
      },
      shapes: {
        PutThingRequest: {
          type: "structure",
          members: { Attrs: { shape: "JsonText", location: "header", locationName: "x-attrs" } },
        },
        JsonText: { type: "string", jsonvalue: true },
      },
    });
    const dir = writeModel({ "jv/service.json": model });
    const [raw] = await loadModels(path.join(dir, "jv"));
    expect(checkModel(raw!)).toEqual([]);
    const ir = buildIR(raw!);
    const types = emitAll(ir, CTX).find((f) => f.path === "src/types.ts")!.content;
    expect(types).toMatch(/Attrs\?: DocumentValue \| undefined;/);
    const page = emitDocs(ir, CTX).find((f) => f.path === "docs/operations/PutThing.md")!.content;
    expect(page).toContain("**Attrs** — `DocumentValue`");
    expect(page).not.toContain("**Attrs** — `string`");
  });

  it("every registered artifact has a name of its own", () => {
    const names = PLUGINS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
