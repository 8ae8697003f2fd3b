// Signatures of the events a client sends: each envelope's :chunk-signature chains on the one
// before it, seeded by the request's signature. Checked against the AWS SDK's own message signer
// (@smithy/signature-v4 signMessage) and against a computation written here with node:crypto.
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { EventSigner, signatureOf } from "../generator/runtime/auth/event-signing.js";
import { encodeMessage } from "../generator/runtime/codecs/eventstream.js";
import { expectedEventSignature, readEnvelopes } from "./eventstream-fixtures.js";

const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const region = "us-east-1";
const service = "transcribe";
const seed = "e1d8e8c8815e60969f2a34765c9a15945ffc0badbaa4b7e3b163ea19131e949b";

type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: Data): string | Uint8Array =>
  typeof d === "string" ? d : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d);

/** The hash the SDK signer asks for, on node:crypto. */
class NodeSha256 {
  #hash;
  constructor(secret?: Data) {
    this.#hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: Data): void {
    this.#hash.update(bytes(data));
  }
  reset(): void {}
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
}

const payloads = [
  encodeMessage({ headers: [[":event-type", { type: "string", value: "AudioEvent" }]], body: new Uint8Array([1, 2, 3]) }),
  encodeMessage({ headers: [[":message-type", { type: "string", value: "event" }]], body: new TextEncoder().encode('{"a":1}') }),
  new Uint8Array(0),
];

describe("event signing", () => {
  it("chains signatures exactly as the AWS SDK's message signer does", async () => {
    const times = [Date.UTC(2026, 11, 1, 23, 59, 59), Date.UTC(2026, 11, 2, 0, 0, 0), Date.UTC(2026, 11, 2, 0, 0, 7)];
    let tick = 0;
    const ours = new EventSigner({ credentials, region, service, seedSignature: seed, now: () => new Date(times[tick++]! + 250) });
    const sdk = new SignatureV4({ credentials, region, service, sha256: NodeSha256 });
    let prior = seed;
    for (const [i, payload] of payloads.entries()) {
      const [envelope] = readEnvelopes(Buffer.from(await ours.sign(payload)));
      // The :date header carries whole seconds.
      expect(envelope!.date).toBe(times[i]);
      const signed = await sdk.signMessage(
        { message: { headers: { ":date": { type: "timestamp", value: new Date(times[i]!) } }, body: payload }, priorSignature: prior },
        { signingDate: new Date(times[i]!) },
      );
      expect(envelope!.signature).toBe(signed.signature);
      expect(Buffer.from(envelope!.payload)).toEqual(Buffer.from(payload));
      prior = signed.signature;
    }
  });

  it("matches an independent node:crypto computation, across a day boundary", async () => {
    const times = [Date.UTC(2026, 0, 1, 23, 59, 59, 999), Date.UTC(2026, 0, 2)];
    let tick = 0;
    const signer = new EventSigner({ credentials, region, service, seedSignature: seed, now: () => new Date(times[tick++]!) });
    let prior = seed;
    for (const payload of payloads.slice(0, 2)) {
      const [envelope] = readEnvelopes(Buffer.from(await signer.sign(payload)));
      const expected = expectedEventSignature(credentials.secretAccessKey, region, service, prior, envelope!);
      expect(envelope!.signature).toBe(expected);
      expect(signer.priorSignature).toBe(expected);
      prior = expected;
    }
  });

  it("reads the seed from an Authorization header", () => {
    expect(signatureOf(`AWS4-HMAC-SHA256 Credential=A/20260101/us-east-1/s/aws4_request, SignedHeaders=host, Signature=${seed}`)).toBe(
      seed,
    );
    expect(signatureOf("AWS4-HMAC-SHA256 Credential=A, Signature=zz")).toBeUndefined();
  });
});
