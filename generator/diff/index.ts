// `svcgen diff OLD NEW`: both models go through the generator's own load → check → IR, so the
// report speaks the generated package's names; then their snapshots are compared.
import { ModelError, type Finding } from "../diagnostics.js";
import { loadModelsCollecting, type RawModel } from "../load/index.js";
import { checkModel } from "../check/index.js";
import { buildIR } from "../ir/build.js";
import { snapshotOf, waiterNames, type ApiSnapshot } from "./snapshot.js";
import { diffSnapshots, type ApiDiff, type Change } from "./compare.js";

export { diffSnapshots, semverOf, bumpVersion, type ApiDiff, type Change, type Semver, type Severity } from "./compare.js";
export { snapshotOf, parseSnapshot, SNAPSHOT_FILE, type ApiSnapshot } from "./snapshot.js";

/**
 * Findings the report can do without: a botocore folder copied without its endpoint rule set
 * (as in a model's history) has context parameters that name rules it does not have. The
 * endpoint wiring is not part of the compared surface, so these are notes here, not errors.
 */
const ENDPOINT_WIRING = /is not a parameter of the endpoint rules$/;

/** The snapshots of every model behind a path (as `generate --model` reads it), by package name. */
export async function snapshotsAt(modelPath: string, notes: string[] = []): Promise<Map<string, ApiSnapshot>> {
  const loaded = await loadModelsCollecting(modelPath);
  const findings: Finding[] = [...loaded.findings];
  const out = new Map<string, ApiSnapshot>();
  for (const model of loaded.models as RawModel[]) {
    const all = checkModel(model);
    const wiring = model.document.endpointRuleSet === undefined ? all.filter((f) => ENDPOINT_WIRING.test(f.message)) : [];
    const found = all.filter((f) => !wiring.includes(f));
    if (wiring.length > 0)
      notes.push(
        `${modelPath}: ${wiring.length} context parameter(s) name endpoint rule parameters, but the model has no endpoint rule set; ignored (not part of the compared API)`,
      );
    findings.push(...found);
    if (found.length > 0) continue;
    const ir = buildIR(model);
    out.set(ir.packageName, snapshotOf(ir, waiterNames(model.document)));
  }
  if (findings.length > 0) throw new ModelError(findings);
  return out;
}

export interface PackageDiff extends ApiDiff {
  readonly packageName: string;
}

/**
 * Compares the models at two paths. One model on each side is compared whatever its name; with
 * several, models are paired by package name and one only on one side is wholly added or removed.
 */
export async function diffModels(oldPath: string, newPath: string, notes: string[] = []): Promise<PackageDiff[]> {
  const [a, b] = await Promise.all([snapshotsAt(oldPath, notes), snapshotsAt(newPath, notes)]);
  if (a.size === 1 && b.size === 1) {
    const x = [...a.values()][0]!;
    const y = [...b.values()][0]!;
    return [{ packageName: y.packageName, ...diffSnapshots(x, y) }];
  }
  const empty = (packageName: string): ApiSnapshot => ({
    format: 1,
    packageName,
    apiVersion: "",
    operations: {},
    shapes: {},
    waiters: [],
  });
  return [...new Set([...a.keys(), ...b.keys()])]
    .sort()
    .map((name) => ({ packageName: name, ...diffSnapshots(a.get(name) ?? empty(name), b.get(name) ?? empty(name)) }));
}

/** The report as text: one line per change, then the bump. */
export function formatReport(diff: ApiDiff, heading?: string): string {
  const lines: string[] = [];
  if (heading !== undefined) lines.push(heading);
  for (const c of diff.changes) {
    const affects =
      c.operations.length > 0 && !(c.operations.length === 1 && c.path.split(".")[0] === c.operations[0])
        ? ` (affects ${listed(c.operations)})`
        : "";
    lines.push(`${c.severity === "breaking" ? "breaking    " : "non-breaking"}  ${c.kind.padEnd(21)}  ${c.message}${affects}`);
  }
  const counts = countOf(diff.changes);
  lines.push(`semver: ${diff.semver} (${counts})`);
  return lines.join("\n");
}

/** The report as the JSON object `--json` prints. */
export function reportJson(diff: ApiDiff): {
  semver: string;
  changes: Array<{ kind: string; severity: string; path: string; message: string; operations: string[] }>;
} {
  return {
    semver: diff.semver,
    changes: diff.changes.map((c) => ({
      kind: c.kind,
      severity: c.severity,
      path: c.path,
      message: c.message,
      operations: [...c.operations],
    })),
  };
}

/** One line for `generate`: `3 non-breaking, 1 breaking: ListThings.input.Filter is now required`. */
export function summaryLine(diff: ApiDiff): string {
  if (diff.changes.length === 0) return "no API changes";
  const breaking = diff.changes.filter((c) => c.severity === "breaking");
  const head = countOf(diff.changes);
  if (breaking.length === 0) return `${head} (${diff.semver})`;
  const first = breaking[0]!.message.replace(/\.$/, "");
  return `${head}: ${first}${breaking.length > 1 ? ` (and ${breaking.length - 1} more breaking)` : ""}`;
}

function countOf(changes: readonly Change[]): string {
  const docs = changes.filter((c) => c.kind === "docs-changed").length;
  const breaking = changes.filter((c) => c.severity === "breaking").length;
  const other = changes.length - docs - breaking;
  const parts = [`${other} non-breaking`, `${breaking} breaking`];
  if (docs > 0) parts.push(`${docs} documentation`);
  return parts.join(", ");
}

function listed(ops: readonly string[]): string {
  return ops.length <= 4 ? ops.join(", ") : `${ops.slice(0, 3).join(", ")} and ${ops.length - 3} more`;
}
