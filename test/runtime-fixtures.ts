// Shared by the runtime pipeline tests: schema constants written the way generated code writes
// them, and a loopback HTTP server that records what reached it.
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { ServiceClient, type ClientConfig } from "../generator/runtime/client/client.js";
import { ServiceException } from "../generator/runtime/errors.js";
import type { ErrorSchema, OperationSchema, StructureSchema } from "../generator/runtime/schema.js";
import type { ServiceSchema } from "../generator/runtime/service.js";
import { restJson } from "../generator/runtime/protocols/rest-json.js";

export class TestServiceException extends ServiceException {}
export class ValidationException extends TestServiceException {}
export class ThrottlingException extends TestServiceException {}
export class ConflictRetryException extends TestServiceException {}

const messageShape = (name: string): StructureSchema => ({
  type: "structure",
  name,
  members: { Message: { target: "string", locationName: "message" } },
});

export const ValidationExceptionError: ErrorSchema = {
  code: "ValidationException",
  schema: messageShape("ValidationException"),
  ctor: ValidationException,
  httpStatusCode: 400,
  fault: "client",
};
export const ThrottlingExceptionError: ErrorSchema = {
  code: "ThrottlingException",
  schema: messageShape("ThrottlingException"),
  ctor: ThrottlingException,
  httpStatusCode: 429,
  fault: "client",
  retryable: { throttling: true },
};
/** Modelled as retryable but not throttling, with a 409 status no rule would retry. */
export const ConflictRetryExceptionError: ErrorSchema = {
  code: "ConflictRetryException",
  schema: messageShape("ConflictRetryException"),
  ctor: ConflictRetryException,
  httpStatusCode: 409,
  fault: "client",
  retryable: { throttling: false },
};

/** Endpoint rules in the shape most services have, written out by hand for the runtime tests. */
export function testEndpointRules(prefix: string): ServiceSchema["endpoints"] {
  return {
    resolve(params: { Region?: string; UseFIPS?: boolean; UseDualStack?: boolean; Endpoint?: string }) {
      if (params.Endpoint !== undefined) return { url: params.Endpoint };
      const suffix = params.UseDualStack === true ? "api.aws" : "amazonaws.com";
      return { url: `https://${prefix}${params.UseFIPS === true ? "-fips" : ""}.${params.Region}.${suffix}` };
    },
    builtins: { region: "Region", useFips: "UseFIPS", useDualStack: "UseDualStack", endpoint: "Endpoint" },
  };
}

export const service: ServiceSchema = {
  userAgent: "svcgen/0.0.0",
  serviceId: "Test Things",
  apiVersion: "2025-03-03",
  protocol: restJson,
  signingName: "testthings",
  endpointPrefix: "api.testthings",
  endpoints: testEndpointRules("api.testthings"),
  baseException: TestServiceException,
  errors: [ValidationExceptionError, ThrottlingExceptionError],
};

const ThingSummary: StructureSchema = {
  type: "structure",
  name: "ThingSummary",
  members: { ThingId: { target: "string" }, Name: { target: "string" } },
};

export const GetThingOperation: OperationSchema = {
  name: "GetThing",
  method: "GET",
  requestUri: "/things/{ThingId}",
  input: {
    type: "structure",
    name: "GetThingRequest",
    members: { ThingId: { target: "string", location: "uri", locationName: "ThingId" } },
  },
  output: ThingSummary,
  errors: [ValidationExceptionError, ConflictRetryExceptionError],
  validateInput: (input) => {
    const id = (input as { ThingId?: unknown }).ThingId;
    return typeof id === "string" && id.length > 0 ? [] : [{ path: "ThingId", constraint: "required", message: "ThingId is required" }];
  },
};

const SecretString = { type: "string", sensitive: true } as const;

const Credential: StructureSchema = {
  type: "structure",
  name: "Credential",
  members: {
    User: { target: "string" },
    Password: { target: "string", sensitive: true },
  },
};

/** Secrets in every place a schema can mark them: member, shape, list, map, header, query, label. */
export const PutSecretOperation: OperationSchema = {
  name: "PutSecret",
  method: "POST",
  requestUri: "/owners/{Owner}/secrets/{SecretName}?kind=plain",
  input: {
    type: "structure",
    name: "PutSecretRequest",
    members: {
      Owner: { target: "string", location: "uri", locationName: "Owner" },
      SecretName: { target: "string", location: "uri", locationName: "SecretName", sensitive: true },
      Filter: { target: "string", location: "querystring", locationName: "filter" },
      Pin: { target: "string", location: "querystring", locationName: "pin", sensitive: true },
      Token: { target: SecretString, location: "header", locationName: "x-secret-token" },
      Trace: { target: "string", location: "header", locationName: "x-trace" },
      Value: { target: "string", sensitive: true },
      Description: { target: "string" },
      Login: { target: Credential },
      Keys: { target: { type: "list", member: SecretString } },
      Labels: { target: { type: "map", key: "string", value: "string", sensitive: true } },
      Notes: { target: { type: "map", key: "string", value: SecretString } },
      Count: { target: "integer" },
    },
  },
  output: {
    type: "structure",
    name: "PutSecretResponse",
    members: {
      Version: { target: "integer" },
      Echo: { target: "string", location: "header", locationName: "x-echo-secret", sensitive: true },
    },
  },
  errors: [ValidationExceptionError],
};

const AccountAssociationItem: StructureSchema = {
  type: "structure",
  name: "AccountAssociationItem",
  members: { AccountAssociationId: { target: "string" }, Name: { target: "string" } },
};

export const ListAccountAssociationsOperation: OperationSchema = {
  name: "ListAccountAssociations",
  method: "GET",
  requestUri: "/account-associations",
  input: {
    type: "structure",
    name: "ListAccountAssociationsRequest",
    members: {
      MaxResults: { target: "integer", location: "querystring", locationName: "MaxResults" },
      NextToken: { target: "string", location: "querystring", locationName: "NextToken" },
    },
  },
  output: {
    type: "structure",
    name: "ListAccountAssociationsResponse",
    members: {
      Items: { target: { type: "list", member: AccountAssociationItem } },
      NextToken: { target: "string" },
    },
  },
  errors: [ValidationExceptionError],
};

export const StreamEventsOperation: OperationSchema = {
  name: "StreamEvents",
  method: "POST",
  requestUri: "/events",
  errors: [],
  eventStream: { input: "Events" },
};

export const CREDENTIALS = {
  accessKeyId: "AKIDTESTEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+SECRETSECRET",
  sessionToken: "SESSIONTOKEN-VERY-SECRET",
};

export class TestThingsClient extends ServiceClient {
  constructor(config: ClientConfig = {}) {
    super(service, config);
  }
}

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: Buffer;
}

export type Handler = (req: RecordedRequest, res: ServerResponse, index: number) => void;

export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  readonly openSockets: () => number;
  close(): Promise<void>;
}

/** A loopback server; `handler` answers each request (index counts from 0). */
export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(recorded);
      handler(recorded, res, requests.length - 1);
    });
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    openSockets: () => sockets.size,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, "close");
    },
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function awsError(res: ServerResponse, status: number, code: string, message = `${code} happened`): void {
  json(res, status, { message }, { "x-amzn-errortype": code, "x-amzn-requestid": `req-${code}` });
}

/** Config for a client aimed at `server`, with millisecond backoffs so retry tests stay fast. */
export function clientConfig(server: TestServer, extra: ClientConfig = {}): ClientConfig {
  return { region: "us-west-2", endpoint: server.url, credentials: CREDENTIALS, retry: { baseDelayMs: 1 }, ...extra };
}
