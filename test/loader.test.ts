import { describe, expect, it } from "vitest";
import path from "node:path";
import { loadModels } from "../generator/load/index.js";
import { ModelError } from "../generator/diagnostics.js";
import { CORPUS_MODELS, DEFAULT_MODEL, tinyModel, writeModel } from "./helpers.js";

async function loadError(dir: string): Promise<ModelError> {
  try {
    await loadModels(dir);
  } catch (err) {
    if (err instanceof ModelError) return err;
    throw err;
  }
  throw new Error("expected a ModelError");
}

describe("loader", () => {
  it("reads a single JSON file", async () => {
    const dir = writeModel({ "service.json": tinyModel() });
    const [m] = await loadModels(path.join(dir, "service.json"));
    expect(Object.keys(m!.document.operations as object)).toEqual(["GetThing"]);
  });

  it("reads YAML and resolves $ref across files, remembering where each part came from", async () => {
    const model = tinyModel();
    const dir = writeModel({
      "service.json": {
        metadata: model.metadata,
        operations: { $ref: "ops.yaml#/operations" },
        shapes: { $ref: "shapes/all.json" },
      },
      "ops.yaml": `operations:\n  GetThing:\n    name: GetThing\n    http: { method: GET, requestUri: "/things/{Id}" }\n    input: { shape: GetThingRequest }\n    output: { shape: GetThingResponse }\n    errors: [{ shape: NotFound }]\n`,
      "shapes/all.json": model.shapes,
    });
    const [m] = await loadModels(dir);
    expect(m!.document.operations).toEqual(model.operations);
    expect(m!.document.shapes).toEqual(model.shapes);
    expect(m!.files).toEqual(["ops.yaml", "service.json", "shapes/all.json"]);
    expect(m!.sources.locate("/operations/GetThing/http")).toEqual({
      file: "ops.yaml",
      pointer: "/operations/GetThing/http",
    });
    expect(m!.sources.locate("/shapes/Id/max")).toEqual({ file: "shapes/all.json", pointer: "/Id/max" });
    expect(m!.sources.locate("/metadata/protocol")).toEqual({ file: "service.json", pointer: "/metadata/protocol" });
  });

  it("loads the default model: six operations, one YAML part", async () => {
    const [m] = await loadModels(DEFAULT_MODEL);
    expect(Object.keys(m!.document.operations as object).sort()).toEqual([
      "CreateAccountAssociation",
      "DeleteAccountAssociation",
      "GetAccountAssociation",
      "ListAccountAssociations",
      "StartAccountAssociationRefresh",
      "UpdateAccountAssociation",
    ]);
    expect(m!.files.some((f) => f.endsWith(".yaml"))).toBe(true);
  });

  it("reads a botocore folder with its paginators", async () => {
    const [m] = await loadModels(path.join(CORPUS_MODELS, "iot-managed-integrations", "2025-03-03"));
    expect(Object.keys(m!.document.operations as object)).toHaveLength(83);
    expect((m!.document.pagination as Record<string, unknown>).ListAccountAssociations).toBeDefined();
    expect(m!.sources.locate("/pagination/ListAccountAssociations").file).toBe("paginators-1.json");
  });

  it("refuses a $ref that leaves the model folder, without reading it", async () => {
    const dir = writeModel({
      "m/service.json": { ...tinyModel(), shapes: { $ref: "../outside.json" } },
      "outside.json": {},
    });
    const err = await loadError(path.join(dir, "m"));
    expect(err.findings[0]).toMatchObject({ file: "service.json", pointer: "/shapes/$ref" });
    expect(err.findings[0]!.message).toMatch(/leaves the model folder/);
  });

  it("refuses a $ref to a URL (no network)", async () => {
    const dir = writeModel({ "service.json": { ...tinyModel(), shapes: { $ref: "https://example.com/shapes.json" } } });
    const err = await loadError(dir);
    expect(err.findings[0]!.message).toMatch(/is a URL/);
  });

  it("reports a $ref to a missing file or pointer with the referring place", async () => {
    const missing = await loadError(writeModel({ "service.json": { ...tinyModel(), shapes: { $ref: "nope.json" } } }));
    expect(missing.findings[0]).toMatchObject({ file: "service.json", pointer: "/shapes/$ref" });
    expect(missing.findings[0]!.message).toMatch(/cannot load \$ref target nope\.json/);
    const badPointer = await loadError(writeModel({ "service.json": { ...tinyModel(), shapes: { $ref: "#/nothing/here" } } }));
    expect(badPointer.findings[0]!.message).toMatch(/points at nothing/);
  });

  it("reports a circular $ref", async () => {
    const err = await loadError(
      writeModel({
        "service.json": { ...tinyModel(), shapes: { $ref: "a.json" } },
        "a.json": { $ref: "b.json" },
        "b.json": { $ref: "a.json" },
      }),
    );
    expect(err.findings[0]!.message).toMatch(/circular/);
  });

  it("reports bad JSON and bad YAML with the file", async () => {
    const json = await loadError(writeModel({ "service.json": '{ "metadata": ' }));
    expect(json.findings[0]!.file).toBe("service.json");
    const yaml = await loadError(
      writeModel({ "service.json": { ...tinyModel(), shapes: { $ref: "s.yaml" } }, "s.yaml": "a: [1, 2\nb: }" }),
    );
    expect(yaml.findings[0]).toMatchObject({ file: "service.json", pointer: "/shapes/$ref" });
    expect(yaml.findings[0]!.message).toMatch(/s\.yaml/);
  });
});
