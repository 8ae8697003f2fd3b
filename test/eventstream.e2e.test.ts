// A generated Bedrock Runtime client (corpus model) reads ConverseStream's event stream from a
// real HTTP server on 127.0.0.1: 10,000 typed events in order, frames split across writes and
// packed several to a write; modeled exception events thrown as their classes; `error` events;
// a broken stream as a typed error within a time bound; leaving the loop or aborting closes the
// connection (the server sees it close).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorMessage, frame, jsonEvent, jsonException, loadCorpusPackage, type Mod } from "./eventstream-fixtures.js";

const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
let handler: Handler;
let server: http.Server;
let endpoint: string;
let bedrock: Mod;
/** Resolves when the server sees the current response's connection close. */
let closed: Promise<void>;
let markClosed: () => void;

beforeAll(async () => {
  bedrock = await loadCorpusPackage("bedrock-runtime", ["client.js", "errors.js", "operations/converse-stream.js", "runtime/errors.js"]);
  server = http.createServer((req, res) => {
    closed = new Promise<void>((r) => (markClosed = r));
    res.on("close", () => markClosed());
    req.resume();
    req.on("end", () => handler(req, res));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const client = (extra: Record<string, unknown> = {}) =>
  new bedrock.BedrockRuntimeClient({ region: "us-east-1", endpoint, credentials: CREDENTIALS, maxAttempts: 1, ...extra });

function streamHead(res: http.ServerResponse): void {
  res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": "req-1" });
}

const delta = (i: number) => jsonEvent("contentBlockDelta", { contentBlockIndex: 0, delta: { text: `t${i}` }, p: "x" });

async function within<T>(ms: number, what: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms)));
  try {
    return await Promise.race([what, limit]);
  } finally {
    clearTimeout(timer);
  }
}

describe("ConverseStream through a generated client", () => {
  it("delivers 10,000 typed events in order, however the frames are cut", async () => {
    const N = 10_000;
    handler = (_req, res) => {
      streamHead(res);
      const parts: Buffer[] = [jsonEvent("messageStart", { role: "assistant" })];
      for (let i = 0; i < N; i++) parts.push(delta(i));
      parts.push(jsonEvent("messageStop", { stopReason: "end_turn" }));
      parts.push(jsonEvent("metadata", { usage: { inputTokens: 1, outputTokens: N, totalTokens: N + 1 }, metrics: { latencyMs: 5 } }));
      const all = Buffer.concat(parts);
      // Writes of odd sizes: frames split across writes, several frames in one.
      let at = 0;
      let size = 7;
      while (at < all.length) {
        res.write(all.subarray(at, at + size));
        at += size;
        size = ((size * 7 + 13) % 4093) + 1;
      }
      res.end();
    };
    const started = performance.now();
    const out = await bedrock.converseStream(client(), { modelId: "m1", messages: [{ role: "user", content: [{ text: "hi" }] }] });
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.$metadata.requestId).toBe("req-1");
    const events: any[] = [];
    for await (const event of out.stream) events.push(event);
    const ms = performance.now() - started;
    expect(events).toHaveLength(N + 3);
    expect(events[0]).toEqual({ messageStart: { role: "assistant" } });
    for (let i = 0; i < N; i++) expect(events[i + 1].contentBlockDelta.delta.text).toBe(`t${i}`);
    // Only modeled members are read: the unknown `p` stays out.
    expect(events[1]).toEqual({ contentBlockDelta: { contentBlockIndex: 0, delta: { text: "t0" } } });
    expect(events[N + 1]).toEqual({ messageStop: { stopReason: "end_turn" } });
    expect(events[N + 2].metadata.usage.outputTokens).toBe(N);
    console.log(`ConverseStream: ${N + 3} events over loopback in ${ms.toFixed(0)} ms`);
  });

  it("signs the request and sends the input as JSON", async () => {
    let seen: http.IncomingHttpHeaders | undefined;
    let url = "";
    handler = (req, res) => {
      seen = req.headers;
      url = req.url ?? "";
      streamHead(res);
      res.end(jsonEvent("messageStop", { stopReason: "end_turn" }));
    };
    const out = await bedrock.converseStream(client(), { modelId: "my model", messages: [] });
    const events: unknown[] = [];
    for await (const e of out.stream) events.push(e);
    expect(events).toEqual([{ messageStop: { stopReason: "end_turn" } }]);
    expect(url).toBe("/model/my%20model/converse-stream");
    expect(String(seen?.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request/);
  });

  it("throws a modeled exception event as its generated class", async () => {
    handler = (_req, res) => {
      streamHead(res);
      res.write(Buffer.concat([delta(0), delta(1)]));
      res.end(jsonException("modelStreamErrorException", { message: "model failed", originalStatusCode: 500, originalMessage: "x" }));
    };
    const out = await bedrock.converseStream(client(), { modelId: "m", messages: [] });
    const texts: string[] = [];
    const error = await (async () => {
      try {
        for await (const e of out.stream) texts.push(e.contentBlockDelta.delta.text);
      } catch (e) {
        return e as any;
      }
    })();
    expect(texts).toEqual(["t0", "t1"]);
    expect(error).toBeInstanceOf(bedrock.ModelStreamErrorException);
    expect(error).toBeInstanceOf(bedrock.BedrockRuntimeServiceException);
    expect(error.message).toBe("model failed");
    expect(error.originalStatusCode).toBe(500);
    expect(error.$metadata.requestId).toBe("req-1");
  });

  it("throws an error event as the service exception named by its code", async () => {
    handler = (_req, res) => {
      streamHead(res);
      res.end(Buffer.concat([delta(0), errorMessage("InternalFailure", "the stream failed")]));
    };
    const out = await bedrock.converseStream(client(), { modelId: "m", messages: [] });
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const e of out.stream) seen.push(e);
      })(),
    ).rejects.toMatchObject({ name: "InternalFailure", message: "the stream failed", $fault: "server" });
    expect(seen).toHaveLength(1);
  });

  it("rejects the call with the modeled error of an error response, before any stream", async () => {
    handler = (_req, res) => {
      res.writeHead(400, { "content-type": "application/json", "x-amzn-errortype": "ValidationException" });
      res.end(JSON.stringify({ message: "bad model id" }));
    };
    const call = bedrock.converseStream(client(), { modelId: "m", messages: [] });
    await expect(call).rejects.toBeInstanceOf(bedrock.ValidationException);
    await expect(call).rejects.toThrow("bad model id");
  });

  it("closes the connection when the loop is left early", async () => {
    let timer: NodeJS.Timeout | undefined;
    handler = (_req, res) => {
      streamHead(res);
      let i = 0;
      // An endless stream: only the client leaving can end it.
      timer = setInterval(() => res.write(delta(i++)), 2);
    };
    const out = await bedrock.converseStream(client(), { modelId: "m", messages: [] });
    let count = 0;
    for await (const _ of out.stream) if (++count === 3) break;
    await within(2000, closed);
    clearInterval(timer);
    expect(count).toBe(3);
  });

  it("stops on the call's signal with an AbortError and closes the connection", async () => {
    let timer: NodeJS.Timeout | undefined;
    handler = (_req, res) => {
      streamHead(res);
      let i = 0;
      timer = setInterval(() => res.write(delta(i++)), 2);
    };
    const controller = new AbortController();
    const out = await bedrock.converseStream(client(), { modelId: "m", messages: [] }, { signal: controller.signal });
    let count = 0;
    const loop = (async () => {
      for await (const _ of out.stream) if (++count === 2) controller.abort(new Error("user stop"));
    })();
    await expect(within(2000, loop)).rejects.toMatchObject({ name: "AbortError" });
    await within(2000, closed);
    clearInterval(timer);
  });

  it("gives a typed error for a corrupted CRC, promptly, with the stream still open", async () => {
    handler = (_req, res) => {
      streamHead(res);
      const bad = delta(1);
      bad[bad.length - 1]! ^= 0xff;
      // The server keeps the connection open: the error must not wait for the end.
      res.write(Buffer.concat([delta(0), bad]));
    };
    const out = await bedrock.converseStream(client(), { modelId: "m", messages: [] });
    const seen: unknown[] = [];
    const error = await within(
      2000,
      (async () => {
        try {
          for await (const e of out.stream) seen.push(e);
        } catch (e) {
          return e as any;
        }
      })(),
    );
    expect(seen).toHaveLength(1);
    expect(error).toBeInstanceOf(bedrock.EventStreamError);
    expect(error).toBeInstanceOf(bedrock.ResponseParseError);
    expect(error.message).toMatch(/ConverseStream: the event stream is malformed: event message CRC mismatch/);
    await within(2000, closed);
  });

  it("gives a typed error when the stream ends inside a frame", async () => {
    handler = (_req, res) => {
      streamHead(res);
      res.end(Buffer.concat([delta(0), delta(1).subarray(0, 20)]));
    };
    const out = await bedrock.converseStream(client(), { modelId: "m", messages: [] });
    const loop = (async () => {
      for await (const _ of out.stream);
    })();
    await expect(within(2000, loop)).rejects.toThrow(/ended inside a message/);
  });

  it("gives a NetworkError when the connection drops mid-stream", async () => {
    handler = (_req, res) => {
      streamHead(res);
      res.write(delta(0));
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const out = await bedrock.converseStream(client(), { modelId: "m", messages: [] });
    const loop = (async () => {
      for await (const _ of out.stream);
    })();
    await expect(within(2000, loop)).rejects.toMatchObject({ name: "NetworkError" });
  });

  it("keeps an unknown event type as $unknown, prototype names included", async () => {
    handler = (_req, res) => {
      streamHead(res);
      const unknown = (type: string) =>
        frame(
          [
            [":message-type", "event"],
            [":event-type", type],
          ],
          "{}",
        );
      res.end(Buffer.concat([unknown("newThing"), unknown("__proto__"), unknown("constructor"), unknown("toString"), delta(0)]));
    };
    const out = await bedrock.converseStream(client(), { modelId: "m", messages: [] });
    const seen: any[] = [];
    for await (const e of out.stream) seen.push(e);
    // Names that reach Object.prototype are unknown events too, never a prototype's property.
    expect(seen.map((e) => e.$unknown?.[0])).toEqual(["newThing", "__proto__", "constructor", "toString", undefined]);
    expect(seen[4].contentBlockDelta.delta.text).toBe("t0");
    expect(Object.getPrototypeOf(seen[1])).toBe(Object.prototype);
  });

  it("reads the same events through the fetch transport", async () => {
    handler = (_req, res) => {
      streamHead(res);
      res.end(Buffer.concat([delta(0), delta(1), jsonEvent("messageStop", { stopReason: "end_turn" })]));
    };
    const out = await bedrock.converseStream(client({ fetch: globalThis.fetch }), { modelId: "m", messages: [] });
    const seen: unknown[] = [];
    for await (const e of out.stream) seen.push(e);
    expect(seen).toHaveLength(3);
  });
});
