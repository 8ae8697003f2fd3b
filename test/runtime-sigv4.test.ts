import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { signRequest, signRequestWithSteps, type SignableRequest, type SigningOptions } from "../generator/runtime/auth/sigv4.js";

import { suiteDir, toSignable, vectorFolders, SUITE_KEYS, SUITE_REGION, SUITE_SERVICE } from "./sigv4-suite.js";

type SigV4Module = Pick<typeof import("../generator/runtime/auth/sigv4.js"), "signRequest" | "signRequestWithSteps">;

const SKIPPED: Record<string, string> = {
  "post-sts-token/post-sts-header-after":
    "the token is added after signing; this signer always signs x-amz-security-token, as current AWS SDKs do",
};
const folders = vectorFolders(suiteDir);

it("finds the suite and every skipped vector in it", () => {
  expect(folders.length).toBeGreaterThan(25);
  for (const name of Object.keys(SKIPPED)) expect(folders).toContain(name);
});

/** A fresh copy of the signer that cannot load node:crypto, as in a browser. */
async function webCryptoSigner(): Promise<SigV4Module> {
  let blocked = false;
  vi.resetModules();
  vi.doMock("node:crypto", () => {
    blocked = true;
    throw new Error("node:crypto is not available here");
  });
  try {
    const fresh = await import("../generator/runtime/auth/sigv4.js");
    // The backend is chosen on the first signature, so sign once while node:crypto is blocked.
    await fresh.signRequest(
      { method: "GET", protocol: "https:", hostname: "h", path: "/", query: [], headers: {} },
      { credentials: SUITE_KEYS, region: SUITE_REGION, service: SUITE_SERVICE },
    );
    expect(blocked).toBe(true);
    return fresh;
  } finally {
    vi.doUnmock("node:crypto");
    vi.resetModules();
  }
}

const backends: Array<[string, () => Promise<SigV4Module>]> = [
  ["node:crypto", async () => ({ signRequest, signRequestWithSteps })],
  ["WebCrypto", webCryptoSigner],
];

describe.each(backends)("sigv4 test suite (%s)", (_label, load) => {
  let signer: SigV4Module;
  beforeAll(async () => {
    signer = await load();
  });

  for (const folder of folders) {
    const reason = SKIPPED[folder];
    if (reason !== undefined) {
      it.skip(`${folder}: ${reason}`, () => {});
      continue;
    }
    it(folder, async () => {
      const name = folder.slice(folder.lastIndexOf("/") + 1);
      const expected = (ext: string) => readFileSync(`${suiteDir}/${folder}/${name}.${ext}`, "utf8");
      const { req, opts } = toSignable(folder);
      const steps = await signer.signRequestWithSteps(req, opts);
      expect(steps.canonicalRequest).toBe(expected("creq"));
      expect(steps.stringToSign).toBe(expected("sts"));
      expect(steps.authorization).toBe(expected("authz"));
      expect(steps.request.headers["authorization"]).toBe(expected("authz"));
      expect(steps.request.headers["x-amz-date"]).toBe("20150830T123600Z");
      expect(steps.request.headers["host"]).toBe("example.amazonaws.com");
    });
  }
});

const keys = { accessKeyId: "AKID", secretAccessKey: "secret" };
const base: SignableRequest = {
  method: "POST",
  protocol: "https:",
  hostname: "api.example.com",
  path: "/things/a%20b",
  query: [],
  headers: { "Content-Type": "application/json" },
  body: '{"a":1}',
};
const opts: SigningOptions = {
  credentials: keys,
  region: "eu-west-1",
  service: "iot",
  date: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
};

/** The signature recomputed with node:crypto from the string to sign, independent of the signer's key cache. */
function expectedSignature(secret: string, stringToSign: string, day: string, region: string, service: string): string {
  let key: Buffer = createHmac("sha256", `AWS4${secret}`).update(day).digest();
  for (const part of [region, service, "aws4_request"]) key = createHmac("sha256", key).update(part).digest();
  return createHmac("sha256", key).update(stringToSign).digest("hex");
}

function canonicalLines(creq: string): string[] {
  return creq.split("\n");
}

describe("sigv4: behaviour", () => {
  it("encodes the wire path once more for normal services and signs it verbatim for s3", async () => {
    const normal = await signRequestWithSteps(base, opts);
    expect(canonicalLines(normal.canonicalRequest)[1]).toBe("/things/a%2520b");
    const s3 = await signRequestWithSteps({ ...base, path: "/bucket//key%20x/../y" }, { ...opts, service: "s3" });
    expect(canonicalLines(s3.canonicalRequest)[1]).toBe("/bucket//key%20x/../y");
    const empty = await signRequestWithSteps({ ...base, path: "" }, { ...opts, normalizePath: false });
    expect(canonicalLines(empty.canonicalRequest)[1]).toBe("/");
  });

  it("encodes query keys and values per RFC 3986 and sorts by key, then value", async () => {
    const steps = await signRequestWithSteps(
      {
        ...base,
        query: [
          ["b", "x y"],
          ["a", "2"],
          ["a", "1"],
          ["a-b", "*'()!"],
          ["c", ""],
          ["é", "/?="],
        ],
      },
      opts,
    );
    expect(canonicalLines(steps.canonicalRequest)[2]).toBe(
      // Sorted after encoding: "%" (0x25) comes before every letter.
      "%C3%A9=%2F%3F%3D&a=1&a=2&a-b=%2A%27%28%29%21&b=x%20y&c=",
    );
  });

  it("puts a non-default port in Host and leaves the default one out", async () => {
    const custom = await signRequest({ ...base, protocol: "http:", port: 8080 }, opts);
    expect(custom.headers["host"]).toBe("api.example.com:8080");
    const httpDefault = await signRequest({ ...base, protocol: "http:", port: 80 }, opts);
    expect(httpDefault.headers["host"]).toBe("api.example.com");
    const httpsOn80 = await signRequest({ ...base, port: 80 }, opts);
    expect(httpsOn80.headers["host"]).toBe("api.example.com:80");
  });

  it("hashes the body and, when asked, sends and signs the hash as x-amz-content-sha256", async () => {
    const bodyHash = createHash("sha256")
      .update(base.body as string)
      .digest("hex");
    const plain = await signRequestWithSteps(base, opts);
    expect(canonicalLines(plain.canonicalRequest).at(-1)).toBe(bodyHash);
    expect(plain.request.headers["x-amz-content-sha256"]).toBeUndefined();
    const withHeader = await signRequestWithSteps(base, { ...opts, signedBodyHeader: true });
    expect(withHeader.request.headers["x-amz-content-sha256"]).toBe(bodyHash);
    expect(withHeader.canonicalRequest).toContain(`\nx-amz-content-sha256:${bodyHash}\n`);
    const bytes = await signRequestWithSteps({ ...base, body: new TextEncoder().encode(base.body as string) }, opts);
    expect(bytes.canonicalRequest).toBe(plain.canonicalRequest);
  });

  it("uses a caller's x-amz-content-sha256 (UNSIGNED-PAYLOAD) as the payload hash", async () => {
    const steps = await signRequestWithSteps(
      { ...base, headers: { "X-Amz-Content-Sha256": "UNSIGNED-PAYLOAD" } },
      { ...opts, service: "s3", signedBodyHeader: true },
    );
    expect(canonicalLines(steps.canonicalRequest).at(-1)).toBe("UNSIGNED-PAYLOAD");
    expect(steps.canonicalRequest).toContain("\nx-amz-content-sha256:UNSIGNED-PAYLOAD\n");
    expect(Object.keys(steps.request.headers).filter((n) => n.toLowerCase() === "x-amz-content-sha256")).toHaveLength(1);
  });

  it("replaces headers it owns whatever their case, skips user-agent, and never mutates the input", async () => {
    const input: SignableRequest = {
      ...base,
      query: [["q", "1"]],
      headers: {
        Authorization: "old",
        "X-Amz-Date": "old",
        HOST: "evil.example",
        "User-Agent": "ua/1",
        "X-Custom": " a  b ",
      },
    };
    const snapshot = structuredClone(input);
    const signed = await signRequestWithSteps(input, { ...opts, credentials: { ...keys, sessionToken: "tok" } });
    expect(input).toEqual(snapshot);
    expect(signed.request.query).not.toBe(input.query);
    expect(Object.keys(signed.request.headers).sort()).toEqual([
      "User-Agent",
      "X-Custom",
      "authorization",
      "host",
      "x-amz-date",
      "x-amz-security-token",
    ]);
    expect(signed.request.headers["host"]).toBe("api.example.com");
    expect(signed.request.headers["x-amz-security-token"]).toBe("tok");
    expect(signed.authorization).toContain("SignedHeaders=host;x-amz-date;x-amz-security-token;x-custom,");
    expect(signed.canonicalRequest).toContain("\nx-custom:a b\n");
  });

  it("derives the right key for each secret, day, region and service, even from its cache", async () => {
    const cases: Array<[string, Date, string, string]> = [
      ["secret-1", new Date(Date.UTC(2024, 0, 2)), "eu-west-1", "iot"],
      ["secret-2", new Date(Date.UTC(2024, 0, 2)), "eu-west-1", "iot"],
      ["secret-1", new Date(Date.UTC(2024, 0, 3)), "eu-west-1", "iot"],
      ["secret-1", new Date(Date.UTC(2024, 0, 2)), "us-east-1", "iot"],
      ["secret-1", new Date(Date.UTC(2024, 0, 2)), "eu-west-1", "iotmanagedintegrations"],
    ];
    const signatures = new Set<string>();
    for (let round = 0; round < 2; round++) {
      for (const [secret, date, region, service] of cases) {
        const steps = await signRequestWithSteps(base, {
          credentials: { accessKeyId: "AKID", secretAccessKey: secret },
          region,
          service,
          date,
        });
        const day = date.toISOString().slice(0, 10).replaceAll("-", "");
        const signature = expectedSignature(secret, steps.stringToSign, day, region, service);
        expect(steps.authorization.endsWith(`Signature=${signature}`)).toBe(true);
        signatures.add(signature);
      }
    }
    expect(signatures.size).toBe(cases.length);
  });

  it("signs concurrently with one key derivation shared safely", async () => {
    const many = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        signRequestWithSteps({ ...base, path: `/n/${i}` }, { ...opts, credentials: { ...keys, secretAccessKey: "fresh" } }),
      ),
    );
    for (const steps of many) {
      expect(
        steps.authorization.endsWith(`Signature=${expectedSignature("fresh", steps.stringToSign, "20240102", "eu-west-1", "iot")}`),
      ).toBe(true);
    }
  });
});
