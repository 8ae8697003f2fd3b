// What the generator writes for the XML and query protocols: the facts the runtime reads, in the
// schemas and operation descriptors, for those protocols only (one model, generated as rest-xml
// and as rest-json), and fast-xml-parser in the package's dependencies.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "../generator/generate.js";
import { tempDir } from "./helpers.js";

const NS = "https://example.com/doc/2024-01-01/";

function model(protocol: string) {
  return {
    metadata: {
      apiVersion: "2024-01-01",
      endpointPrefix: "tiny",
      protocol,
      serviceId: "Tiny",
      signingName: "tiny",
      uid: "tiny-2024-01-01",
    },
    operations: {
      PutThing: {
        name: "PutThing",
        http: { method: "POST", requestUri: "/things" },
        input: { shape: "PutThingRequest", locationName: "PutThingRequest", xmlNamespace: { uri: NS } },
        output: { shape: "PutThingOutput", resultWrapper: "PutThingResult" },
        errors: [{ shape: "NotFound" }],
      },
      SetConfig: {
        name: "SetConfig",
        http: { method: "PUT", requestUri: "/config" },
        input: { shape: "SetConfigRequest" },
      },
    },
    shapes: {
      PutThingRequest: {
        type: "structure",
        members: {
          Id: { shape: "Str", xmlAttribute: true, locationName: "id" },
          Tags: { shape: "TagList", locationName: "Tag", flattened: true },
          Attrs: { shape: "AttrMap" },
          Note: { shape: "Str", xmlNamespace: { prefix: "n", uri: NS }, queryName: "NoteQ" },
          Char: { shape: "Char" },
        },
      },
      PutThingOutput: { type: "structure", members: { Tags: { shape: "TagList" } } },
      SetConfigRequest: {
        type: "structure",
        members: { Config: { shape: "Config", locationName: "Config", xmlNamespace: NS } },
        payload: "Config",
      },
      Config: { type: "structure", locationName: "Configuration", members: { Value: { shape: "Str" } } },
      TagList: {
        type: "list",
        member: { shape: "Str", locationName: "item", xmlNamespace: "urn:item" },
        flattened: true,
      },
      AttrMap: {
        type: "map",
        key: { shape: "Str", locationName: "name" },
        value: { shape: "Str", locationName: "val" },
        flattened: true,
      },
      Str: { type: "string" },
      Char: { type: "character" },
      NotFound: {
        type: "structure",
        members: { message: { shape: "Str" } },
        error: { code: "NotFoundCode", httpStatusCode: 404 },
        exception: true,
      },
    },
  };
}

async function generated(protocol: string): Promise<{ read: (rel: string) => string }> {
  const dir = tempDir(`xml-schemas-${protocol}`);
  const modelDir = path.join(dir, "tiny");
  mkdirSync(modelDir, { recursive: true });
  writeFileSync(path.join(modelDir, "service.json"), JSON.stringify(model(protocol)));
  const out = path.join(dir, "out");
  await generate({ model: modelDir, out, format: false });
  return { read: (rel) => readFileSync(path.join(out, "tiny", rel), "utf8") };
}

describe("XML and query facts in generated schemas", () => {
  it("rest-xml: members, lists, maps, roots, payloads and operations carry them", async () => {
    const pkg = await generated("rest-xml");
    const schemas = pkg.read("src/schemas.ts");
    expect(schemas).toContain(`Id: { target: "string", locationName: "id", xmlAttribute: true }`);
    expect(schemas).toContain(`Tags: { target: TagListSchema, locationName: "Tag", flattened: true }`);
    expect(schemas).toContain(`Note: { target: "string", xmlNamespace: { uri: "${NS}", prefix: "n" }, queryName: "NoteQ" }`);
    expect(schemas).toContain(`Char: { target: "string" }`);
    expect(schemas).toContain(
      `{ type: "list", member: "string", memberName: "item", memberNamespace: { uri: "urn:item" }, flattened: true }`,
    );
    expect(schemas).toContain(`{ type: "map", key: "string", value: "string", keyName: "name", valueName: "val", flattened: true }`);
    // The input reference names the root and its namespace; a bare namespace string is its uri.
    expect(schemas).toMatch(
      /name: "PutThingRequest",[\s\S]*?xmlName: "PutThingRequest",\n {2}xmlNamespace: \{ uri: "https:\/\/example\.com\/doc\/2024-01-01\/" \},/,
    );
    // A payload member whose locationName is its own name is no rename: the shape names the root.
    expect(schemas).toContain(`Config: { target: ConfigSchema, xmlNamespace: { uri: "${NS}" } }`);
    expect(schemas).toMatch(/name: "Config",[\s\S]*?xmlName: "Configuration",/);
    expect(pkg.read("src/operations/put-thing.ts")).toContain(`resultWrapper: "PutThingResult"`);
    expect(pkg.read("src/errors.ts")).toContain(`code: "NotFoundCode"`);
    expect(pkg.read("src/service.ts")).toMatch(/import \{ restXml \} from "\.\/runtime\/protocols\/rest-xml\.js";/);
    expect(JSON.parse(pkg.read("package.json")).dependencies).toEqual({
      "fast-xml-parser": expect.stringMatching(/^\^5\./),
    });
  });

  it("query: the service uses awsQuery and the same facts", async () => {
    const pkg = await generated("query");
    expect(pkg.read("src/service.ts")).toMatch(/import \{ awsQuery \} from "\.\/runtime\/protocols\/query\.js";/);
    expect(pkg.read("src/schemas.ts")).toContain(`queryName: "NoteQ"`);
    expect(pkg.read("src/runtime/codecs/form.ts")).toContain("queryName");
  });

  it("rest-json: the same model's package carries none of them and no XML parser", async () => {
    const pkg = await generated("rest-json");
    const schemas = pkg.read("src/schemas.ts");
    for (const fact of ["xmlAttribute", "xmlNamespace", "flattened", "queryName", "memberName", "keyName", "xmlName"])
      expect(schemas).not.toContain(fact);
    expect(pkg.read("src/operations/put-thing.ts")).not.toContain("resultWrapper");
    expect(JSON.parse(pkg.read("package.json")).dependencies).toBeUndefined();
    expect(() => pkg.read("src/runtime/codecs/xml.ts")).toThrow();
  });
});
