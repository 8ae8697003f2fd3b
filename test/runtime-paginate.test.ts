import { afterEach, describe, expect, it } from "vitest";
import type { WithMetadata } from "../generator/runtime/client/client.js";
import { AbortError, TimeoutError } from "../generator/runtime/errors.js";
import { compilePath, paginate, type PaginationOptions, type Paginator } from "../generator/runtime/client/paginate.js";
import type { OperationSchema } from "../generator/runtime/schema.js";
import {
  ListAccountAssociationsOperation,
  TestThingsClient,
  ValidationExceptionError,
  clientConfig,
  json,
  startServer,
  type TestServer,
} from "./runtime-fixtures.js";

interface Item {
  AccountAssociationId: string;
}
interface ListResponse {
  Items?: Item[];
  NextToken?: string;
}

let server: TestServer | undefined;
let client: TestThingsClient | undefined;

afterEach(async () => {
  client?.destroy();
  client = undefined;
  await server?.close();
  server = undefined;
});

/** The shape of a generated paginator. */
function paginateListAccountAssociations(
  c: TestThingsClient,
  input: { MaxResults?: number; NextToken?: string },
  options?: PaginationOptions,
): Paginator<WithMetadata<ListResponse>, Item> {
  return paginate(c, ListAccountAssociationsOperation, input, options, {
    inputToken: ["NextToken"],
    outputToken: ["NextToken"],
    limitKey: "MaxResults",
    resultKey: ["Items"],
  });
}

/** Serves `pages` in token order: page i answers token `t<i>` (none for the first). */
async function serve(pages: ReadonlyArray<{ items: string[]; next?: string | undefined }>): Promise<TestServer> {
  return startServer((req, res) => {
    const token = new URL(req.url, "http://x").searchParams.get("NextToken");
    const index = token === null ? 0 : Number(token.slice(1));
    const page = pages[index];
    if (page === undefined) {
      json(res, 400, { message: `unknown token ${token}` }, { "x-amzn-errortype": "ValidationException" });
      return;
    }
    json(res, 200, { Items: page.items.map((id) => ({ AccountAssociationId: id })), NextToken: page.next });
  });
}

const tokens = (s: TestServer) => s.requests.map((r) => new URL(r.url, "http://x").searchParams.get("NextToken"));

describe("paginate", () => {
  it("walks three pages, passing pageSize and each token, and yields the items across pages", async () => {
    server = await serve([{ items: ["a", "b"], next: "t1" }, { items: [], next: "t2" }, { items: ["c"] }]);
    client = new TestThingsClient(clientConfig(server));
    const pages: ListResponse[] = [];
    for await (const page of paginateListAccountAssociations(client, {}, { pageSize: 2 })) {
      expect(page.$metadata.httpStatusCode).toBe(200);
      pages.push(page);
    }
    expect(pages.map((p) => p.Items?.length)).toEqual([2, 0, 1]);
    expect(tokens(server)).toEqual([null, "t1", "t2"]);
    expect(server.requests.every((r) => new URL(r.url, "http://x").searchParams.get("MaxResults") === "2")).toBe(true);

    const items: string[] = [];
    for await (const item of paginateListAccountAssociations(client, {}).items()) items.push(item.AccountAssociationId);
    expect(items).toEqual(["a", "b", "c"]);
  });

  it("resumes from a starting token and honours maxPages", async () => {
    server = await serve([{ items: ["a"], next: "t1" }, { items: ["b"], next: "t2" }, { items: ["c"], next: "t3" }, { items: ["d"] }]);
    client = new TestThingsClient(clientConfig(server));
    const items: string[] = [];
    for await (const item of paginateListAccountAssociations(client, {}, { startingToken: "t1", maxPages: 2 }).items()) {
      items.push(item.AccountAssociationId);
    }
    expect(items).toEqual(["b", "c"]);
    expect(tokens(server)).toEqual(["t1", "t2"]);
  });

  it("stops when a page returns the token it was given", async () => {
    server = await serve([
      { items: ["a"], next: "t1" },
      { items: ["b"], next: "t1" },
    ]);
    client = new TestThingsClient(clientConfig(server));
    const pages: ListResponse[] = [];
    for await (const page of paginateListAccountAssociations(client, {})) pages.push(page);
    expect(pages).toHaveLength(2);
    expect(tokens(server)).toEqual([null, "t1"]);
  });

  it("stops on a longer token cycle, unless told not to (then maxPages bounds it)", async () => {
    server = await serve([
      { items: ["a"], next: "t1" },
      { items: ["b"], next: "t2" },
      { items: ["c"], next: "t1" },
    ]);
    client = new TestThingsClient(clientConfig(server));
    let count = 0;
    for await (const _ of paginateListAccountAssociations(client, {})) count++;
    expect(count).toBe(3);
    expect(tokens(server)).toEqual([null, "t1", "t2"]);

    count = 0;
    for await (const _ of paginateListAccountAssociations(client, {}, { stopOnSameToken: false, maxPages: 5 })) count++;
    expect(count).toBe(5);
  });

  it("treats an empty token as the end", async () => {
    server = await serve([{ items: ["a"], next: "" }]);
    client = new TestThingsClient(clientConfig(server));
    let count = 0;
    for await (const _ of paginateListAccountAssociations(client, {})) count++;
    expect(count).toBe(1);
  });

  it("starts over on each iteration", async () => {
    server = await serve([{ items: ["a"], next: "t1" }, { items: ["b"] }]);
    client = new TestThingsClient(clientConfig(server));
    const paginator = paginateListAccountAssociations(client, {});
    for (let round = 0; round < 2; round++) {
      const items: string[] = [];
      for await (const item of paginator.items()) items.push(item.AccountAssociationId);
      expect(items).toEqual(["a", "b"]);
    }
    expect(server.requests).toHaveLength(4);
  });

  it("stops with AbortError when the signal aborts between pages", async () => {
    server = await serve([{ items: ["a"], next: "t1" }, { items: ["b"], next: "t2" }, { items: ["c"] }]);
    client = new TestThingsClient(clientConfig(server));
    const controller = new AbortController();
    const seen: string[] = [];
    const run = async () => {
      for await (const item of paginateListAccountAssociations(client!, {}, { signal: controller.signal }).items()) {
        seen.push(item.AccountAssociationId);
        controller.abort();
      }
    };
    await expect(run()).rejects.toBeInstanceOf(AbortError);
    expect(seen).toEqual(["a"]);
    expect(server.requests).toHaveLength(1);
  });

  it("fails with TimeoutError when the whole iteration outlives timeoutMs", async () => {
    server = await startServer((_req, res, i) => setTimeout(() => json(res, 200, { Items: [], NextToken: `t${i + 1}` }), 40));
    client = new TestThingsClient(clientConfig(server));
    const started = performance.now();
    const run = async () => {
      for await (const _ of paginateListAccountAssociations(client!, {}, { timeoutMs: 100 }));
    };
    await expect(run()).rejects.toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeLessThan(300);
    expect(server.requests.length).toBeLessThanOrEqual(3);
  });
});

describe("paginate with nested paths, several tokens and more-results flags", () => {
  const ListPartsOperation: OperationSchema = {
    name: "ListParts",
    method: "POST",
    requestUri: "/parts",
    input: {
      type: "structure",
      name: "ListPartsRequest",
      members: { Marker: { target: "string" }, ShardId: { target: "string" }, Limit: { target: "integer" } },
    },
    output: {
      type: "structure",
      name: "ListPartsResponse",
      members: {
        Paging: {
          target: {
            type: "structure",
            name: "Paging",
            members: {
              NextMarker: { target: "string" },
              Truncated: { target: "boolean" },
              Parts: {
                target: {
                  type: "list",
                  member: { type: "structure", name: "Part", members: { Id: { target: "string" } } },
                },
              },
            },
          },
        },
      },
    },
    errors: [ValidationExceptionError],
  };

  it("maps tokens positionally and stops when the more-results flag is false", async () => {
    const bodies = [
      { Paging: { NextMarker: "m1", Truncated: true, Parts: [{ Id: "p1" }, { Id: "p2" }] } },
      { Paging: { Truncated: true, Parts: [{ Id: "p3" }] } },
      { Paging: { NextMarker: "m3", Truncated: false, Parts: [{ Id: "p4" }] } },
    ];
    server = await startServer((_req, res, i) => json(res, 200, bodies[i]));
    client = new TestThingsClient(clientConfig(server));
    const paginator: Paginator<WithMetadata<{ Paging?: { Parts?: Array<{ Id: string }> } }>, { Id: string }> = paginate(
      client,
      ListPartsOperation,
      { Limit: 9 },
      { startingToken: { Marker: "m0", ShardId: "s0" } },
      {
        inputToken: ["Marker", "ShardId"],
        outputToken: ["Paging.NextMarker", "Paging.Parts[-1].Id"],
        limitKey: "Limit",
        resultKey: ["Paging.Parts"],
        moreResults: "Paging.Truncated",
      },
    );
    const ids: string[] = [];
    for await (const part of paginator.items()) ids.push(part.Id);
    expect(ids).toEqual(["p1", "p2", "p3", "p4"]);
    const sent = server.requests.map((r) => JSON.parse(r.body.toString()) as Record<string, unknown>);
    expect(sent).toEqual([
      { Marker: "m0", ShardId: "s0", Limit: 9 },
      { Marker: "m1", ShardId: "p2", Limit: 9 },
      { ShardId: "p3", Limit: 9 },
    ]);
  });

  it("rejects a string starting token when the operation has several tokens", () => {
    const make = () =>
      paginate(
        new TestThingsClient({ region: "us-west-2" }),
        ListPartsOperation,
        {},
        { startingToken: "x" },
        {
          inputToken: ["Marker", "ShardId"],
          outputToken: ["Paging.NextMarker", "Paging.Parts[-1].Id"],
          resultKey: ["Paging.Parts"],
        },
      )
        [Symbol.asyncIterator]()
        .next();
    return expect(make()).rejects.toThrow(/2 tokens/);
  });
});

describe("compilePath", () => {
  it("reads dotted members, indexes from either end, and the first non-empty of alternatives", () => {
    const value = { NextMarker: "", Contents: [{ Key: "k1" }, { Key: "k2" }], A: { B: [[1, 2], [3]] } };
    expect(compilePath("NextMarker || Contents[-1].Key")(value)).toBe("k2");
    expect(compilePath("Contents[0].Key")(value)).toBe("k1");
    expect(compilePath("A.B[-1][0]")(value)).toBe(3);
    expect(compilePath("A.Missing.Deeper")(value)).toBeUndefined();
    expect(() => compilePath("Items[].Id")).toThrow(SyntaxError);
  });
});
