// Which side an error blames ($fault): the model's `fault` flag; in a model that marks client errors
// with `senderFault` (the query protocols'), an error without it is the server's (IAM's ServiceFailure).
import { describe, expect, it } from "vitest";
import path from "node:path";
import { generate } from "../generator/generate.js";
import { tempDir, tinyModel, writeModel } from "./helpers.js";

describe("error fault", () => {
  const faults = async (shapes: Record<string, unknown>) => {
    const model = tinyModel({
      operations: {
        GetThing: { name: "GetThing", http: { method: "GET", requestUri: "/t" }, errors: Object.keys(shapes).map((shape) => ({ shape })) },
      },
      shapes,
    });
    const dir = writeModel({ "faults/service.json": model });
    const { packages } = await generate({ model: path.join(dir, "faults"), out: tempDir("faults-out"), format: false });
    return Object.keys(shapes).map((name) => {
      const s = packages[0]!.ir.shapes.get(name);
      return s?.kind === "structure" ? s.exception?.fault : undefined;
    });
  };

  it("follows the fault flag in a model that does not use senderFault", async () => {
    const shapes = {
      Flagged: { type: "structure", members: {}, error: { httpStatusCode: 500 }, exception: true, fault: true },
      Bare500: { type: "structure", members: {}, error: { httpStatusCode: 500 }, exception: true },
      Bare400: { type: "structure", members: {}, error: { httpStatusCode: 400 }, exception: true },
    };
    expect(await faults(shapes)).toEqual(["server", "client", "client"]);
  });

  it("blames the server for an error without senderFault in a model that marks client errors with it", async () => {
    const shapes = {
      ServiceFailure: { type: "structure", members: {}, error: { code: "ServiceFailure", httpStatusCode: 500 }, exception: true },
      NoSuchEntity: {
        type: "structure",
        members: {},
        error: { code: "NoSuchEntity", httpStatusCode: 404, senderFault: true },
        exception: true,
      },
      Sender500: { type: "structure", members: {}, error: { httpStatusCode: 500, senderFault: true }, exception: true },
    };
    expect(await faults(shapes)).toEqual(["server", "client", "client"]);
  });
});
