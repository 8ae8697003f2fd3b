// `svcgen diff`: runs the comparison for the CLI and prints the report (text or --json).
import path from "node:path";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { reportFailure } from "../diagnostics.js";
import type { DiffArgs, Io } from "../cli.js";
import { diffModels, formatReport, reportJson } from "./index.js";

export async function runDiff(args: DiffArgs, io: Io): Promise<number> {
  const newPath = path.resolve(io.cwd, args.new);
  if (!existsSync(newPath)) {
    io.err(`svcgen: ${args.new}: no such file or folder`);
    return 2;
  }
  let oldPath: string;
  let cleanup = () => {};
  if (args.fromGit !== undefined) {
    try {
      const checkedOut = modelAtRevision(newPath, args.fromGit);
      oldPath = checkedOut.path;
      cleanup = checkedOut.cleanup;
    } catch (err) {
      io.err(`svcgen: --from-git ${args.fromGit}: ${err instanceof Error ? err.message : String(err)}`);
      return 2;
    }
  } else {
    oldPath = path.resolve(io.cwd, args.old!);
    if (!existsSync(oldPath)) {
      io.err(`svcgen: ${args.old}: no such file or folder`);
      return 2;
    }
  }
  try {
    const notes: string[] = [];
    const diffs = await diffModels(oldPath, newPath, notes);
    for (const n of notes) io.err(`svcgen: note: ${n}`);
    if (args.json) {
      // One package (the usual case): the object itself; several: one per package, by name.
      const out = diffs.length === 1 ? reportJson(diffs[0]!) : Object.fromEntries(diffs.map((d) => [d.packageName, reportJson(d)]));
      io.out(JSON.stringify(out, null, 2));
    } else {
      for (const d of diffs) io.out(formatReport(d, diffs.length > 1 ? `${d.packageName}:` : undefined));
    }
    const breaking = diffs.some((d) => d.changes.some((c) => c.severity === "breaking"));
    return args.failOnBreaking && breaking ? 1 : 0;
  } catch (err) {
    return reportFailure(err, io.err);
  } finally {
    cleanup();
  }
}

/** Copies the files under `model` (a file or folder in a git work tree) as of `rev` into a temporary folder. */
export function modelAtRevision(model: string, rev: string): { path: string; cleanup: () => void } {
  const dir =
    existsSync(model) && !model.endsWith(".json") && !model.endsWith(".yaml") && !model.endsWith(".yml") ? model : path.dirname(model);
  const gitIn = (cwd: string, ...args: string[]) =>
    execFileSync("git", ["-C", cwd, ...args], {
      encoding: "buffer",
      maxBuffer: 1 << 30,
      stdio: ["ignore", "pipe", "pipe"],
    });
  const top = gitIn(dir, "rev-parse", "--show-toplevel").toString("utf8").trim();
  // Paths from the top of the work tree (ls-tree reads them relative to where it runs).
  const git = (...args: string[]) => gitIn(top, ...args);
  const rel = path.relative(realpathSync(top), realpathSync(model)).split(path.sep).join("/");
  const files = git("ls-tree", "-r", "-z", "--name-only", rev, "--", rel === "" ? "." : rel)
    .toString("utf8")
    .split("\0")
    .filter((f) => f !== "");
  if (files.length === 0) throw new Error(`${rel || "."} does not exist at ${rev}`);
  const tmp = mkdtempSync(path.join(tmpdir(), "svcgen-diff-"));
  for (const f of files) {
    const target = path.join(tmp, ...f.split("/"));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, git("cat-file", "blob", `${rev}:${f}`));
  }
  return { path: path.join(tmp, ...rel.split("/")), cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}
