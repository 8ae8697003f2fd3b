// Operation, shape and member names that are also names of Object.prototype (`__proto__`,
// `constructor`, `toString`, `hasOwnProperty`, `valueOf`): every lookup by a model name must find
// the model's own entry or nothing, never the prototype. The package is generated, type-checked,
// imported and called through an injected fetch, so types, validators, serde, paginators, docs and
// the aggregated client are all exercised.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { generate, type GenerateResult } from "../generator/generate.js";
import { htmlToMarkdown } from "../generator/ir/docs.js";
import { translatePattern } from "../generator/ir/pattern.js";
import { tempDir, typecheck, writeModel } from "./helpers.js";

const RESERVED = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"] as const;

type Obj = Record<string, unknown>;
/** Objects keyed by model names: `__proto__` must be a plain key of the written JSON. */
const dict = (): Obj => Object.create(null) as Obj;

function reservedModel(): Obj {
  const members = dict();
  for (const name of RESERVED) members[name] = { shape: "Text" };
  const shapes = dict();
  const operations = dict();
  for (const name of RESERVED) {
    // Shapes named like the prototype's members too: requests, responses and a plain structure.
    shapes[`${name}Request`] = { type: "structure", members };
    shapes[`${name}Response`] = { type: "structure", members };
    operations[name] = {
      name,
      http: { method: "POST", requestUri: "/" },
      input: { shape: `${name}Request` },
      output: { shape: `${name}Response` },
    };
  }
  shapes.Text = { type: "string", max: 20 };
  shapes.ListRequest = { type: "structure", members: { NextToken: { shape: "Text" } } };
  const listOut = dict();
  listOut.NextToken = { shape: "Text" };
  listOut.Items = { shape: "Items" };
  listOut.__proto__ = { shape: "Text" };
  shapes.ListResponse = { type: "structure", members: listOut };
  shapes.Items = { type: "list", member: { shape: "__proto__" } };
  shapes.__proto__ = { type: "structure", members };
  // Tokens named like prototype members: absent from a page, they must end the paging.
  operations.Scan = {
    name: "Scan",
    http: { method: "POST", requestUri: "/" },
    input: { shape: "constructorRequest" },
    output: { shape: "constructorResponse" },
  };
  operations.ListThings = {
    name: "ListThings",
    http: { method: "POST", requestUri: "/" },
    input: { shape: "ListRequest" },
    output: { shape: "ListResponse" },
  };
  return {
    metadata: {
      apiVersion: "2024-01-01",
      endpointPrefix: "reserved",
      protocol: "json",
      jsonVersion: "1.1",
      targetPrefix: "Reserved_20240101",
      serviceId: "Reserved",
      signingName: "reserved",
    },
    operations,
    shapes,
    // Only ListThings and Scan page: no operation named after a prototype member may find a paginator.
    pagination: {
      ListThings: { input_token: "NextToken", output_token: "NextToken", result_key: "Items" },
      Scan: { input_token: "constructor", output_token: "toString" },
    },
  };
}

const scratch: string[] = [];
afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

describe("names of Object.prototype in the model", () => {
  let out: string;
  let result: GenerateResult;
  let pkg: Obj;
  beforeAll(async () => {
    const dir = writeModel({ "reserved/service.json": JSON.stringify(reservedModel()) }, "reserved-model");
    out = tempDir("reserved-out");
    scratch.push(dir, out);
    result = await generate({ model: path.join(dir, "reserved"), out, format: false });
    pkg = (await import(pathToFileURL(path.join(out, "reserved", "src", "index.ts")).href)) as Obj;
  }, 60_000);

  it("gives a paginator only to the operation the model pages", () => {
    const ops = result.packages[0]!.ir.operations;
    expect(ops.filter((o) => o.paginator).map((o) => o.name)).toEqual(["ListThings", "Scan"]);
    expect(existsSync(path.join(out, "reserved", "src", "paginators", "list-things.ts"))).toBe(true);
    expect(result.packages[0]!.files.filter((f) => f.path.startsWith("src/paginators/")).map((f) => f.path)).toEqual([
      "src/paginators/list-things.ts",
      "src/paginators/scan.ts",
    ]);
  });

  it("writes a docs page per operation and lists each once", () => {
    const index = readFileSync(path.join(out, "reserved", "docs", "index.md"), "utf8");
    for (const name of RESERVED) {
      const page = result.packages[0]!.ir.operations.find((o) => o.name === name)!.docFile;
      expect(existsSync(path.join(out, "reserved", "docs", "operations", page)), name).toBe(true);
      expect(index).toContain(`operations/${page}`);
    }
  });

  it("type-checks under the strict flags", () => {
    const r = typecheck(path.join(out, "reserved"));
    expect(r.output).toBe("");
    expect(r.ok).toBe(true);
  }, 60_000);

  /** A client whose fetch answers every call with `body` and records the requests. */
  function clientFor(body: string, sent: string[]) {
    const Client = pkg.ReservedClient as new (config: Obj) => { destroy(): void };
    return new Client({
      region: "eu-west-1",
      credentials: { accessKeyId: "AKID", secretAccessKey: "secret" },
      maxAttempts: 1,
      fetch: async (_url: unknown, init: { body?: unknown }) => {
        sent.push(typeof init.body === "string" ? init.body : new TextDecoder().decode(init.body as Uint8Array));
        return new Response(body, { status: 200, headers: { "content-type": "application/x-amz-json-1.1" } });
      },
    });
  }

  const ALL = JSON.stringify(Object.fromEntries(RESERVED.map((n) => [n, `v-${n}`])));

  it("reads every reserved output member as an own property, prototype untouched", async () => {
    const sent: string[] = [];
    const client = clientFor(ALL, sent);
    const ir = result.packages[0]!.ir;
    for (const name of RESERVED) {
      const fn = pkg[ir.operations.find((o) => o.name === name)!.functionName] as (c: unknown, i: unknown) => Promise<Obj>;
      const output = await fn(client, JSON.parse(ALL));
      expect(Object.getPrototypeOf(output), name).toBe(Object.prototype);
      for (const member of RESERVED) {
        expect(Object.hasOwn(output, member), `${name}.${member}`).toBe(true);
        expect(Object.getOwnPropertyDescriptor(output, member)!.value).toBe(`v-${member}`);
      }
    }
    // Every request carried every member, and nothing inherited was sent for an empty input.
    for (const body of sent) expect(JSON.parse(body)).toEqual(JSON.parse(ALL));
    const empty: string[] = [];
    const fn = pkg[ir.operations.find((o) => o.name === "constructor")!.functionName] as (c: unknown, i: unknown) => Promise<Obj>;
    const output = await fn(clientFor("{}", empty), {});
    expect(empty).toEqual(["{}"]);
    expect(Object.getOwnPropertyNames(output).filter((k) => k !== "$metadata")).toEqual([]);
  });

  it("validates reserved members as own properties only", () => {
    const validate = pkg.validateConstructorRequest as (v: unknown) => Array<{ path: string; constraint: string }>;
    expect(typeof validate).toBe("function");
    // Nothing inherited is read as a member value, and nothing inherited is an unknown member.
    expect(validate({})).toEqual([]);
    expect(validate(JSON.parse(ALL))).toEqual([]);
    const wrong = validate(JSON.parse('{"__proto__": 5, "constructor": 6, "toString": "a"}'));
    expect(wrong.map((i) => `${i.path} ${i.constraint}`).sort()).toEqual(["__proto__ type", "constructor type"]);
    const long = validate({ hasOwnProperty: "x".repeat(21) });
    expect(long.map((i) => `${i.path} ${i.constraint}`)).toEqual(["hasOwnProperty length"]);
  });

  it("pages with an output member named __proto__ and keeps it own", async () => {
    const paginate = pkg.paginateListThings as (c: unknown, i: unknown) => AsyncIterable<Obj>;
    const sent: string[] = [];
    // Written as text: `__proto__` in an object literal would set the prototype, not a key.
    const client = clientFor(`{"Items": [${ALL}], "__proto__": "own"}`, sent);
    const pages: Obj[] = [];
    for await (const page of paginate(client, {})) pages.push(page);
    expect(pages).toHaveLength(1);
    expect(Object.getPrototypeOf(pages[0])).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(pages[0], "__proto__")?.value).toBe("own");
    const item = (pages[0]!.Items as Obj[])[0]!;
    expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
    expect(Object.hasOwn(item, "__proto__")).toBe(true);
  });

  it("pages by tokens named constructor and toString, own members only", async () => {
    const paginate = pkg.paginateScan as (c: unknown, i: unknown) => AsyncIterable<Obj>;
    const sent: string[] = [];
    let pages = 0;
    for await (const _ of paginate(clientFor("{}", sent), {})) pages++;
    // No own toString in the page: no token, one page, and no inherited function sent.
    expect(pages).toBe(1);
    expect(sent).toEqual(["{}"]);
    const twice: string[] = [];
    const withToken = clientFor('{"toString": "t1"}', twice);
    pages = 0;
    for await (const _ of paginate(withToken, {})) if (++pages === 2) break;
    expect(JSON.parse(twice[1]!)).toEqual({ constructor: "t1" });
  });

  it("gives the aggregated client a method per operation, none of them Object's own", () => {
    const Aggregate = pkg.Reserved as new (config: Obj) => Obj;
    const agg = new Aggregate({ region: "eu-west-1" });
    const ir = result.packages[0]!.ir;
    for (const op of ir.operations) {
      expect(Object.hasOwn(Object.prototype, op.functionName), op.functionName).toBe(false);
      expect(typeof agg[op.functionName], op.functionName).toBe("function");
    }
  });
});

describe("names of Object.prototype inside model text", () => {
  it("are not HTML entities in documentation", () => {
    const md = htmlToMarkdown("<p>&constructor; &toString; &__proto__; &amp;</p>");
    expect(md).not.toMatch(/function|native code|object Object/);
    expect(md).toMatch(/&constructor; \\?&toString;/);
  });

  it("are not character properties in patterns", () => {
    for (const name of RESERVED) expect(translatePattern(`^\\p{${name}}$`).ok, name).toBe(false);
    expect(translatePattern("^\\p{Alpha}+$")).toEqual({ ok: true, source: "^[A-Za-z]+$", flags: "u" });
  });
});

describe("names of Object.prototype bound to the HTTP request (rest-json)", () => {
  it("sends a member only when the caller set it as an own property", async () => {
    const members = dict();
    const bindings: Array<[string, Obj]> = [
      ["valueOf", { shape: "Text", location: "uri", locationName: "valueOf" }],
      ["toString", { shape: "Text", location: "header", locationName: "x-amz-to-string" }],
      ["constructor", { shape: "Text", location: "querystring", locationName: "c" }],
      ["hasOwnProperty", { shape: "Text", idempotencyToken: true }],
      ["__proto__", { shape: "Text" }],
    ];
    for (const [name, binding] of bindings) members[name] = binding;
    const model = {
      metadata: {
        apiVersion: "2024-01-01",
        endpointPrefix: "rr",
        protocol: "rest-json",
        serviceId: "RestReserved",
        signingName: "rr",
      },
      operations: {
        PutThing: {
          name: "PutThing",
          http: { method: "PUT", requestUri: "/things/{valueOf}" },
          input: { shape: "PutThingRequest" },
        },
      },
      shapes: { PutThingRequest: { type: "structure", required: ["valueOf"], members }, Text: { type: "string" } },
    };
    const dir = writeModel({ "rest-reserved/service.json": JSON.stringify(model) }, "reserved-rest-model");
    const out = tempDir("reserved-rest-out");
    scratch.push(dir, out);
    await generate({ model: path.join(dir, "rest-reserved"), out, format: false });
    const pkg = (await import(pathToFileURL(path.join(out, "rest-reserved", "src", "index.ts")).href)) as Obj;
    const sent: Array<{ url: string; headers: Record<string, string>; body: string }> = [];
    const Client = pkg.RestReservedClient as new (config: Obj) => unknown;
    const client = new Client({
      region: "eu-west-1",
      credentials: { accessKeyId: "AKID", secretAccessKey: "secret" },
      maxAttempts: 1,
      fetch: async (url: unknown, init: { headers: Record<string, string>; body?: unknown }) => {
        sent.push({
          url: String(url),
          headers: Object.fromEntries(new Headers(init.headers)),
          body: init.body instanceof Uint8Array ? new TextDecoder().decode(init.body) : String(init.body ?? ""),
        });
        return new Response("{}", { status: 200 });
      },
    });
    const putThing = pkg.putThing as (c: unknown, i: unknown) => Promise<unknown>;
    await putThing(client, { valueOf: "v1" });
    await putThing(client, JSON.parse('{"valueOf": "v2", "toString": "t", "constructor": "c", "hasOwnProperty": "h", "__proto__": "p"}'));
    const [empty, full] = sent;
    expect(new URL(empty!.url).pathname).toBe("/things/v1");
    expect(new URL(empty!.url).search).toBe("");
    expect(empty!.headers["x-amz-to-string"]).toBeUndefined();
    // The idempotency token is filled in as an own member; nothing else is in the body.
    expect(Object.keys(JSON.parse(empty!.body) as object)).toEqual(["hasOwnProperty"]);
    expect(new URL(full!.url).pathname).toBe("/things/v2");
    expect(new URL(full!.url).searchParams.get("c")).toBe("c");
    expect(full!.headers["x-amz-to-string"]).toBe("t");
    expect(full!.body).toBe('{"hasOwnProperty":"h","__proto__":"p"}');
  }, 60_000);
});
