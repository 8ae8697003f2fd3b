// The transport seam for streams, for both transports against a real loopback server: stream
// request bodies (known length and chunked), streamed responses (read whole, left early,
// cancelled, truncated), connections released or closed as they should be, and maxResponseBytes
// applying to buffered bodies only.
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchTransport } from "../generator/runtime/http/fetch.js";
import { createNodeTransport } from "../generator/runtime/http/node.js";
import { Cancellation, TransportError, readBody, type HttpRequest, type Transport } from "../generator/runtime/http/transport.js";

interface Seen {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

let server: http.Server;
let port = 0;
const seen: Seen[] = [];
const sockets = new Set<Socket>();
let closedSockets = 0;
/** Resolved by /slow once its first chunk is out; the rest waits for `releaseSlow`. */
let releaseSlow: (() => void) | undefined;

function chunk(index: number, size: number): Buffer {
  return Buffer.alloc(size, index % 251);
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", headers: req.headers, body: Buffer.concat(parts) });
      const url = req.url ?? "/";
      if (url === "/chunks") {
        // 64 chunks of 16 KiB, with a length.
        res.writeHead(200, { "content-length": String(64 * 16384), "x-kind": "chunks" });
        let i = 0;
        const next = (): void => {
          while (i < 64) if (!res.write(chunk(i++, 16384))) return void res.once("drain", next);
          res.end();
        };
        next();
      } else if (url === "/slow") {
        res.writeHead(200, { "transfer-encoding": "chunked" });
        res.write(chunk(1, 1000));
        releaseSlow = () => res.end(chunk(2, 1000));
      } else if (url === "/truncated") {
        res.writeHead(200, { "content-length": "5000" });
        res.write(chunk(3, 2000), () => res.destroy());
      } else if (url === "/echo") {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.end(Buffer.concat(parts));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => closedSockets++);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function request(path: string, extra: Partial<HttpRequest> = {}): HttpRequest {
  return { method: "GET", protocol: "http:", hostname: "127.0.0.1", port, path, headers: {}, ...extra };
}

async function* generate(parts: number, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < parts; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    yield chunk(i, size);
  }
}

function expected(parts: number, size: number): Buffer {
  return Buffer.concat(Array.from({ length: parts }, (_, i) => chunk(i, size)));
}

const transports: Array<[string, () => Transport]> = [
  ["node", () => createNodeTransport({ maxResponseBytes: 4096, maxSockets: 1 })],
  ["fetch", () => fetchTransport(globalThis.fetch.bind(globalThis), { maxResponseBytes: 4096, maxSockets: 1 })],
];

describe.each(transports)("%s transport", (name, make) => {
  it("hands back a streamed body chunk by chunk, past maxResponseBytes, and reuses the connection", async () => {
    const transport = make();
    try {
      const opened = sockets.size;
      const response = await transport.send(request("/chunks", { streamResponse: true }), new Cancellation());
      expect(response.statusCode).toBe(200);
      expect(response.headers["x-kind"]).toBe("chunks");
      expect(response.body.length).toBe(0);
      const body = await readBody(response.stream!, Number.POSITIVE_INFINITY);
      expect(Buffer.from(body).equals(expected(64, 16384))).toBe(true);
      // The buffered form of the same body is refused by the 4 KiB limit.
      await expect(transport.send(request("/chunks"), new Cancellation())).rejects.toThrow(/maxResponseBytes/);
      const again = await transport.send(request("/echo", { method: "POST", body: new Uint8Array([1, 2]) }), new Cancellation());
      expect([...again.body]).toEqual([1, 2]);
      // One connection for all three (maxSockets 1 and keep-alive), the node transport's case;
      // fetch pools its own (it may open one more after the refused body).
      if (name === "node") expect(sockets.size - opened).toBeLessThanOrEqual(2);
    } finally {
      transport.destroy();
    }
  });

  it("closes the connection when the iteration ends early, and frees the slot for the next call", async () => {
    const transport = make();
    try {
      const closed = closedSockets;
      const response = await transport.send(request("/chunks", { streamResponse: true }), new Cancellation());
      let read = 0;
      for await (const part of response.stream!) {
        read += part.byteLength;
        if (read >= 16384) break;
      }
      await expect.poll(() => closedSockets).toBeGreaterThan(closed);
      // maxSockets 1: this call only starts if the slot was given back.
      const next = await transport.send(request("/echo", { method: "POST", body: new Uint8Array([7]) }), new Cancellation());
      expect([...next.body]).toEqual([7]);
    } finally {
      transport.destroy();
    }
  });

  it("rejects a pending read with the cancellation's reason, and a stream cancelled before it is read", async () => {
    const transport = make();
    try {
      const cancel = new Cancellation();
      const response = await transport.send(request("/slow", { streamResponse: true }), cancel);
      const iterator = response.stream![Symbol.asyncIterator]();
      const first = await iterator.next();
      expect(first.value?.byteLength).toBe(1000);
      const pending = iterator.next();
      const reason = new Error("stopped by the caller");
      cancel.abort(reason);
      await expect(pending).rejects.toBe(reason);
      releaseSlow?.();

      const unread = await transport.send(request("/chunks", { streamResponse: true }), new Cancellation());
      unread.stream!.cancel();
      const next = await transport.send(request("/echo", { method: "POST", body: new Uint8Array([9]) }), new Cancellation());
      expect([...next.body]).toEqual([9]);
    } finally {
      transport.destroy();
    }
  });

  it("fails a read of a body cut short with a TransportError", async () => {
    const transport = make();
    try {
      const response = await transport.send(request("/truncated", { streamResponse: true }), new Cancellation());
      await expect(readBody(response.stream!, Number.POSITIVE_INFINITY)).rejects.toBeInstanceOf(TransportError);
    } finally {
      transport.destroy();
    }
  });

  it("sends a stream body of known length with Content-Length and one of unknown length chunked", async () => {
    const transport = make();
    try {
      const known = await transport.send(
        request("/echo", {
          method: "PUT",
          headers: { "content-length": String(40 * 1000) },
          body: generate(40, 1000),
          streamResponse: true,
        }),
        new Cancellation(),
      );
      expect(Buffer.from(await readBody(known.stream!, 1e6)).equals(expected(40, 1000))).toBe(true);
      const sentKnown = seen.at(-1)!;
      expect(sentKnown.headers["content-length"]).toBe("40000");
      expect(sentKnown.headers["transfer-encoding"]).toBeUndefined();

      const unknown = await transport.send(
        request("/echo", { method: "PUT", body: generate(3, 1000), streamResponse: true }),
        new Cancellation(),
      );
      const body = await readBody(unknown.stream!, Number.POSITIVE_INFINITY);
      expect(Buffer.from(body).equals(expected(3, 1000))).toBe(true);
      expect(seen.at(-1)!.headers["transfer-encoding"]).toBe("chunked");
    } finally {
      transport.destroy();
    }
  });

  it("fails, final, when the request body's source fails", async () => {
    const transport = make();
    try {
      async function* broken(): AsyncGenerator<Uint8Array> {
        yield new Uint8Array(10);
        throw new Error("disk went away");
      }
      const failure = await transport
        .send(request("/echo", { method: "PUT", body: broken() }), new Cancellation())
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(TransportError);
      expect((failure as TransportError).final).toBe(true);
    } finally {
      transport.destroy();
    }
  });

  it("refuses to hand the same stream out twice", async () => {
    const transport = make();
    try {
      const response = await transport.send(request("/chunks", { streamResponse: true }), new Cancellation());
      const stream = response.stream!;
      stream[Symbol.asyncIterator]();
      expect(() => stream[Symbol.asyncIterator]()).toThrow(/already been read/);
      stream.cancel();
    } finally {
      transport.destroy();
    }
  });
});
