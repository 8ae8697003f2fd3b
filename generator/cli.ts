// npm run generate [-- --model PATH] [--out DIR] [--check] [--no-format] [--quiet]
// Exit codes: 0 done (or up to date), 1 model error or stale output (--check), 2 usage error.
import { ModelError, formatFinding } from "./diagnostics.js";
import { generate } from "./generate.js";

const USAGE = `usage: npm run generate -- [--model PATH] [--out DIR] [--check] [--no-format] [--quiet]
  --model PATH  a model folder, a folder of model folders, a botocore folder
                (service-2.json + paginators-1.json + waiters-2.json) or one JSON/YAML file
                (default: model/)
  --out DIR     where packages are written (default: generated/)
  --check       regenerate in memory and list every file that differs; exit 1 if any
  --no-format   skip prettier (faster, for throwaway runs)
  --quiet       print only errors`;

interface Args {
  model: string;
  out: string;
  check: boolean;
  format: boolean;
  quiet: boolean;
}

function parseArgs(argv: string[]): Args | string {
  const args: Args = { model: "model", out: "generated", check: false, format: true, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      if (a === "--model") args.model = value();
      else if (a.startsWith("--model=")) args.model = a.slice(8);
      else if (a === "--out") args.out = value();
      else if (a.startsWith("--out=")) args.out = a.slice(6);
      else if (a === "--check") args.check = true;
      else if (a === "--no-format") args.format = false;
      else if (a === "--quiet") args.quiet = true;
      else if (a === "--help" || a === "-h") return "";
      else return `unknown argument ${a}`;
    } catch (err) {
      return (err as Error).message;
    }
  }
  return args;
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    if (args === "") {
      console.log(USAGE);
      return 0;
    }
    console.error(`svcgen: ${args}\n${USAGE}`);
    return 2;
  }
  const started = performance.now();
  try {
    const result = await generate({ model: args.model, out: args.out, check: args.check, format: args.format });
    let stale = 0;
    for (const pkg of result.packages) {
      for (const notice of pkg.ir.notices) console.error(`svcgen: note: ${pkg.ir.packageName}: ${notice}`);
      if (pkg.ir.endpoints.source === "default") {
        console.error(
          `svcgen: note: ${pkg.ir.packageName}: no endpoint rule set in the model; the default rules stand in (https://${pkg.ir.endpointPrefix}.{Region}.{partition DNS suffix}, FIPS and dual-stack by partition)`,
        );
      }
      if (args.check) {
        stale += pkg.differences.length;
        for (const d of pkg.differences) console.error(`stale: ${args.out}/${pkg.ir.packageName}/${d.path} (${d.change})`);
      } else if (!args.quiet) {
        const changed = pkg.differences.length;
        console.log(
          `${args.out}/${pkg.ir.packageName}: ${pkg.files.length} files, ${pkg.ir.operations.length} operations, ${pkg.ir.shapes.size} shapes` +
            (changed === 0 ? " (unchanged)" : ` (${changed} written or removed)`),
        );
        for (const d of pkg.differences) console.log(`  ${d.change}: ${d.path}`);
      }
    }
    const ms = performance.now() - started;
    if (args.check) {
      if (stale > 0) {
        console.error(`svcgen: ${stale} generated file(s) are stale; run \`npm run generate\``);
        return 1;
      }
      if (!args.quiet) console.log(`svcgen: ${result.packages.length} package(s) up to date (${ms.toFixed(0)} ms)`);
      return 0;
    }
    if (!args.quiet) {
      const t = result.times;
      console.log(
        `svcgen: done in ${ms.toFixed(0)} ms (load ${t.load.toFixed(0)}, check ${t.check.toFixed(0)}, ir ${t.ir.toFixed(0)}, emit ${t.emit.toFixed(0)}, prettier ${t.format.toFixed(0)}, write ${t.write.toFixed(0)})`,
      );
    }
    return 0;
  } catch (err) {
    if (err instanceof ModelError) {
      for (const f of err.findings) console.error(`error: ${formatFinding(f)}`);
      console.error(`svcgen: the model has ${err.findings.length} error(s); nothing was written`);
      return 1;
    }
    console.error(`svcgen: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

const exitCode = await main(process.argv.slice(2));
process.exitCode = exitCode;
