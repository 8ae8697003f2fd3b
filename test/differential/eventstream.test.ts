// Event-stream outputs against the official AWS SDK v3 clients: one loopback server sends the same
// bytes to a generated client and to the SDK's, and both must decode the same events (and throw
// the same modeled exception). Bedrock Runtime's ConverseStream (rest-json) and Kinesis's
// SubscribeToShard (awsJson, its first event the `initial-response`). In `npm run test:slow`.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { BedrockRuntimeClient, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { KinesisClient, SubscribeToShardCommand } from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonEvent, jsonException, loadCorpusPackage, type Mod } from "../eventstream-fixtures.js";

const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const REGION = "us-east-1";

let body: Buffer;
let server: http.Server;
let endpoint: string;
let bedrock: Mod;
let kinesis: Mod;

beforeAll(async () => {
  [bedrock, kinesis] = await Promise.all([
    loadCorpusPackage("bedrock-runtime", ["client.js", "operations/converse-stream.js"]),
    loadCorpusPackage("kinesis", ["client.js", "operations/subscribe-to-shard.js"]),
  ]);
  server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": "r" });
      // Cut at odd places, so both readers reassemble frames.
      for (let at = 0; at < body.length; at += 37) res.write(body.subarray(at, at + 37));
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/**
 * Makes the call and reads its stream to the end: the events, and what ended them (an error's
 * name, message and own members). The SDK may reject the call itself when the first event is an
 * exception, or throw it from the loop, depending on timing; either way is the same outcome.
 */
async function drain(
  call: () => Promise<AsyncIterable<unknown> | undefined>,
): Promise<{ events: unknown[]; error?: Record<string, unknown> }> {
  const events: unknown[] = [];
  try {
    for await (const event of (await call()) ?? []) events.push(event);
    return { events };
  } catch (e) {
    const error = e as Error & Record<string, unknown>;
    const members = Object.fromEntries(Object.entries(error).filter(([k]) => !k.startsWith("$") && k !== "message" && k !== "name"));
    return { events, error: { name: error.name, message: error.message, ...members } };
  }
}

/** Values as the comparison sees them: no undefined keys, bytes as arrays, dates as ISO text. */
function plain(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v)),
    (_k, v: unknown) => v,
  );
}

const text = fc.string({ maxLength: 30, unit: "grapheme" });
const converseEvent = fc.oneof(
  fc.constant(["messageStart", { role: "assistant" }] as const),
  fc.tuple(fc.nat(5), text).map(([i, t]) => ["contentBlockDelta", { contentBlockIndex: i, delta: { text: t } }] as const),
  fc
    .tuple(fc.nat(5), text, text)
    .map(
      ([i, id, name]) =>
        ["contentBlockStart", { contentBlockIndex: i, start: { toolUse: { toolUseId: id || "t", name: name || "n" } } }] as const,
    ),
  fc.tuple(fc.nat(5), text).map(([i, input]) => ["contentBlockDelta", { contentBlockIndex: i, delta: { toolUse: { input } } }] as const),
  fc.nat(5).map((i) => ["contentBlockStop", { contentBlockIndex: i }] as const),
  fc
    .tuple(fc.constantFrom("end_turn", "tool_use", "max_tokens", "a_future_reason"), fc.jsonValue({ maxDepth: 2 }))
    .map(([reason, extra]) => ["messageStop", { stopReason: reason, additionalModelResponseFields: { extra } }] as const),
  fc
    .tuple(fc.nat(1000), fc.nat(1000), fc.nat(100000))
    .map(
      ([a, b, ms]) => ["metadata", { usage: { inputTokens: a, outputTokens: b, totalTokens: a + b }, metrics: { latencyMs: ms } }] as const,
    ),
);

describe("ConverseStream: svcgen and @aws-sdk/client-bedrock-runtime decode the same events", () => {
  it("for random event sequences, with or without a modeled exception at the end", async () => {
    const ours = new bedrock.BedrockRuntimeClient({ region: REGION, endpoint, credentials: CREDENTIALS, maxAttempts: 1 });
    // The SDK speaks HTTP/2 to these operations by default; the bytes are what is compared, so HTTP/1.1 it is.
    const sdk = new BedrockRuntimeClient({
      region: REGION,
      endpoint,
      credentials: CREDENTIALS,
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler(),
    });
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(converseEvent, { maxLength: 12 }), fc.boolean(), async (events, fails) => {
          const frames = events.map(([type, value]) => jsonEvent(type, value));
          if (fails) frames.push(jsonException("throttlingException", { message: "slow down" }));
          body = Buffer.concat(frames);
          const input = { modelId: "m", messages: [{ role: "user" as const, content: [{ text: "hi" }] }] };
          const theirs = await drain(async () => (await sdk.send(new ConverseStreamCommand(input))).stream);
          const mine = await drain(async () => (await bedrock.converseStream(ours, input)).stream);
          expect(plain(mine)).toEqual(plain(theirs));
          expect(mine.events).toHaveLength(events.length);
          expect(mine.error?.name).toBe(fails ? "ThrottlingException" : undefined);
        }),
        { numRuns: 60 },
      );
    } finally {
      sdk.destroy();
      ours.destroy();
    }
  });
});

describe("SubscribeToShard: svcgen and @aws-sdk/client-kinesis decode the same events", () => {
  it("reads the initial-response, records with blobs and timestamps, and a modeled exception", async () => {
    const record = (n: number) => ({
      SequenceNumber: String(49_600_000_000 + n),
      ApproximateArrivalTimestamp: 1_700_000_000.125 + n,
      Data: Buffer.from(`record ${n} ✓`).toString("base64"),
      PartitionKey: `pk-${n}`,
    });
    const frames = [
      jsonEvent("initial-response", {}),
      ...[0, 1, 2].map((i) =>
        jsonEvent("SubscribeToShardEvent", {
          Records: [record(i * 2), record(i * 2 + 1)],
          ContinuationSequenceNumber: String(i),
          MillisBehindLatest: 10 - i,
        }),
      ),
      jsonException("ResourceInUseException", { message: "in use" }),
    ];
    body = Buffer.concat(frames);
    const input = {
      ConsumerARN: "arn:aws:kinesis:us-east-1:123456789012:stream/s/consumer/c:1",
      ShardId: "shardId-0",
      StartingPosition: { Type: "LATEST" },
    };
    const sdk = new KinesisClient({
      region: REGION,
      endpoint,
      credentials: CREDENTIALS,
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler(),
    });
    const ours = new kinesis.KinesisClient({ region: REGION, endpoint, credentials: CREDENTIALS, maxAttempts: 1 });
    try {
      const theirs = await drain(async () => (await sdk.send(new SubscribeToShardCommand(input as never))).EventStream);
      const mine = await drain(async () => (await kinesis.subscribeToShard(ours, input)).EventStream);
      expect(mine.events).toHaveLength(3);
      expect(plain(mine)).toEqual(plain(theirs));
      expect((mine.events[0] as any).SubscribeToShardEvent.Records[1].ApproximateArrivalTimestamp).toEqual(new Date(1_700_000_001_125));
      expect(mine.error).toMatchObject({ name: "ResourceInUseException", message: "in use" });
    } finally {
      sdk.destroy();
      ours.destroy();
    }
  });
});
