// Shape and operation names that are TypeScript builtins or reserved words still give a package
// that compiles, with every name escaped the same way everywhere.
import { describe, expect, it } from "vitest";
import path from "node:path";
import { generate } from "../generator/generate.js";
import { tempDir, tinyModel, typecheck, writeModel } from "./helpers.js";

describe("hostile names", () => {
  it("shapes named String, Error, Date, constructor, Object and an operation named Delete compile", async () => {
    const model = tinyModel({
      operations: {
        Delete: {
          name: "Delete",
          http: { method: "DELETE", requestUri: "/things/{constructor}" },
          input: { shape: "constructor" },
          output: { shape: "Object" },
          errors: [{ shape: "Error" }],
        },
        Destroy: { name: "Destroy", http: { method: "POST", requestUri: "/destroy" }, input: { shape: "Date" } },
      },
      shapes: {
        constructor: {
          type: "structure",
          required: ["constructor"],
          members: {
            constructor: { shape: "String", location: "uri", locationName: "constructor" },
            "odd-name": { shape: "String" },
          },
        },
        Object: {
          type: "structure",
          members: { String: { shape: "String" }, Date: { shape: "Date" }, Kind: { shape: "Enum" } },
        },
        Date: { type: "structure", members: { When: { shape: "Timestamp" } } },
        Timestamp: { type: "timestamp" },
        String: { type: "string", pattern: "^[a-z\"'\\\\]*$" },
        Enum: { type: "string", enum: ['a"b', "c\\d", "e\nf", "*/", "${x}"] },
        Error: {
          type: "structure",
          members: { message: { shape: "String" }, name: { shape: "String" } },
          error: { httpStatusCode: 400 },
          exception: true,
        },
      },
    });
    const dir = writeModel({
      "hostile/service.json": { ...model, metadata: { ...model.metadata, serviceId: "String" } },
    });
    const out = tempDir("hostile-out");
    const result = await generate({ model: path.join(dir, "hostile"), out });
    const ir = result.packages[0]!.ir;
    expect(ir.names.client).toBe("StringClient");
    expect(ir.operations.map((o) => o.functionName)).toEqual(["delete_", "destroy_"]);
    expect(
      [...ir.shapes.values()]
        .filter((s) => s.kind === "structure")
        .map((s) => s.typeName)
        .sort(),
    ).toEqual(["Constructor", "Date_", "Error_", "Object_"]);
    const r = typecheck(path.join(out, "hostile"));
    expect(r.output).toBe("");
    expect(r.ok).toBe(true);
  });
});

describe("names the endpoint module takes", () => {
  it("an operation ResolveEndpoint and shapes EndpointParameters and EndpointError do not collide with the package's endpoint exports", async () => {
    const model = tinyModel({
      operations: {
        ResolveEndpoint: {
          name: "ResolveEndpoint",
          http: { method: "POST", requestUri: "/resolve" },
          input: { shape: "EndpointParameters" },
          output: { shape: "EndpointResult" },
          errors: [{ shape: "EndpointError" }],
        },
      },
      shapes: {
        EndpointParameters: { type: "structure", members: { Region: { shape: "Str" } } },
        EndpointResult: { type: "structure", members: { url: { shape: "Str" } } },
        EndpointError: {
          type: "structure",
          members: { message: { shape: "Str" } },
          error: { httpStatusCode: 400 },
          exception: true,
        },
        Str: { type: "string" },
      },
    });
    const dir = writeModel({ "ep/service.json": model });
    const out = tempDir("ep-out");
    const result = await generate({ model: path.join(dir, "ep"), out });
    const ir = result.packages[0]!.ir;
    expect(ir.operations.map((o) => o.functionName)).toEqual(["resolveEndpoint_"]);
    const r = typecheck(path.join(out, "ep"));
    expect(r.output).toBe("");
    const index = await import(path.join(out, "ep", "src", "index.ts"));
    expect(typeof index.resolveEndpoint).toBe("function");
    expect(typeof index.resolveEndpoint_).toBe("function");
  });
});
