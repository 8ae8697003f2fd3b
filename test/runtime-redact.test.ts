import { describe, expect, it } from "vitest";
import { redact, wireRedactor } from "../generator/runtime/redact.js";
import type { OperationSchema, StructureSchema } from "../generator/runtime/schema.js";
import { PutSecretOperation } from "./runtime-fixtures.js";

// A recursive shape: a node holds its children and a sensitive payload.
const TreeNode: StructureSchema = {
  type: "structure",
  name: "TreeNode",
  members: {
    Name: { target: "string" },
    Payload: { target: { type: "blob", sensitive: true } },
    Children: { target: () => ({ type: "list", member: TreeNode }) },
  },
};

const Everything: StructureSchema = {
  type: "structure",
  name: "Everything",
  members: {
    Root: { target: TreeNode },
    Secret: { target: { type: "structure", name: "Hidden", members: { A: { target: "string" } }, sensitive: true } },
    ByKey: { target: { type: "map", key: { type: "string", sensitive: true }, value: "string" } },
    When: { target: "timestamp" },
    Doc: { target: "document" },
  },
};

describe("redact", () => {
  it("hides sensitive values at any depth, through recursive shapes, and copies the rest", () => {
    const when = new Date(0);
    const doc = { nested: [1, { x: "y" }] };
    const input = {
      Root: {
        Name: "root",
        Payload: new Uint8Array([1]),
        Children: [{ Name: "leaf", Payload: new Uint8Array([2]), Children: [] }],
      },
      Secret: { A: "hidden" },
      ByKey: { "secret-key": "v" },
      When: when,
      Doc: doc,
      Unmodelled: { keep: true },
    };
    const out = redact(input, Everything) as typeof input;
    expect(out).toEqual({
      Root: { Name: "root", Payload: "***", Children: [{ Name: "leaf", Payload: "***", Children: [] }] },
      Secret: "***",
      ByKey: "***",
      When: new Date(0),
      Doc: { nested: [1, { x: "y" }] },
      Unmodelled: { keep: true },
    });
    expect(out.When).not.toBe(when);
    expect(out.Doc).not.toBe(doc);
    expect(out.Doc.nested[1]).not.toBe(doc.nested[1]);
  });

  it("keeps absent sensitive members absent and tolerates values of the wrong type", () => {
    expect(redact({ Root: { Name: "n", Payload: undefined, Children: "not a list" } }, Everything)).toEqual({
      Root: { Name: "n", Payload: undefined, Children: "not a list" },
    });
  });
});

describe("wireRedactor", () => {
  it("hides sensitive URI labels, query keys and headers, and credential headers", () => {
    const r = wireRedactor(PutSecretOperation);
    expect(r.path("/owners/al%2Fice/secrets/top%20secret")).toBe("/owners/al%2Fice/secrets/***");
    expect(
      r.query([
        ["kind", "plain"],
        ["pin", "1234"],
        ["filter", "f"],
      ]),
    ).toEqual([
      ["kind", "plain"],
      ["pin", "***"],
      ["filter", "f"],
    ]);
    expect(
      r.requestHeaders({
        Authorization: "AWS4 ...",
        "x-secret-token": "t",
        "x-trace": "1",
        "x-amz-security-token": "s",
      }),
    ).toEqual({
      Authorization: "REDACTED",
      "x-secret-token": "***",
      "x-trace": "1",
      "x-amz-security-token": "REDACTED",
    });
    expect(r.responseHeaders({ "x-echo-secret": "e", "x-amzn-requestid": "r" })).toEqual({
      "x-echo-secret": "***",
      "x-amzn-requestid": "r",
    });
  });

  it("hides a whole path the template cannot explain, and prefix headers and query maps", () => {
    const op: OperationSchema = {
      name: "Op",
      method: "PUT",
      requestUri: "/a/{Key+}?fixed=1",
      input: {
        type: "structure",
        name: "OpRequest",
        members: {
          Key: { target: "string", location: "uri", sensitive: true },
          Meta: {
            target: { type: "map", key: "string", value: "string", sensitive: true },
            location: "headers",
            locationName: "x-meta-",
          },
          Extra: {
            target: { type: "map", key: "string", value: { type: "string", sensitive: true } },
            location: "querystring",
          },
          Page: { target: "integer", location: "querystring", locationName: "page" },
        },
      },
      errors: [],
    };
    const r = wireRedactor(op);
    expect(r.path("/a/b/c/d")).toBe("/a/***");
    expect(r.path("/elsewhere")).toBe("/***");
    expect(r.requestHeaders({ "x-meta-owner": "o", "content-type": "x" })).toEqual({
      "x-meta-owner": "***",
      "content-type": "x",
    });
    expect(
      r.query([
        ["fixed", "1"],
        ["page", "2"],
        ["anything", "v"],
      ]),
    ).toEqual([
      ["fixed", "1"],
      ["page", "2"],
      ["anything", "***"],
    ]);
  });
});
