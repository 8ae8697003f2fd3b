// A catalogue of broken models (check.test.ts holds the first few checks; these are the rest):
// each run of the CLI (its `main`, in process; one case also as a real process) names the file,
// the JSON pointer and the problem, exits 1, and leaves an output folder that holds a previous
// generation byte-identical. Then a generation killed in the middle of its write, at every kind
// of step, leaves the previous package intact (the write stage in a process of its own, killed;
// once the whole CLI; the next run in process).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { generate } from "../generator/generate.js";
import { ModelError, type Finding } from "../generator/diagnostics.js";
import { MAX_DEPTH, MAX_REF_CHAIN } from "../generator/load/refs.js";
import { ROOT, readTree, runCliInProcess, tempDir, tinyModel, writeModel, type CliResult } from "./helpers.js";

type Obj = Record<string, unknown>;
type Model = ReturnType<typeof tinyModel>;

/** Two CLI processes at a time: one per core, leaving the other test files room to run. */
let running = 0;
const waiting: Array<() => void> = [];
async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running < 2) running++;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    // A finished run hands its place straight to the next one waiting.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** The CLI as helpers.runCli runs it, without blocking: cases run side by side. */
function runCliAsync(args: string[], nodeArgs: string[] = []): Promise<CliResult & { signal: NodeJS.Signals | null }> {
  return slot(() => spawnScript(path.join(ROOT, "generator", "cli.ts"), args, nodeArgs));
}

/** kill-write-child.ts: the write stage of a generation of `planned` files, in a process of its own. */
function runWriteAsync(out: string, planned: string, nodeArgs: string[]): Promise<CliResult & { signal: NodeJS.Signals | null }> {
  return slot(() => spawnScript(path.join(ROOT, "test", "kill-write-child.ts"), [out, "tiny", planned], nodeArgs));
}

function spawnScript(script: string, args: string[], nodeArgs: string[]): Promise<CliResult & { signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", script, ...args], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("error", reject);
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

/** The tiny model, changed by `mutate`, as the one file of a folder named `tiny`. */
function tiny(mutate: (m: Model & Obj) => void, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const m = structuredClone(tinyModel()) as Model & Obj;
  mutate(m);
  return { "tiny/service.json": m, ...extra };
}
const shapes = (m: Model) => m.shapes as Record<string, Obj>;
const ops = (m: Model) => m.operations as Record<string, Obj>;
const meta = (m: Model) => m.metadata as Obj;
const members = (m: Model, shape: string) => shapes(m)[shape]!.members as Record<string, Obj>;

interface BrokenCase {
  readonly name: string;
  /** Files under a fresh folder; the model is its `tiny/` unless `model` says otherwise. */
  readonly files: Record<string, unknown>;
  /** What --model gets, relative to that folder (`tiny` unless given). */
  readonly model?: string;
  /** Runs before the CLI, in the folder (for what JSON cannot write: links, huge files). */
  readonly prepare?: (dir: string) => void;
  /** The file the finding names (relative to the model folder), or a function of the folder. */
  readonly file: string | ((dir: string) => string);
  readonly pointer: string;
  readonly message: RegExp;
}

const VALID_PAGINATORS = { pagination: { GetThing: { input_token: "Id", output_token: "Name" } } };

const CASES: BrokenCase[] = [
  // ---- Reading the files
  {
    name: "JSON with a syntax error",
    files: { "tiny/service.json": '{\n  "metadata": {,\n}' },
    file: "service.json",
    pointer: "",
    message: /cannot read the model: .* at line 2, column 16$/,
  },
  {
    name: "an empty JSON file",
    files: { "tiny/service.json": "" },
    file: "service.json",
    pointer: "",
    message: /cannot read the model: the file is empty/,
  },
  {
    name: "YAML with bad indentation",
    files: { "tiny/service.yaml": "metadata:\n  apiVersion: x\n protocol: [\n" },
    file: "service.yaml",
    pointer: "",
    message: /cannot read the model: .*at line 3, column 1/,
  },
  {
    name: "YAML with a key given twice",
    files: { "tiny/service.yaml": "metadata: {}\nshapes: {}\nmetadata: {}\n" },
    file: "service.yaml",
    pointer: "",
    message: /Map keys must be unique at line 3/,
  },
  {
    name: "a YAML alias bomb",
    files: {
      "tiny/service.yaml":
        [
          "a: &a [x, x, x, x, x, x, x, x, x, x]",
          ..."bcdef".split("").map((k, i) => `${k}: &${k} [${Array(10).fill(`*${"abcdef"[i]}`).join(", ")}]`),
        ].join("\n") + "\n",
    },
    file: "service.yaml",
    pointer: "",
    message: /Excessive alias count/,
  },
  {
    name: "a model that is a list, not an object",
    files: { "tiny/service.json": [] },
    file: "service.json",
    pointer: "",
    message: /a model must be an object with metadata, operations and shapes/,
  },
  {
    name: "a file over the size limit",
    files: { "tiny/service.json": "{}" },
    prepare: (dir) => truncateSync(path.join(dir, "tiny", "service.json"), 64 * 1024 * 1024 + 1),
    file: "service.json",
    pointer: "",
    message: /cannot read the model: file is larger than 67108864 bytes/,
  },
  {
    name: "nesting deeper than any model",
    files: { "tiny/service.json": `{"x": ${"[".repeat(100_000)}${"]".repeat(100_000)}}` },
    file: "service.json",
    pointer: "/x" + "/0".repeat(MAX_DEPTH - 1),
    message: new RegExp(`nested more than ${MAX_DEPTH} levels deep`),
  },
  {
    name: "a model file that is a named pipe",
    files: {},
    // Nobody ever writes to the pipe: a reader that opened it would wait for ever.
    prepare: (dir) => {
      mkdirSync(path.join(dir, "tiny"));
      execFileSync("mkfifo", [path.join(dir, "tiny", "service.json")]);
    },
    file: "service.json",
    pointer: "",
    message: /cannot read the model: it is a named pipe, not a regular file/,
  },
  {
    name: "$ref to a missing file",
    files: tiny((m) => (m.shapes = { $ref: "shapes/missing.json" })),
    file: "service.json",
    pointer: "/shapes/$ref",
    message: /cannot load \$ref target shapes\/missing\.json: .*ENOENT/,
  },
  {
    name: "$ref to a URL",
    files: tiny((m) => (m.shapes = { $ref: "https://example.com/shapes.json" })),
    file: "service.json",
    pointer: "/shapes/$ref",
    message: /\$ref "https:\/\/example\.com\/shapes\.json" is a URL; only relative files inside the model folder/,
  },
  {
    name: "$ref to a file outside the model folder",
    files: tiny((m) => (m.shapes = { $ref: "../outside.json" }), { "outside.json": {} }),
    file: "service.json",
    pointer: "/shapes/$ref",
    message: /\$ref "\.\.\/outside\.json" leaves the model folder/,
  },
  {
    name: "$ref to an absolute path",
    files: tiny((m) => (m.shapes = { $ref: "/etc/hostname" })),
    file: "service.json",
    pointer: "/shapes/$ref",
    message: /\$ref "\/etc\/hostname" leaves the model folder/,
  },
  {
    name: "$ref through a symbolic link that leads outside",
    files: tiny((m) => (m.shapes = { $ref: "link.json" }), { "outside.json": {} }),
    prepare: (dir) => symlinkSync(path.join(dir, "outside.json"), path.join(dir, "tiny", "link.json")),
    file: "service.json",
    pointer: "/shapes/$ref",
    message: /cannot load \$ref target link\.json: it is a link to .*outside\.json, outside the model folder/,
  },
  {
    name: "$ref to a pointer that is not there",
    files: tiny((m) => (m.shapes = { $ref: "shapes.json#/Nope" }), { "tiny/shapes.json": {} }),
    file: "service.json",
    pointer: "/shapes/$ref",
    message: /\$ref "shapes\.json#\/Nope" points at nothing: shapes\.json has no "\/Nope"/,
  },
  {
    name: "$ref cycle between two files",
    files: tiny((m) => (m.shapes = { $ref: "a.json" }), {
      "tiny/a.json": { $ref: "b.json" },
      "tiny/b.json": { $ref: "a.json" },
    }),
    file: "b.json",
    pointer: "/$ref",
    message: /\$ref "a\.json" is circular/,
  },
  {
    name: "$ref with sibling keys",
    files: tiny((m) => (m.shapes = { $ref: "shapes.json", Extra: {} }), { "tiny/shapes.json": {} }),
    file: "service.json",
    pointer: "/shapes/$ref",
    message: /\$ref may not have sibling keys \(Extra\)/,
  },
  {
    name: "$ref to a file with a syntax error",
    files: tiny((m) => (m.shapes = { $ref: "shapes.json" }), { "tiny/shapes.json": '{\n  "A": nope\n}' }),
    file: "service.json",
    pointer: "/shapes/$ref",
    message: /cannot load \$ref target shapes\.json: Unexpected token 'o'/,
  },
  {
    name: "$ref with a fragment that is not a pointer",
    files: tiny((m) => (m.shapes = { $ref: "#shapes" })),
    file: "service.json",
    pointer: "/shapes/$ref",
    message: /\$ref "#shapes": "shapes" is not a JSON pointer/,
  },
  // A path that does not exist is a usage error (exit 2): test/cli.test.ts.
  {
    name: "a folder with no model in it",
    files: { "tiny/readme.txt": "no model" },
    file: (dir) => path.join(dir, "tiny"),
    pointer: "",
    message: /no model here: expected service\.json/,
  },
  {
    name: "two models that would share one package folder",
    files: { "Foo_Bar/service.json": tinyModel(), "foo-bar/service.json": tinyModel() },
    model: ".",
    file: (dir) => dir,
    pointer: "",
    message: /two models would both be written to foo-bar\//,
  },
  {
    name: "a paginators-1.json with a syntax error (botocore layout)",
    files: { "tiny/service-2.json": tinyModel(), "tiny/paginators-1.json": "{ pagination" },
    file: "paginators-1.json",
    pointer: "",
    message: /cannot read the model: .* at line 1, column 3/,
  },
  {
    name: "a paginator in paginators-1.json for an unknown operation (botocore layout)",
    files: {
      "tiny/service-2.json": tinyModel(),
      "tiny/paginators-1.json": { pagination: { ListNothing: { input_token: "A", output_token: "B" } } },
    },
    file: "paginators-1.json",
    pointer: "/pagination/ListNothing",
    message: /paginator for "ListNothing", which is not an operation of the model/,
  },

  // ---- Metadata and the top level
  {
    name: "no metadata",
    files: tiny((m) => delete (m as Obj).metadata),
    file: "service.json",
    pointer: "/metadata",
    message: /the model has no metadata object/,
  },
  {
    name: "an unknown protocol",
    files: tiny((m) => (meta(m).protocol = "smithy-rpc-v9")),
    file: "service.json",
    pointer: "/metadata/protocol",
    message: /protocol "smithy-rpc-v9" is not supported \(supported: rest-json, json, query, ec2, rest-xml, smithy-rpc-v2-cbor\)/,
  },
  {
    name: "the smithy-rpc-v2-cbor protocol without targetPrefix",
    files: tiny((m) => (meta(m).protocol = "smithy-rpc-v2-cbor")),
    file: "service.json",
    pointer: "/metadata/targetPrefix",
    message: /the smithy-rpc-v2-cbor protocol needs metadata\.targetPrefix/,
  },
  {
    name: "the json protocol without targetPrefix",
    files: tiny((m) => (meta(m).protocol = "json")),
    file: "service.json",
    pointer: "/metadata/targetPrefix",
    message: /the json protocol needs metadata\.targetPrefix/,
  },
  {
    name: "apiVersion of the wrong type",
    files: tiny((m) => (meta(m).apiVersion = 20240101)),
    file: "service.json",
    pointer: "/metadata/apiVersion",
    message: /metadata\.apiVersion must be a non-empty string/,
  },
  {
    name: "no serviceId",
    files: tiny((m) => delete meta(m).serviceId),
    file: "service.json",
    pointer: "/metadata/serviceId",
    message: /metadata needs a serviceId \(or serviceFullName\)/,
  },
  {
    name: "shapes given as a list",
    files: tiny((m) => ((m as Obj).shapes = [])),
    file: "service.json",
    pointer: "/shapes",
    message: /the model has no shapes object/,
  },
  {
    name: "no operations",
    files: tiny((m) => delete (m as Obj).operations),
    file: "service.json",
    pointer: "/operations",
    message: /the model has no operations object/,
  },

  // ---- Shapes
  {
    name: "a list whose member is not defined",
    files: tiny((m) => (shapes(m).Ids = { type: "list", member: { shape: "Nope" } })),
    file: "service.json",
    pointer: "/shapes/Ids/member/shape",
    message: /list Ids's member refers to shape "Nope", which the model does not define/,
  },
  {
    name: "a map whose key is not defined",
    files: tiny((m) => (shapes(m).Tags = { type: "map", key: { shape: "Nope" }, value: { shape: "Id" } })),
    file: "service.json",
    pointer: "/shapes/Tags/key/shape",
    message: /map Tags's key refers to shape "Nope"/,
  },
  {
    name: "an operation output that is not defined",
    files: tiny((m) => (ops(m).GetThing!.output = { shape: "Gone" })),
    file: "service.json",
    pointer: "/operations/GetThing/output/shape",
    message: /GetThing's output refers to shape "Gone", which the model does not define/,
  },
  {
    name: "an error that is not defined",
    files: tiny((m) => (ops(m).GetThing!.errors = [{ shape: "NotFound" }, { shape: "Gone" }])),
    file: "service.json",
    pointer: "/operations/GetThing/errors/1/shape",
    message: /GetThing's error refers to shape "Gone"/,
  },
  {
    name: "a shape that is not an object",
    files: tiny((m) => ((shapes(m) as Obj).Id = "string")),
    file: "service.json",
    pointer: "/shapes/Id",
    message: /shape "Id" must be an object/,
  },
  {
    name: "members given as a list",
    files: tiny((m) => (shapes(m).GetThingResponse!.members = [{ shape: "Id" }])),
    file: "service.json",
    pointer: "/shapes/GetThingResponse/members",
    message: /members must be an object/,
  },
  {
    name: "a member that is only a name",
    files: tiny((m) => ((members(m, "GetThingResponse") as Obj).Name = "Id")),
    file: "service.json",
    pointer: "/shapes/GetThingResponse/members/Name",
    message: /member GetThingResponse\.Name must be an object with a "shape" name/,
  },
  {
    name: "required given as a string",
    files: tiny((m) => (shapes(m).GetThingRequest!.required = "Id")),
    file: "service.json",
    pointer: "/shapes/GetThingRequest/required",
    message: /required must be a list of member names/,
  },
  {
    name: "a payload that is not a member",
    files: tiny((m) => (shapes(m).GetThingResponse!.payload = "Body")),
    file: "service.json",
    pointer: "/shapes/GetThingResponse/payload",
    message: /payload "Body" is not a member of GetThingResponse/,
  },
  {
    name: "an unknown member location",
    files: tiny((m) => (members(m, "GetThingResponse").Name!.location = "body")),
    file: "service.json",
    pointer: "/shapes/GetThingResponse/members/Name/location",
    message: /member GetThingResponse\.Name has unknown location "body"/,
  },
  {
    name: "a cycle through required members",
    files: tiny((m) => {
      members(m, "GetThingResponse").Outer = { shape: "A" };
      shapes(m).A = { type: "structure", required: ["b"], members: { b: { shape: "B" } } };
      shapes(m).B = {
        type: "structure",
        required: ["name", "a"],
        members: { name: { shape: "Id" }, a: { shape: "A" } },
      };
    }),
    file: "service.json",
    pointer: "/shapes/A/required/0",
    message: /required member "b" of A leads to a cycle of required members \(A → B → A\): no value of A can ever be built/,
  },
  {
    name: "a list that holds itself with no structure between",
    files: tiny((m) => {
      members(m, "GetThingResponse").Nested = { shape: "Nest" };
      shapes(m).Nest = { type: "list", member: { shape: "NestMap" } };
      shapes(m).NestMap = { type: "map", key: { shape: "Id" }, value: { shape: "Nest" } };
    }),
    file: "service.json",
    pointer: "/shapes/NestMap/value/shape",
    message: /map NestMap contains itself with no structure in between \(Nest → NestMap → Nest\)/,
  },
  {
    name: "a structure name that becomes an empty identifier",
    files: tiny((m) => {
      shapes(m)["名前"] = { type: "structure", members: {} };
      members(m, "GetThingResponse").Named = { shape: "名前" };
    }),
    file: "service.json",
    pointer: "/shapes/名前",
    message: /shape name "名前" has no letter, digit, _ or \$, so it would become an empty identifier/,
  },
  {
    name: "two structure names that become one identifier",
    files: tiny((m) => {
      shapes(m)["Ünïcode"] = { type: "structure", members: {} };
      shapes(m)["Ånïcode"] = { type: "structure", members: {} };
    }),
    file: "service.json",
    pointer: "/shapes/Ünïcode",
    message: /shape "Ünïcode" and shape "Ånïcode" both become the TypeScript name nCode/,
  },
  {
    name: "a shape name holding a terminal escape",
    files: tiny((m) => {
      shapes(m)["Bad\u001b[2JName"] = { type: "structure", members: {} };
      members(m, "GetThingResponse").Bad = { shape: "Bad\u001b[2JName" };
    }),
    file: "service.json",
    // Shown escaped: a model cannot write control sequences to the terminal.
    pointer: "/shapes/Bad\\u001b[2JName",
    message: /shape name "Bad\\u001b\[2JName" contains a control character/,
  },
  {
    name: "an enum value that is not a string",
    files: tiny((m) => (shapes(m).Id!.enum = ["a", 2])),
    file: "service.json",
    pointer: "/shapes/Id/enum/1",
    message: /enum value 2 is not a string/,
  },
  {
    name: "an enum value listed twice",
    files: tiny((m) => (shapes(m).Id!.enum = ["a", "b", "a"])),
    file: "service.json",
    pointer: "/shapes/Id/enum/2",
    message: /enum value "a" is listed twice/,
  },
  {
    name: "min greater than max",
    files: tiny((m) => Object.assign(shapes(m).Id!, { min: 5, max: 2 })),
    file: "service.json",
    pointer: "/shapes/Id/min",
    message: /min 5 is greater than max 2: no value of Id could be valid/,
  },
  {
    name: "max of the wrong type",
    files: tiny((m) => (shapes(m).Id!.max = "10")),
    file: "service.json",
    pointer: "/shapes/Id/max",
    message: /max must be a number, not "10"/,
  },
  {
    name: "an unknown timestampFormat",
    files: tiny((m) => {
      shapes(m).When = { type: "timestamp", timestampFormat: "epoch-millis" };
      members(m, "GetThingResponse").When = { shape: "When" };
    }),
    file: "service.json",
    pointer: "/shapes/When/timestampFormat",
    message: /unknown timestampFormat "epoch-millis" \(known: iso8601, rfc822, unixTimestamp\)/,
  },

  // ---- Operations
  {
    name: "an operation that is not an object",
    files: tiny((m) => ((ops(m) as Obj).GetThing = "GET /things")),
    file: "service.json",
    pointer: "/operations/GetThing",
    message: /operation "GetThing" must be an object/,
  },
  {
    name: "an operation without http",
    files: tiny((m) => delete ops(m).GetThing!.http),
    file: "service.json",
    pointer: "/operations/GetThing/http",
    message: /http must give a method and a requestUri/,
  },
  {
    name: "an input that is not a structure",
    files: tiny((m) => (ops(m).GetThing!.input = { shape: "Id" })),
    file: "service.json",
    pointer: "/operations/GetThing/input/shape",
    message: /GetThing's input must be a structure/,
  },
  {
    name: "a URI label in an operation that has no input",
    files: tiny((m) => delete ops(m).GetThing!.input),
    file: "service.json",
    pointer: "/operations/GetThing/http/requestUri",
    message: /URI label \{Id\} of GetThing has no input member with "location": "uri"/,
  },
  {
    name: "errors given as an object",
    files: tiny((m) => (ops(m).GetThing!.errors = { shape: "NotFound" })),
    file: "service.json",
    pointer: "/operations/GetThing/errors",
    message: /errors must be a list/,
  },
  {
    name: "operation names that differ only in case",
    files: tiny((m) => (ops(m).getThing = { ...ops(m).GetThing!, name: "getThing" })),
    file: "service.json",
    pointer: "/operations/getThing",
    message: /operations "GetThing" and "getThing" both become get-thing; rename one/,
  },
  {
    name: "long operation names whose file names agree",
    files: tiny((m) => {
      const long = "Get" + "Thing".repeat(30);
      ops(m)[long + "A"] = { ...ops(m).GetThing!, name: long + "A" };
      ops(m)[long + "B"] = { ...ops(m).GetThing!, name: long + "B" };
    }),
    file: "service.json",
    pointer: "/operations/Get" + "Thing".repeat(30) + "B",
    message: /operations "Get(Thing)+A" and "Get(Thing)+B" both become get-thing-thing[a-z-]*; rename one/,
  },
  {
    name: "a uid that would name a folder outside generated/",
    files: {
      "tiny.json": { ...tinyModel(), metadata: { ...tinyModel().metadata, uid: "../../../escape-2024-01-01" } },
    },
    model: "tiny.json",
    file: "tiny.json",
    pointer: "/metadata/uid",
    message: /metadata\.uid "\.\.\/\.\.\/\.\.\/escape-2024-01-01" names the package folder, so it may not hold a path/,
  },
  {
    name: "an operation name that becomes an empty identifier",
    files: tiny((m) => (ops(m)["取得"] = { ...ops(m).GetThing!, name: "取得" })),
    file: "service.json",
    pointer: "/operations/取得",
    message: /operation name "取得" has no letter, digit, _ or \$, so it would become an empty identifier/,
  },

  // ---- Paginators
  {
    name: "pagination given as a list",
    files: tiny((m) => ((m as Obj).pagination = [])),
    file: "service.json",
    pointer: "/pagination",
    message: /pagination must be an object/,
  },
  {
    name: "a paginator that is not an object",
    files: tiny((m) => ((m as Obj).pagination = { GetThing: "Id" })),
    file: "service.json",
    pointer: "/pagination/GetThing",
    message: /a paginator must be an object/,
  },
  {
    name: "an output token that is not in the output",
    files: tiny((m) =>
      Object.assign(m, {
        pagination: { GetThing: { ...VALID_PAGINATORS.pagination.GetThing, output_token: "NextToken" } },
      }),
    ),
    file: "service.json",
    pointer: "/pagination/GetThing/output_token",
    message: /output_token "NextToken" is not a member of GetThing's output/,
  },
];

const scratch: string[] = [];
afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

describe("broken models", () => {
  let out: string;
  let before: Map<string, string>;
  beforeAll(async () => {
    // A previous generation of the same package, which no failing run may touch.
    out = tempDir("broken-out");
    scratch.push(out);
    const good = writeModel({ "tiny/service.json": tinyModel() }, "broken-good");
    scratch.push(good);
    await generate({ model: path.join(good, "tiny"), out, format: false });
    before = readTree(out);
    expect([...before.keys()]).toContain("tiny/src/index.ts");
  });

  it("the catalogue holds at least 30 distinct cases", () => {
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    expect(new Set(CASES.map((c) => `${c.pointer} ${c.message.source}`)).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    console.log(`broken models: ${CASES.length} in the catalogue`);
  });

  /** The assertions every case makes on a run of the CLI, in process or not. */
  function expectRefused(c: BrokenCase, dir: string, r: CliResult) {
    expect(r.status, r.stderr).toBe(1);
    const file = typeof c.file === "string" ? c.file : c.file(dir);
    const prefix = `error: ${file}#${c.pointer}: `;
    const lines = r.stderr.split("\n").filter((l) => l.startsWith(prefix));
    expect(lines, r.stderr).not.toEqual([]);
    expect(
      lines.some((l) => c.message.test(l.slice(prefix.length))),
      r.stderr,
    ).toBe(true);
    expect(r.stderr).toMatch(/svcgen: the model has \d+ error\(s\); nothing was written/);
    expect(readTree(out)).toEqual(before);
  }

  it.each(CASES)("$name: file, pointer and message; exit 1; output untouched", async (c) => {
    const dir = writeModel(c.files, "broken");
    scratch.push(dir);
    c.prepare?.(dir);
    const model = path.join(dir, c.model ?? "tiny");
    expectRefused(c, dir, await runCliInProcess(["--model", model, "--out", out]));
  });

  it("as a real process: exit status 1 and the finding on stderr, nothing written", async () => {
    const c = CASES.find((k) => k.name === "$ref to a file outside the model folder")!;
    const dir = writeModel(c.files, "broken");
    scratch.push(dir);
    const r = await runCliAsync(["--model", path.join(dir, "tiny"), "--out", out]);
    expect(r.signal).toBeNull();
    expect(r.stdout).toBe("");
    expectRefused(c, dir, r);
  });
});

// ---- Hostile references and files, in process (no CLI spawn: the exit code for a ModelError is
// the case above; these check the finding, the time taken and the untouched output)

/** Levels of references, each naming the one below `fan` times: fan^levels leaves. */
function laughs(levels: number, fan: number, ref: (level: number) => string): Record<string, unknown> {
  const doc: Record<string, unknown> = { l0: Array(fan).fill("lol") };
  for (let l = 1; l <= levels; l++) doc[`l${l}`] = Array.from({ length: fan }, () => ({ $ref: ref(l - 1) }));
  return doc;
}

interface InProcessCase {
  readonly name: string;
  readonly files: Record<string, unknown>;
  readonly prepare?: (dir: string) => void | Promise<void>;
  readonly file: string;
  readonly pointer: RegExp;
  readonly message: RegExp;
}

const IN_PROCESS: InProcessCase[] = [
  {
    name: "references that multiply in one file (10^10 leaves from 2 KB)",
    files: tiny((m) => Object.assign(m, { shapes: { $ref: "#/l10" }, ...laughs(10, 10, (l) => `#/l${l}`) })),
    file: "service.json",
    pointer: /^\/l\d+\/\d+\/\$ref$/,
    message: /expanding \$ref references gives more than 1,000,000 JSON nodes .*references multiply/,
  },
  {
    name: "references that multiply across files",
    files: tiny((m) => (m.shapes = { $ref: "laughs.json#/l9" }), {
      "tiny/laughs.json": laughs(9, 12, (l) => `laughs.json#/l${l}`),
    }),
    file: "laughs.json",
    pointer: /^\/l\d+\/\d+\/\$ref$/,
    message: /references multiply/,
  },
  {
    name: "a chain of 5000 references in one file",
    files: tiny((m) => {
      const doc = m as Obj;
      doc.shapes = { $ref: "#/c0" };
      for (let i = 0; i < 5000; i++) doc[`c${i}`] = { $ref: `#/c${i + 1}` };
      doc.c5000 = {};
    }),
    file: "service.json",
    pointer: new RegExp(`^/c${MAX_REF_CHAIN - 1}/\\$ref$`),
    message: new RegExp(`\\$ref leads to a \\$ref more than ${MAX_REF_CHAIN} times in a row`),
  },
  {
    name: "a chain of 2000 files, each a reference to the next",
    files: tiny(
      (m) => (m.shapes = { $ref: "f0.json" }),
      Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`tiny/f${i}.json`, { $ref: `f${i + 1}.json` }])),
    ),
    file: `f${MAX_REF_CHAIN - 1}.json`,
    pointer: /^\/\$ref$/,
    message: /more than \d+ times in a row/,
  },
  {
    name: "$ref to a named pipe",
    files: tiny((m) => (m.shapes = { $ref: "shapes.json" })),
    prepare: (dir) => void execFileSync("mkfifo", [path.join(dir, "tiny", "shapes.json")]),
    file: "service.json",
    pointer: /^\/shapes\/\$ref$/,
    message: /cannot load \$ref target shapes\.json: it is a named pipe, not a regular file/,
  },
  {
    name: "$ref to a socket",
    files: tiny((m) => (m.shapes = { $ref: "shapes.json" })),
    prepare: async (dir) => {
      const server = net.createServer();
      await new Promise<void>((resolve) => server.listen(path.join(dir, "tiny", "shapes.json"), resolve));
      sockets.push(server);
    },
    file: "service.json",
    pointer: /^\/shapes\/\$ref$/,
    message: /cannot load \$ref target shapes\.json: it is a socket, not a regular file/,
  },
  {
    name: "$ref to a link to a named pipe",
    files: tiny((m) => (m.shapes = { $ref: "link.json" })),
    prepare: (dir) => {
      execFileSync("mkfifo", [path.join(dir, "tiny", "pipe")]);
      symlinkSync("pipe", path.join(dir, "tiny", "link.json"));
    },
    file: "service.json",
    pointer: /^\/shapes\/\$ref$/,
    message: /it is a named pipe, not a regular file/,
  },
  {
    name: "$ref to a folder",
    files: tiny((m) => (m.shapes = { $ref: "shapes" }), { "tiny/shapes/a.json": {} }),
    file: "service.json",
    pointer: /^\/shapes\/\$ref$/,
    message: /cannot load \$ref target shapes: it is a folder, not a regular file/,
  },
];
const sockets: net.Server[] = [];
afterAll(() => {
  for (const s of sockets) s.close();
});

describe("hostile references and files, in process", () => {
  let out: string;
  let before: Map<string, string>;
  beforeAll(async () => {
    out = tempDir("hostile-refs-out");
    scratch.push(out);
    const good = writeModel({ "tiny/service.json": tinyModel() }, "hostile-refs-good");
    scratch.push(good);
    await generate({ model: path.join(good, "tiny"), out, format: false });
    before = readTree(out);
  });

  it.each(IN_PROCESS)(
    "$name: a model error naming file and pointer, fast; output untouched",
    async (c) => {
      const dir = writeModel(c.files, "hostile-refs");
      scratch.push(dir);
      await c.prepare?.(dir);
      const heap = process.memoryUsage().heapUsed;
      const started = performance.now();
      let findings: readonly Finding[] = [];
      try {
        await generate({ model: path.join(dir, "tiny"), out, format: false });
      } catch (err) {
        if (!(err instanceof ModelError)) throw err;
        findings = err.findings;
      }
      const ms = performance.now() - started;
      expect(findings.length, "a ModelError").toBeGreaterThan(0);
      const hit = findings.find((f) => f.file === c.file && c.pointer.test(f.pointer) && c.message.test(f.message));
      expect(hit, JSON.stringify(findings)).toBeDefined();
      // Refused within the budget: seconds, never the minutes or gigabytes a full expansion takes.
      expect(ms).toBeLessThan(8000);
      expect(process.memoryUsage().heapUsed - heap).toBeLessThan(1024 * 1024 * 1024);
      expect(readTree(out)).toEqual(before);
    },
    30_000,
  );
});

// ---- A kill in the middle of a write

type FsCall = "writeFile" | "rename" | "mkdir" | "rm" | "copyFile";

/**
 * Loaded into the generating process before it starts: counts the calls of one fs function (promise
 * and sync forms together) on paths inside `out`, and SIGKILLs the process at the n-th, just
 * before it happens, so nothing can clean up after it.
 */
function killHook(fn: FsCall, n: number, out: string): string {
  const code = `import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
let calls = 0;
for (const [holder, name] of [[fs.promises, "${fn}"], [fs, "${fn}Sync"]]) {
  const original = holder[name];
  holder[name] = function (...args) {
    if (String(args[0]).startsWith(${JSON.stringify(out)}) && ++calls === ${n}) process.kill(process.pid, "SIGKILL");
    return original.apply(this, args);
  };
}
syncBuiltinESMExports();`;
  return `data:text/javascript,${encodeURIComponent(code)}`;
}

describe("a generation killed while writing", () => {
  let modelV2: string;
  /** A generation of v1 with a file of the user's own in the package, to copy for each case. */
  let previous: string;
  /** The package v2 generates, file by file. */
  let planned: Map<string, string>;
  /** v2's planned files in generate()'s own order, as JSON for kill-write-child.ts. */
  let plannedJson: string;
  beforeAll(async () => {
    const v1 = tinyModel();
    const v2 = structuredClone(tinyModel()) as Model & Obj;
    (v2.shapes as Record<string, Obj>).GetThingResponse!.members = { Name: { shape: "Id" }, Added: { shape: "Id" } };
    (v2.operations as Record<string, Obj>).ListThings = {
      name: "ListThings",
      http: { method: "GET", requestUri: "/things" },
      output: { shape: "GetThingResponse" },
    };
    const dir = writeModel({ "v1/tiny/service.json": v1, "v2/tiny/service.json": v2 }, "kill-models");
    scratch.push(dir);
    const modelV1 = path.join(dir, "v1", "tiny");
    modelV2 = path.join(dir, "v2", "tiny");
    previous = tempDir("kill-previous");
    await generate({ model: modelV1, out: previous, format: false });
    // svcgen carries a user's file over and never removes it.
    writeFileSync(path.join(previous, "tiny", "NOTES.md"), "mine\n");
    const expected = tempDir("kill-expected");
    const result = await generate({ model: modelV2, out: expected, format: false });
    planned = readTree(path.join(expected, "tiny"));
    plannedJson = path.join(dir, "planned.json");
    writeFileSync(plannedJson, JSON.stringify(result.packages[0]!.files));
    scratch.push(previous, expected);
  });

  // Where the kill lands: writing the new tree (first file, a middle one, the manifest), carrying
  // a user's file over, before the first rename, between the two renames, removing the old tree.
  const POINTS: Array<{ at: string; fn: FsCall; n: number; moved?: boolean }> = [
    { at: "the first file of the new tree", fn: "writeFile", n: 1 },
    { at: "a file in the middle of the new tree", fn: "writeFile", n: 12 },
    { at: "the manifest", fn: "writeFile", n: 0 },
    { at: "copying a file the user added", fn: "copyFile", n: 1 },
    { at: "the rename of the old package out of the way", fn: "rename", n: 1 },
    { at: "the rename of the new package into place", fn: "rename", n: 2, moved: true },
    { at: "removing the old package", fn: "rm", n: 2 },
  ];

  it.concurrent.each(POINTS)("at $at: the previous package survives, and the next run finishes the job", async (p) => {
    const out = tempDir("kill-out");
    scratch.push(out);
    cpSync(previous, out, { recursive: true });
    const old = readTree(path.join(out, "tiny"));
    // The manifest is the last file of the new tree: one write per planned file comes before it.
    const n = p.n === 0 ? planned.size : p.n;

    // The kill needs a process of its own: the write stage alone (the CLI is killed below).
    const r = await runWriteAsync(out, plannedJson, ["--import", killHook(p.fn, n, out)]);
    expect(r.signal, r.stderr).toBe("SIGKILL");

    const entries = readdirSync(out);
    // Whatever the kill left is in dot folders, never a package folder of its own.
    expect(entries.filter((e) => !e.startsWith(".") && e !== "tiny")).toEqual([]);
    if (p.moved) {
      // Killed between the renames: the previous package waits, whole, beside the target.
      expect(existsSync(path.join(out, "tiny"))).toBe(false);
      const parked = entries.filter((e) => e.startsWith(".svcgen-old-tiny-"));
      expect(parked).toHaveLength(1);
      expect(readTree(path.join(out, parked[0]!))).toEqual(old);
    } else if (p.fn === "rm") {
      // Killed after both renames: the new package is in place, whole.
      const now = readTree(path.join(out, "tiny"));
      for (const [f, content] of planned) if (f !== ".svcgen-manifest.json") expect(now.get(f), f).toBe(content);
      expect(now.get("NOTES.md")).toBe("mine\n");
    } else {
      expect(readTree(path.join(out, "tiny"))).toEqual(old);
    }

    // The next run (in process: the kill above is what needs a process) puts everything right
    // and leaves no temporary folder behind.
    const again = await runCliInProcess(["--model", modelV2, "--out", out, "--no-format", "--quiet"]);
    expect(again.status, again.stderr).toBe(0);
    expect(readdirSync(out)).toEqual(["tiny"]);
    const final = readTree(path.join(out, "tiny"));
    expect(final.get("NOTES.md")).toBe("mine\n");
    for (const [f, content] of planned) expect(final.get(f), f).toBe(content);
    expect([...final.keys()].sort()).toEqual([...planned.keys(), "NOTES.md"].sort());
  });

  it.concurrent("the CLI killed before any write leaves the output folder byte-identical", async () => {
    const out = tempDir("kill-out");
    scratch.push(out);
    cpSync(previous, out, { recursive: true });
    const whole = readTree(out);
    const r = await runCliAsync(["--model", modelV2, "--out", out, "--no-format", "--quiet"], ["--import", killHook("mkdir", 1, out)]);
    expect(r.signal, r.stderr).toBe("SIGKILL");
    expect(readTree(out)).toEqual(whole);
  });
});
