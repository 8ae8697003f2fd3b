// Events both ways: a generated Bedrock Runtime client (corpus model) streams
// InvokeModelWithBidirectionalStream input events to an HTTP/2 server on 127.0.0.1 while reading
// its output events. The server checks each envelope's chained signature with its own node:crypto
// computation, seeded by the request's Authorization header, and answers each input event before
// the client sends the next one (so the exchange is truly two-way).
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectedEventSignature,
  jsonEvent,
  loadCorpusPackage,
  readEnvelopes,
  readStringMessage,
  type Mod,
} from "./eventstream-fixtures.js";

const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const REGION = "us-west-2";

interface Seen {
  headers: http2.IncomingHttpHeaders;
  verified: boolean[];
  events: Array<{ headers: Record<string, string>; body: string }>;
  ended: boolean;
  closed?: boolean;
}
let seen: Seen;
let server: http2.Http2Server;
let endpoint: string;
let bedrock: Mod;

beforeAll(async () => {
  bedrock = await loadCorpusPackage("bedrock-runtime", ["client.js", "operations/invoke-model-with-bidirectional-stream.js"]);
  server = http2.createServer();
  server.on("stream", (stream, headers) => {
    seen = { headers, verified: [], events: [], ended: false };
    if (String(headers[":path"]).includes("/model/refused/")) {
      stream.respond({ ":status": 403, "content-type": "application/json", "x-amzn-errortype": "AccessDeniedException" });
      stream.end(JSON.stringify({ message: "no access" }));
      return;
    }
    stream.on("close", () => (seen.closed = true));
    let prior = /Signature=([0-9a-f]{64})$/.exec(String(headers.authorization))?.[1] ?? "";
    stream.respond({ ":status": 200, "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": "bidi-1" });
    let pending = Buffer.alloc(0);
    stream.on("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= pending.readUInt32BE(0)) {
        const total = pending.readUInt32BE(0);
        const [envelope] = readEnvelopes(pending.subarray(0, total));
        pending = pending.subarray(total);
        const expected = expectedEventSignature(CREDENTIALS.secretAccessKey, REGION, "bedrock", prior, envelope!);
        seen.verified.push(expected === envelope!.signature);
        prior = envelope!.signature;
        if (envelope!.payload.length === 0) {
          seen.ended = true;
          stream.end(jsonEvent("chunk", { bytes: Buffer.from("done").toString("base64") }));
          return;
        }
        const inner = readStringMessage(envelope!.payload);
        seen.events.push({ headers: inner.headers, body: inner.payload.toString("utf8") });
        const bytes = Buffer.from((JSON.parse(inner.payload.toString("utf8")) as { bytes: string }).bytes, "base64");
        stream.write(jsonEvent("chunk", { bytes: Buffer.from(bytes).reverse().toString("base64") }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

describe("InvokeModelWithBidirectionalStream through a generated client", () => {
  it("sends signed events and reads the answers while sending", async () => {
    const client = new bedrock.BedrockRuntimeClient({ region: REGION, endpoint, credentials: CREDENTIALS, maxAttempts: 1 });
    const N = 50;
    // Each input event waits for the answer to the one before: only a two-way exchange gets through.
    let answered = 0;
    let wake: (() => void) | undefined;
    async function* input() {
      for (let i = 0; i < N; i++) {
        while (answered < i) await new Promise<void>((r) => (wake = r));
        yield { chunk: { bytes: new TextEncoder().encode(`in-${i}`) } };
      }
    }
    const out = await bedrock.invokeModelWithBidirectionalStream(client, { modelId: "amazon.nova-sonic-v1:0", body: input() });
    expect(out.$metadata.requestId).toBe("bidi-1");
    const answers: string[] = [];
    for await (const event of out.body) {
      answers.push(new TextDecoder().decode(event.chunk.bytes));
      answered++;
      wake?.();
    }
    expect(answers).toHaveLength(N + 1);
    expect(answers[3]).toBe("3-ni");
    expect(answers[N]).toBe("done");
    expect(seen.ended).toBe(true);
    expect(seen.verified).toHaveLength(N + 1);
    expect(seen.verified.every((v) => v)).toBe(true);
    expect(seen.headers[":path"]).toBe("/model/amazon.nova-sonic-v1%3A0/invoke-with-bidirectional-stream");
    expect(seen.headers["x-amz-content-sha256"]).toBe("STREAMING-AWS4-HMAC-SHA256-EVENTS");
    expect(seen.headers["content-type"]).toBe("application/vnd.amazon.eventstream");
    expect(seen.events[0]).toEqual({
      headers: { ":message-type": "event", ":event-type": "chunk", ":content-type": "application/json" },
      body: JSON.stringify({ bytes: Buffer.from("in-0").toString("base64") }),
    });
  });

  it("rejects with the modeled error of an error response, once (events cannot be sent twice)", async () => {
    const client = new bedrock.BedrockRuntimeClient({ region: REGION, endpoint, credentials: CREDENTIALS, maxAttempts: 3 });
    let requests = 0;
    const counted = () => requests++;
    server.on("stream", counted);
    async function* input() {
      yield { chunk: { bytes: new Uint8Array([1]) } };
    }
    try {
      await expect(bedrock.invokeModelWithBidirectionalStream(client, { modelId: "refused", body: input() })).rejects.toMatchObject({
        name: "AccessDeniedException",
        message: "no access",
      });
    } finally {
      server.off("stream", counted);
    }
    expect(requests).toBe(1);
  });

  it("stops both directions when the call's signal aborts", async () => {
    const client = new bedrock.BedrockRuntimeClient({ region: REGION, endpoint, credentials: CREDENTIALS, maxAttempts: 1 });
    const controller = new AbortController();
    async function* input() {
      for (let i = 0; ; i++) {
        yield { chunk: { bytes: new TextEncoder().encode(`x${i}`) } };
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    const out = await bedrock.invokeModelWithBidirectionalStream(client, { modelId: "m", body: input() }, { signal: controller.signal });
    let count = 0;
    await expect(
      (async () => {
        for await (const _ of out.body) if (++count === 3) controller.abort();
      })(),
    ).rejects.toMatchObject({ name: "AbortError" });
    for (let i = 0; i < 100 && seen.closed !== true; i++) await new Promise((r) => setTimeout(r, 20));
    expect(seen.closed).toBe(true);
    expect(seen.verified.every((v) => v)).toBe(true);
  });

  it("reports a bad event, or a failing input, from the loop as it is", async () => {
    const client = new bedrock.BedrockRuntimeClient({ region: REGION, endpoint, credentials: CREDENTIALS, maxAttempts: 1 });
    const run = async (input: () => AsyncGenerator<unknown>) => {
      const out = await bedrock.invokeModelWithBidirectionalStream(client, { modelId: "m", body: input() });
      const got: unknown[] = [];
      for await (const e of out.body) got.push(e);
      return got;
    };
    await expect(
      run(async function* () {
        yield { chunk: { bytes: new Uint8Array([1]) } };
        await new Promise((r) => setTimeout(r, 50));
        yield { notAMember: {} };
      }),
    ).rejects.toMatchObject({ name: "RequestValidationError", issues: [{ path: "body", constraint: "union" }] });
    await expect(
      run(async function* () {
        yield { chunk: { bytes: new Uint8Array([1]) } };
        await new Promise((r) => setTimeout(r, 50));
        throw new Error("microphone unplugged");
      }),
    ).rejects.toThrow("microphone unplugged");
  });

  it("refuses an input that is not an AsyncIterable, sending nothing", async () => {
    const client = new bedrock.BedrockRuntimeClient({ region: REGION, endpoint, credentials: CREDENTIALS, maxAttempts: 1 });
    seen = { headers: {}, verified: [], events: [], ended: false };
    await expect(bedrock.invokeModelWithBidirectionalStream(client, { modelId: "m", body: [{ chunk: {} }] })).rejects.toMatchObject({
      name: "RequestValidationError",
    });
    expect(seen.verified).toHaveLength(0);
  });
});
