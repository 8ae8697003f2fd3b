// One broken model per check: the CLI (its `main`, run in process) names the file, the JSON
// pointer and the problem, exits 1, and leaves the output folder byte-identical. A usage error
// exits 2, also checked on a real process.
import { describe, expect, it, beforeAll } from "vitest";
import { cpSync } from "node:fs";
import path from "node:path";
import { loadModels } from "../generator/load/index.js";
import { checkModel } from "../generator/check/index.js";
import { DEFAULT_MODEL, readTree, runCli, runCliInProcess, tempDir, tinyModel, writeModel } from "./helpers.js";

type Model = ReturnType<typeof tinyModel>;
const clone = (): Model => JSON.parse(JSON.stringify(tinyModel())) as Model;
const shapes = (m: Model) => m.shapes as Record<string, Record<string, unknown>>;
const ops = (m: Model) => m.operations as Record<string, Record<string, unknown>>;

const CASES: Array<{ name: string; mutate: (m: Model) => void; pointer: string; message: RegExp }> = [
  {
    name: "unknown shape reference",
    mutate: (m) => ((shapes(m).GetThingResponse!.members as Record<string, unknown>).Name = { shape: "Missing" }),
    pointer: "/shapes/GetThingResponse/members/Name/shape",
    message: /refers to shape "Missing", which the model does not define/,
  },
  {
    name: "required member that does not exist",
    mutate: (m) => (shapes(m).GetThingRequest!.required = ["Id", "Nope"]),
    pointer: "/shapes/GetThingRequest/required/1",
    message: /required member "Nope" is not a member of GetThingRequest/,
  },
  {
    name: "URI label with no matching member",
    mutate: (m) => ((ops(m).GetThing!.http as Record<string, unknown>).requestUri = "/things/{Id}/{Other}"),
    pointer: "/operations/GetThing/http/requestUri",
    message: /URI label \{Other\} of GetThing has no input member/,
  },
  {
    name: "member bound to a label the URI lacks",
    mutate: (m) => ((ops(m).GetThing!.http as Record<string, unknown>).requestUri = "/things"),
    pointer: "/shapes/GetThingRequest/members/Id",
    message: /bound to URI label \{Id\}, which GetThing's requestUri "\/things" does not have/,
  },
  {
    name: "paginator token that is not a member",
    mutate: (m) =>
      Object.assign(m, {
        pagination: { GetThing: { input_token: "Token", output_token: "Name", result_key: "Name" } },
      }),
    pointer: "/pagination/GetThing/input_token",
    message: /input_token "Token" is not a member of GetThing's input/,
  },
  {
    name: "error that is not an exception structure",
    mutate: (m) => delete shapes(m).NotFound!.exception,
    pointer: "/operations/GetThing/errors/0/shape",
    message: /error "NotFound" is not an exception structure/,
  },
  {
    name: "duplicate names after TypeScript conversion",
    mutate: (m) => {
      shapes(m)["Get.Thing"] = { type: "structure", members: {} };
      shapes(m)["Get-Thing"] = { type: "structure", members: {} };
    },
    pointer: "/shapes/Get.Thing",
    message: /both become the TypeScript name GetThing/,
  },
  {
    name: "unknown shape type",
    mutate: (m) => (shapes(m).Id!.type = "varchar"),
    pointer: "/shapes/Id/type",
    message: /unknown type "varchar"/,
  },
];

describe("model checks", () => {
  let outDir: string;
  let before: Map<string, string>;
  beforeAll(async () => {
    // An output folder with a previous generation in it, which no failing run may touch.
    outDir = tempDir("out");
    const r = await runCliInProcess(["--model", DEFAULT_MODEL, "--out", outDir, "--quiet", "--no-format"]);
    expect(r.status, r.stderr).toBe(0);
    before = readTree(outDir);
  });

  it("accepts the default model", async () => {
    const [m] = await loadModels(DEFAULT_MODEL);
    expect(checkModel(m!)).toEqual([]);
  });

  for (const c of CASES) {
    it(`reports ${c.name} with file and pointer, exits 1, writes nothing`, async () => {
      const m = clone();
      c.mutate(m);
      const dir = writeModel({ "service.json": m });
      const r = await runCliInProcess(["--model", dir, "--out", outDir]);
      expect(r.status).toBe(1);
      const line = r.stderr.split("\n").find((l) => l.startsWith("error: "));
      expect(line).toBeDefined();
      expect(line!.startsWith(`error: service.json#${c.pointer}: `)).toBe(true);
      expect(line).toMatch(c.message);
      expect(readTree(outDir)).toEqual(before);
    });
  }

  it("points into the file a $ref brought the problem from", async () => {
    const dir = tempDir("split");
    cpSync(DEFAULT_MODEL, dir, { recursive: true });
    const { writeFileSync, readFileSync } = await import("node:fs");
    const yamlPath = path.join(dir, "shapes", "common.yaml");
    writeFileSync(yamlPath, readFileSync(yamlPath, "utf8").replace(/type: integer/, "type: int32"));
    const r = await runCliInProcess(["--model", dir, "--out", outDir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error: shapes\/common\.yaml#\/\w+\/type: shape "\w+" has unknown type "int32"/);
    expect(readTree(outDir)).toEqual(before);
  });

  it("exits 2 on a usage error, in process and as a real process", async () => {
    const inProcess = await runCliInProcess(["--bogus"]);
    expect(inProcess.status).toBe(2);
    expect(inProcess.stderr).toMatch(/unknown argument --bogus/);
    // The one spawn here: the process's own exit status and stderr, end to end.
    const r = runCli(["--bogus"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^svcgen: unknown argument --bogus\nusage: /);
  });
});
