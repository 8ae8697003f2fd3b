// The Node transport: node:http(s) over one keep-alive agent per client and protocol. Loaded
// lazily by transport.ts, so nothing here reaches a browser bundle or a fetch-configured client.
import * as http from "node:http";
import * as https from "node:https";
import {
  TransportError,
  describeFailure,
  responseTooLarge,
  type Cancellation,
  type HttpRequest,
  type HttpResponse,
  type Transport,
  type TransportOptions,
} from "./transport.js";

export function createNodeTransport(options: TransportOptions): Transport {
  let httpAgent: http.Agent | undefined;
  let httpsAgent: https.Agent | undefined;
  const agentOptions: http.AgentOptions = { keepAlive: true, maxSockets: options.maxSockets };
  return {
    send(request, cancel) {
      const secure = request.protocol === "https:";
      const agent = secure
        ? (httpsAgent ??= new https.Agent(agentOptions))
        : (httpAgent ??= new http.Agent(agentOptions));
      return send(secure ? https.request : http.request, agent, request, cancel, options.maxResponseBytes);
    },
    destroy() {
      httpAgent?.destroy();
      httpsAgent?.destroy();
      httpAgent = undefined;
      httpsAgent = undefined;
    },
  };
}

type RequestFn = (options: http.RequestOptions, callback: (res: http.IncomingMessage) => void) => http.ClientRequest;

function send(
  requestFn: RequestFn,
  agent: http.Agent,
  request: HttpRequest,
  cancel: Cancellation,
  limit: number,
): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    if (cancel.aborted) {
      reject(cancel.reason);
      return;
    }
    let settled = false;
    const finish = (error: unknown, response?: HttpResponse): void => {
      if (settled) return;
      settled = true;
      cancel.off(onCancel);
      if (response !== undefined) resolve(response);
      else reject(error);
    };
    const fail = (error: TransportError): void => {
      finish(error);
      req.destroy();
    };
    const onCancel = (reason: unknown): void => {
      finish(reason);
      req.destroy();
    };
    const hostname = request.hostname.startsWith("[") ? request.hostname.slice(1, -1) : request.hostname;
    const req = requestFn(
      { agent, method: request.method, hostname, port: request.port, path: request.path, headers: request.headers },
      (res) => {
        const declared = res.headers["content-length"];
        const expected = declared === undefined ? -1 : Number(declared);
        if (expected > limit) {
          fail(responseTooLarge(limit));
          return;
        }
        const chunks: Buffer[] = [];
        let total = 0;
        res.on("data", (chunk: Buffer) => {
          total += chunk.length;
          if (total > limit) fail(responseTooLarge(limit));
          else chunks.push(chunk);
        });
        res.on("end", () => {
          // HEAD, 204 and 304 responses announce a length but carry no body.
          const bodyless = request.method === "HEAD" || res.statusCode === 204 || res.statusCode === 304;
          if (expected >= 0 && total !== expected && !bodyless) {
            fail(new TransportError(`truncated response: ${total} of ${expected} bytes`));
            return;
          }
          finish(undefined, {
            statusCode: res.statusCode ?? 0,
            headers: collectHeaders(res.rawHeaders),
            body: chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks, total),
          });
        });
        res.on("error", (error) => {
          if (!settled) fail(new TransportError(`response interrupted: ${describeFailure(error)}`, { cause: error }));
        });
        // Closed before 'end': the connection broke before the body was complete.
        res.on("close", () => {
          if (!settled) fail(new TransportError(`truncated response: connection closed after ${total} bytes`));
        });
      },
    );
    req.on("error", (error) => {
      if (!settled) fail(new TransportError(describeFailure(error), { cause: error }));
    });
    cancel.on(onCancel);
    if (request.body === undefined) req.end();
    else req.end(request.body);
  });
}

function collectHeaders(raw: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] ?? "").toLowerCase();
    if (name === "__proto__") continue;
    const value = raw[i + 1] ?? "";
    const previous = headers[name];
    headers[name] = previous === undefined ? value : `${previous}, ${value}`;
  }
  return headers;
}
