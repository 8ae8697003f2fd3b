// Model names that equal names the generated modules import from the runtime (`invoke`,
// `paginate`, `OperationSchema`, `ServiceSchema`, ...) keep their own names: the runtime import
// is aliased in the files where they meet (`import { invoke as invoke$ } ...`). Names the index
// exports (`ServiceClient`, `ExceptionInit`) are claimed instead: a shape named so gets `_`.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { generate } from "../generator/generate.js";
import { tempDir, tinyModel, typecheck, writeModel } from "./helpers.js";

describe("names the runtime's imports take", () => {
  it("operations Invoke and Paginate and shapes named like runtime imports compile, and the package exports invoke", async () => {
    const model = tinyModel({
      operations: {
        Invoke: {
          name: "Invoke",
          http: { method: "POST", requestUri: "/invoke" },
          input: { shape: "OperationSchema" },
          output: { shape: "ServiceSchema" },
          errors: [{ shape: "ErrorSchema" }],
        },
        Paginate: {
          name: "Paginate",
          http: { method: "POST", requestUri: "/paginate" },
          input: { shape: "StructureSchema" },
          output: { shape: "MapSchema" },
        },
      },
      shapes: {
        OperationSchema: { type: "structure", members: { Name: { shape: "Str" } } },
        ServiceSchema: { type: "structure", members: { Url: { shape: "Str" }, Kind: { shape: "ListSchema" } } },
        StructureSchema: { type: "structure", members: { NextToken: { shape: "Str" } } },
        MapSchema: { type: "structure", members: { NextToken: { shape: "Str" }, Items: { shape: "MapSchemaList" } } },
        MapSchemaList: { type: "list", member: { shape: "Str" } },
        ListSchema: { type: "string", enum: ["a", "b"] },
        ErrorSchema: {
          type: "structure",
          members: { message: { shape: "Str" } },
          error: { httpStatusCode: 400 },
          exception: true,
        },
        Str: { type: "string", pattern: "^[a-z]+$" },
      },
      pagination: { Paginate: { input_token: "NextToken", output_token: "NextToken", result_key: "Items" } },
    });
    const dir = writeModel({ "rt/service.json": model });
    const out = tempDir("rt-out");
    const result = await generate({ model: path.join(dir, "rt"), out });
    const ir = result.packages[0]!.ir;
    expect(ir.operations.map((o) => o.functionName)).toEqual(["invoke", "paginate"]);
    expect(
      [...ir.shapes.values()]
        .filter((s) => s.kind === "structure")
        .map((s) => s.typeName)
        .sort(),
    ).toEqual(["ErrorSchema", "MapSchema", "OperationSchema", "ServiceSchema", "StructureSchema"]);
    const op = readFileSync(path.join(out, "rt", "src", "operations", "invoke.ts"), "utf8");
    expect(op).toMatch(/import \{[^}]*\binvoke as invoke\$[^}]*\} from "\.\.\/runtime\/client\/client\.js"/);
    expect(op).toContain("export function invoke(");
    const paginator = readFileSync(path.join(out, "rt", "src", "paginators", "paginate.ts"), "utf8");
    expect(paginator).toMatch(/\bpaginate as paginate\$/);
    const r = typecheck(path.join(out, "rt"));
    expect(r.output).toBe("");
    expect(r.ok).toBe(true);
    const index = await import(path.join(out, "rt", "src", "index.ts"));
    expect(typeof index.invoke).toBe("function");
    expect(typeof index.paginate).toBe("function");
    expect(typeof index.paginatePaginate).toBe("function");
  });
});
