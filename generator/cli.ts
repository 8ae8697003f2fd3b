#!/usr/bin/env node
// svcgen generate [options] | svcgen --help | svcgen --version   (npm run generate -- [options])
// Exit codes: 0 done (or up to date), 1 model error or stale output (--check), 2 usage error.
// Paths are relative to the current folder; the embedded model is the installed package's own.
import path from "node:path";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { reportFailure } from "./diagnostics.js";
import { ConfigError, EMBEDDED_MODEL, PACKAGE_ROOT, validatePackageOptions, type PackageOptions } from "./config.js";
import type { ProgressEvent } from "./generate.js";

export const USAGE = `usage: svcgen generate [options]     (in this repo: npm run generate -- [options])
       svcgen diff OLD-MODEL NEW-MODEL [--json] [--fail-on breaking]
       svcgen diff --from-git REV MODEL [--json] [--fail-on breaking]
       svcgen mock [--model PATH] [--port N] [--host HOST] [--seed SEED]
       svcgen --help | --version

options:
  --model PATH            a model folder, a folder of model folders, a botocore folder
                          (service-2.json + paginators-1.json + waiters-2.json), a botocore
                          service folder (<service>/<version>/: the newest version), or one
                          JSON/YAML file (default: the model svcgen ships with)
  --all-versions          with botocore service folders, every version, not just the newest
  --out DIR               where packages are written (default: generated/)
  --check                 regenerate in memory, print a unified diff of every file that
                          differs and exit 1 if any (always compares formatted output)
  --no-format             skip prettier when writing (faster, for throwaway runs)
  --no-cache              regenerate even when the model, options, generator and output are
                          those of the last run (which otherwise skips the run: OUT/.svcgen-cache/)
  --quiet                 print only errors
  --bump                  when a package is overwritten, raise its version (from its current
                          package.json) by the bump the API changes imply, and add a CHANGELOG.md entry

package options (they win over svcgen.config.json beside the model, then in this folder):
  --package-name NAME     npm name, scoped or not (@acme/iot); the folder is the unscoped part
  --package-version VER   semantic version of the generated package (default 0.0.0)
  --license SPDX          license field (e.g. MIT, Apache-2.0)
  --repository URL        repository field
  --author TEXT           author field
  --protocol NAME         the protocol to use where the model lists it beside its default
                          (smithy-rpc-v2-cbor for services that also list json)

diff: the API changes from OLD to NEW (model paths as for --model; --from-git REV reads the
old one from git at REV), each breaking or not for code using the generated package, then the
semver bump they imply. --json prints { "semver", "changes": [{ kind, severity, path, message,
operations }] }. --fail-on breaking exits 1 when anything breaks.

mock: a loopback HTTP server speaking the model's protocol, validating requests against the
model and answering with model-valid output made from SEED; prints its URL, stops on Ctrl-C
(svcgen mock --help).

Paths are relative to the current folder. Exit codes: 0 done, 1 model error (or stale output
with --check, or a breaking change with --fail-on breaking), 2 usage error.`;

export interface Args {
  command: "generate" | "help" | "version";
  /** Undefined: the embedded model. */
  model: string | undefined;
  out: string;
  check: boolean;
  format: boolean;
  quiet: boolean;
  allVersions: boolean;
  bump: boolean;
  /** Skip a run whose inputs and outputs are those of the last one (cache.ts). */
  cache: boolean;
  packageOptions: PackageOptions;
}

export interface DiffArgs {
  command: "diff";
  old: string | undefined;
  new: string;
  fromGit: string | undefined;
  json: boolean;
  failOnBreaking: boolean;
}

/** `svcgen diff ...` (argv without the command); a string is a usage error. */
export function parseDiffArgs(argv: readonly string[]): DiffArgs | string {
  const paths: string[] = [];
  let fromGit: string | undefined;
  let json = false;
  let failOnBreaking = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] =
      a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === "--json" && inline === undefined) json = true;
    else if (flag === "--fail-on") {
      const v = value();
      if (v !== "breaking") return `--fail-on takes "breaking"${v === undefined ? "" : `, not ${v}`}`;
      failOnBreaking = true;
    } else if (flag === "--from-git") {
      const v = value();
      if (v === undefined || v === "" || v.startsWith("-")) return "--from-git needs a revision";
      fromGit = v;
    } else if (a.startsWith("-")) return `unknown argument ${a}`;
    else paths.push(a);
  }
  const want = fromGit === undefined ? 2 : 1;
  if (paths.length !== want)
    return fromGit === undefined ? "diff needs two models: svcgen diff OLD NEW" : "diff --from-git REV needs one model";
  return {
    command: "diff",
    old: fromGit === undefined ? paths[0] : undefined,
    new: paths[want - 1]!,
    fromGit,
    json,
    failOnBreaking,
  };
}

const VALUE_FLAGS: Record<string, (args: Args, value: string) => void> = {
  "--model": (a, v) => void (a.model = v),
  "--out": (a, v) => void (a.out = v),
  "--package-name": (a, v) => void (a.packageOptions = { ...a.packageOptions, packageName: v }),
  "--package-version": (a, v) => void (a.packageOptions = { ...a.packageOptions, packageVersion: v }),
  "--license": (a, v) => void (a.packageOptions = { ...a.packageOptions, license: v }),
  "--repository": (a, v) => void (a.packageOptions = { ...a.packageOptions, repository: v }),
  "--author": (a, v) => void (a.packageOptions = { ...a.packageOptions, author: v }),
  "--protocol": (a, v) => void (a.packageOptions = { ...a.packageOptions, protocol: v }),
};

const SWITCHES: Record<string, (args: Args) => void> = {
  "--check": (a) => void (a.check = true),
  "--no-format": (a) => void (a.format = false),
  "--quiet": (a) => void (a.quiet = true),
  "--all-versions": (a) => void (a.allVersions = true),
  "--bump": (a) => void (a.bump = true),
  "--no-cache": (a) => void (a.cache = false),
};

/** Parses argv (without node and the script); a string is a usage error. */
export function parseArgs(argv: readonly string[]): Args | string {
  const args: Args = {
    command: "generate",
    model: undefined,
    out: "generated",
    check: false,
    format: true,
    quiet: false,
    allVersions: false,
    bump: false,
    cache: true,
    packageOptions: {},
  };
  let i = 0;
  // The command is optional: `svcgen --model x` means `svcgen generate --model x`.
  if (argv[0] === "generate") i = 1;
  else if (argv[0] === "help") return { ...args, command: "help" };
  else if (argv[0] !== undefined && !argv[0].startsWith("-"))
    return `unknown command ${argv[0]} (the commands are generate, diff and mock)`;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--help" || a === "-h") return { ...args, command: "help" };
    if (a === "--version" || a === "-v") return { ...args, command: "version" };
    const eq = a.indexOf("=");
    const flag = a.startsWith("--") && eq > 0 ? a.slice(0, eq) : a;
    const setValue = VALUE_FLAGS[flag];
    if (setValue) {
      let v: string | undefined;
      if (flag !== a) v = a.slice(eq + 1);
      else {
        v = argv[++i];
        if (v === undefined || v.startsWith("--")) return `${a} needs a value`;
      }
      if (v === "") return `${flag} needs a value`;
      setValue(args, v);
    } else if (SWITCHES[a]) SWITCHES[a](args);
    else return `unknown argument ${a}`;
  }
  try {
    validatePackageOptions(args.packageOptions, "options");
  } catch (err) {
    return (err as Error).message.replace(/^options: /, "");
  }
  return args;
}

export function version(): string {
  return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
}

/** Where the CLI writes; tests hand in their own. */
export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Redraws one status line on a terminal; absent when stderr is not a TTY. */
  readonly status?: (text: string) => void;
  readonly cwd: string;
}

const processIo = (): Io => ({
  out: (line) => void process.stdout.write(line + "\n"),
  err: (line) => void process.stderr.write(line + "\n"),
  ...(process.stderr.isTTY ? { status: (text: string) => void process.stderr.write(`\r\x1b[K${text}`) } : {}),
  cwd: process.cwd(),
});

/**
 * Progress on a terminal, once a run has taken a second: the phase and its count, redrawn in
 * place and cleared at the end. Off a terminal nothing is drawn; the summary line says it all.
 */
function progressLine(io: Io, quiet: boolean): { onProgress: (e: ProgressEvent) => void; stop: () => void } {
  const status = io.status;
  if (!status || quiet) return { onProgress: () => {}, stop: () => {} };
  const started = performance.now();
  let last: ProgressEvent | undefined;
  let shown = false;
  const draw = () => {
    if (!last || performance.now() - started < 1000) return;
    shown = true;
    const count = last.total > 0 ? ` ${last.done}/${last.total} package(s)` : "";
    status(`svcgen: ${last.phase}${count} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  };
  const timer = setInterval(draw, 250);
  timer.unref();
  return {
    onProgress: (e) => {
      last = e;
      draw();
    },
    stop: () => {
      clearInterval(timer);
      if (shown) status("");
    },
  };
}

export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  if (argv[0] === "diff" && !argv.includes("--help") && !argv.includes("-h")) {
    const d = parseDiffArgs(argv.slice(1));
    if (typeof d === "string") {
      io.err(`svcgen: ${d}\n${USAGE}`);
      return 2;
    }
    return (await import("./diff/cli.js")).runDiff(d, io);
  }
  if (argv[0] === "mock") return (await import("./mock/cli.js")).runMock(argv.slice(1), io);
  const args = parseArgs(argv[0] === "diff" ? ["--help"] : argv);
  if (typeof args === "string") {
    io.err(`svcgen: ${args}\n${USAGE}`);
    return 2;
  }
  if (args.command === "help") {
    io.out(USAGE);
    return 0;
  }
  if (args.command === "version") {
    io.out(version());
    return 0;
  }
  const model = args.model === undefined ? EMBEDDED_MODEL : path.resolve(io.cwd, args.model);
  if (!existsSync(model)) {
    io.err(`svcgen: --model ${args.model}: no such file or folder\n${USAGE}`);
    return 2;
  }
  const out = path.resolve(io.cwd, args.out);
  // Messages name the output as given (relative to the current folder).
  const shownOut = args.out.replace(/\/+$/, "");
  const started = performance.now();
  // The cache: never with --check (which must compare) or --bump (which edits what is on disk).
  const cacheInputs = { model, configDir: io.cwd, format: args.format, allVersions: args.allVersions, packageOptions: args.packageOptions };
  const cache = args.cache && !args.check && !args.bump ? await import("./cache.js") : undefined;
  const key = cache?.cacheKey(cacheInputs);
  if (cache && key !== undefined) {
    const stamp = cache.freshStamp(out, cacheInputs, key);
    if (stamp) {
      for (const note of stamp.notes) io.err(note);
      if (!args.quiet) {
        for (const pkg of stamp.packages) io.out(`${shownOut}/${pkg.folder}: unchanged (cached)`);
        io.out(
          `svcgen: ${stamp.packages.length} package(s) unchanged since the last run with this model, options and generator (${(performance.now() - started).toFixed(0)} ms; --no-cache regenerates)`,
        );
      }
      return 0;
    }
    cache.dropStamp(out, cacheInputs);
  }
  const notes: string[] = [];
  const note = (line: string) => {
    notes.push(line);
    io.err(line);
  };
  const progress = progressLine(io, args.quiet);
  try {
    const { generate } = await import("./generate.js");
    const result = await generate({
      model,
      out,
      check: args.check,
      format: args.format,
      allVersions: args.allVersions,
      packageOptions: args.packageOptions,
      bump: args.bump,
      configDir: io.cwd,
      onProgress: progress.onProgress,
    });
    progress.stop();
    let stale = 0;
    let files = 0;
    let changed = 0;
    for (const pkg of result.packages) {
      files += pkg.files.length;
      changed += pkg.differences.length;
      for (const notice of pkg.ir.notices) note(`svcgen: note: ${pkg.ir.packageName}: ${notice}`);
      if (pkg.ir.endpoints.source === "default") {
        note(
          `svcgen: note: ${pkg.ir.packageName}: no endpoint rule set in the model; the default rules stand in (https://${pkg.ir.endpointPrefix}.{Region}.{partition DNS suffix}, FIPS and dual-stack by partition)`,
        );
      }
      if (args.check) {
        stale += pkg.differences.length;
        const planned = new Map(pkg.files.map((f) => [f.path, f.content]));
        const { unifiedDiff } = await import("./write.js");
        for (const d of pkg.differences) {
          io.err(`stale: ${shownOut}/${pkg.folder}/${d.path} (${d.change})`);
          const onDisk = d.change === "added" ? undefined : readOrUndefined(path.join(out, pkg.folder, d.path));
          io.out(unifiedDiff(`${pkg.folder}/${d.path}`, onDisk, planned.get(d.path)).replace(/\n$/, ""));
        }
      } else if (!args.quiet) {
        const n = pkg.differences.length;
        io.out(
          `${shownOut}/${pkg.folder}: ${pkg.files.length} files, ${pkg.ir.operations.length} operations, ${pkg.ir.shapes.size} shapes` +
            (n === 0 ? " (unchanged)" : ` (${n} written or removed)`),
        );
        // A handful of changes are worth naming; a fresh package's hundreds are not.
        for (const d of pkg.differences.slice(0, 20)) io.out(`  ${d.change}: ${d.path}`);
        if (n > 20) io.out(`  ... and ${n - 20} more`);
        if (pkg.apiDiff) {
          const { summaryLine } = await import("./diff/index.js");
          io.out(`${shownOut}/${pkg.folder}: API changes: ${summaryLine(pkg.apiDiff)}`);
        }
        if (pkg.bumped)
          io.out(`${shownOut}/${pkg.folder}: version ${pkg.bumped.from} -> ${pkg.bumped.to} (${pkg.apiDiff?.semver}; CHANGELOG.md)`);
      }
    }
    const ms = performance.now() - started;
    if (args.check) {
      if (stale > 0) {
        io.err(`svcgen: ${stale} generated file(s) are stale; run \`svcgen generate\` (in this repo: \`npm run generate\`)`);
        return 1;
      }
      if (!args.quiet) io.out(`svcgen: ${result.packages.length} package(s) up to date (${ms.toFixed(0)} ms)`);
      return 0;
    }
    if (cache && key !== undefined) {
      const { MANIFEST } = await import("./write.js");
      const written = result.packages.map((p) => ({ folder: p.folder, files: [...p.files.map((f) => f.path), MANIFEST] }));
      cache.writeStamp(out, cacheInputs, key, notes, written);
    }
    if (!args.quiet) {
      const t = result.times;
      io.out(
        `svcgen: ${result.packages.length} package(s), ${files} files, ${changed} written or removed, in ${ms.toFixed(0)} ms (load ${t.load.toFixed(0)}, check ${t.check.toFixed(0)}, ir ${t.ir.toFixed(0)}, emit ${t.emit.toFixed(0)}, prettier ${t.format.toFixed(0)}, write ${t.write.toFixed(0)})`,
      );
    }
    return 0;
  } catch (err) {
    progress.stop();
    if (err instanceof ConfigError) {
      io.err(`svcgen: ${err.message}`);
      return 2;
    }
    return reportFailure(err, io.err, "nothing was written");
  }
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** True when this module is the program node was started with (directly, through a bin link, or tsx). */
function isEntry(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntry()) process.exitCode = await main(process.argv.slice(2));
