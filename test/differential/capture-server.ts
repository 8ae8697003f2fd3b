// One loopback HTTP server both clients send to: it records each request exactly as it arrived
// (raw path and query, headers as received, body bytes) and answers with the reply set for the
// current case.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Reply } from "./wire.js";

export interface CapturedRequest {
  readonly method: string;
  /** The path as sent, still percent-encoded. */
  readonly path: string;
  /** Query pairs as sent (still percent-encoded), in order. */
  readonly query: readonly (readonly [string, string])[];
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

const EMPTY_REPLY: Reply = { status: 500, headers: {}, body: new Uint8Array() };

export class CaptureServer {
  readonly #server: http.Server;
  readonly endpoint: string;
  #captured: CapturedRequest[] = [];
  /** What the next requests are answered with. */
  reply: Reply = EMPTY_REPLY;
  /** Replies for the next requests, one each, in order (a paginated walk); then `reply` again. */
  queue: Reply[] = [];

  private constructor(server: http.Server) {
    this.#server = server;
    const { port } = server.address() as AddressInfo;
    this.endpoint = `http://127.0.0.1:${port}`;
  }

  static async start(): Promise<CaptureServer> {
    let self: CaptureServer | undefined;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        if (self !== undefined) self.#record(req, Buffer.concat(chunks));
        const reply = self?.queue.shift() ?? self?.reply ?? EMPTY_REPLY;
        // The server's clock agrees with the clients' (frozen) one: a Date header far from it
        // would make the official client correct its clock for the next request.
        res.sendDate = false;
        res.writeHead(reply.status, {
          ...reply.headers,
          date: new Date().toUTCString(),
          "content-length": String(reply.body.length),
        });
        res.end(reply.body);
      });
    });
    // Idle keep-alive sockets stay open for the whole run (close() ends them): with node's 5 s
    // default, a pause on a loaded machine let the server close a socket just as a client reused
    // it, and that call failed with ECONNRESET.
    server.keepAliveTimeout = 10 * 60_000;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    self = new CaptureServer(server);
    return self;
  }

  #record(req: http.IncomingMessage, body: Buffer): void {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const query: [string, string][] = [];
    if (q !== -1) {
      for (const part of url.slice(q + 1).split("&")) {
        if (part === "") continue;
        const eq = part.indexOf("=");
        query.push(eq === -1 ? [part, ""] : [part.slice(0, eq), part.slice(eq + 1)]);
      }
    }
    const headers: Record<string, string> = {};
    const raw = req.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i]!.toLowerCase();
      headers[name] = headers[name] === undefined ? raw[i + 1]! : `${headers[name]}, ${raw[i + 1]!}`;
    }
    this.#captured.push({
      method: req.method ?? "",
      path: q === -1 ? url : url.slice(0, q),
      query,
      headers,
      body: new Uint8Array(body),
    });
  }

  /** The requests received since the last call. */
  take(): CapturedRequest[] {
    const out = this.#captured;
    this.#captured = [];
    return out;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
