// Issue 16's JSON rules, checked on the wire against a loopback server (node transport, the
// default) and, for sparse collections, in the generated schema and types too.
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { invoke } from "../generator/runtime/client/client.js";
import type { OperationSchema } from "../generator/runtime/schema.js";
import { emitAll } from "../generator/emit/registry.js";
import { buildIR } from "../generator/ir/build.js";
import { loadModels } from "../generator/load/index.js";
import { TestThingsClient, clientConfig, json, startServer, type TestServer } from "./runtime-fixtures.js";
import { tinyModel, writeModel } from "./helpers.js";

let server: TestServer | undefined;
const clients: TestThingsClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = undefined;
});
function client(s: TestServer, extra: Parameters<typeof clientConfig>[1] = {}): TestThingsClient {
  const c = new TestThingsClient(clientConfig(s, extra));
  clients.push(c);
  return c;
}
const op = (
  method: string,
  members: NonNullable<OperationSchema["input"]>["members"],
  output?: OperationSchema["output"],
): OperationSchema => ({
  name: "Op",
  method,
  requestUri: "/op",
  input: { type: "structure", name: "OpRequest", members },
  ...(output === undefined ? {} : { output }),
  errors: [],
});

describe("an empty list bound to a header", () => {
  it("sends no header at all", async () => {
    server = await startServer((_req, res) => json(res, 200, {}));
    const Tags = { target: { type: "list", member: "string" }, location: "header", locationName: "x-tags" } as const;
    await invoke(client(server), op("GET", { Tags }), { Tags: [] });
    await invoke(client(server), op("GET", { Tags }), { Tags: ["a", "b"] });
    expect(server.requests[0]!.headers["x-tags"]).toBeUndefined();
    expect(server.requests[1]!.headers["x-tags"]).toBe("a, b");
  });
});

describe("a request without a body", () => {
  it.each(["POST", "PUT", "DELETE", "PATCH"])("%s with no body members sends neither Content-Length nor Content-Type", async (method) => {
    server = await startServer((_req, res) => json(res, 200, {}));
    await invoke(client(server), op(method, { Id: { target: "string", location: "header", locationName: "x-id" } }), { Id: "1" });
    const headers = server.requests[0]!.headers;
    expect(headers["content-length"]).toBeUndefined();
    expect(headers["content-type"]).toBeUndefined();
    expect(headers["transfer-encoding"]).toBeUndefined();
  });

  it("an unset blob payload keeps the Content-Type the protocol asks for, but no Content-Length", async () => {
    server = await startServer((_req, res) => json(res, 200, {}));
    const schema = op("PUT", { Data: { target: "blob" } });
    const withPayload = { ...schema, input: { ...schema.input!, payload: "Data" } };
    await invoke(client(server), withPayload, {});
    expect(server.requests[0]!.headers["content-type"]).toBe("application/octet-stream");
    expect(server.requests[0]!.headers["content-length"]).toBeUndefined();
    expect(server.requests[0]!.body).toHaveLength(0);
  });
});

describe("GET with body members", () => {
  const get = op("GET", { Name: { target: "string" } });

  it("sends them as the JSON body (node transport)", async () => {
    server = await startServer((_req, res) => json(res, 200, {}));
    await invoke(client(server), get, { Name: "n" });
    expect(server.requests[0]!.method).toBe("GET");
    expect(JSON.parse(server.requests[0]!.body.toString("utf8"))).toEqual({ Name: "n" });
  });

  it("fails with a clear error before sending through fetch, which cannot send it", async () => {
    server = await startServer((_req, res) => json(res, 200, {}));
    const error = await invoke(client(server, { fetch: globalThis.fetch }), get, { Name: "n" }).catch((e: unknown) => e);
    expect(String((error as Error).message)).toMatch(/GET with a request body: fetch cannot send it/);
    expect(server.requests).toHaveLength(0);
  });
});

describe("sparse lists and maps", () => {
  it("keep null entries when read; dense ones drop them", async () => {
    server = await startServer((_req, res) =>
      json(res, 200, { Sparse: ["a", null], Dense: ["a", null], SparseMap: { k: null, j: "x" }, DenseMap: { k: null, j: "x" } }),
    );
    const output = {
      type: "structure",
      name: "OpResponse",
      members: {
        Sparse: { target: { type: "list", member: "string", sparse: true } },
        Dense: { target: { type: "list", member: "string" } },
        SparseMap: { target: { type: "map", key: "string", value: "string", sparse: true } },
        DenseMap: { target: { type: "map", key: "string", value: "string" } },
      },
    } as const;
    const out = await invoke(client(server), op("POST", { Sparse: { target: output.members.Sparse.target } }, output), {
      Sparse: ["b", null],
    });
    expect(JSON.parse(server.requests[0]!.body.toString("utf8"))).toEqual({ Sparse: ["b", null] });
    expect(out).toMatchObject({ Sparse: ["a", null], Dense: ["a"], SparseMap: { k: null, j: "x" }, DenseMap: { j: "x" } });
  });

  it("are emitted with `sparse: true` and typed with null entries", async () => {
    const model = tinyModel({
      operations: {
        PutThing: { name: "PutThing", http: { method: "POST", requestUri: "/things" }, input: { shape: "PutThingRequest" } },
      },
      shapes: {
        PutThingRequest: { type: "structure", members: { Items: { shape: "SparseItems" }, Attrs: { shape: "SparseAttrs" } } },
        SparseItems: { type: "list", member: { shape: "Text" }, sparse: true },
        SparseAttrs: { type: "map", key: { shape: "Text" }, value: { shape: "Text" }, sparse: true },
        Text: { type: "string" },
      },
    });
    const dir = writeModel({ "sp/service.json": model });
    const [raw] = await loadModels(path.join(dir, "sp"));
    const files = emitAll(buildIR(raw!), { generatorVersion: "0.0.0-test", banner: "" });
    const types = files.find((f) => f.path === "src/types.ts")!.content;
    expect(types).toMatch(/Items\?: \(string \| null\)\[\] \| undefined;/);
    expect(types).toMatch(/Attrs\?: Record<string, string \| null> \| undefined;/);
    const schemas = files.find((f) => f.path === "src/schemas.ts")!.content;
    expect(schemas).toMatch(/type: "list", member: "string", sparse: true/);
    expect(schemas).toMatch(/type: "map", key: "string", value: "string", sparse: true/);
  });
});
