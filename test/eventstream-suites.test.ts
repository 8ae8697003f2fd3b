// botocore's own event-stream output cases (legacy suites: "REST XML Event Stream", three cases,
// and "RPC JSON Event Stream" with its initial-response) through generated clients: each case's
// shapes become a model, a loopback server answers with the case's bytes, and the events the
// client yields must equal the case's result. The bytes and results are botocore's, not ours.
import { readFileSync, readdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../generator/generate.js";
import { SHARED, tempDir, writeModel } from "./helpers.js";

const LEGACY = path.join(SHARED, "corpus", "botocore", "protocol-tests", "legacy", "output");

interface Case {
  given: { name: string; output: { shape: string } };
  result: Record<string, unknown>;
  response: { status_code: number; headers: Record<string, string>; body: string };
}
interface Suite {
  description: string;
  metadata: Record<string, unknown>;
  shapes: Record<string, unknown>;
  cases: Case[];
}

function eventSuites(protocol: string): Suite[] {
  const suites = JSON.parse(readFileSync(path.join(LEGACY, `${protocol}.json`), "utf8")) as Suite[];
  return suites.filter((s) => JSON.stringify(s.shapes).includes('"eventstream"'));
}

let reply: Case["response"];
let server: http.Server;
let endpoint: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(reply.status_code, { ...reply.headers, "content-type": "application/vnd.amazon.eventstream" });
      res.end(Buffer.from(reply.body, "base64"));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const packages = new Map<Suite, Promise<(input: object) => Promise<any>>>();

/** A generated package for a suite's shapes (generated once), with the case's operation. */
function clientFor(suite: Suite, c: Case): Promise<(input: object) => Promise<any>> {
  let call = packages.get(suite);
  if (call === undefined) packages.set(suite, (call = generateFor(suite, c)));
  return call;
}

async function generateFor(suite: Suite, c: Case): Promise<(input: object) => Promise<any>> {
  const protocol = String(suite.metadata.protocol);
  const model = {
    metadata: {
      apiVersion: "2024-01-01",
      endpointPrefix: "events",
      protocol,
      serviceId: "Events",
      signatureVersion: "v4",
      uid: "events-2024-01-01",
      ...(protocol === "json" ? { jsonVersion: "1.1", targetPrefix: "Events" } : {}),
    },
    operations: { [c.given.name]: { name: c.given.name, http: { method: "POST", requestUri: "/" }, output: c.given.output } },
    shapes: suite.shapes,
  };
  const out = tempDir("es-suite");
  await generate({ model: writeModel({ "service-2.json": model }), out, format: false });
  const pkg = path.join(out, readdirSync(out)[0]!, "src");
  const op = await import(pathToFileURL(path.join(pkg, "operations", "operation-name.ts")).href);
  const { EventsClient } = await import(pathToFileURL(path.join(pkg, "client.ts")).href);
  const client = new EventsClient({
    region: "us-east-1",
    endpoint,
    credentials: { accessKeyId: "AKID", secretAccessKey: "SECRET" },
    maxAttempts: 1,
  });
  return (input) => op.operationName(client, input);
}

/** Our output in the suites' notation: blobs as text, timestamps as epoch seconds. */
function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== "$metadata")
        .map(([k, v]) => [k, plain(v)]),
    );
  }
  return value;
}

for (const protocol of ["rest-xml", "json"]) {
  for (const suite of eventSuites(protocol)) {
    describe(`${protocol}: ${suite.description}`, () => {
      suite.cases.forEach((c, i) => {
        it(`case ${i}`, async () => {
          // One package per suite: its cases share the operation.
          expect(c.given).toEqual(suite.cases[0]!.given);
          const call = await clientFor(suite, c);
          reply = c.response;
          const output = await call({});
          const streamMember = Object.keys(c.result).find((k) => Array.isArray(c.result[k]))!;
          const events: unknown[] = [];
          for await (const event of output[streamMember]) events.push(event);
          expect(plain({ ...output, [streamMember]: events })).toEqual(c.result);
        });
      });
    });
  }
}
