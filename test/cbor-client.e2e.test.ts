// Generated rpc-v2-cbor clients against a real HTTP server on 127.0.0.1 that reads and writes
// CBOR with cborg itself (not the package's codec): CloudWatch generated with the `protocol`
// option (it lists rpc-v2-cbor beside json and query, and is awsQueryCompatible), and the
// protocol choice itself (json by default for CloudWatch, rpc-v2-cbor for a cbor-only service).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Tagged, decode, encode } from "cborg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generate } from "../generator/generate.js";
import { parseArgs } from "../generator/cli.js";
import { ConfigError, validatePackageOptions } from "../generator/config.js";
import { CORPUS_MODELS, tempDir } from "./helpers.js";

const CLOUDWATCH = path.join(CORPUS_MODELS, "cloudwatch", "2010-08-01");
const REVENUE = path.join(CORPUS_MODELS, "partnercentral-revenue-measurement", "2022-07-26");
const available = [CLOUDWATCH, REVENUE].every((dir) => existsSync(path.join(dir, "service-2.json")));

interface Seen {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}
type Reply = { status: number; headers?: Record<string, string>; body?: Uint8Array | string };

let server: http.Server;
let endpoint: string;
let handler: (req: Seen) => Reply = () => ({ status: 500 });
const seen: Seen[] = [];
type Mod = Record<string, any>;
let cw: Mod;
let out: string;

/** A CBOR body as data: maps as Maps, tag 1 kept as a Tagged. */
const data = (body: Buffer): unknown => decode(body, { useMaps: true, tags: Tagged.preserve(1) });
const cbor = (status: number, value: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { "content-type": "application/cbor", "smithy-protocol": "rpc-v2-cbor", ...headers },
  body: encode(value),
});

beforeAll(async () => {
  if (!available) return;
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const s: Seen = { method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks) };
      seen.push(s);
      const reply = handler(s);
      res.writeHead(reply.status, { "x-amzn-requestid": `req-${seen.length}`, ...(reply.headers ?? {}) });
      res.end(reply.body ?? "");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  out = tempDir("cbor-e2e");
  await generate({ model: CLOUDWATCH, out, format: false, packageOptions: { protocol: "smithy-rpc-v2-cbor" } });
  cw = {};
  for (const rel of ["client.ts", "errors.ts", "operations/put-metric-data.ts", "operations/get-metric-data.ts", "runtime/errors.ts"]) {
    Object.assign(cw, await import(pathToFileURL(path.join(out, "monitoring", "src", rel)).href));
  }
}, 120_000);

afterAll(async () => {
  if (server) await new Promise((r) => server.close(r));
});

beforeEach(() => {
  seen.length = 0;
});

const client = () =>
  new cw.CloudWatchClient({
    region: "us-east-1",
    endpoint,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
    maxAttempts: 1,
  });

describe.skipIf(!available)("a generated rpc-v2-cbor client (CloudWatch with the protocol option) on the wire", () => {
  it("PutMetricData: a signed POST of one CBOR map to /service/<Service>/operation/<Operation>", async () => {
    handler = () => ({ status: 200, headers: { "smithy-protocol": "rpc-v2-cbor" } });
    const output = await cw.putMetricData(client(), {
      Namespace: "App/Checkout",
      MetricData: [
        {
          MetricName: "Latency",
          Dimensions: [{ Name: "Stage", Value: "prod" }],
          Timestamp: new Date(1_700_000_000_500),
          Values: [1.5, 2, 0.1],
          Counts: [3, 1, 2],
          Unit: "Milliseconds",
        },
      ],
    });
    expect(output.$metadata.httpStatusCode).toBe(200);
    expect(seen).toHaveLength(1);
    const req = seen[0]!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/service/GraniteServiceVersion20100801/operation/PutMetricData");
    expect(req.headers["smithy-protocol"]).toBe("rpc-v2-cbor");
    expect(req.headers["content-type"]).toBe("application/cbor");
    expect(req.headers["accept"]).toBe("application/cbor");
    // CloudWatch is awsQueryCompatible: it is asked for the query-mode error codes.
    expect(req.headers["x-amzn-query-mode"]).toBe("true");
    expect(req.headers["x-amz-target"]).toBeUndefined();
    expect(req.headers["content-length"]).toBe(String(req.body.length));
    expect(String(req.headers["authorization"])).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/monitoring\/aws4_request, /,
    );
    expect(data(req.body)).toEqual(
      new Map<string, unknown>([
        ["Namespace", "App/Checkout"],
        [
          "MetricData",
          [
            new Map<string, unknown>([
              ["MetricName", "Latency"],
              [
                "Dimensions",
                [
                  new Map([
                    ["Name", "Stage"],
                    ["Value", "prod"],
                  ]),
                ],
              ],
              // Tag 1: epoch seconds, the milliseconds as the fraction.
              ["Timestamp", new Tagged(1, 1_700_000_000.5)],
              ["Values", [1.5, 2, 0.1]],
              ["Counts", [3, 1, 2]],
              ["Unit", "Milliseconds"],
            ]),
          ],
        ],
      ]),
    );
  });

  it("GetMetricData: tag-1 timestamps, doubles (NaN and Infinity too) and the next token come back typed", async () => {
    handler = () =>
      cbor(200, {
        MetricDataResults: [
          {
            Id: "m1",
            Label: "CPU",
            Timestamps: [new Tagged(1, 1_700_000_000), new Tagged(1, 1_700_000_060.25)],
            Values: [0.5, NaN, Infinity],
            StatusCode: "Complete",
            AddedLater: { a: 1 },
          },
        ],
        NextToken: "t2",
      });
    const output = await cw.getMetricData(client(), {
      MetricDataQueries: [
        { Id: "m1", MetricStat: { Metric: { Namespace: "AWS/EC2", MetricName: "CPUUtilization" }, Period: 60, Stat: "Average" } },
      ],
      StartTime: new Date(1_700_000_000_000),
      EndTime: new Date(1_700_000_600_000),
    });
    expect(output.NextToken).toBe("t2");
    expect(output.MetricDataResults).toEqual([
      {
        Id: "m1",
        Label: "CPU",
        Timestamps: [new Date(1_700_000_000_000), new Date(1_700_000_060_250)],
        Values: [0.5, NaN, Infinity],
        StatusCode: "Complete",
      },
    ]);
    const body = data(seen[0]!.body) as Map<string, unknown>;
    expect(body.get("StartTime")).toEqual(new Tagged(1, 1_700_000_000));
    expect(body.get("EndTime")).toEqual(new Tagged(1, 1_700_000_600));
  });

  it("a modelled error named by __type (namespace stripped) is thrown as its class with its message", async () => {
    handler = () =>
      cbor(400, { __type: "com.amazonaws.cloudwatch#InvalidParameterValueException", message: "Period must be a multiple of 60" });
    const error = await cw.putMetricData(client(), { Namespace: "App" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(cw.InvalidParameterValueException);
    expect(error).toBeInstanceOf(cw.CloudWatchServiceException);
    expect(error.message).toBe("Period must be a multiple of 60");
    expect(error.$fault).toBe("client");
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it("x-amzn-query-error names the query code, which wins over __type", async () => {
    handler = () =>
      cbor(
        400,
        { __type: "com.amazonaws.cloudwatch#LimitExceededException", message: "too many dashboards" },
        { "x-amzn-query-error": "LimitExceeded;Sender" },
      );
    const error = await cw
      .getMetricData(client(), { MetricDataQueries: [], StartTime: new Date(0), EndTime: new Date(1000) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(cw.LimitExceededFault);
    expect(error.message).toBe("too many dashboards");
    // Without the header, __type names the other error.
    handler = () => cbor(400, { __type: "com.amazonaws.cloudwatch#LimitExceededException", message: "too many dashboards" });
    const byType = await cw
      .getMetricData(client(), { MetricDataQueries: [], StartTime: new Date(0), EndTime: new Date(1000) })
      .catch((e: unknown) => e);
    expect(byType).toBeInstanceOf(cw.LimitExceededException);
  });

  it("an error the model does not know keeps its code and fields; a non-CBOR error body gives Http<status>Error", async () => {
    handler = () => cbor(400, { __type: "com.amazonaws.cloudwatch#ThrottledLater", message: "slow down", RetryAfter: 3 });
    const unknown = await cw.putMetricData(client(), { Namespace: "App" }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(cw.CloudWatchServiceException);
    expect(unknown.name).toBe("ThrottledLater");
    expect(unknown.message).toBe("slow down");
    handler = () => ({ status: 502, headers: { "content-type": "text/html" }, body: "<html>Bad Gateway</html>" });
    const proxy = await cw.putMetricData(client(), { Namespace: "App" }).catch((e: unknown) => e);
    expect(proxy).toBeInstanceOf(cw.CloudWatchServiceException);
    expect(proxy.name).toBe("Http502Error");
    expect(proxy.$fault).toBe("server");
  });

  it("a success body that is not CBOR of the output's shape is a ResponseParseError naming the member, never a crash", async () => {
    const call = () =>
      cw.getMetricData(client(), { MetricDataQueries: [], StartTime: new Date(0), EndTime: new Date(1000) }).catch((e: unknown) => e);
    const bodies: Array<[Uint8Array, RegExp]> = [
      // Truncated: a map of one entry whose value is missing.
      [Uint8Array.from([0xa1, 0x69, ...Buffer.from("NextToken")]), /could not read/],
      // A value of the wrong type.
      [encode({ NextToken: 7 }), /NextToken: expected a text string/],
      [encode({ MetricDataResults: [{ Timestamps: ["yesterday"] }] }), /MetricDataResults\[0\]\.Timestamps\[0\]: expected a timestamp/],
      // Nested far deeper than any output: the decoder's recursion ends in an error, not a crash.
      [new Uint8Array(200_000).fill(0x81), /could not read/],
      // The same key twice.
      [Uint8Array.from([0xa2, 0x61, 0x61, 0x01, 0x61, 0x61, 0x02]), /could not read/],
      // A top-level array instead of a map.
      [encode([1, 2]), /Expected a CBOR map/],
    ];
    for (const [body, message] of bodies) {
      handler = () => ({ status: 200, headers: { "content-type": "application/cbor" }, body });
      const error = await call();
      expect(error).toBeInstanceOf(cw.ResponseParseError);
      expect(error.message).toMatch(message);
    }
  });

  it("map keys such as __proto__ stay data, never a prototype", async () => {
    handler = () => cbor(200, { MetricDataResults: [], Messages: [{ Code: "__proto__", Value: "x" }], __proto__x: 1 });
    const output = await cw.getMetricData(client(), { MetricDataQueries: [], StartTime: new Date(0), EndTime: new Date(1000) });
    expect(output.Messages).toEqual([{ Code: "__proto__", Value: "x" }]);
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
  });
});

describe.skipIf(!available)("which protocol a package speaks", () => {
  it("CloudWatch keeps json by default and needs no CBOR library; with the option it speaks rpc-v2-cbor and depends on cborg", async () => {
    const plain = tempDir("cbor-choice");
    await generate({ model: CLOUDWATCH, out: plain, format: false });
    const json = JSON.parse(readFileSync(path.join(plain, "monitoring", "package.json"), "utf8"));
    expect(readFileSync(path.join(plain, "monitoring", "src", "service.ts"), "utf8")).toContain("protocol: awsJson");
    expect(json.dependencies?.cborg).toBeUndefined();
    expect(existsSync(path.join(plain, "monitoring", "src", "runtime", "codecs", "cbor.ts"))).toBe(false);
    const withOption = JSON.parse(readFileSync(path.join(out, "monitoring", "package.json"), "utf8"));
    expect(withOption.dependencies.cborg).toMatch(/^\^6\./);
    expect(readFileSync(path.join(out, "monitoring", "src", "service.ts"), "utf8")).toContain("protocol: rpcV2Cbor");
  });

  it("a service that lists only rpc-v2-cbor speaks it without any option", async () => {
    const dir = tempDir("cbor-only");
    const { packages } = await generate({ model: REVENUE, out: dir, format: false });
    expect(packages[0]!.ir.protocol).toBe("smithy-rpc-v2-cbor");
    const pkg = JSON.parse(readFileSync(path.join(dir, packages[0]!.folder, "package.json"), "utf8"));
    expect(pkg.dependencies.cborg).toBeDefined();
  });

  it("the option comes from --protocol or svcgen.config.json, and names a protocol svcgen generates", () => {
    const args = parseArgs(["generate", "--protocol", "smithy-rpc-v2-cbor"]);
    expect(typeof args === "object" && args.command === "generate" ? args.packageOptions.protocol : undefined).toBe("smithy-rpc-v2-cbor");
    expect(() => validatePackageOptions({ protocol: "smithy-rpc-v9" }, "svcgen.config.json")).toThrow(ConfigError);
    expect(() => validatePackageOptions({ protocol: "smithy-rpc-v9" }, "svcgen.config.json")).toThrow(/not one svcgen generates/);
    expect(validatePackageOptions({ protocol: "json" }, "x")).toEqual({ protocol: "json" });
  });

  it("asking for a protocol the model does not list keeps the default and says so", async () => {
    const dir = tempDir("cbor-unlisted");
    const { packages } = await generate({
      model: path.join(CORPUS_MODELS, "kinesis"),
      out: dir,
      format: false,
      packageOptions: { protocol: "smithy-rpc-v2-cbor" },
    });
    expect(packages[0]!.ir.protocol).toBe("json");
    expect(packages[0]!.ir.notices.join("\n")).toMatch(/asks for smithy-rpc-v2-cbor, which the model does not list \(json\): json is used/);
  });
});
