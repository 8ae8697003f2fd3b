import { afterEach, describe, expect, it, vi } from "vitest";
import { RequestValidationError, ResponseParseError, ServiceException } from "../generator/runtime/errors.js";
import { testEndpointRules } from "./runtime-fixtures.js";
import type { ExceptionInit, ResponseMetadata } from "../generator/runtime/errors.js";
import { utf8Decode, utf8Encode } from "../generator/runtime/codecs/encoding.js";
import { errorCode } from "../generator/runtime/protocols/json-errors.js";
import type { HttpResponseParts } from "../generator/runtime/protocols/protocol.js";
import { awsJson } from "../generator/runtime/protocols/aws-json.js";
import { restJson } from "../generator/runtime/protocols/rest-json.js";
import type { ServiceSchema } from "../generator/runtime/service.js";
import type { ErrorSchema, ListSchema, MapSchema, OperationSchema, StructureSchema } from "../generator/runtime/schema.js";

// Each call goes through the service's own protocol object, as the client does.
const serializeRequest = (s: ServiceSchema, op: OperationSchema, input: Readonly<Record<string, unknown>>) =>
  s.protocol.serializeRequest(s, op, input);
const deserializeOutput = (s: ServiceSchema, op: OperationSchema, res: HttpResponseParts, m: ResponseMetadata) =>
  s.protocol.deserializeOutput(s, op, res, m);
const deserializeError = (s: ServiceSchema, op: OperationSchema, res: HttpResponseParts, m: ResponseMetadata) =>
  s.protocol.deserializeError(s, op, res, m);

// ---- schema constants, in the form the generator emits ----------------------------------------

// Error classes name themselves, as the generated ones do.
class TestServiceException extends ServiceException {
  constructor(init: ExceptionInit) {
    super({ ...init, name: init.name ?? "TestServiceException" });
  }
}
function modelledError(name: string) {
  return class extends TestServiceException {
    constructor(init: ExceptionInit) {
      super({ ...init, name });
    }
  };
}
const ResourceNotFoundException = modelledError("ResourceNotFoundException");
const ThrottlingException = modelledError("ThrottlingException");
const InternalServerException = modelledError("InternalServerException");
const CustomCodedException = modelledError("CustomCodedException");

const StringList: ListSchema = { type: "list", member: "string" };
const StringMap: MapSchema = { type: "map", key: "string", value: "string" };
const StringListMap: MapSchema = { type: "map", key: "string", value: StringList };

const TreeNode: StructureSchema = {
  type: "structure",
  name: "TreeNode",
  members: {
    value: { target: "string" },
    children: { target: { type: "list", member: () => TreeNode } },
  },
};
const Square: StructureSchema = {
  type: "structure",
  name: "Square",
  members: { side: { target: "integer", locationName: "Side" } },
};
const ShapeUnion: StructureSchema = {
  type: "structure",
  name: "Shape",
  union: true,
  members: { circle: { target: "double" }, square: { target: () => Square } },
};

const GetThingInput: StructureSchema = {
  type: "structure",
  name: "GetThingInput",
  members: {
    thingId: { target: "string", location: "uri", locationName: "ThingId" },
    key: { target: "string", location: "uri", locationName: "Key" },
    count: { target: "integer", location: "querystring", locationName: "count" },
    tags: { target: StringList, location: "querystring", locationName: "tag" },
    since: { target: "timestamp", location: "querystring", locationName: "since" },
    sinceEpoch: {
      target: { type: "timestamp", format: "unixTimestamp" },
      location: "querystring",
      locationName: "sinceEpoch",
    },
    verbose: { target: "boolean", location: "querystring", locationName: "verbose" },
    ratio: { target: "double", location: "querystring", locationName: "ratio" },
    empty: { target: "string", location: "querystring", locationName: "empty" },
    extra: { target: StringMap, location: "querystring" },
    extraLists: { target: StringListMap, location: "querystring" },
    requestId: { target: "string", location: "header", locationName: "X-Request-Id" },
    ifModifiedSince: { target: "timestamp", location: "header", locationName: "If-Modified-Since" },
    isoHeader: {
      target: { type: "timestamp", format: "iso8601" },
      location: "header",
      locationName: "X-Iso",
    },
    flags: { target: StringList, location: "header", locationName: "X-Flags" },
    dates: {
      target: { type: "list", member: "timestamp" },
      location: "header",
      locationName: "X-Dates",
    },
    meta: { target: StringMap, location: "headers", locationName: "X-Meta-" },
    json: {
      target: { type: "string", jsonvalue: true },
      location: "header",
      locationName: "X-Json",
    },
    enabled: { target: "boolean", location: "header", locationName: "X-Enabled" },
    limit: { target: "long", location: "header", locationName: "X-Limit" },
    weight: { target: "float", location: "header", locationName: "X-Weight" },
    status: { target: "integer", location: "statusCode" },
  },
};

const GetThing: OperationSchema = {
  name: "GetThing",
  method: "GET",
  requestUri: "/things/{ThingId}/files/{Key+}?type=thing&flag",
  input: GetThingInput,
  errors: [],
};

const PutThingInput: StructureSchema = {
  type: "structure",
  name: "PutThingInput",
  members: {
    name: { target: "string", location: "uri", locationName: "Name" },
    version: { target: "integer", location: "uri", locationName: "Version" },
    at: { target: "timestamp", location: "uri", locationName: "At" },
    description: { target: "string", locationName: "Description" },
    created: { target: "timestamp" },
    createdIso: { target: { type: "timestamp", format: "iso8601" } },
    createdHttp: { target: { type: "timestamp", format: "rfc822" } },
    data: { target: "blob" },
    doc: { target: "document" },
    tags: { target: StringMap },
    items: { target: StringList },
    tree: { target: () => TreeNode },
    shape: { target: () => ShapeUnion },
    ratio: { target: "float" },
    big: { target: "long" },
    enabled: { target: "boolean" },
    clientToken: { target: "string", idempotencyToken: true, locationName: "ClientToken" },
  },
};

const PutThing: OperationSchema = {
  name: "PutThing",
  method: "PUT",
  requestUri: "/things/{Name}/v/{Version}/{At}",
  input: PutThingInput,
  errors: [],
};

function payloadOperation(name: string, target: StructureSchema["members"][string]["target"]): OperationSchema {
  const schema: StructureSchema = {
    type: "structure",
    name: `${name}Input`,
    payload: "body",
    members: {
      body: { target },
      contentType: { target: "string", location: "header", locationName: "Content-Type" },
      label: { target: "string", location: "header", locationName: "X-Label" },
    },
  };
  return {
    name,
    method: "POST",
    requestUri: `/${name}`,
    input: schema,
    output: schema,
    errors: [],
  };
}

const Config: StructureSchema = {
  type: "structure",
  name: "Config",
  members: { size: { target: "integer", locationName: "Size" }, name: { target: "string" } },
};
const UploadBlob = payloadOperation("UploadBlob", "blob");
const StreamBlob = payloadOperation("StreamBlob", { type: "blob", streaming: true });
const PutConfig = payloadOperation("PutConfig", () => Config);
const PutShape = payloadOperation("PutShape", () => ShapeUnion);
const PutText = payloadOperation("PutText", "string");
const PutDocument = payloadOperation("PutDocument", "document");

const Ping: OperationSchema = {
  name: "Ping",
  method: "POST",
  requestUri: "/ping",
  input: {
    type: "structure",
    name: "PingInput",
    members: { note: { target: "string", location: "header", locationName: "X-Note" } },
  },
  errors: [],
};
const Health: OperationSchema = {
  name: "Health",
  method: "GET",
  requestUri: "/health",
  errors: [],
};
const Describe: OperationSchema = {
  name: "Describe",
  method: "POST",
  requestUri: "/describe",
  input: { type: "structure", name: "DescribeInput", members: { filter: { target: "string" } } },
  errors: [],
};

const TokenInQueryAndHeader: OperationSchema = {
  name: "StartJob",
  method: "POST",
  requestUri: "/jobs",
  input: {
    type: "structure",
    name: "StartJobInput",
    members: {
      queryToken: {
        target: "string",
        location: "querystring",
        locationName: "token",
        idempotencyToken: true,
      },
      headerToken: {
        target: "string",
        location: "header",
        locationName: "X-Token",
        idempotencyToken: true,
      },
    },
  },
  errors: [],
};

const HostLabelInput: StructureSchema = {
  type: "structure",
  name: "PutDataInput",
  members: { accountId: { target: "string", hostLabel: true }, value: { target: "string" } },
};
const PutData: OperationSchema = {
  name: "PutData",
  method: "POST",
  requestUri: "/data",
  hostPrefix: "{accountId}.data.",
  input: HostLabelInput,
  errors: [],
};

const NotFoundError: ErrorSchema = {
  code: "ResourceNotFoundException",
  ctor: ResourceNotFoundException,
  fault: "client",
  httpStatusCode: 404,
  schema: {
    type: "structure",
    name: "ResourceNotFoundException",
    members: {
      message: { target: "string" },
      resourceId: { target: "string", locationName: "ResourceId" },
      resourceType: { target: "string", location: "header", locationName: "X-Resource-Type" },
      retryAfter: { target: "integer", location: "header", locationName: "Retry-After" },
    },
  },
};
const ThrottlingError: ErrorSchema = {
  code: "ThrottlingException",
  ctor: ThrottlingException,
  fault: "client",
  httpStatusCode: 429,
  retryable: { throttling: true },
  schema: {
    type: "structure",
    name: "ThrottlingException",
    members: { Message: { target: "string" } },
  },
};
const InternalError: ErrorSchema = {
  code: "InternalServerException",
  ctor: InternalServerException,
  fault: "server",
  schema: {
    type: "structure",
    name: "InternalServerException",
    members: { message: { target: "string" } },
  },
};
const CustomCodedError: ErrorSchema = {
  code: "Custom.Coded",
  ctor: CustomCodedException,
  fault: "client",
  schema: {
    type: "structure",
    name: "CustomCodedException",
    members: { message: { target: "string" } },
  },
};

const restService: ServiceSchema = {
  serviceId: "Test",
  apiVersion: "2024-01-01",
  protocol: restJson,
  signingName: "test",
  endpointPrefix: "test",
  endpoints: testEndpointRules("test"),
  baseException: TestServiceException,
  errors: [InternalError, CustomCodedError],
};
const jsonService: ServiceSchema = {
  ...restService,
  protocol: awsJson,
  jsonVersion: "1.1",
  targetPrefix: "TestService_20240101",
};
const queryCompatibleService: ServiceSchema = {
  ...jsonService,
  jsonVersion: "1.0",
  awsQueryCompatible: true,
};

const metadata: ResponseMetadata = {
  httpStatusCode: 200,
  requestId: "req-1",
  attempts: 1,
  totalRetryDelay: 0,
};

function response(statusCode: number, headers: Record<string, string>, body = ""): HttpResponseParts {
  return { statusCode, headers, body: utf8Encode(body) };
}

function bodyText(body: unknown): string | undefined {
  if (body === undefined || typeof body === "string") return body;
  if (!(body instanceof Uint8Array)) throw new TypeError("a stream body where text or bytes were expected");
  return utf8Decode(body);
}

afterEach(() => {
  vi.restoreAllMocks();
});

// ---- rest-json requests -----------------------------------------------------------------------

describe("rest-json request", () => {
  it("fills URI labels, encoding everything but unreserved characters, greedy labels keeping '/'", () => {
    const request = serializeRequest(restService, GetThing, {
      thingId: "a b/c+d",
      key: "dir one/file&.txt",
    });
    expect(request.method).toBe("GET");
    expect(request.path).toBe("/things/a%20b%2Fc%2Bd/files/dir%20one/file%26.txt");
    expect(request.body).toBeUndefined();
    expect(request.headers).toEqual({});
    expect(request.hostPrefix).toBeUndefined();
  });

  it("writes number and timestamp labels (ISO 8601 by default)", () => {
    const request = serializeRequest(restService, PutThing, {
      name: "n",
      version: 3,
      at: new Date(Date.UTC(2019, 11, 16, 23, 48, 18)),
    });
    expect(request.path).toBe("/things/n/v/3/2019-12-16T23%3A48%3A18Z");
  });

  it("rejects a missing or empty label with a validation error naming the member", () => {
    expect(() => serializeRequest(restService, GetThing, { key: "k" })).toThrow(RequestValidationError);
    try {
      serializeRequest(restService, GetThing, { thingId: "", key: "k" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).issues[0]).toMatchObject({
        path: "thingId",
        constraint: "required",
      });
    }
  });

  it("keeps the literal query of the requestUri and adds query members in order", () => {
    const request = serializeRequest(restService, GetThing, {
      thingId: "t",
      key: "k",
      count: 0,
      tags: ["x", "y z"],
      since: new Date(Date.UTC(2020, 0, 1)),
      sinceEpoch: new Date(1_700_000_000_500),
      verbose: false,
      ratio: Number.POSITIVE_INFINITY,
      empty: "",
    });
    expect(request.query).toEqual([
      ["type", "thing"],
      ["flag", ""],
      ["count", "0"],
      ["tag", "x"],
      ["tag", "y z"],
      ["since", "2020-01-01T00:00:00Z"],
      ["sinceEpoch", "1700000000.5"],
      ["verbose", "false"],
      ["ratio", "Infinity"],
      ["empty", ""],
    ]);
  });

  it("spreads query maps (string and string-list values) without overriding bound members", () => {
    const request = serializeRequest(restService, GetThing, {
      thingId: "t",
      key: "k",
      count: 5,
      extra: { count: "999", color: "red", nothing: undefined },
      extraLists: { size: ["s", "m"], type: ["ignored"] },
    });
    expect(request.query).toEqual([
      ["type", "thing"],
      ["flag", ""],
      ["count", "5"],
      ["color", "red"],
      ["size", "s"],
      ["size", "m"],
    ]);
  });

  it("skips undefined and null members everywhere", () => {
    const request = serializeRequest(restService, GetThing, {
      thingId: "t",
      key: "k",
      count: undefined,
      tags: null,
      requestId: undefined,
      meta: null,
    });
    expect(request.query).toEqual([
      ["type", "thing"],
      ["flag", ""],
    ]);
    expect(request.headers).toEqual({});
  });

  it("writes header members with lower-case names and their wire forms", () => {
    const request = serializeRequest(restService, GetThing, {
      thingId: "t",
      key: "k",
      requestId: "abc",
      ifModifiedSince: new Date(Date.UTC(2023, 10, 14, 22, 13, 20)),
      isoHeader: new Date(Date.UTC(2023, 10, 14, 22, 13, 20)),
      flags: ["a", "b,c", '"q"'],
      dates: [new Date(Date.UTC(2019, 11, 16, 23, 48, 18)), new Date(Date.UTC(2019, 11, 16, 23, 48, 19))],
      meta: { Color: "red", size: "L" },
      json: { a: 1 },
      enabled: true,
      limit: 9007199254740993n,
      weight: Number.NaN,
      status: 204,
    });
    expect(request.headers).toEqual({
      "x-request-id": "abc",
      "if-modified-since": "Tue, 14 Nov 2023 22:13:20 GMT",
      "x-iso": "2023-11-14T22:13:20Z",
      "x-flags": 'a, "b,c", "\\"q\\""',
      "x-dates": "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:19 GMT",
      "x-meta-color": "red",
      "x-meta-size": "L",
      "x-json": "eyJhIjoxfQ==",
      "x-enabled": "true",
      "x-limit": "9007199254740993",
      "x-weight": "NaN",
    });
  });

  it("writes the remaining members as a JSON body under their wire names", () => {
    const created = new Date(1_700_000_000_500);
    const request = serializeRequest(restService, PutThing, {
      name: "n",
      version: 1,
      at: new Date(0),
      description: "café",
      created,
      createdIso: created,
      createdHttp: created,
      data: Uint8Array.from([0, 1, 255]),
      doc: { any: ["thing", 1, null] },
      tags: { a: "1", b: null, c: undefined },
      items: ["x", null],
      tree: { value: "root", children: [{ value: "leaf", children: [] }] },
      shape: { square: { side: 2 } },
      ratio: Number.NEGATIVE_INFINITY,
      big: 9007199254740993n,
      enabled: false,
      clientToken: "given-token",
      notInModel: "dropped",
    });
    expect(request.method).toBe("PUT");
    expect(request.headers).toEqual({ "content-type": "application/json" });
    const text = bodyText(request.body)!;
    expect(text).toContain('"big":9007199254740993');
    expect(JSON.parse(text)).toEqual({
      Description: "café",
      created: 1700000000.5,
      createdIso: "2023-11-14T22:13:20.500Z",
      createdHttp: "Tue, 14 Nov 2023 22:13:20 GMT",
      data: "AAH/",
      doc: { any: ["thing", 1, null] },
      tags: { a: "1", b: null },
      items: ["x", null],
      tree: { value: "root", children: [{ value: "leaf", children: [] }] },
      shape: { square: { Side: 2 } },
      ratio: "-Infinity",
      big: 9007199254740993,
      enabled: false,
      ClientToken: "given-token",
    });
  });

  it("accepts epoch seconds, timestamp text and text blobs as input values", () => {
    const request = serializeRequest(restService, PutThing, {
      name: "n",
      version: 1,
      at: "2019-12-16T23:48:18Z",
      created: 1576540098,
      data: "hello",
      clientToken: "t",
    });
    expect(request.path).toBe("/things/n/v/1/2019-12-16T23%3A48%3A18Z");
    expect(JSON.parse(bodyText(request.body)!)).toEqual({
      created: 1576540098,
      data: "aGVsbG8=",
      ClientToken: "t",
    });
  });

  it("sends an empty JSON object when the input has body members but none is set", () => {
    const request = serializeRequest(restService, Describe, {});
    expect(request.body).toBe("{}");
    expect(request.headers["content-type"]).toBe("application/json");
  });

  it("sends no body and no content-type without body members or payload", () => {
    const ping = serializeRequest(restService, Ping, { note: "n", extra: "ignored" });
    expect(ping).toEqual({
      method: "POST",
      path: "/ping",
      query: [],
      headers: { "x-note": "n" },
      body: undefined,
      hostPrefix: undefined,
    });
    const health = serializeRequest(restService, Health, {});
    expect(health).toEqual({
      method: "GET",
      path: "/health",
      query: [],
      headers: {},
      body: undefined,
      hostPrefix: undefined,
    });
  });

  describe("payload members", () => {
    it("a structure payload is the member's JSON alone; unset it is an empty object", () => {
      const set = serializeRequest(restService, PutConfig, {
        body: { size: 3, name: "x" },
        label: "l",
      });
      expect(JSON.parse(bodyText(set.body)!)).toEqual({ Size: 3, name: "x" });
      expect(set.headers).toEqual({ "content-type": "application/json", "x-label": "l" });
      const unset = serializeRequest(restService, PutConfig, {});
      expect(unset.body).toBe("{}");
      expect(unset.headers["content-type"]).toBe("application/json");
    });

    it("a union payload is its set member; unset there is no body", () => {
      const set = serializeRequest(restService, PutShape, { body: { circle: 1.5 } });
      expect(JSON.parse(bodyText(set.body)!)).toEqual({ circle: 1.5 });
      const unset = serializeRequest(restService, PutShape, {});
      expect(unset.body).toBeUndefined();
      expect(unset.headers["content-type"]).toBeUndefined();
    });

    it("a blob payload is the raw bytes, octet-stream unless a header member sets the type", () => {
      const bytes = Uint8Array.from([1, 2, 3]);
      const plain = serializeRequest(restService, UploadBlob, { body: bytes });
      expect(plain.body).toBe(bytes);
      expect(plain.headers["content-type"]).toBe("application/octet-stream");
      const typed = serializeRequest(restService, UploadBlob, {
        body: "1234",
        contentType: "image/jpg",
      });
      expect(typed.body).toBe("1234");
      expect(typed.headers["content-type"]).toBe("image/jpg");
      const unset = serializeRequest(restService, UploadBlob, { label: "x" });
      expect(unset.body).toBeUndefined();
      // The content type names what the operation takes, bytes or not (as the suites expect).
      expect(unset.headers).toEqual({ "x-label": "x", "content-type": "application/octet-stream" });
      const view = serializeRequest(restService, UploadBlob, {
        body: new DataView(Uint8Array.from([9, 8, 7]).buffer, 1, 2),
      });
      expect(Array.from(view.body as Uint8Array)).toEqual([8, 7]);
    });

    it("a string payload is the raw text as text/plain", () => {
      const request = serializeRequest(restService, PutText, { body: "rawstring" });
      expect(request.body).toBe("rawstring");
      expect(request.headers["content-type"]).toBe("text/plain");
    });

    it("a document payload is its JSON, whatever its type", () => {
      expect(serializeRequest(restService, PutDocument, { body: "hello" }).body).toBe('"hello"');
      expect(serializeRequest(restService, PutDocument, { body: { a: [1] } }).body).toBe('{"a":[1]}');
      expect(serializeRequest(restService, PutDocument, { body: false }).body).toBe("false");
      expect(serializeRequest(restService, PutDocument, {}).body).toBeUndefined();
    });
  });

  describe("idempotency tokens", () => {
    const uuid = "3f1c1d54-8a4e-4d7a-9c39-1b8d7f0e2a11";

    it("fills absent tokens with a random UUID in whatever location they have", () => {
      const spy = vi.spyOn(crypto, "randomUUID").mockReturnValue(uuid);
      const input = {};
      const request = serializeRequest(restService, TokenInQueryAndHeader, input);
      expect(request.query).toEqual([["token", uuid]]);
      expect(request.headers["x-token"]).toBe(uuid);
      expect(spy).toHaveBeenCalledTimes(2);
      expect(input).toEqual({});
      const body = serializeRequest(restService, PutThing, {
        name: "n",
        version: 1,
        at: new Date(0),
      });
      expect(JSON.parse(bodyText(body.body)!)).toEqual({ ClientToken: uuid });
    });

    it("keeps a token the caller gives", () => {
      const spy = vi.spyOn(crypto, "randomUUID");
      const request = serializeRequest(restService, TokenInQueryAndHeader, {
        queryToken: "mine",
        headerToken: "also-mine",
      });
      expect(request.query).toEqual([["token", "mine"]]);
      expect(request.headers["x-token"]).toBe("also-mine");
      expect(spy).not.toHaveBeenCalled();
    });

    it("generates a fresh UUID per call", () => {
      const a = serializeRequest(restService, TokenInQueryAndHeader, {}).query[0]![1];
      const b = serializeRequest(restService, TokenInQueryAndHeader, {}).query[0]![1];
      expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(a).not.toBe(b);
    });
  });

  describe("host prefix", () => {
    it("fills host labels from members, which stay in the body", () => {
      const request = serializeRequest(restService, PutData, {
        accountId: "123456789012",
        value: "v",
      });
      expect(request.hostPrefix).toBe("123456789012.data.");
      expect(JSON.parse(bodyText(request.body)!)).toEqual({
        accountId: "123456789012",
        value: "v",
      });
    });

    it("rejects values that are not host labels", () => {
      for (const bad of ["", "a.b", "-lead", "trail-", "a_b", "x".repeat(64), undefined]) {
        expect(() => serializeRequest(restService, PutData, { accountId: bad }), String(bad)).toThrow(RequestValidationError);
      }
    });
  });
});

// ---- json protocol requests -------------------------------------------------------------------

describe("json request", () => {
  it("POSTs the whole input to / with the target and content-type headers", () => {
    const request = serializeRequest(jsonService, PutThing, {
      name: "n",
      description: "d",
      created: new Date(1_576_540_098_000),
      data: Uint8Array.from([0, 1, 255]),
      clientToken: "tok",
    });
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/");
    expect(request.query).toEqual([]);
    expect(request.headers).toEqual({
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "TestService_20240101.PutThing",
    });
    expect(JSON.parse(bodyText(request.body)!)).toEqual({
      Name: "n",
      Description: "d",
      created: 1576540098,
      data: "AAH/",
      ClientToken: "tok",
    });
  });

  it("sends {} for an empty input or no input shape, and the 1.0 content type", () => {
    const service: ServiceSchema = { ...jsonService, jsonVersion: "1.0" };
    expect(serializeRequest(service, Describe, {}).body).toBe("{}");
    const request = serializeRequest(service, Health, {});
    expect(request.body).toBe("{}");
    expect(request.headers["content-type"]).toBe("application/x-amz-json-1.0");
    expect(request.headers["x-amz-target"]).toBe("TestService_20240101.Health");
  });

  it("fills idempotency tokens and host prefixes", () => {
    vi.spyOn(crypto, "randomUUID").mockReturnValue("00000000-0000-4000-8000-000000000000");
    const request = serializeRequest(jsonService, PutThing, {});
    expect(JSON.parse(bodyText(request.body)!)).toEqual({
      ClientToken: "00000000-0000-4000-8000-000000000000",
    });
    expect(serializeRequest(jsonService, PutData, { accountId: "abc" }).hostPrefix).toBe("abc.data.");
  });

  it("announces query mode for query-compatible services", () => {
    expect(serializeRequest(queryCompatibleService, Describe, {}).headers["x-amzn-query-mode"]).toBe("true");
    expect(serializeRequest(jsonService, Describe, {}).headers["x-amzn-query-mode"]).toBeUndefined();
  });
});

// ---- responses --------------------------------------------------------------------------------

const GetThingOutput: StructureSchema = {
  type: "structure",
  name: "GetThingOutput",
  members: {
    etag: { target: "string", location: "header", locationName: "ETag" },
    size: { target: "long", location: "header", locationName: "X-Size" },
    ratio: { target: "double", location: "header", locationName: "X-Ratio" },
    ok: { target: "boolean", location: "header", locationName: "X-Ok" },
    modified: { target: "timestamp", location: "header", locationName: "Last-Modified" },
    isoModified: {
      target: { type: "timestamp", format: "iso8601" },
      location: "header",
      locationName: "X-Iso",
    },
    flags: { target: StringList, location: "header", locationName: "X-Flags" },
    counts: {
      target: { type: "list", member: "integer" },
      location: "header",
      locationName: "X-Counts",
    },
    dates: {
      target: { type: "list", member: "timestamp" },
      location: "header",
      locationName: "X-Dates",
    },
    json: {
      target: { type: "string", jsonvalue: true },
      location: "header",
      locationName: "X-Json",
    },
    meta: { target: StringMap, location: "headers", locationName: "X-Meta-" },
    status: { target: "integer", location: "statusCode" },
    name: { target: "string", locationName: "Name" },
    state: { target: "string" },
    created: { target: "timestamp" },
    data: { target: "blob" },
    tags: { target: StringMap },
    items: { target: StringList },
    tree: { target: () => TreeNode },
    shape: { target: () => ShapeUnion },
    weight: { target: "float" },
    doc: { target: "document" },
  },
};
const GetThingWithOutput: OperationSchema = {
  ...GetThing,
  output: GetThingOutput,
  errors: [NotFoundError, ThrottlingError],
};
const HeadersOnly: OperationSchema = {
  ...Ping,
  output: {
    type: "structure",
    name: "PingOutput",
    members: { note: { target: "string", location: "header", locationName: "X-Note" } },
  },
};

describe("rest-json response", () => {
  it("reads header, prefix-header and status-code members with their types", () => {
    const output = deserializeOutput(
      restService,
      GetThingWithOutput,
      response(206, {
        etag: '"abc"',
        "x-size": "9000000000",
        "x-ratio": "-Infinity",
        "x-ok": "false",
        "last-modified": "Tue, 14 Nov 2023 22:13:20 GMT",
        "x-iso": "1700000000",
        "x-flags": 'a, "b,c", "\\"q\\""',
        "x-counts": "1, 2,3",
        "x-dates": "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:19 GMT",
        "x-json": "eyJhIjoxfQ==",
        "x-meta-color": "red",
        "x-meta-size": "L",
        "x-metadata": "not a prefix match",
      }),
      metadata,
    );
    expect(output).toEqual({
      etag: '"abc"',
      size: 9000000000,
      ratio: Number.NEGATIVE_INFINITY,
      ok: false,
      modified: new Date(Date.UTC(2023, 10, 14, 22, 13, 20)),
      isoModified: new Date(1_700_000_000_000),
      flags: ["a", "b,c", '"q"'],
      counts: [1, 2, 3],
      dates: [new Date(Date.UTC(2019, 11, 16, 23, 48, 18)), new Date(Date.UTC(2019, 11, 16, 23, 48, 19))],
      json: { a: 1 },
      meta: { color: "red", size: "L" },
      status: 206,
    });
  });

  it("reads JSON body members by wire name, converting values and ignoring unknown fields and nulls", () => {
    const body = JSON.stringify({
      Name: "thing",
      state: "SOME_NEW_STATE",
      created: "2019-12-17T00:48:18.250+01:00",
      data: "AAH/",
      tags: { a: "1", gone: null },
      items: ["x", null, "y"],
      tree: { value: "root", children: [{ value: "leaf", children: [] }], extra: true },
      shape: { __type: "ns#Shape", square: { Side: 4 }, circle: null },
      weight: "NaN",
      doc: { nested: [1, { deep: null }] },
      name: "not the wire name",
      unknownField: { ignored: true },
      status: 999,
    });
    const output = deserializeOutput(restService, GetThingWithOutput, response(200, {}, body), metadata);
    expect(output).toEqual({
      status: 200,
      name: "thing",
      state: "SOME_NEW_STATE",
      created: new Date(Date.UTC(2019, 11, 16, 23, 48, 18, 250)),
      data: Uint8Array.from([0, 1, 255]),
      tags: { a: "1" },
      items: ["x", "y"],
      tree: { value: "root", children: [{ value: "leaf", children: [] }] },
      shape: { square: { side: 4 } },
      weight: Number.NaN,
      doc: { nested: [1, { deep: null }] },
    });
  });

  it("accepts any timestamp form whatever the format, and map keys such as __proto__", () => {
    const body = '{"created": 1576540098.5, "tags": {"__proto__": "x", "constructor": "y"}}';
    const output = deserializeOutput(restService, GetThingWithOutput, response(200, {}, body), metadata);
    expect(output["created"]).toEqual(new Date(1_576_540_098_500));
    const tags = output["tags"] as Record<string, unknown>;
    expect(Object.getPrototypeOf(tags)).toBe(Object.prototype);
    expect(Object.keys(tags)).toEqual(["__proto__", "constructor"]);
    expect(tags["constructor"]).toBe("y");
  });

  it("accepts an empty body, with or without body members", () => {
    expect(deserializeOutput(restService, HeadersOnly, response(200, { "x-note": "n" }), metadata)).toEqual({
      note: "n",
    });
    expect(deserializeOutput(restService, GetThingWithOutput, response(200, {}, "  \n"), metadata)).toEqual({
      status: 200,
    });
  });

  it("does not read the body when the output has no body members, or no output at all", () => {
    expect(deserializeOutput(restService, HeadersOnly, response(200, {}, "<html>"), metadata)).toEqual({});
    expect(deserializeOutput(restService, Health, response(200, {}, "not json"), metadata)).toEqual({});
  });

  it("reads payload members: blob bytes, text, structure, document", () => {
    const bytes = Uint8Array.from([0xff, 0x00, 0x7f]);
    const blob = deserializeOutput(restService, UploadBlob, { statusCode: 200, headers: { "x-label": "l" }, body: bytes }, metadata);
    expect(blob["body"]).toBe(bytes);
    expect(blob["label"]).toBe("l");
    expect(deserializeOutput(restService, UploadBlob, response(200, {}), metadata)).toEqual({});
    expect(deserializeOutput(restService, StreamBlob, response(200, {}), metadata)).toEqual({
      body: new Uint8Array(0),
    });
    expect(deserializeOutput(restService, PutText, response(200, {}, "héllo"), metadata)).toEqual({
      body: "héllo",
    });
    expect(deserializeOutput(restService, PutConfig, response(200, {}, '{"Size": 3, "name": "n"}'), metadata)).toEqual({
      body: { size: 3, name: "n" },
    });
    expect(deserializeOutput(restService, PutConfig, response(200, {}), metadata)).toEqual({});
    expect(deserializeOutput(restService, PutDocument, response(200, {}, "[1, 2]"), metadata)).toEqual({
      body: [1, 2],
    });
  });

  it("throws ResponseParseError keeping status and raw text when the JSON is bad", () => {
    for (const body of ['{"Name": "trunc', "<html>oops</html>", "[1, 2]", '"text"', "null"]) {
      try {
        deserializeOutput(restService, GetThingWithOutput, response(200, {}, body), metadata);
        expect.unreachable(body);
      } catch (error) {
        expect(error).toBeInstanceOf(ResponseParseError);
        const parseError = error as ResponseParseError;
        expect(parseError.$response).toEqual({ statusCode: 200, headers: {}, body });
        expect(parseError.$metadata).toBe(metadata);
        expect(parseError.message).toContain("GetThing");
      }
    }
  });

  it("throws ResponseParseError on values of the wrong type", () => {
    expect(() => deserializeOutput(restService, GetThingWithOutput, response(200, {}, '{"data": 12}'), metadata)).toThrow(
      ResponseParseError,
    );
    expect(() => deserializeOutput(restService, GetThingWithOutput, response(200, {}, '{"items": "x"}'), metadata)).toThrow(
      ResponseParseError,
    );
    expect(() => deserializeOutput(restService, GetThingWithOutput, response(200, { "x-size": "big" }), metadata)).toThrow(
      ResponseParseError,
    );
    expect(() => deserializeOutput(restService, PutConfig, response(200, {}, "[]"), metadata)).toThrow(ResponseParseError);
  });
});

describe("json response", () => {
  it("reads the whole body as the output and ignores location bindings", () => {
    const body = '{"ETag": "e", "Name": "n", "created": 1576540098, "status": 7}';
    const output = deserializeOutput(jsonService, GetThingWithOutput, response(200, { etag: "header" }, body), metadata);
    expect(output).toEqual({
      etag: "e",
      name: "n",
      created: new Date(1_576_540_098_000),
      status: 7,
    });
  });

  it("treats an empty body as an empty output and rejects non-JSON", () => {
    expect(deserializeOutput(jsonService, GetThingWithOutput, response(200, {}), metadata)).toEqual({});
    expect(() => deserializeOutput(jsonService, GetThingWithOutput, response(200, {}, "{"), metadata)).toThrow(ResponseParseError);
  });
});

// ---- errors -----------------------------------------------------------------------------------

describe("errorCode", () => {
  it("prefers the x-amzn-errortype header, then __type, code and Code", () => {
    expect(errorCode(response(400, { "x-amzn-errortype": "FromHeader" }), { __type: "FromBody" })).toBe("FromHeader");
    expect(errorCode(response(400, {}), { __type: "Dunder", code: "Lower" })).toBe("Dunder");
    expect(errorCode(response(400, {}), { code: "Lower", Code: "Upper" })).toBe("Lower");
    expect(errorCode(response(400, {}), { Code: "Upper" })).toBe("Upper");
  });

  it("strips namespaces and URI suffixes", () => {
    const header = (value: string) => errorCode(response(400, { "x-amzn-errortype": value }), undefined);
    expect(header("FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/")).toBe("FooError");
    expect(header("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/")).toBe("FooError");
    expect(errorCode(response(400, {}), { __type: "com.amazonaws.test#FooError" })).toBe("FooError");
  });

  it("returns undefined when there is no code", () => {
    expect(errorCode(response(500, {}), undefined)).toBeUndefined();
    expect(errorCode(response(500, {}), { message: "x", code: 12 })).toBeUndefined();
    expect(errorCode(response(500, { "x-amzn-errortype": "" }), "text")).toBeUndefined();
  });
});

describe("deserializeError", () => {
  it("builds the operation's modelled error with members from headers and body", () => {
    const res = response(
      404,
      {
        "x-amzn-errortype": "ResourceNotFoundException",
        "x-resource-type": "Thing",
        "retry-after": "3",
      },
      '{"message": "No such thing", "ResourceId": "t-1", "extra": 1}',
    );
    const error = deserializeError(restService, GetThingWithOutput, res, metadata);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error).toBeInstanceOf(TestServiceException);
    expect(error.name).toBe("ResourceNotFoundException");
    expect(error.message).toBe("No such thing");
    expect(error.$fault).toBe("client");
    expect(error.$metadata).toBe(metadata);
    expect(error.$response).toEqual({
      statusCode: 404,
      headers: res.headers,
      body: utf8Decode(res.body),
    });
    expect(Object.keys(error)).not.toContain("$response");
    expect(error).toMatchObject({ resourceId: "t-1", resourceType: "Thing", retryAfter: 3 });
    expect(error).not.toHaveProperty("extra");
  });

  it("takes the message from Message or errorMessage too, and fills a differently cased message member", () => {
    const upper = deserializeError(
      restService,
      GetThingWithOutput,
      response(429, {}, '{"__type": "ThrottlingException", "Message": "Slow down"}'),
      metadata,
    );
    expect(upper).toBeInstanceOf(ThrottlingException);
    expect(upper.message).toBe("Slow down");
    expect((upper as unknown as Record<string, unknown>)["Message"]).toBe("Slow down");
    const lambdaStyle = deserializeError(
      restService,
      GetThingWithOutput,
      response(429, {}, '{"code": "ThrottlingException", "errorMessage": "Rate exceeded"}'),
      metadata,
    );
    expect(lambdaStyle.message).toBe("Rate exceeded");
    expect((lambdaStyle as unknown as Record<string, unknown>)["Message"]).toBe("Rate exceeded");
  });

  it("finds service-wide errors, by code or by shape name, with the schema's fault", () => {
    const internal = deserializeError(
      restService,
      GetThingWithOutput,
      response(500, {}, '{"__type": "InternalServerException", "message": "boom"}'),
      metadata,
    );
    expect(internal).toBeInstanceOf(InternalServerException);
    expect(internal.$fault).toBe("server");
    const byCode = deserializeError(restService, Health, response(400, { "x-amzn-errortype": "Custom.Coded" }), metadata);
    expect(byCode).toBeInstanceOf(CustomCodedException);
    const byName = deserializeError(restService, Health, response(400, { "x-amzn-errortype": "CustomCodedException" }), metadata);
    expect(byName).toBeInstanceOf(CustomCodedException);
  });

  it("reads json-protocol error members from the body", () => {
    const error = deserializeError(
      jsonService,
      GetThingWithOutput,
      response(400, {}, '{"__type": "ns#ResourceNotFoundException", "ResourceId": "r", "message": "m"}'),
      metadata,
    );
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error).toMatchObject({ resourceId: "r", message: "m" });
  });

  it("names the base exception after an unknown code, with the fault from the status", () => {
    const client = deserializeError(
      restService,
      Health,
      response(403, {}, '{"__type": "AccessDeniedException", "Message": "no"}'),
      metadata,
    );
    expect(client.constructor).toBe(TestServiceException);
    expect(client.name).toBe("AccessDeniedException");
    expect(client.message).toBe("no");
    expect(client.$fault).toBe("client");
    const server = deserializeError(restService, Health, response(503, { "x-amzn-errortype": "Overloaded" }), metadata);
    expect(server.name).toBe("Overloaded");
    expect(server.$fault).toBe("server");
    expect(server.message).toContain("Overloaded");
  });

  it("names the base exception Http<status>Error when no code arrives, keeping the raw body", () => {
    const html = "<html><body>502 Bad Gateway</body></html>";
    const gateway = deserializeError(restService, Health, response(502, { "content-type": "text/html" }, html), metadata);
    expect(gateway).toBeInstanceOf(TestServiceException);
    expect(gateway.name).toBe("Http502Error");
    expect(gateway.$fault).toBe("server");
    expect(gateway.message).toContain("502 Bad Gateway");
    expect(gateway.$response?.body).toBe(html);
    const empty = deserializeError(restService, Health, response(404, {}), metadata);
    expect(empty.name).toBe("Http404Error");
    expect(empty.$fault).toBe("client");
    expect(empty.message).toContain("empty body");
    const codeless = deserializeError(jsonService, Health, response(400, {}, '{"message": "Bad thing"}'), metadata);
    expect(codeless.name).toBe("Http400Error");
    expect(codeless.message).toBe("Bad thing");
  });

  it("never throws, even when members have the wrong types or the body is not UTF-8", () => {
    const wrongTypes = deserializeError(
      restService,
      GetThingWithOutput,
      response(404, { "x-amzn-errortype": "ResourceNotFoundException", "retry-after": "soon" }, '{"message": "m"}'),
      metadata,
    );
    expect(wrongTypes).toBeInstanceOf(ResourceNotFoundException);
    expect(wrongTypes.message).toBe("m");
    const binary = deserializeError(
      restService,
      Health,
      { statusCode: 500, headers: {}, body: Uint8Array.from([0xff, 0xfe, 0x00]) },
      metadata,
    );
    expect(binary.name).toBe("Http500Error");
  });

  it("uses the x-amzn-query-error code and fault for query-compatible services", () => {
    const headers = { "x-amzn-query-error": "Custom.Coded;Sender" };
    const known = deserializeError(
      queryCompatibleService,
      Health,
      response(400, headers, '{"__type": "ns#CustomCodedException", "message": "m"}'),
      metadata,
    );
    expect(known).toBeInstanceOf(CustomCodedException);
    const unknown = deserializeError(
      queryCompatibleService,
      Health,
      response(400, { "x-amzn-query-error": "Legacy.Code;Receiver" }, '{"__type": "ns#Other"}'),
      metadata,
    );
    expect(unknown.name).toBe("Legacy.Code");
    expect(unknown.$fault).toBe("server");
    const ignored = deserializeError(jsonService, Health, response(400, headers, '{"__type": "ns#Other"}'), metadata);
    expect(ignored.name).toBe("Other");
  });
});
