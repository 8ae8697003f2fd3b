// Endpoints as users meet them: the generated package's compiled rules against the model's own
// endpoint tests, and the client choosing its host from region, FIPS, dual-stack, a configured
// endpoint, the environment and the shared config file, with requests sent to a real server on
// 127.0.0.1 where a host can be reached and stopped by a hook just before the wire where it cannot.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import path from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { createPublicKey, verify } from "node:crypto";
import { deriveSigV4aKey, signRequestV4a, signRequestV4aWithSteps } from "../generator/runtime/auth/sigv4a.js";
import {
  ClientConfigError,
  EndpointError,
  IoTManagedIntegrationsClient,
  UnsupportedOperationError,
  listAccountAssociations,
  resolveEndpoint,
} from "../generated/iot-managed-integrations/src/index.js";
import { service as iotService } from "../generated/iot-managed-integrations/src/service.js";
import { ServiceClient } from "../generated/iot-managed-integrations/src/runtime/client/client.js";
import { generate } from "../generator/generate.js";
import { CORPUS_MODELS, DEFAULT_MODEL, tempDir } from "./helpers.js";

const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const STOP = new Error("stop before sending");

let server: http.Server;
let base: string;
const requests: Array<{ url: string; headers: http.IncomingHttpHeaders }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? "", headers: req.headers });
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "x-amzn-requestid": "r1" });
      res.end('{"Items":[]}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const ENV_KEYS = [
  "AWS_USE_FIPS_ENDPOINT",
  "AWS_USE_DUALSTACK_ENDPOINT",
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_IOT_MANAGED_INTEGRATIONS",
  "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
  "AWS_CONFIG_FILE",
  "AWS_PROFILE",
];
const saved = new Map(ENV_KEYS.map((k) => [k, process.env[k]]));
afterEach(() => {
  requests.length = 0;
  for (const [k, v] of saved) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

/** The URL the client would call, taken from the beforeRequest hook; the call is stopped there. */
async function urlFor(config: ConstructorParameters<typeof IoTManagedIntegrationsClient>[0]): Promise<string> {
  let url: string | undefined;
  const client = new IoTManagedIntegrationsClient({
    credentials: CREDENTIALS,
    maxAttempts: 1,
    ...config,
    hooks: {
      beforeRequest(ctx) {
        url = ctx.url;
        throw STOP;
      },
    },
  });
  await expect(listAccountAssociations(client, {})).rejects.toBe(STOP);
  client.destroy();
  return url!;
}

describe("the compiled rules of the default model", () => {
  const tests = JSON.parse(readFileSync(path.join(DEFAULT_MODEL, "endpoints", "tests.json"), "utf8")) as {
    testCases: Array<{ params: Record<string, unknown>; expect: { endpoint?: { url: string }; error?: string } }>;
  };

  it("pass every case of the model's endpoint tests", () => {
    expect(tests.testCases.length).toBeGreaterThan(5);
    for (const c of tests.testCases) {
      if (c.expect.endpoint) expect(resolveEndpoint(c.params).url).toBe(c.expect.endpoint.url);
      else expect(() => resolveEndpoint(c.params)).toThrow(new EndpointError(c.expect.error!));
    }
  });

  it("resolve us-east-1 to the service's api.aws host, as its tests say", () => {
    expect(resolveEndpoint({ Region: "us-east-1" })).toEqual({
      url: "https://api.iotmanagedintegrations.us-east-1.api.aws",
    });
    expect(resolveEndpoint({ Region: "us-east-1", UseFIPS: true }).url).toBe("https://api.iotmanagedintegrations-fips.us-east-1.api.aws");
    expect(resolveEndpoint({ Region: "cn-north-1" }).url).toBe(
      "https://api.iotmanagedintegrations.cn-north-1.api.amazonwebservices.com.cn",
    );
  });

  it("refuse parameters of the wrong type with an EndpointError naming the parameter", () => {
    expect(() => resolveEndpoint({ Region: 42 as unknown as string })).toThrow(/Region must be a string/);
    expect(() => resolveEndpoint({ UseFIPS: "yes" as unknown as boolean, Region: "us-east-1" })).toThrow(EndpointError);
    expect(() => resolveEndpoint({})).toThrow("Invalid Configuration: Missing Region");
  });
});

describe("the client's endpoint", () => {
  it("is the rules' host for the region, with FIPS and dual-stack from the config", async () => {
    expect(await urlFor({ region: "us-east-1" })).toBe("https://api.iotmanagedintegrations.us-east-1.api.aws/account-associations");
    expect(await urlFor({ region: "us-east-1", useFipsEndpoint: true })).toBe(
      "https://api.iotmanagedintegrations-fips.us-east-1.api.aws/account-associations",
    );
    expect(await urlFor({ region: "us-gov-west-1" })).toBe("https://api.iotmanagedintegrations.us-gov-west-1.api.aws/account-associations");
  });

  it("takes FIPS from AWS_USE_FIPS_ENDPOINT and from the shared config profile; the config option wins", async () => {
    process.env.AWS_USE_FIPS_ENDPOINT = "true";
    expect(await urlFor({ region: "eu-west-1" })).toContain("-fips.eu-west-1.");
    expect(await urlFor({ region: "eu-west-1", useFipsEndpoint: false })).not.toContain("-fips");
    delete process.env.AWS_USE_FIPS_ENDPOINT;
    const config = path.join(tempDir("endpoint-config"), "config");
    writeFileSync(config, "[default]\nregion = eu-west-1\n\n[profile fips]\nuse_fips_endpoint = true\n");
    process.env.AWS_CONFIG_FILE = config;
    expect(await urlFor({ region: "eu-west-1" })).not.toContain("-fips");
    process.env.AWS_PROFILE = "fips";
    expect(await urlFor({ region: "eu-west-1" })).toContain("-fips.eu-west-1.");
  });

  it("sends to a configured endpoint (string, URL or { url }) with its path as a prefix", async () => {
    for (const endpoint of [`${base}/prefix`, new URL(`${base}/prefix`), { url: `${base}/prefix` }]) {
      const client = new IoTManagedIntegrationsClient({ region: "eu-west-1", credentials: CREDENTIALS, endpoint });
      const page = await listAccountAssociations(client, { MaxResults: 5 });
      expect(page.Items).toEqual([]);
      client.destroy();
    }
    expect(requests.map((r) => r.url)).toEqual(Array(3).fill("/prefix/account-associations?MaxResults=5"));
  });

  it("takes the endpoint from AWS_ENDPOINT_URL_<SERVICE_ID>, then AWS_ENDPOINT_URL, unless told to ignore them", async () => {
    process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:9/unused";
    process.env.AWS_ENDPOINT_URL_IOT_MANAGED_INTEGRATIONS = `${base}/specific`;
    const client = new IoTManagedIntegrationsClient({ region: "eu-west-1", credentials: CREDENTIALS });
    await listAccountAssociations(client, {});
    client.destroy();
    expect(requests.map((r) => r.url)).toEqual(["/specific/account-associations"]);
    delete process.env.AWS_ENDPOINT_URL_IOT_MANAGED_INTEGRATIONS;
    expect(await urlFor({ region: "eu-west-1" })).toBe("http://127.0.0.1:9/unused/account-associations");
    process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS = "true";
    expect(await urlFor({ region: "eu-west-1" })).toBe("https://api.iotmanagedintegrations.eu-west-1.api.aws/account-associations");
  });

  it("refuses FIPS with a custom endpoint with the rule set's own error, before anything is sent", async () => {
    const client = new IoTManagedIntegrationsClient({
      region: "eu-west-1",
      credentials: CREDENTIALS,
      endpoint: base,
      useFipsEndpoint: true,
    });
    await expect(listAccountAssociations(client, {})).rejects.toThrow(
      new EndpointError("Invalid Configuration: FIPS and custom endpoint are not supported"),
    );
    expect(requests).toEqual([]);
  });

  it("refuses a region that is not a host label, and an endpoint with credentials without repeating them", async () => {
    for (const region of ["US EAST", "us-east-1/../x", "a.b", "-x"]) {
      const client = new IoTManagedIntegrationsClient({ region, credentials: CREDENTIALS, endpoint: base });
      await expect(listAccountAssociations(client, {})).rejects.toThrow(ClientConfigError);
    }
    for (const endpoint of ["http://user:hunter2@127.0.0.1:1", "ftp://127.0.0.1", "not a url hunter2", `${base}?x=hunter2`]) {
      const client = new IoTManagedIntegrationsClient({ region: "eu-west-1", credentials: CREDENTIALS, endpoint });
      const error = await listAccountAssociations(client, {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClientConfigError);
      expect(String((error as Error).message)).not.toContain("hunter2");
    }
    expect(requests).toEqual([]);
  });

  it("resolves once per set of parameters, and signs with the auth scheme's name and region", async () => {
    const seenParams: unknown[] = [];
    const client = new IoTManagedIntegrationsClient({
      region: "eu-west-1",
      credentials: CREDENTIALS,
      endpointResolver: (params) => {
        seenParams.push({ ...params });
        return {
          url: base,
          headers: { "x-endpoint-extra": ["a", "b"] },
          properties: { authSchemes: [{ name: "sigv4", signingName: "othername", signingRegion: "us-west-2" }] },
        };
      },
    });
    for (let i = 0; i < 3; i++) await listAccountAssociations(client, {});
    client.destroy();
    expect(seenParams).toEqual([{ Region: "eu-west-1" }]);
    expect(requests).toHaveLength(3);
    expect(requests[0]!.headers["x-endpoint-extra"]).toBe("a,b");
    expect(String(requests[0]!.headers.authorization)).toMatch(/Credential=AKIDEXAMPLE\/\d{8}\/us-west-2\/othername\/aws4_request/);
  });

  it("a package whose rules never ask for SigV4a carries no SigV4a signer: it signs with the SigV4 listed next, or refuses", async () => {
    expect(iotService.sigv4a).toBeUndefined();
    const mrap = (schemes: object[]) =>
      new IoTManagedIntegrationsClient({
        region: "eu-west-1",
        credentials: CREDENTIALS,
        endpointResolver: () => ({ url: `${base}/mrap`, properties: { authSchemes: schemes } }),
      });
    const both = mrap([
      { name: "sigv4a", signingName: "s3", signingRegionSet: ["*"] },
      { name: "sigv4", signingName: "s3", signingRegion: "us-west-2" },
    ]);
    await listAccountAssociations(both, {});
    both.destroy();
    expect(String(requests[0]!.headers.authorization)).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-west-2\/s3\/aws4_request/,
    );
    const only = mrap([{ name: "sigv4a", signingName: "s3", signingRegionSet: ["*"] }]);
    await expect(listAccountAssociations(only, {})).rejects.toThrow(UnsupportedOperationError);
    only.destroy();
    expect(requests).toHaveLength(1);
  });

  it("signs with SigV4a when the endpoint asks for it and the package carries the signer, verifiable with the key derived from the secret", async () => {
    // The IoT rules never name sigv4a, so its package has no loader: give this client one, as a package whose rules do.
    class WithSigV4a extends ServiceClient {
      constructor(config: ConstructorParameters<typeof IoTManagedIntegrationsClient>[0]) {
        super({ ...iotService, sigv4a: async () => signRequestV4a }, config);
      }
    }
    const client = new WithSigV4a({
      region: "eu-west-1",
      credentials: CREDENTIALS,
      endpointResolver: () => ({
        url: `${base}/mrap`,
        properties: {
          authSchemes: [
            { name: "sigv4a", signingName: "s3", signingRegionSet: ["*"] },
            { name: "sigv4", signingName: "s3" },
          ],
        },
      }),
    });
    await listAccountAssociations(client, { MaxResults: 7 });
    client.destroy();
    const got = requests[0]!;
    const auth = String(got.headers.authorization);
    expect(auth).toMatch(/^AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/s3\/aws4_request, SignedHeaders=[^,]*x-amz-region-set/);
    expect(got.headers["x-amz-region-set"]).toBe("*");
    // Recompute the string to sign from what arrived, then check the ECDSA signature against the derived public key.
    const signed = auth.match(/SignedHeaders=([^,]+)/)![1]!.split(";");
    const headers: Record<string, string> = {};
    for (const name of signed)
      if (!["host", "x-amz-date", "x-amz-region-set", "authorization"].includes(name)) headers[name] = String(got.headers[name]);
    const url = new URL(got.url, base);
    const amzDate = String(got.headers["x-amz-date"]);
    const date = new Date(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));
    const steps = await signRequestV4aWithSteps(
      {
        method: "GET",
        protocol: "http:",
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        query: [...url.searchParams.entries()],
        headers,
        body: undefined,
      },
      { credentials: CREDENTIALS, regionSet: "*", service: "s3", date },
    );
    const key = await deriveSigV4aKey(CREDENTIALS);
    const publicKey = createPublicKey({
      key: {
        kty: "EC",
        crv: "P-256",
        x: Buffer.from(key.publicKey.slice(1, 33)).toString("base64url"),
        y: Buffer.from(key.publicKey.slice(33)).toString("base64url"),
      },
      format: "jwk",
    });
    const signature = Buffer.from(auth.match(/Signature=([0-9a-f]+)/)![1]!, "hex");
    expect(verify("sha256", Buffer.from(steps.stringToSign), { key: publicKey, dsaEncoding: "der" }, signature)).toBe(true);
    expect(verify("sha256", Buffer.from(steps.stringToSign + "x"), { key: publicKey, dsaEncoding: "der" }, signature)).toBe(false);
  });

  it("refuses an endpoint whose auth schemes it cannot sign, naming the operation", async () => {
    const client = new IoTManagedIntegrationsClient({
      region: "eu-west-1",
      credentials: CREDENTIALS,
      endpointResolver: () => ({ url: base, properties: { authSchemes: [{ name: "sigv4-unknown" }] } }),
    });
    await expect(listAccountAssociations(client, {})).rejects.toThrow(UnsupportedOperationError);
    await expect(listAccountAssociations(client, {})).rejects.toThrow(/ListAccountAssociations/);
    expect(requests).toEqual([]);
  });
});

describe("operation parameters of the rules", () => {
  // Kinesis binds StreamARN from the input (contextParam) and OperationType statically.
  let kinesis: Record<string, unknown>;
  beforeAll(async () => {
    const out = tempDir("endpoints-kinesis");
    const { packages } = await generate({
      model: path.join(CORPUS_MODELS, "kinesis", "2013-12-02"),
      out,
      format: false,
    });
    kinesis = (await import(pathToFileURL(path.join(out, packages[0]!.ir.packageName, "src", "index.ts")).href)) as Record<string, unknown>;
  }, 120_000);

  it("route a call by its input: an account's stream ARN goes to the account's control endpoint", async () => {
    let url: string | undefined;
    const Client = kinesis.KinesisClient as new (c: object) => { destroy(): void };
    const client = new Client({
      region: "us-east-1",
      credentials: CREDENTIALS,
      hooks: {
        beforeRequest(ctx: { url: string }) {
          url = ctx.url;
          throw STOP;
        },
      },
    });
    const describeStreamSummary = kinesis.describeStreamSummary as (c: unknown, i: object) => Promise<unknown>;
    await expect(describeStreamSummary(client, { StreamARN: "arn:aws:kinesis:us-east-1:123456789012:stream/s1" })).rejects.toBe(STOP);
    expect(url).toBe("https://123456789012.control-kinesis.us-east-1.amazonaws.com/");
    await expect(describeStreamSummary(client, { StreamName: "s1" })).rejects.toBe(STOP);
    expect(url).toBe("https://kinesis.us-east-1.amazonaws.com/");
    client.destroy();
  });
});
