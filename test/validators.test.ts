// The validators emitter: the generated checks run for real (emitted text written next to the
// runtime it imports, then imported), and the emitted file type-checks under the strict flags.
import { describe, expect, it, beforeAll } from "vitest";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { loadModels } from "../generator/load/index.js";
import { checkModel } from "../generator/check/index.js";
import { buildIR } from "../generator/ir/build.js";
import type { ServiceIR } from "../generator/ir/types.js";
import { emitValidators, parseCharClassPattern, validatorName } from "../generator/emit/validators/index.js";
import type { ValidationIssue } from "../generator/runtime/errors.js";
import { runtimeFiles } from "../generator/emit/runtime.js";
import { DEFAULT_MODEL, tempDir, tinyModel, typecheck, writeModel } from "./helpers.js";

type Validator = (value: unknown) => ValidationIssue[];
type Module = Record<string, Validator>;

const CTX = { generatorVersion: "0.0.0-test", banner: "// Generated for a test." };

async function irOf(modelDir: string, findings: string[] = []): Promise<ServiceIR> {
  const [model] = await loadModels(modelDir);
  expect(checkModel(model!).map((f) => f.pointer)).toEqual(findings);
  return buildIR(model!);
}

/** Writes the emitted validators and the runtime they import as a package; returns its folder. */
function writePackage(ir: ServiceIR, prefix: string): string {
  const dir = tempDir(prefix);
  const files = emitValidators(ir, CTX);
  expect(files.map((f) => f.path)).toEqual(["src/validators.ts"]);
  mkdirSync(path.join(dir, "src", "runtime"), { recursive: true });
  writeFileSync(path.join(dir, files[0]!.path), files[0]!.content);
  // The runtime modules the validators reach, as a package would carry them.
  for (const r of runtimeFiles(files, "test")) {
    mkdirSync(path.dirname(path.join(dir, r.path)), { recursive: true });
    writeFileSync(path.join(dir, r.path), r.content);
  }
  const compilerOptions = {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2023", "DOM"],
    types: [],
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    noImplicitOverride: true,
    noUnusedLocals: true,
    noEmit: true,
  };
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["src"] }));
  return dir;
}

async function importPackage(dir: string): Promise<Module> {
  return (await import(pathToFileURL(path.join(dir, "src", "validators.ts")).href)) as Module;
}

const only = (issues: ValidationIssue[]) => issues.map((i) => `${i.path}|${i.constraint}|${i.message}`);

function item(i: number): Record<string, unknown> {
  return {
    AccountAssociationId: `assoc${i}`,
    AssociationState: "ASSOCIATION_SUCCEEDED",
    ConnectorDestinationId: `dest-${i}`,
    Name: `Association ${i}`,
    Arn: `arn:aws:iotmanagedintegrations:us-east-1:123456789012:account-association/assoc${i}`,
  };
}

describe("validators of the seed model", () => {
  let ir: ServiceIR;
  let dir: string;
  let v: Module;
  beforeAll(async () => {
    ir = await irOf(DEFAULT_MODEL);
    dir = writePackage(ir, "validators-seed");
    v = await importPackage(dir);
  });

  it("type-checks under the strict flags", () => {
    const result = typecheck(dir);
    expect(result.output).toBe("");
    expect(result.ok).toBe(true);
  });

  it("exports a validator per structure under the name validatorName gives", () => {
    expect(validatorName(ir, "ListAccountAssociationsRequest")).toBe("validateListAccountAssociationsRequest");
    for (const s of ir.shapes.values()) {
      if (s.kind === "structure" && !s.exception) expect(typeof v[validatorName(ir, s.name)]).toBe("function");
    }
  });

  it("checks MaxResults against 1..1000", () => {
    const check = v.validateListAccountAssociationsRequest!;
    expect(only(check({ MaxResults: 0 }))).toEqual(["MaxResults|range|must be at least 1"]);
    expect(only(check({ MaxResults: 1001 }))).toEqual(["MaxResults|range|must be at most 1000"]);
    expect(check({ MaxResults: 1 })).toEqual([]);
    expect(check({ MaxResults: 1000 })).toEqual([]);
    expect(only(check({ MaxResults: 2.5 }))).toEqual(["MaxResults|type|must be an integer"]);
  });

  it("matches an unanchored pattern anywhere in the string", () => {
    const check = v.validateListAccountAssociationsRequest!;
    expect(only(check({ ConnectorDestinationId: "///" }))).toEqual([
      "ConnectorDestinationId|pattern|must match the pattern [A-Za-z0-9-_]+",
    ]);
    expect(check({ ConnectorDestinationId: "a/b" })).toEqual([]);
  });

  it("suggests the member meant by a typo", () => {
    expect(only(v.validateListAccountAssociationsRequest!({ MaxResult: 5 }))).toEqual([
      'MaxResult|unknown|unknown member "MaxResult"; did you mean "MaxResults"?',
    ]);
  });

  it("accepts a valid 50-item response and tolerates enum values it does not know", () => {
    const items = Array.from({ length: 50 }, (_, i) => item(i));
    items[7]!.AssociationState = "A_STATE_ADDED_LATER";
    expect(v.validateListAccountAssociationsResponse!({ Items: items, NextToken: "abc=" })).toEqual([]);
  });

  it("reports issues deep in a response with their path", () => {
    const items = Array.from({ length: 5 }, (_, i) => item(i));
    delete items[3]!.AssociationState;
    items[4]!.Arn = "not an arn";
    expect(only(v.validateListAccountAssociationsResponse!({ Items: items, Extra: 1 }))).toEqual([
      "Items[3].AssociationState|required|is required",
      expect.stringMatching(/^Items\[4\]\.Arn\|length\|length 10 is below the minimum \d+$/),
      expect.stringMatching(/^Items\[4\]\.Arn\|pattern\|must match the pattern arn:aws:/),
    ]);
  });

  it("hides the keys of the sensitive tags map and never echoes values", () => {
    const secret = "s3cr3t-value-".repeat(30);
    const issues = v.validateCreateAccountAssociationRequest!({
      ConnectorDestinationId: "d",
      Tags: { "secret-key-name": secret },
    });
    expect(only(issues)).toEqual(["Tags[*]|length|length 390 is above the maximum 256"]);
    expect(JSON.stringify(issues)).not.toContain("s3cr3t");
    expect(JSON.stringify(issues)).not.toContain("secret-key-name");
  });
});

/** A model exercising every constraint kind, recursion, a union and sensitive data. */
function featureModel() {
  const op = (name: string, input: string, output: string) => ({
    name,
    http: { method: "POST", requestUri: `/${name}` },
    input: { shape: input },
    output: { shape: output },
  });
  return tinyModel({
    operations: {
      PutThing: op("PutThing", "PutThingRequest", "PutThingResponse"),
      ValidateWidget: op("ValidateWidget", "Widget", "PutThingResponse"),
    },
    shapes: {
      PutThingRequest: {
        type: "structure",
        required: ["Name"],
        members: {
          Name: { shape: "Name" },
          Count: { shape: "Count" },
          MaxResults: { shape: "Count" },
          Ratio: { shape: "Ratio" },
          Flag: { shape: "Flag" },
          When: { shape: "When" },
          Data: { shape: "Data" },
          Blobs: { shape: "BlobList" },
          Kind: { shape: "Kind" },
          Ids: { shape: "Ids" },
          Labels: { shape: "Labels" },
          Choice: { shape: "Choice" },
          Tree: { shape: "Node" },
          Password: { shape: "Password" },
          Secrets: { shape: "SecretList" },
          Doc: { shape: "Doc" },
          Code: { shape: "Code" },
          Prefix: { shape: "Prefixed" },
          constructor: { shape: "Name" },
        },
      },
      PutThingResponse: {
        type: "structure",
        required: ["Name"],
        members: {
          Name: { shape: "Name" },
          Kind: { shape: "Kind" },
          Choice: { shape: "Choice" },
          Tree: { shape: "Node" },
          Ids: { shape: "Ids" },
          Data: { shape: "Data" },
          Blobs: { shape: "BlobList" },
        },
      },
      Widget: { type: "structure", members: { Name: { shape: "Name" } } },
      Name: { type: "string", min: 2, max: 5 },
      Count: { type: "integer", min: 1, max: 10 },
      Ratio: { type: "double" },
      Flag: { type: "boolean" },
      When: { type: "timestamp" },
      Data: { type: "blob", min: 1, max: 4 },
      BlobList: { type: "list", member: { shape: "Data" } },
      Kind: { type: "string", enum: ["ALPHA", "BETA"] },
      Ids: { type: "list", member: { shape: "Name" }, min: 1, max: 3 },
      Labels: { type: "map", key: { shape: "LabelKey" }, value: { shape: "Kind" }, min: 1, max: 2 },
      LabelKey: { type: "string", pattern: "^[a-z]+$" },
      Choice: { type: "structure", union: true, members: { Text: { shape: "Name" }, Number: { shape: "Count" } } },
      Node: {
        type: "structure",
        required: ["Value"],
        members: { Value: { shape: "Name" }, Children: { shape: "Nodes" }, Blob: { shape: "Data" } },
      },
      Nodes: { type: "list", member: { shape: "Node" } },
      Password: { type: "string", min: 8, pattern: "^[a-z]+$", sensitive: true },
      SecretList: { type: "list", member: { shape: "Name" }, sensitive: true },
      Doc: { type: "structure", document: true, members: {} },
      Code: { type: "string", pattern: "[0-9]{3}" },
      Prefixed: { type: "string", pattern: "^ab" },
    },
  });
}

describe("validators of a feature model", () => {
  let ir: ServiceIR;
  let dir: string;
  let put: Validator;
  let out: Validator;
  beforeAll(async () => {
    ir = await irOf(writeModel({ "service.json": featureModel() }, "validators-model"));
    dir = writePackage(ir, "validators-feature");
    const v = await importPackage(dir);
    put = v[validatorName(ir, "PutThingRequest")]!;
    out = v[validatorName(ir, "PutThingResponse")]!;
  });

  it("type-checks under the strict flags", () => {
    expect(typecheck(dir).output).toBe("");
  });

  it("renames a validator that would collide with an operation function", () => {
    expect(ir.operations.map((o) => o.functionName)).toContain("validateWidget");
    expect(validatorName(ir, "Widget")).toBe("validateWidget_");
  });

  it("requires required members; a null optional member counts as absent, as the protocols send it", () => {
    expect(only(put({}))).toEqual(["Name|required|is required"]);
    expect(only(put({ Name: null }))).toEqual(["Name|required|must not be null"]);
    expect(put({ Name: "abc", Count: null, Tree: null })).toEqual([]);
    expect(out({ Name: "abc", Kind: null, Tree: null })).toEqual([]);
    expect(only(out({}))).toEqual(["Name|required|is required"]);
  });

  it("checks types", () => {
    const issues = put({
      Name: 5,
      Count: "1",
      Ratio: "0.5",
      Flag: "true",
      When: "2024-01-01",
      Data: 5,
      Ids: "x",
      Labels: [],
      Tree: 1,
    });
    expect(only(issues)).toEqual([
      "Name|type|must be a string",
      "Count|type|must be an integer",
      "Ratio|type|must be a number",
      "Flag|type|must be a boolean",
      "When|type|must be a valid Date",
      "Data|type|must be a Uint8Array or a string",
      "Ids|type|must be an array",
      "Labels|type|must be an object",
      "Tree|type|must be an object",
    ]);
    expect(only(put({ Name: "abc", When: new Date(Number.NaN) }))).toEqual(["When|type|must be a valid Date"]);
    expect(put({ Name: "abc", Ratio: Number.NaN, Flag: false, When: new Date(0), Data: new Uint8Array(2) })).toEqual([]);
    expect(put({ Name: "abc", Ratio: -Infinity })).toEqual([]);
    // An input blob may be a string, sent UTF-8 encoded.
    expect(put({ Name: "abc", Data: "héj" })).toEqual([]);
    expect(only(put({ Name: "abc", Data: "ééé" }))).toEqual(["Data|length|length 6 is above the maximum 4"]);
    expect(only(put(null))).toEqual(["|type|must be an object"]);
    expect(only(put(new Date()))).toEqual(["|type|must be an object"]);
  });

  it("counts string length in code points", () => {
    expect(only(put({ Name: "a" }))).toEqual(["Name|length|length 1 is below the minimum 2"]);
    expect(only(put({ Name: "abcdef" }))).toEqual(["Name|length|length 6 is above the maximum 5"]);
    expect(only(put({ Name: "😀" }))).toEqual(["Name|length|length 1 is below the minimum 2"]);
    expect(put({ Name: "😀😀" })).toEqual([]);
    // Ten UTF-16 units, five code points.
    expect(put({ Name: "😀😀😀😀😀" })).toEqual([]);
    expect(only(put({ Name: "😀😀😀😀😀😀" }))).toEqual(["Name|length|length 6 is above the maximum 5"]);
  });

  it("checks blob length in bytes and number ranges", () => {
    expect(only(put({ Name: "abc", Data: new Uint8Array(0) }))).toEqual(["Data|length|length 0 is below the minimum 1"]);
    expect(only(put({ Name: "abc", Data: new Uint8Array(5) }))).toEqual(["Data|length|length 5 is above the maximum 4"]);
    expect(only(put({ Name: "abc", Count: 0, MaxResults: 11 }))).toEqual([
      "Count|range|must be at least 1",
      "MaxResults|range|must be at most 10",
    ]);
    expect(put({ Name: "abc", Count: 1, MaxResults: 10 })).toEqual([]);
  });

  it("checks patterns: anchored, unanchored, with a count, with one anchor", () => {
    expect(only(put({ Name: "abc", Password: "abcdefgh1" }))).toEqual(["Password|pattern|must match the pattern ^[a-z]+$"]);
    expect(put({ Name: "abc", Password: "abcdefghij" })).toEqual([]);
    expect(only(put({ Name: "abc", Code: "12a45" }))).toEqual(["Code|pattern|must match the pattern [0-9]{3}"]);
    expect(put({ Name: "abc", Code: "ab123" })).toEqual([]);
    expect(only(put({ Name: "abc", Prefix: "xab" }))).toEqual(["Prefix|pattern|must match the pattern ^ab"]);
    expect(put({ Name: "abc", Prefix: "abx" })).toEqual([]);
  });

  it("takes a string for a blob in input (UTF-8 length) and only bytes in output, in shared shapes too", () => {
    expect(put({ Name: "abc", Data: "ab", Blobs: ["héj"], Tree: { Value: "ab", Blob: "x" } })).toEqual([]);
    expect(only(put({ Name: "abc", Blobs: ["ééé"] }))).toEqual(["Blobs[0]|length|length 6 is above the maximum 4"]);
    expect(only(out({ Name: "abc", Data: "ab", Blobs: ["x"], Tree: { Value: "ab", Blob: "x" } }))).toEqual([
      "Tree.Blob|type|must be a Uint8Array",
      "Data|type|must be a Uint8Array",
      "Blobs[0]|type|must be a Uint8Array",
    ]);
    expect(
      out({
        Name: "abc",
        Data: new Uint8Array(1),
        Blobs: [new Uint8Array(2)],
        Tree: { Value: "ab", Blob: new Uint8Array(3) },
      }),
    ).toEqual([]);
  });

  it("rejects unknown enum values in input and tolerates them in output", () => {
    expect(only(put({ Name: "abc", Kind: "GAMMA" }))).toEqual(["Kind|enum|must be one of ALPHA, BETA"]);
    expect(put({ Name: "abc", Kind: "BETA" })).toEqual([]);
    expect(out({ Name: "abc", Kind: "GAMMA" })).toEqual([]);
    expect(only(out({ Name: "abc", Kind: 3 }))).toEqual(["Kind|type|must be a string"]);
  });

  it("checks list and map sizes, elements, keys and values", () => {
    expect(only(put({ Name: "abc", Ids: [] }))).toEqual(["Ids|size|must have at least 1 entries"]);
    expect(only(put({ Name: "abc", Ids: ["ab", "cd", "ef", "gh"] }))).toEqual(["Ids|size|must have at most 3 entries"]);
    expect(only(put({ Name: "abc", Ids: ["ab", null, "x"] }))).toEqual([
      "Ids[1]|type|must not be null",
      "Ids[2]|length|length 1 is below the minimum 2",
    ]);
    expect(only(put({ Name: "abc", Labels: {} }))).toEqual(["Labels|size|must have at least 1 entries"]);
    expect(only(put({ Name: "abc", Labels: { a: "ALPHA", b: "BETA", c: "ALPHA" } }))).toEqual(["Labels|size|must have at most 2 entries"]);
    expect(only(put({ Name: "abc", Labels: { 'Bad "key"': "ALPHA", ok: "OMEGA" } }))).toEqual([
      'Labels["Bad \\"key\\""]|pattern|key must match the pattern ^[a-z]+$',
      'Labels["ok"]|enum|must be one of ALPHA, BETA',
    ]);
  });

  it("requires exactly one member of a union in input; output tolerates a variant it does not know", () => {
    expect(put({ Name: "abc", Choice: { Text: "hello" } })).toEqual([]);
    expect(only(put({ Name: "abc", Choice: {} }))).toEqual(["Choice|union|exactly one member must be set, found 0"]);
    expect(only(put({ Name: "abc", Choice: { Text: "abc", Number: 2 } }))).toEqual([
      "Choice|union|exactly one member must be set, found 2",
    ]);
    expect(only(put({ Name: "abc", Choice: { Number: "2" } }))).toEqual(["Choice.Number|type|must be an integer"]);
    expect(out({ Name: "abc", Choice: { NewVariant: 1 } })).toEqual([]);
    expect(only(out({ Name: "abc", Choice: {} }))).toEqual(["Choice|union|exactly one member must be set, found 0"]);
    expect(only(out({ Name: "abc", Choice: { Text: "abc", Number: 2 } }))).toEqual([
      "Choice|union|exactly one member must be set, found 2",
    ]);
  });

  it("reports unknown members in input only, with a suggestion when one is close", () => {
    expect(only(put({ Name: "abc", MaxResult: 3, Zzzzzzzzzz: 1 }))).toEqual([
      'MaxResult|unknown|unknown member "MaxResult"; did you mean "MaxResults"?',
      'Zzzzzzzzzz|unknown|unknown member "Zzzzzzzzzz"',
    ]);
    expect(only(put({ Name: "abc", count: 3 }))).toEqual(['count|unknown|unknown member "count"; did you mean "Count"?']);
    expect(out({ Name: "abc", MaxResult: 3 })).toEqual([]);
  });

  it("reads only own properties for member names objects inherit", () => {
    expect(put({ Name: "abc" })).toEqual([]);
    expect(only(put({ Name: "abc", constructor: "x" }))).toEqual(["constructor|length|length 1 is below the minimum 2"]);
  });

  it("follows recursive shapes, in input and in output mode", () => {
    const tree = {
      Value: "root",
      Children: [{ Value: "aa" }, { Value: "bb", Children: [{ Value: "cc" }, { Value: "d", Extra: 1 }] }],
    };
    expect(only(put({ Name: "abc", Tree: tree }))).toEqual([
      "Tree.Children[1].Children[1].Value|length|length 1 is below the minimum 2",
      'Tree.Children[1].Children[1].Extra|unknown|unknown member "Extra"',
    ]);
    expect(only(out({ Name: "abc", Tree: tree }))).toEqual(["Tree.Children[1].Children[1].Value|length|length 1 is below the minimum 2"]);
    expect(only(out({ Name: "abc", Tree: { Children: [{}] } }))).toEqual([
      "Tree.Value|required|is required",
      "Tree.Children[0].Value|required|is required",
    ]);
  });

  it("accepts any JSON value as a document, null included", () => {
    expect(put({ Name: "abc", Doc: { a: [1, "x", null, { b: true }] } })).toEqual([]);
    expect(put({ Name: "abc", Doc: null })).toEqual([]);
    expect(only(put({ Name: "abc", Doc: { a: () => 1 } }))).toEqual(["Doc|type|must be a JSON value"]);
    expect(only(put({ Name: "abc", Doc: Number.POSITIVE_INFINITY }))).toEqual(["Doc|type|must be a JSON value"]);
  });

  it("never shows a sensitive value in an issue", () => {
    const password = "Hunter2!";
    const inList = "SECRET-IN-LIST-TOO-LONG";
    const issues = put({ Name: "abc", Password: password, Secrets: ["ok", inList, 3] });
    expect(only(issues)).toEqual([
      "Password|pattern|must match the pattern ^[a-z]+$",
      "Secrets[1]|length|length 23 is above the maximum 5",
      "Secrets[2]|type|must be a string",
    ]);
    const text = JSON.stringify(issues);
    expect(text).not.toContain(password);
    expect(text).not.toContain(inList);
    expect(only(put({ Name: "abc", Password: "short" }))).toEqual(["Password|length|length 5 is below the minimum 8"]);
  });
});

describe("character-class patterns", () => {
  it("reads the simple forms and leaves the rest to RegExp", () => {
    expect(parseCharClassPattern("[A-Za-z0-9-_]+")).toEqual({
      ranges: [
        [45, 45],
        [48, 57],
        [65, 90],
        [95, 95],
        [97, 122],
      ],
      negated: false,
      min: 1,
      max: Infinity,
      start: false,
      end: false,
    });
    expect(parseCharClassPattern("^[a-z]*$")).toMatchObject({ ranges: [[97, 122]], min: 0, start: true, end: true });
    expect(parseCharClassPattern("[^/]+")).toMatchObject({ negated: true, ranges: [[47, 47]] });
    expect(parseCharClassPattern("^[\\w.\\-]{1,64}$")).toMatchObject({
      min: 1,
      max: 64,
      ranges: [
        [45, 46],
        [48, 57],
        [65, 90],
        [95, 95],
        [97, 122],
      ],
    });
    for (const other of ["[a-z]+[0-9]", "(a|b)", "[a-z]+|x", "^.+$", "[^a]{2,}", "[😀]+", "[a-z]+?", "[\\p{L}]+"]) {
      expect(parseCharClassPattern(other)).toBeUndefined();
    }
  });

  it("agrees with RegExp on strings with and without surrogates", async () => {
    const patterns = ["[A-Za-z0-9-_]+", "[^/]+", "[0-9]{3}", "^[a-z]{2}", "[a-z]{2,}$", "[\\s]+", "[\\d\\-]*", "^[^a]", "[\\u00e9x]+"];
    const shapes: Record<string, unknown> = { In: { type: "structure", members: {} } };
    const members: Record<string, unknown> = {};
    patterns.forEach((p, i) => {
      shapes[`P${i}`] = { type: "string", pattern: p };
      members[`P${i}`] = { shape: `P${i}` };
    });
    (shapes.In as Record<string, unknown>).members = members;
    const model = tinyModel({
      operations: { Go: { name: "Go", http: { method: "POST", requestUri: "/" }, input: { shape: "In" } } },
      shapes,
    });
    const ir = await irOf(writeModel({ "service.json": model }, "validators-patterns"));
    const dir = writePackage(ir, "validators-patterns");
    const validate = (await importPackage(dir))[validatorName(ir, "In")]!;
    const samples = [
      "",
      "a",
      "ab",
      "abc",
      "a/b",
      "///",
      "123",
      "12a",
      "é",
      " \t",
      "😀",
      "😀a",
      "a😀",
      "x😀😀",
      "\ud800",
      "ab12cd",
      "-_-",
      "aé",
    ];
    for (const [i, p] of patterns.entries()) {
      const re = new RegExp(p, "u");
      for (const s of samples) {
        const failed = validate({ [`P${i}`]: s }).length > 0;
        expect({ p, s, failed }).toEqual({ p, s, failed: !re.test(s) });
      }
    }
  });
});

describe("a hostile model", () => {
  const nasty = ['we"ird', "back\\slash", "new\nline", "end*/comment", "${inject}", "line\u2028sep"];

  it("compiles and keeps every model string a string", async () => {
    const members: Record<string, unknown> = {};
    nasty.forEach((n, i) => (members[n] = { shape: i % 2 ? 'Evil"Enum' : "Evil*/Str" }));
    const model = tinyModel({
      operations: {
        Go: {
          name: "Go",
          http: { method: "POST", requestUri: "/" },
          input: { shape: "In\\put" },
          output: { shape: "Out`put" },
        },
      },
      shapes: {
        "In\\put": {
          type: "structure",
          members: { ...members, "Map${x}": { shape: "Evil\\Map" }, "Bad`Pattern": { shape: "Broken" } },
        },
        "Out`put": { type: "structure", members: { "x*/": { shape: 'Evil"Enum' } } },
        'Evil"Enum': { type: "string", enum: ['a"b', "c\\d", "e\nf", "*/", "${g}", "`h`"] },
        "Evil*/Str": { type: "string", pattern: '^[a-z"\\\\*/${}`]+$', max: 10 },
        "Evil\\Map": { type: "map", key: { shape: "Evil*/Str" }, value: { shape: 'Evil"Enum' } },
        Broken: { type: "string", pattern: "(?<x" },
      },
    });
    // A pattern with no JavaScript meaning is a notice, not an error: the service still checks it.
    const ir = await irOf(writeModel({ "service.json": model }, "validators-hostile"));
    expect(ir.notices).toEqual([expect.stringMatching(/^Broken: its pattern is not checked on the client \(/)]);
    const dir = writePackage(ir, "validators-hostile");
    expect(typecheck(dir).output).toBe("");
    expect(readFileSync(path.join(dir, "src", "validators.ts"), "utf8")).toContain(
      '// The pattern "(?<x" has no JavaScript equivalent: values are not checked against it.',
    );
    const mod = await importPackage(dir);
    const input = mod[validatorName(ir, "In\\put")]!;
    const output = mod[validatorName(ir, "Out`put")]!;
    const good: Record<string, unknown> = { "Map${x}": { 'a"*/': "${g}" }, "Bad`Pattern": "anything at all" };
    nasty.forEach((n, i) => (good[n] = i % 2 ? "e\nf" : 'ab"\\*/$'));
    expect(input(good)).toEqual([]);
    expect(only(input({ ...good, [nasty[1]!]: "nope", [nasty[0]!]: "UPPER" }))).toEqual([
      '["we\\"ird"]|pattern|must match the pattern ^[a-z"\\\\*/${}`]+$',
      '["back\\\\slash"]|enum|must be one of a"b, c\\d, e\nf, */, ${g}, `h`',
    ]);
    expect(only(input({ "Map${x}": { "Key space": "`h`" } }))).toEqual([
      '["Map${x}"]["Key space"]|pattern|key must match the pattern ^[a-z"\\\\*/${}`]+$',
    ]);
    expect(only(input({ 'we"irD': "abc" }))).toEqual(['["we\\"irD"]|unknown|unknown member "we\\"irD"; did you mean "we\\"ird"?']);
    expect(output({ "x*/": "unknown value" })).toEqual([]);
  });
});

describe("validators of sparse collections", () => {
  it("accept null entries in sparse lists and maps, and refuse them in dense ones", async () => {
    const model = tinyModel({
      operations: {
        PutThing: { name: "PutThing", http: { method: "POST", requestUri: "/things" }, input: { shape: "PutThingRequest" } },
      },
      shapes: {
        PutThingRequest: {
          type: "structure",
          members: {
            Sparse: { shape: "SparseItems" },
            SparseMap: { shape: "SparseAttrs" },
            Dense: { shape: "DenseItems" },
          },
        },
        SparseItems: { type: "list", member: { shape: "Text" }, sparse: true },
        SparseAttrs: { type: "map", key: { shape: "Text" }, value: { shape: "Text" }, sparse: true },
        DenseItems: { type: "list", member: { shape: "Text" } },
        Text: { type: "string" },
      },
    });
    const ir = await irOf(path.join(writeModel({ "sparse/service.json": model }), "sparse"));
    const validate = (await importPackage(writePackage(ir, "svcgen-sparse-")))[validatorName(ir, "PutThingRequest")]!;
    expect(validate({ Sparse: ["a", null], SparseMap: { k: null } })).toEqual([]);
    expect(only(validate({ Dense: ["a", null] }))).toHaveLength(1);
  });
});
