// `svcgen mock --model PATH [--port N] [--host H] [--seed S]`: the mock server of a model without
// a generated package on disk. The model goes through the generator's own load, check and IR;
// the package is emitted in memory and its sources compiled to JavaScript one file at a time
// (TypeScript's transpiler, which ts-morph carries) into a temporary folder, where the package's
// runtime dependencies resolve to svcgen's own; then its testing entry point starts the server.
// The folder is removed when the server closes.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ModelError } from "../diagnostics.js";
import { checkModel } from "../check/index.js";
import { buildIR } from "../ir/build.js";
import { loadModelsCollecting, type RawModel } from "../load/index.js";
import type { Finding } from "../diagnostics.js";
import type { PlannedFile } from "../emit/kit/file.js";

export interface MockOptions {
  readonly model: string;
  readonly port: number;
  readonly host: string;
  readonly seed: string;
}

export interface RunningMock {
  readonly url: string;
  readonly serviceId: string;
  readonly protocol: string;
  readonly operations: number;
  close(): Promise<void>;
}

/** Runtime dependencies a generated package may declare: linked from svcgen's own. */
const DEPENDENCIES = ["fast-xml-parser", "re2js"];

function linkDependencies(folder: string): void {
  const require = createRequire(import.meta.url);
  mkdirSync(path.join(folder, "node_modules"), { recursive: true });
  for (const name of DEPENDENCIES) {
    // The package's folder: up from its main file (not every package exports its package.json).
    let dir: string;
    try {
      dir = path.dirname(require.resolve(name));
    } catch {
      continue;
    }
    while (path.basename(dir) !== name && path.dirname(dir) !== dir) dir = path.dirname(dir);
    if (path.basename(dir) === name) symlinkSync(dir, path.join(folder, "node_modules", name), "dir");
  }
}

type Ts = typeof import("ts-morph").ts;

/**
 * The package's sources as JavaScript under `folder`: one compiler program over the in-memory
 * files (types are not checked, nothing is resolved), emitted file by file.
 */
function writeJavaScript(ts: Ts, folder: string, files: readonly PlannedFile[]): void {
  const sources = new Map(files.filter((f) => f.path.startsWith("src/") && f.path.endsWith(".ts")).map((f) => [`/${f.path}`, f.content]));
  const options = {
    module: ts.ModuleKind.ES2022,
    target: ts.ScriptTarget.ES2022,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    noLib: true,
    noResolve: true,
    noCheck: true,
    outDir: "/out",
    rootDir: "/",
  };
  const host = ts.createCompilerHost(options);
  host.getSourceFile = (name, version) => {
    const text = sources.get(name);
    return text === undefined ? undefined : ts.createSourceFile(name, text, version);
  };
  host.fileExists = (name) => sources.has(name);
  host.readFile = (name) => sources.get(name);
  host.writeFile = (name, text) => {
    const target = path.join(folder, name.replace(/^\/out\//, ""));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  };
  ts.createProgram([...sources.keys()], options, host).emit();
}

/** Starts the mock server of the one model at `options.model`. */
export async function startMock(options: MockOptions): Promise<RunningMock> {
  const loaded = await loadModelsCollecting(options.model);
  const findings: Finding[] = [...loaded.findings];
  const models = loaded.models as RawModel[];
  for (const model of models) findings.push(...checkModel(model));
  if (findings.length > 0) throw new ModelError(findings);
  if (models.length !== 1) throw new Error(`--model names ${models.length} models; the mock server serves one`);
  const ir = buildIR(models[0]!);
  const { emitPackageFiles } = await import("../generate.js");
  const { files } = await emitPackageFiles(ir, false);
  const { ts } = await import("ts-morph");
  const folder = mkdtempSync(path.join(os.tmpdir(), "svcgen-mock-"));
  try {
    writeFileSync(path.join(folder, "package.json"), JSON.stringify({ type: "module", private: true }) + "\n");
    linkDependencies(folder);
    writeJavaScript(ts, folder, files);
    const testing = (await import(pathToFileURL(path.join(folder, "src", "testing.js")).href)) as {
      startMockServer(o: object): Promise<{ url: string; close(): Promise<void> }>;
    };
    const server = await testing.startMockServer({ port: options.port, host: options.host, seed: options.seed });
    return {
      url: server.url,
      serviceId: ir.serviceId,
      protocol: ir.protocol,
      operations: ir.operations.length,
      close: async () => {
        await server.close();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}
