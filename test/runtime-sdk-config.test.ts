// What SDK v3 users expect of client configuration: region providers and the shared config
// profile's region, the `profile` option, the credential helpers, a logger, customUserAgent,
// string blobs, required output members and validateInput: false. Against a loopback server.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fromEnv as sdkFromEnv } from "@aws-sdk/credential-provider-env";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { vi } from "vitest";
import { defaultProvider, fromEnv, fromIni } from "../generator/runtime/auth/credentials.js";
import { invoke, type ClientConfig, type Logger } from "../generator/runtime/client/client.js";
import { ClientConfigError, RequestValidationError, ResponseParseError } from "../generator/runtime/errors.js";
import type { OperationSchema, StructureSchema } from "../generator/runtime/schema.js";
import { blobLength, isBlobInput } from "../generator/runtime/validate.js";
import {
  CREDENTIALS,
  ListAccountAssociationsOperation,
  PutSecretOperation,
  TestThingsClient,
  awsError,
  clientConfig,
  json,
  startServer,
  type TestServer,
} from "./runtime-fixtures.js";

let server: TestServer | undefined;
let dir: string;
const clients: TestThingsClient[] = [];

function client(s: TestServer, extra: ClientConfig = {}): TestThingsClient {
  const c = new TestThingsClient(clientConfig(s, extra));
  clients.push(c);
  return c;
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "svcgen-sdk-config-"));
  // Nothing from the machine running the tests: no region, profile or keys but what a test sets.
  for (const name of [
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_TEST_THINGS",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
  ]) {
    vi.stubEnv(name, "");
  }
  vi.stubEnv("AWS_CONFIG_FILE", path.join(dir, "config"));
  vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", path.join(dir, "credentials"));
});

afterEach(async () => {
  vi.unstubAllEnvs();
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** The region the request was signed for, from its Authorization header. */
function signedRegion(s: TestServer, index = 0): string | undefined {
  return /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(s.requests[index]?.headers["authorization"]))?.[1];
}

function signedKey(s: TestServer, index = 0): string | undefined {
  return /Credential=([^/]+)\//.exec(String(s.requests[index]?.headers["authorization"]))?.[1];
}

const ok = () => startServer((_req, res) => json(res, 200, {}));

describe("region", () => {
  it("takes an async provider, as the AWS SDK v3 does, and asks it once per client", async () => {
    server = await ok();
    const provider = vi.fn(async () => "eu-central-1");
    const c = client(server, { region: provider });
    await invoke(c, ListAccountAssociationsOperation, {});
    await invoke(c, ListAccountAssociationsOperation, {});
    expect(signedRegion(server, 0)).toBe("eu-central-1");
    expect(signedRegion(server, 1)).toBe("eu-central-1");
    expect(provider).toHaveBeenCalledTimes(1);
    expect(c.toJSON()["region"]).toBe("eu-central-1");
  });

  it("gives the rules the provider's region", async () => {
    server = await ok();
    const seen: unknown[] = [];
    const c = client(server, {
      region: () => Promise.resolve("ap-south-1"),
      endpointResolver: (params) => (seen.push(params["Region"]), { url: server!.url }),
    });
    await invoke(c, ListAccountAssociationsOperation, {});
    expect(seen).toEqual(["ap-south-1"]);
  });

  it("fails a call with ClientConfigError when the provider fails or gives no region, and asks again next call", async () => {
    server = await ok();
    let answer: () => Promise<string> = () => Promise.reject(new Error("metadata service down"));
    const c = client(server, { region: () => answer() });
    const first = await invoke(c, ListAccountAssociationsOperation, {}).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ClientConfigError);
    expect((first as Error).message).toContain("metadata service down");
    answer = () => Promise.resolve("");
    await expect(invoke(c, ListAccountAssociationsOperation, {})).rejects.toThrow(/region provider returned an empty string/);
    answer = () => Promise.resolve("US EAST");
    await expect(invoke(c, ListAccountAssociationsOperation, {})).rejects.toThrow(/invalid region "US EAST"/);
    answer = () => Promise.resolve("us-west-1");
    await invoke(c, ListAccountAssociationsOperation, {});
    expect(server.requests).toHaveLength(1);
    expect(signedRegion(server)).toBe("us-west-1");
  });

  it("falls back to AWS_REGION, AWS_DEFAULT_REGION, then the profile's region", async () => {
    server = await ok();
    await writeFile(path.join(dir, "config"), "[default]\nregion = us-east-2\n\n[profile dev]\nregion = ap-southeast-2\n");
    const regionOf = async (extra: ClientConfig): Promise<string | undefined> => {
      const c = client(server!, { region: undefined, ...extra });
      await invoke(c, ListAccountAssociationsOperation, {});
      return signedRegion(server!, server!.requests.length - 1);
    };
    expect(await regionOf({})).toBe("us-east-2");
    expect(await regionOf({ profile: "dev" })).toBe("ap-southeast-2");
    vi.stubEnv("AWS_PROFILE", "dev");
    expect(await regionOf({})).toBe("ap-southeast-2");
    vi.stubEnv("AWS_DEFAULT_REGION", "eu-west-3");
    expect(await regionOf({ profile: "dev" })).toBe("eu-west-3");
    vi.stubEnv("AWS_REGION", "eu-north-1");
    expect(await regionOf({})).toBe("eu-north-1");
    expect(await regionOf({ region: "sa-east-1" })).toBe("sa-east-1");
  });

  it("says where a region can come from when there is none", async () => {
    server = await ok();
    const c = client(server, { region: undefined });
    await expect(invoke(c, ListAccountAssociationsOperation, {})).rejects.toThrow(/no region.*AWS_REGION.*shared config profile/);
    expect(server.requests).toHaveLength(0);
  });

  it("reads the profile's endpoint settings from the profile the option names", async () => {
    server = await ok();
    await writeFile(path.join(dir, "config"), `[profile local]\nregion = us-east-1\nendpoint_url = ${server.url}/via-profile\n`);
    const c = new TestThingsClient({ credentials: CREDENTIALS, profile: "local" });
    clients.push(c);
    await invoke(c, ListAccountAssociationsOperation, {});
    expect(server.requests[0]?.url.startsWith("/via-profile/account-associations")).toBe(true);
  });
});

describe("credentials", () => {
  it("exports fromEnv, fromIni and defaultProvider under the AWS SDK v3 names", async () => {
    await writeFile(
      path.join(dir, "credentials"),
      "[default]\naws_access_key_id = FILE\naws_secret_access_key = S\n[dev]\naws_access_key_id = DEV\naws_secret_access_key = S2\n",
    );
    expect((await fromIni()()).accessKeyId).toBe("FILE");
    expect((await fromIni({ profile: "dev" })()).accessKeyId).toBe("DEV");
    expect((await fromEnv({ AWS_ACCESS_KEY_ID: "E", AWS_SECRET_ACCESS_KEY: "S" })()).accessKeyId).toBe("E");
    expect((await defaultProvider()()).accessKeyId).toBe("FILE");
    expect((await defaultProvider({ profile: "dev" })()).accessKeyId).toBe("DEV");
    vi.stubEnv("AWS_ACCESS_KEY_ID", "ENVKEY");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "ENVSECRET");
    expect((await defaultProvider()()).accessKeyId).toBe("ENVKEY");
  });

  it("signs with the keys of the profile the `profile` option names", async () => {
    server = await ok();
    await writeFile(
      path.join(dir, "credentials"),
      "[default]\naws_access_key_id = DEFAULTKEY\naws_secret_access_key = S\n[dev]\naws_access_key_id = DEVKEY\naws_secret_access_key = S2\n",
    );
    await invoke(client(server, { credentials: undefined, profile: "dev" }), ListAccountAssociationsOperation, {});
    await invoke(client(server, { credentials: undefined }), ListAccountAssociationsOperation, {});
    expect(signedKey(server, 0)).toBe("DEVKEY");
    expect(signedKey(server, 1)).toBe("DEFAULTKEY");
  });

  it("accepts the AWS SDK v3's own providers and this runtime's", async () => {
    server = await ok();
    vi.stubEnv("AWS_ACCESS_KEY_ID", "SDKKEY");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "SDKSECRET");
    await invoke(client(server, { credentials: sdkFromEnv() }), ListAccountAssociationsOperation, {});
    await invoke(
      client(server, { credentials: fromEnv({ AWS_ACCESS_KEY_ID: "OWN", AWS_SECRET_ACCESS_KEY: "S" }) }),
      ListAccountAssociationsOperation,
      {},
    );
    expect(signedKey(server, 0)).toBe("SDKKEY");
    expect(signedKey(server, 1)).toBe("OWN");
  });
});

/** A logger of the SDK's shape that keeps its lines by level. */
function recordingLogger(): Logger & { lines: Record<string, string[]> } {
  const lines: Record<string, string[]> = { debug: [], info: [], warn: [], error: [] };
  const at =
    (level: string) =>
    (...content: unknown[]) =>
      void lines[level]!.push(content.map(String).join(" "));
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

describe("logger", () => {
  it("gets a line per retry, without credentials or the values the model marks sensitive", async () => {
    const secret = "hunter2-the-secret-value";
    server = await startServer((_req, res, i) =>
      i < 2 ? awsError(res, 503, "ServiceUnavailableException", `busy; you sent ${secret}`) : json(res, 200, { Version: 1 }),
    );
    const logger = recordingLogger();
    await invoke(client(server, { logger }), PutSecretOperation, { Owner: "o", SecretName: "n", Value: secret });
    expect(logger.lines["info"]).toHaveLength(2);
    expect(logger.lines["info"]![0]).toMatch(
      /^PutSecret: attempt 1 of 3 failed \(ServiceUnavailableException, HTTP 503: .*\); retrying in \d+ ms/,
    );
    expect(logger.lines["info"]![1]).toMatch(/attempt 2 of 3/);
    const all = Object.values(logger.lines).flat().join("\n");
    expect(all).not.toContain(secret);
    expect(all).not.toContain(CREDENTIALS.secretAccessKey);
    expect(all).not.toContain(CREDENTIALS.sessionToken);
  });

  it("may have any subset of the methods, and a logger that throws does not fail the call", async () => {
    server = await startServer((_req, res, i) => (i === 0 ? awsError(res, 500, "InternalServerException") : json(res, 200, {})));
    const out = await invoke(
      client(server, {
        logger: {
          info: () => {
            throw new Error("logger broke");
          },
        },
      }),
      ListAccountAssociationsOperation,
      {},
    );
    expect(out.$metadata.attempts).toBe(2);
    const warnOnly = await invoke(client(server, { logger: { warn: () => {} } }), ListAccountAssociationsOperation, {});
    expect(warnOnly.$metadata.attempts).toBe(1);
  });
});

describe("customUserAgent", () => {
  it("appends pairs as name/version after userAgent, on both user agent headers", async () => {
    server = await ok();
    await invoke(
      client(server, {
        userAgent: "app/1.2",
        customUserAgent: [["my-lib", "2.0"], ["api/Foo", "1"], ["bad name\r\n"]],
      }),
      ListAccountAssociationsOperation,
      {},
    );
    const headers = server.requests[0]!.headers;
    expect(headers["user-agent"]).toBe("svcgen/0.0.0 app/1.2 my-lib/2.0 api/foo#1 bad_name__");
    expect(headers["x-amz-user-agent"]).toBe(headers["user-agent"]);
  });

  it("takes a string, as the AWS SDK v3 does", async () => {
    server = await ok();
    await invoke(client(server, { customUserAgent: "my-app/1.0 beta" }), ListAccountAssociationsOperation, {});
    expect(server.requests[0]!.headers["user-agent"]).toBe("svcgen/0.0.0 my-app/1.0_beta");
  });
});

const BlobOperation: OperationSchema = {
  name: "PutBlob",
  method: "POST",
  requestUri: "/blobs",
  input: {
    type: "structure",
    name: "PutBlobRequest",
    members: {
      Data: { target: "blob" },
      Tag: { target: "blob", location: "header", locationName: "x-tag" },
    },
  },
  errors: [],
};

const PayloadOperation: OperationSchema = {
  name: "Invoke",
  method: "POST",
  requestUri: "/functions/f/invocations",
  input: {
    type: "structure",
    name: "InvokeRequest",
    members: { Payload: { target: "blob" } },
    payload: "Payload",
  },
  errors: [],
};

describe("blobs given as strings", () => {
  const text = 'héllo ✓ {"a":1}';

  it("are sent UTF-8 encoded, in a JSON body, a header and a whole payload", async () => {
    server = await ok();
    await invoke(client(server), BlobOperation, { Data: text, Tag: "t✓" });
    await invoke(client(server), PayloadOperation, { Payload: text });
    await invoke(client(server), PayloadOperation, { Payload: new TextEncoder().encode(text) });
    const [jsonBody, payload, bytes] = server.requests;
    expect(JSON.parse(jsonBody!.body.toString("utf8"))).toEqual({ Data: Buffer.from(text, "utf8").toString("base64") });
    expect(jsonBody!.headers["x-tag"]).toBe(Buffer.from("t✓", "utf8").toString("base64"));
    expect(payload!.body.toString("utf8")).toBe(text);
    expect(payload!.headers["content-length"]).toBe(String(Buffer.byteLength(text)));
    expect(bytes!.body.equals(payload!.body)).toBe(true);
  });

  it("pass the validators' blob helpers, their length counted in UTF-8 bytes", () => {
    expect(isBlobInput("x")).toBe(true);
    expect(isBlobInput(new Uint8Array(1))).toBe(true);
    expect(isBlobInput(1)).toBe(false);
    for (const s of ["", "abc", "é", "✓", "😀", "a\uD800b", "\uDC00", text]) {
      expect(blobLength(s), JSON.stringify(s)).toBe(Buffer.byteLength(s, "utf8"));
    }
    expect(blobLength(new Uint8Array(7))).toBe(7);
  });
});

const Item: StructureSchema = {
  type: "structure",
  name: "Item",
  members: { Id: { target: "string" }, Name: { target: "string" } },
  required: ["Id"],
};

const DescribeOperation: OperationSchema = {
  name: "DescribeThing",
  method: "GET",
  requestUri: "/describe",
  output: {
    type: "structure",
    name: "DescribeThingResponse",
    members: {
      ThingId: { target: "string" },
      Secret: { target: "string", sensitive: true },
      Items: { target: { type: "list", member: Item } },
      ById: { target: { type: "map", key: "string", value: Item } },
    },
    required: ["ThingId", "Secret"],
  },
  errors: [],
};

describe("required output members", () => {
  const partial = { Secret: "s3cr3t-value", Items: [{ Id: "a" }, { Name: "no id here" }], ById: { k1: { Name: "n" } } };

  it("each missing one is a warning naming its path, and the output is returned", async () => {
    server = await startServer((_req, res) => json(res, 200, partial));
    const logger = recordingLogger();
    const out = await invoke(client(server, { logger }), DescribeOperation, {});
    expect(out["Secret"]).toBe("s3cr3t-value");
    expect(logger.lines["warn"]).toEqual([
      "DescribeThing: the response lacks ThingId, which DescribeThingResponse requires",
      "DescribeThing: the response lacks Items[1].Id, which DescribeThingResponse requires",
      'DescribeThing: the response lacks ById["k1"].Id, which DescribeThingResponse requires',
    ]);
    expect(logger.lines["warn"]!.join("\n")).not.toContain("s3cr3t");
  });

  it("fail the call with a ResponseParseError under strictOutput", async () => {
    server = await startServer((_req, res) => json(res, 200, partial));
    const error = await invoke(client(server, { strictOutput: true }), DescribeOperation, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseParseError);
    expect((error as ResponseParseError).message).toBe(
      'DescribeThing: the HTTP 200 response lacks members DescribeThingResponse requires: ThingId, Items[1].Id, ById["k1"].Id',
    );
    expect((error as ResponseParseError).$metadata.httpStatusCode).toBe(200);
    expect(server.requests).toHaveLength(1);
  });

  it("say nothing of a complete output", async () => {
    server = await startServer((_req, res) => json(res, 200, { ThingId: "t", Secret: "s", Items: [{ Id: "a" }] }));
    const logger = recordingLogger();
    const out = await invoke(client(server, { logger, strictOutput: true }), DescribeOperation, {});
    expect(out["ThingId"]).toBe("t");
    expect(Object.values(logger.lines).flat()).toEqual([]);
  });
});

describe("validateInput: false", () => {
  const Strict: OperationSchema = {
    ...ListAccountAssociationsOperation,
    validateInput: () => [{ path: "MaxResults", constraint: "range", message: "must be at most 10" }],
  };

  it("sends what the validator would have refused", async () => {
    server = await ok();
    await expect(invoke(client(server), Strict, { MaxResults: 50 })).rejects.toBeInstanceOf(RequestValidationError);
    expect(server.requests).toHaveLength(0);
    await invoke(client(server, { validateInput: false }), Strict, { MaxResults: 50 });
    expect(server.requests[0]?.url).toBe("/account-associations?MaxResults=50");
  });
});
