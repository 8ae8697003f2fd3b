// The API change report (issue 20): each rule on a small hand-made pair, rules combined, the
// properties every report must have, the CLI, generate's summary and --bump, and every
// neighbouring pair of the model history corpus.
import { afterAll, describe, expect, it } from "vitest";
import path from "node:path";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { SHARED, runCliInProcess, tinyModel, writeModel, tempDir } from "./helpers.js";
import { buildModel } from "./random-model.js";
import {
  diffModels,
  diffSnapshots,
  snapshotsAt,
  bumpVersion,
  summaryLine,
  type ApiDiff,
  type ApiSnapshot,
  type Change,
} from "../generator/diff/index.js";

type Model = ReturnType<typeof tinyModel>;
const scratch: string[] = [];
afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

/** Writes the two models as `tiny/` folders (botocore files when waiters are given) and diffs them. */
async function diffOf(a: object, b: object, extra: { oldWaiters?: object; newWaiters?: object } = {}): Promise<ApiDiff> {
  const folder = (model: object, waiters: object | undefined) => {
    const files: Record<string, unknown> = waiters
      ? { "tiny/service-2.json": model, "tiny/waiters-2.json": { version: 2, waiters } }
      : { "tiny/service.json": model };
    const dir = writeModel(files, "diff");
    scratch.push(dir);
    return path.join(dir, "tiny");
  };
  const [d] = await diffModels(folder(a, extra.oldWaiters), folder(b, extra.newWaiters));
  return d!;
}

/** A copy of tinyModel() changed by `edit`. */
function edited(
  edit: (m: Model & { operations: Record<string, any>; shapes: Record<string, any> }) => void,
  base: Model = tinyModel(),
): Model {
  const m = structuredClone(base) as Model & { operations: Record<string, any>; shapes: Record<string, any> };
  edit(m);
  return m;
}

const only = (d: ApiDiff) => d.changes.filter((c) => c.kind !== "docs-changed").map((c) => `${c.severity} ${c.kind} ${c.path}`);

/** A richer base: a list operation whose items are a nested structure with an enum. */
function listModel(): Model {
  return tinyModel({
    operations: {
      ...tinyModel().operations,
      ListThings: {
        name: "ListThings",
        http: { method: "GET", requestUri: "/things" },
        input: { shape: "ListThingsRequest" },
        output: { shape: "ListThingsResponse" },
        errors: [{ shape: "NotFound" }],
      },
      PutThings: {
        name: "PutThings",
        http: { method: "POST", requestUri: "/things" },
        input: { shape: "PutThingsRequest" },
        output: { shape: "PutThingsResponse" },
      },
    },
    shapes: {
      ...tinyModel().shapes,
      ListThingsRequest: {
        type: "structure",
        members: {
          MaxResults: { shape: "Max", location: "querystring", locationName: "max" },
          NextToken: { shape: "Token", location: "querystring", locationName: "next" },
        },
      },
      ListThingsResponse: {
        type: "structure",
        members: { Things: { shape: "ThingList" }, NextToken: { shape: "Token" }, Label: { shape: "Label" } },
      },
      PutThingsRequest: { type: "structure", required: ["Things"], members: { Things: { shape: "ThingList" } } },
      PutThingsResponse: { type: "structure", members: {} },
      ThingList: { type: "list", member: { shape: "Thing" } },
      Thing: { type: "structure", required: ["Name"], members: { Name: { shape: "Id" }, Status: { shape: "Status" } } },
      Status: { type: "string", enum: ["ACTIVE", "RETIRED"] },
      Max: { type: "integer", min: 1, max: 100 },
      Token: { type: "string" },
      Label: { type: "string", max: 20 },
    },
    pagination: {
      ListThings: {
        input_token: "NextToken",
        output_token: "NextToken",
        limit_key: "MaxResults",
        result_key: "Things",
      },
    },
  });
}

describe("each rule alone", () => {
  it("reports nothing for the same model", async () => {
    const d = await diffOf(tinyModel(), tinyModel());
    expect(d).toMatchObject({ semver: "none", changes: [] });
  });

  it("an operation removed breaks; one added does not", async () => {
    const base = listModel();
    const without = edited((m) => void delete m.operations.PutThings, base);
    expect(only(await diffOf(base, without))).toEqual([
      "breaking operation-removed PutThings",
      "breaking type-removed PutThingsRequest",
      "breaking type-removed PutThingsResponse",
    ]);
    const back = await diffOf(without, base);
    expect(only(back)).toEqual([
      "non-breaking operation-added PutThings",
      "non-breaking type-added PutThingsRequest",
      "non-breaking type-added PutThingsResponse",
    ]);
    expect(back.semver).toBe("minor");
  });

  it("a new required input member breaks; a new optional one does not", async () => {
    const required = edited((m) => {
      m.shapes.GetThingRequest.members.Filter = { shape: "Id", location: "querystring", locationName: "filter" };
      m.shapes.GetThingRequest.required.push("Filter");
    });
    const d = await diffOf(tinyModel(), required);
    expect(only(d)).toEqual(["breaking required-member-added GetThing.input.Filter"]);
    expect(d.semver).toBe("major");
    const optional = edited(
      (m) =>
        void (m.shapes.GetThingRequest.members.Filter = {
          shape: "Id",
          location: "querystring",
          locationName: "filter",
        }),
    );
    expect(only(await diffOf(tinyModel(), optional))).toEqual(["non-breaking member-added GetThing.input.Filter"]);
  });

  it("an input member made required breaks, with the summary naming it", async () => {
    const base = listModel();
    const d = await diffOf(
      base,
      edited((m) => void (m.shapes.ListThingsRequest.required = ["MaxResults"]), base),
    );
    expect(only(d)).toEqual(["breaking member-now-required ListThings.input.MaxResults"]);
    expect(summaryLine(d)).toBe("0 non-breaking, 1 breaking: ListThings.input.MaxResults is now required");
    // The other way round, nothing a caller wrote stops working.
    const back = await diffOf(
      edited((m) => void (m.shapes.ListThingsRequest.required = ["MaxResults"]), base),
      base,
    );
    expect(only(back)).toEqual(["non-breaking member-now-optional ListThings.input.MaxResults"]);
  });

  it("a member's type changed breaks (input or output)", async () => {
    const base = listModel();
    const d = await diffOf(
      base,
      edited((m) => void (m.shapes.ListThingsRequest.members.MaxResults.shape = "Token"), base),
    );
    expect(only(d)).toEqual(["breaking member-type-changed ListThings.input.MaxResults"]);
    expect(d.changes[0]!.message).toBe("ListThings.input.MaxResults is now string (was integer).");
    const out = await diffOf(
      base,
      edited((m) => void (m.shapes.ListThingsResponse.members.Label.shape = "Max"), base),
    );
    expect(only(out)).toEqual(["breaking member-type-changed ListThings.output.Label"]);
  });

  it("an output member removed or made optional breaks; one added or made required does not", async () => {
    const base = listModel();
    expect(
      only(
        await diffOf(
          base,
          edited((m) => void delete m.shapes.ListThingsResponse.members.Label, base),
        ),
      ),
    ).toEqual(["breaking member-removed ListThings.output.Label"]);
    const requiredOut = edited((m) => void (m.shapes.ListThingsResponse.required = ["Label"]), base);
    expect(only(await diffOf(requiredOut, base))).toEqual(["breaking member-now-optional ListThings.output.Label"]);
    expect(only(await diffOf(base, requiredOut))).toEqual(["non-breaking member-now-required ListThings.output.Label"]);
    const added = edited((m) => void (m.shapes.ListThingsResponse.members.Count = { shape: "Max" }), base);
    expect(only(await diffOf(base, added))).toEqual(["non-breaking member-added ListThings.output.Count"]);
  });

  it("an enum value removed breaks; one added does not; both name the operations through the nesting", async () => {
    const base = listModel();
    const d = await diffOf(
      base,
      edited((m) => void (m.shapes.Status.enum = ["ACTIVE", "PENDING"]), base),
    );
    expect(only(d)).toEqual(["breaking enum-value-removed Status.RETIRED", "non-breaking enum-value-added Status.PENDING"]);
    expect(d.changes[0]!.operations).toEqual(["ListThings", "PutThings"]);
  });

  it("input constraints tightened break; loosened, or on outputs only, do not", async () => {
    const base = listModel();
    const cases: Array<[(m: any) => void, string[]]> = [
      [(m) => void (m.shapes.Max.max = 50), ["breaking constraint-tightened Max"]],
      [(m) => void (m.shapes.Max.min = 5), ["breaking constraint-tightened Max"]],
      [(m) => void (m.shapes.Max.max = 500), ["non-breaking constraint-loosened Max"]],
      [(m) => void delete m.shapes.Max.min, ["non-breaking constraint-loosened Max"]],
      [(m) => void (m.shapes.Token.pattern = "^[a-z]+$"), ["breaking pattern-added Token"]],
      [(m) => void (m.shapes.Label.max = 5), ["non-breaking constraint-tightened Label"]],
    ];
    for (const [edit, expected] of cases) expect(only(await diffOf(base, edited(edit, base)))).toEqual(expected);
    const patterned = edited((m) => void (m.shapes.Token.pattern = "^[a-z]+$"), base);
    expect(
      only(
        await diffOf(
          patterned,
          edited((m) => void (m.shapes.Token.pattern = "^[a-z0-9]+$"), base),
        ),
      ),
    ).toEqual(["breaking pattern-changed Token"]);
    expect(only(await diffOf(patterned, base))).toEqual(["non-breaking pattern-removed Token"]);
  });

  it("a member moved to another shape with other bounds is judged at the member", async () => {
    const base = listModel();
    const d = await diffOf(
      base,
      edited((m) => {
        m.shapes.SmallMax = { type: "integer", min: 1, max: 10 };
        m.shapes.ListThingsRequest.members.MaxResults.shape = "SmallMax";
      }, base),
    );
    expect(only(d)).toEqual(["breaking constraint-tightened ListThings.input.MaxResults"]);
  });

  it("a paginator removed breaks; one added does not", async () => {
    const base = listModel();
    const unpaged = edited((m) => void delete m.pagination, base);
    expect(only(await diffOf(base, unpaged))).toEqual(["breaking paginator-removed ListThings"]);
    expect(only(await diffOf(unpaged, base))).toEqual(["non-breaking paginator-added ListThings"]);
  });

  it("a waiter removed breaks; one added does not", async () => {
    const waiter = {
      ThingExists: {
        delay: 5,
        maxAttempts: 10,
        operation: "GetThing",
        acceptors: [{ expected: 200, matcher: "status", state: "success" }],
      },
    };
    const base = tinyModel();
    expect(only(await diffOf(base, base, { oldWaiters: waiter, newWaiters: {} }))).toEqual(["breaking waiter-removed waiters.ThingExists"]);
    expect(only(await diffOf(base, base, { oldWaiters: {}, newWaiters: waiter }))).toEqual([
      "non-breaking waiter-added waiters.ThingExists",
    ]);
  });

  it("errors added do not break; dropping one breaks only when its class is gone", async () => {
    const base = listModel();
    const conflict = {
      type: "structure",
      members: { message: { shape: "Id" } },
      error: { httpStatusCode: 409 },
      exception: true,
    };
    const withConflict = edited((m) => {
      m.shapes.Conflict = conflict;
      m.operations.PutThings.errors = [{ shape: "Conflict" }];
    }, base);
    expect(only(await diffOf(base, withConflict))).toEqual([
      "non-breaking type-added Conflict",
      "non-breaking error-added PutThings.errors.Conflict",
    ]);
    expect(only(await diffOf(withConflict, base))).toEqual([
      "breaking type-removed Conflict",
      "breaking error-removed PutThings.errors.Conflict",
    ]);
    // NotFound stays exported through GetThing: dropping it from ListThings does not break.
    const dropped = edited((m) => void (m.operations.ListThings.errors = []), base);
    const d = await diffOf(base, dropped);
    expect(only(d)).toEqual(["non-breaking error-removed ListThings.errors.NotFound"]);
  });

  it("a deprecation does not break", async () => {
    const d = await diffOf(
      tinyModel(),
      edited((m) => void (m.operations.GetThing.deprecated = true)),
    );
    expect(only(d)).toEqual(["non-breaking operation-deprecated GetThing"]);
    expect(d.semver).toBe("minor");
  });

  it("documentation alone is a patch", async () => {
    const d = await diffOf(
      tinyModel(),
      edited((m) => void (m.operations.GetThing.documentation = "<p>Gets a thing.</p>")),
    );
    expect(d.changes.map((c) => `${c.kind} ${c.path}`)).toEqual(["docs-changed GetThing"]);
    expect(d.semver).toBe("patch");
  });

  it("a nested structure's change is named by its type and the operations that reach it", async () => {
    const base = listModel();
    const d = await diffOf(
      base,
      edited((m) => {
        m.shapes.Thing.members.Owner = { shape: "Id" };
        m.shapes.Thing.required.push("Owner");
      }, base),
    );
    // Thing is reached by PutThings' input: a new required member breaks it.
    expect(only(d)).toEqual(["breaking required-member-added Thing.Owner"]);
    expect(d.changes[0]!.operations).toEqual(["ListThings", "PutThings"]);
  });
});

describe("rules combined", () => {
  it("several changes at once: each reported, the worst decides the bump", async () => {
    const base = listModel();
    const next = edited((m) => {
      m.shapes.Status.enum.push("PENDING");
      m.shapes.ListThingsRequest.members.Filter = { shape: "Token", location: "querystring", locationName: "filter" };
      m.shapes.Max.max = 1000;
      delete m.shapes.ListThingsResponse.members.Label;
      m.operations.GetThing.documentation = "<p>Docs.</p>";
    }, base);
    const d = await diffOf(base, next);
    expect(only(d)).toEqual([
      "breaking member-removed ListThings.output.Label",
      "non-breaking member-added ListThings.input.Filter",
      "non-breaking constraint-loosened Max",
      "non-breaking enum-value-added Status.PENDING",
    ]);
    expect(d.semver).toBe("major");
    expect(summaryLine(d)).toBe("3 non-breaking, 1 breaking, 1 documentation: ListThings.output.Label was removed");
  });

  it("bumps versions by the implied semver (0.x: breaking raises the minor)", () => {
    expect(bumpVersion("1.2.3", "major")).toBe("2.0.0");
    expect(bumpVersion("1.2.3", "minor")).toBe("1.3.0");
    expect(bumpVersion("1.2.3", "patch")).toBe("1.2.4");
    expect(bumpVersion("1.2.3", "none")).toBe("1.2.3");
    expect(bumpVersion("0.2.3", "major")).toBe("0.3.0");
    expect(bumpVersion("0.2.3", "minor")).toBe("0.2.4");
  });
});

describe("properties", () => {
  it("diff(a, a) is empty and diff(a, b), diff(b, a) name the same paths (random models)", async () => {
    const snapshot = async (model: object, i: number, side: string): Promise<ApiSnapshot> => {
      const dir = writeModel({ [`m/service.json`]: model }, `diff-prop-${side}${i}`);
      scratch.push(dir);
      return [...(await snapshotsAt(path.join(dir, "m"))).values()][0]!;
    };
    let i = 0;
    await fc.assert(
      fc.asyncProperty(fc.gen(), fc.gen(), async (g1, g2) => {
        i++;
        const a = await snapshot(buildModel(g1).model, i, "a");
        const b = await snapshot(buildModel(g2).model, i, "b");
        // Stored and read back, as generate keeps it: the same facts.
        const stored = JSON.parse(JSON.stringify(a)) as ApiSnapshot;
        expect(diffSnapshots(a, a).changes).toEqual([]);
        expect(diffSnapshots(stored, a).changes).toEqual([]);
        const paths = (changes: readonly Change[]) => [...new Set(changes.map((c) => c.path))].sort();
        const ab = diffSnapshots(a, b);
        const ba = diffSnapshots(b, a);
        expect(paths(ab.changes)).toEqual(paths(ba.changes));
        // What one direction adds, the other removes.
        expect(ab.changes.filter((c) => c.kind === "operation-added").length).toBe(
          ba.changes.filter((c) => c.kind === "operation-removed").length,
        );
      }),
      { numRuns: 15 },
    );
  });
});

describe("svcgen diff", () => {
  const H = path.join(SHARED, "corpus", "history");
  const hasHistory = existsSync(H);

  it.runIf(hasHistory)("prints a report and, with --json, one object; --fail-on breaking exits 1", async () => {
    const oldM = path.join(H, "kinesis", "2021-11-30-8b2aed7");
    const newM = path.join(H, "kinesis", "2022-12-15-6ec3e28");
    const text = await runCliInProcess(["diff", oldM, newM]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain("non-breaking  member-now-optional    DescribeStream.input.StreamName is now optional.");
    expect(text.stdout).toMatch(/^semver: major \(\d+ non-breaking, \d+ breaking, \d+ documentation\)$/m);
    const json = await runCliInProcess(["diff", oldM, newM, "--json"]);
    const report = JSON.parse(json.stdout) as { semver: string; changes: Array<Record<string, unknown>> };
    expect(report.semver).toBe("major");
    expect(report.changes).toContainEqual(
      expect.objectContaining({
        kind: "member-added",
        severity: "non-breaking",
        path: "DescribeStream.input.StreamARN",
        message: "DescribeStream.input.StreamARN was added (optional).",
      }),
    );
    expect((await runCliInProcess(["diff", oldM, newM, "--fail-on", "breaking"])).status).toBe(1);
    expect((await runCliInProcess(["diff", oldM, oldM, "--fail-on", "breaking"])).status).toBe(0);
  });

  it("usage errors exit 2", async () => {
    expect((await runCliInProcess(["diff", "only-one"])).status).toBe(2);
    expect((await runCliInProcess(["diff", "a", "b", "--fail-on", "anything"])).status).toBe(2);
    const missing = await runCliInProcess(["diff", "no/such/a", "no/such/b"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("no such file or folder");
  });

  it("--from-git REV compares a model folder with itself at a revision", async () => {
    const repo = tempDir("diff-git");
    scratch.push(repo);
    const git = (...args: string[]) =>
      execFileSync("git", ["-C", repo, "-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
        stdio: "pipe",
      });
    git("init", "-q");
    writeFileSync(path.join(repo, "placeholder"), "");
    const folder = path.join(repo, "models", "tiny");
    const write = (m: object) => {
      execFileSync("mkdir", ["-p", folder]);
      writeFileSync(path.join(folder, "service.json"), JSON.stringify(m));
    };
    write(tinyModel());
    git("add", "-A");
    git("commit", "-qm", "model");
    write(edited((m) => void delete m.shapes.GetThingResponse.members.Name));
    const r = await runCliInProcess(["diff", "--from-git", "HEAD", folder, "--json"]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toMatchObject({
      semver: "major",
      changes: [{ kind: "member-removed", path: "GetThing.output.Name" }],
    });
  });
});

describe("generate", () => {
  it("prints the API changes when it overwrites a package, and --bump raises the version with a CHANGELOG entry", async () => {
    const out = tempDir("diff-gen-out");
    scratch.push(out);
    const model = (m: object) => {
      const dir = writeModel({ "tiny/service.json": m }, "diff-gen");
      scratch.push(dir);
      return path.join(dir, "tiny");
    };
    const first = await runCliInProcess(["generate", "--model", model(tinyModel()), "--out", out, "--no-format"]);
    expect(first.status).toBe(0);
    expect(first.stdout).not.toContain("API changes");
    expect(existsSync(path.join(out, "tiny", ".svcgen-api.json"))).toBe(true);
    const required = edited((m) => {
      m.shapes.GetThingRequest.members.Filter = { shape: "Id", location: "querystring", locationName: "filter" };
      m.shapes.GetThingRequest.required.push("Filter");
      m.shapes.GetThingResponse.members.Size = { shape: "Id" };
    });
    const second = await runCliInProcess(["generate", "--model", model(required), "--out", out, "--no-format", "--bump"]);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain(`tiny: API changes: 1 non-breaking, 1 breaking: GetThing.input.Filter was added, and it is required`);
    const pkg = JSON.parse(readFileSync(path.join(out, "tiny", "package.json"), "utf8")) as { version: string };
    expect(pkg.version).toBe("0.1.0");
    const changelog = readFileSync(path.join(out, "tiny", "CHANGELOG.md"), "utf8");
    expect(changelog).toContain("## 0.1.0");
    expect(changelog).toContain("- GetThing.input.Filter was added, and it is required.");
    // The same model again: nothing changed, the version stays.
    const third = await runCliInProcess(["generate", "--model", model(required), "--out", out, "--no-format", "--bump"]);
    expect(third.stdout).toContain("tiny: API changes: no API changes");
    expect((JSON.parse(readFileSync(path.join(out, "tiny", "package.json"), "utf8")) as { version: string }).version).toBe("0.1.0");
  });
});

describe("the model history corpus", () => {
  const H = path.join(SHARED, "corpus", "history");
  it.runIf(existsSync(H))(
    "every neighbouring pair of every service gives a report",
    async () => {
      const services = readdirSync(H).filter((s) => s === s.toLowerCase() && !s.includes("."));
      expect(services.length).toBe(10);
      const reports = new Map<string, ApiDiff>();
      for (const service of services) {
        const versions = readdirSync(path.join(H, service)).sort();
        const snaps: ApiSnapshot[] = [];
        for (const v of versions) snaps.push([...(await snapshotsAt(path.join(H, service, v))).values()][0]!);
        for (let i = 1; i < snaps.length; i++) {
          const d = diffSnapshots(snaps[i - 1]!, snaps[i]!);
          expect(["major", "minor", "patch", "none"]).toContain(d.semver);
          for (const c of d.changes) expect(c.message.length).toBeGreaterThan(0);
          reports.set(`${service}/${versions[i - 1]}..${versions[i]}`, d);
        }
      }
      expect(reports.size).toBe(40);
      // Read from the models: kinesis 2018-08 → 2020-08 adds a ListShards paginator and changes
      // StreamARN's pattern from `stream/.*` to `stream/.+` (an empty stream name no longer passes).
      const k1 = reports.get("kinesis/2018-08-02-ccb03cf..2020-08-17-3ce0dd0")!;
      expect(only(k1)).toContain("non-breaking paginator-added ListShards");
      expect(only(k1)).toContain("breaking pattern-changed StreamARN");
      // kinesis 2021-11 → 2022-12: StreamName no longer required in DescribeStreamInput, StreamARN added.
      const k2 = reports.get("kinesis/2021-11-30-8b2aed7..2022-12-15-6ec3e28")!;
      expect(only(k2)).toContain("non-breaking member-now-optional DescribeStream.input.StreamName");
      expect(only(k2)).toContain("non-breaking member-added DescribeStream.input.StreamARN");
      // signer 2020-03 → 2020-11: StartSigningJobRequest's required list gains profileName.
      expect(only(reports.get("signer/2020-03-06-c5565eb..2020-11-23-702e152")!)).toContain(
        "breaking member-now-required StartSigningJob.input.profileName",
      );
      // amplify 2019-09 → 2019-10: ListArtifactsRequest loses artifactType, and its enum ArtifactType is gone.
      const amp = only(reports.get("amplify/2019-09-27-e72c199..2019-10-31-24dcaa8")!);
      expect(amp).toContain("breaking member-removed ListArtifacts.input.artifactType");
      expect(amp).toContain("breaking type-removed ArtifactType");
      // dynamodb 2024-05-02 → 2024-05-24 changed documentation only.
      expect(reports.get("dynamodb/2024-05-02-4fde0f1..2024-05-24-5746767")!.semver).toBe("patch");
    },
    120_000,
  );
});
