// The runtime's shape: an acyclic import graph, packages that carry only the modules their model
// reaches, and error classes whose `instanceof` holds across two packages' copies.
import { describe, expect, it } from "vitest";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { generate } from "../generator/generate.js";
import { RUNTIME_DIR, runtimeGraph } from "../generator/emit/runtime.js";
import { DEFAULT_MODEL, SHARED, readTree, tempDir } from "./helpers.js";

describe("the runtime's import graph", () => {
  const graph = runtimeGraph();

  it("is read from the sources, dynamic and type-only imports included", () => {
    expect(graph.get("http/default.ts")).toContain("http/node.ts");
    expect(graph.get("schema.ts")).toContain("errors.ts");
  });

  it("has no cycle", () => {
    const state = new Map<string, "open" | "done">();
    const cycles: string[] = [];
    const visit = (node: string, trail: string[]): void => {
      if (state.get(node) === "done") return;
      if (state.get(node) === "open") {
        cycles.push([...trail.slice(trail.indexOf(node)), node].join(" -> "));
        return;
      }
      state.set(node, "open");
      for (const next of graph.get(node) ?? []) visit(next, [...trail, node]);
      state.set(node, "done");
    };
    for (const node of [...graph.keys()].sort()) visit(node, []);
    expect(cycles).toEqual([]);
  });

  it("keeps every module under about 400 lines", () => {
    const long = [...readTree(RUNTIME_DIR)].filter(([, text]) => text.split("\n").length > 420).map(([rel]) => rel);
    expect(long).toEqual([]);
  });
});

describe("a package carries only the runtime its model uses", () => {
  const runtimeOf = async (model: string): Promise<string[]> => {
    const out = tempDir("layout");
    const { packages } = await generate({ model, out, format: false });
    const files = readTree(path.join(out, packages[0]!.ir.packageName));
    return [...files.keys()].filter((rel) => rel.startsWith("src/runtime/")).map((rel) => rel.slice("src/runtime/".length));
  };

  it("a json service has the awsJson protocol and no rest-json binding code", async () => {
    const runtime = await runtimeOf(path.join(SHARED, "corpus", "botocore", "models", "dynamodb", "2012-08-10"));
    expect(runtime).toContain("protocols/aws-json.ts");
    expect(runtime).not.toContain("protocols/rest-json.ts");
    expect(runtime).not.toContain("protocols/http-binding.ts");
    // Lazily loaded modules are still carried: the lazy import must resolve.
    expect(runtime).toContain("http/node.ts");
    // Its endpoint rules never name sigv4a: no SigV4a signer to carry or bundle.
    expect(runtime).not.toContain("auth/sigv4a.ts");
  });

  it("a service whose endpoint rules can name sigv4a carries the SigV4a signer, loaded lazily", async () => {
    const model = path.join(SHARED, "corpus", "botocore", "models", "sustainability", "2018-05-10");
    expect(await runtimeOf(model)).toContain("auth/sigv4a.ts");
  });

  it("a rest-json service has the binding and no awsJson", async () => {
    const runtime = await runtimeOf(DEFAULT_MODEL);
    expect(runtime).toContain("protocols/rest-json.ts");
    expect(runtime).toContain("protocols/http-binding.ts");
    expect(runtime).not.toContain("protocols/aws-json.ts");
    // No streaming payload and no httpChecksum: no stream body or checksum code either.
    expect(runtime).not.toContain("client/payload.ts");
    expect(runtime).not.toContain("client/checksum.ts");
    expect(runtime).not.toContain("codecs/checksums.ts");
    expect(runtime).not.toContain("http/aws-chunked.ts");
    // No event streams in the model: none of their code.
    expect(runtime.filter((rel) => /event|http2/.test(rel))).toEqual([]);
  });
});

describe("error classes across two copies of the runtime", () => {
  /** Two copies of errors.ts (with what it imports) in their own folders, loaded as separate modules. */
  const copies = async (): Promise<Array<Record<string, unknown>>> => {
    const root = tempDir("brands");
    writeFileSync(path.join(root, "package.json"), JSON.stringify({ type: "module" }));
    const loaded: Array<Record<string, unknown>> = [];
    for (const name of ["a", "b"]) {
      const dir = path.join(root, name);
      mkdirSync(path.join(dir, "endpoints"), { recursive: true });
      for (const rel of ["errors.ts", "brand.ts", "endpoints/endpoints.ts"]) cpSync(path.join(RUNTIME_DIR, rel), path.join(dir, rel));
      const errors = (await import(pathToFileURL(path.join(dir, "errors.ts")).href)) as Record<string, unknown>;
      const endpoints = (await import(pathToFileURL(path.join(dir, "endpoints", "endpoints.ts")).href)) as Record<string, unknown>;
      loaded.push({ ...errors, EndpointError: endpoints["EndpointError"] });
    }
    return loaded;
  };
  type Ctor = new (...args: never[]) => Error;

  it("an error from one copy is an instance of the other copy's class, and not of unrelated ones", async () => {
    const [a, b] = await copies();
    const meta = { attempts: 1, totalRetryDelay: 0 };
    const make: Record<string, (m: Record<string, unknown>) => Error> = {
      ServiceException: (m) =>
        new (m["ServiceException"] as new (i: unknown) => Error)({ message: "x", $fault: "client", $metadata: meta }),
      RequestValidationError: (m) => new (m["RequestValidationError"] as new (o: string, i: unknown[]) => Error)("Op", []),
      CallError: (m) => new (m["CallError"] as new (s: string, m: unknown) => Error)("x", meta),
      AbortError: (m) => new (m["AbortError"] as new (s: string, m: unknown) => Error)("x", meta),
      TimeoutError: (m) => new (m["TimeoutError"] as new (s: string, m: unknown) => Error)("x", meta),
      NetworkError: (m) => new (m["NetworkError"] as new (s: string, m: unknown) => Error)("x", meta),
      ResponseParseError: (m) =>
        new (m["ResponseParseError"] as new (s: string, m: unknown, r: unknown) => Error)("x", meta, {
          statusCode: 200,
          headers: {},
          body: "",
        }),
      ClientConfigError: (m) => new (m["ClientConfigError"] as new (s: string) => Error)("x"),
      UnsupportedOperationError: (m) => new (m["UnsupportedOperationError"] as new (s: string) => Error)("x"),
      ResponseChecksumError: (m) =>
        new (m["ResponseChecksumError"] as new (o: string, a: string, e: string, x: string) => Error)(
          "Op",
          "CRC32",
          "AAAAAA==",
          "AAAAAQ==",
        ),
      EndpointError: (m) => new (m["EndpointError"] as new (s: string) => Error)("x"),
    };
    expect(a!["ServiceException"]).not.toBe(b!["ServiceException"]);
    const parents: Record<string, string[]> = {
      AbortError: ["CallError"],
      TimeoutError: ["CallError"],
      NetworkError: ["CallError"],
      ResponseParseError: ["CallError"],
    };
    for (const name of Object.keys(make)) {
      const error = make[name]!(a!);
      for (const other of Object.keys(make)) {
        const expected = other === name || (parents[name] ?? []).includes(other);
        expect(error instanceof (b![other] as Ctor), `${name} instanceof other copy's ${other}`).toBe(expected);
        expect(error instanceof (a![other] as Ctor), `${name} instanceof own ${other}`).toBe(expected);
      }
      expect(error instanceof Error).toBe(true);
    }
  });

  it("a service's own error classes keep the ordinary prototype check", async () => {
    const [a, b] = await copies();
    const Base = a!["ServiceException"] as new (i: unknown) => Error;
    class OneServiceException extends Base {}
    class Throttling extends OneServiceException {}
    class Other extends OneServiceException {}
    const error = new Throttling({ message: "x", $fault: "client", $metadata: { attempts: 1, totalRetryDelay: 0 } });
    expect(error instanceof Throttling).toBe(true);
    expect(error instanceof OneServiceException).toBe(true);
    expect(error instanceof Other).toBe(false);
    expect(error instanceof (b!["ServiceException"] as Ctor)).toBe(true);
    expect({} instanceof (b!["ServiceException"] as Ctor)).toBe(false);
  });
});

describe("Node-only modules", () => {
  it("only the Node transports and platform/node.ts import node: modules; every other module reaches them lazily", async () => {
    const { runtimeSources } = await import("../generator/emit/runtime.js");
    // testing/ (the mock server) belongs to the packages' testing entry point only, which runs on Node.
    const withNode = [...runtimeSources()]
      .filter(([rel, source]) => !rel.startsWith("testing/") && /from\s+"node:|(?<!typeof )import\(\s*"node:/.test(source))
      .map(([rel]) => rel);
    // http/node-http2.ts: event streams sent both ways, loaded by client/event-stream.ts when first needed.
    expect(withNode.sort()).toEqual(["http/node-http2.ts", "http/node.ts", "platform/node.ts"]);
  });

  it("no module outside testing/ imports one inside it: the main entry never reaches the mocks", async () => {
    const { runtimeGraph } = await import("../generator/emit/runtime.js");
    const reaching = [...runtimeGraph()].filter(
      ([rel, targets]) => !rel.startsWith("testing/") && targets.some((t) => t.startsWith("testing/")),
    );
    expect(reaching).toEqual([]);
  });
});
