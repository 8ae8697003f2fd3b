// Bundles one operation (client + operation + signing) of svcgen's generated package and of the
// AWS SDK v3 client with esbuild, as an application would ship it.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import type { GeneratedClient } from "./clients.js";
import { ROOT, type Service } from "./services.js";

export type Platform = "browser" | "node";

export interface Bundle {
  readonly code: Uint8Array;
  readonly raw: number;
  readonly gzip: number;
  /** Bytes each input contributes to the minified output, largest first. */
  readonly inputs: ReadonlyArray<readonly [string, number]>;
}

export function svcgenImport(client: GeneratedClient, what: string): string {
  return `import { ${what} } from ${JSON.stringify(client.index)};`;
}

export function sdkImport(service: Service, what: string): string {
  return `import { ${what} } from ${JSON.stringify(service.sdkPackage)};`;
}

/** A generated package built (dist/esm, dist/cjs) and installed by name in an application folder. */
export interface Installed {
  /** The application folder whose node_modules holds the package. */
  readonly appDir: string;
  readonly name: string;
}

/**
 * Builds the package with its own build script (`npm run build`: tsc to dist/) and links it into
 * `<dir>/app/node_modules/<name>`, so a bundler finds it by name and reads its package.json as
 * installed: `exports` conditions and the `browser` map.
 */
export function installBuilt(client: GeneratedClient, dir: string): Installed {
  const pkgDir = path.dirname(path.dirname(client.index));
  const name = (JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8")) as { name: string }).name;
  // The build script's compiler and @types/node come from svcgen's own node_modules.
  if (!existsSync(path.join(pkgDir, "node_modules")))
    symlinkSync(path.join(ROOT, "node_modules"), path.join(pkgDir, "node_modules"), "dir");
  execFileSync(process.execPath, [path.join(pkgDir, "scripts", "build.mjs")], { cwd: pkgDir, stdio: ["ignore", "ignore", "pipe"] });
  const appDir = path.join(dir, "app");
  const link = path.join(appDir, "node_modules", name);
  mkdirSync(path.dirname(link), { recursive: true });
  if (!existsSync(link)) symlinkSync(pkgDir, link, "dir");
  return { appDir, name };
}

/** The bundle-size entry for the installed package: imported by its name, as an application would. */
export function installedEntry(client: GeneratedClient, installed: Installed): string {
  return `import { ${client.clientClass}, ${client.operationFunction} } from ${JSON.stringify(installed.name)};\nvoid ${client.operationFunction}(new ${client.clientClass}({}), {});\n`;
}

/** The size entries: construct the client and call the one operation, nothing else. */
export function sizeEntry(which: "svcgen" | "sdk", client: GeneratedClient): string {
  const s = client.service;
  return which === "svcgen"
    ? `${svcgenImport(client, `${client.clientClass}, ${client.operationFunction}`)}\nvoid ${client.operationFunction}(new ${client.clientClass}({}), {});\n`
    : `${sdkImport(s, `${s.sdkClient}, ${s.sdkCommand}`)}\nvoid new ${s.sdkClient}({}).send(new ${s.sdkCommand}({}));\n`;
}

/**
 * The generated package.json maps its Node transport away for browsers ("browser" field). That map
 * names the compiled files (dist/esm/*.js, dist/cjs/*.js); the benchmark bundles the sources, so it applies the same
 * map to src/*.ts.
 */
function packageBrowserMap(client: GeneratedClient): esbuild.Plugin {
  const pkgDir = path.dirname(path.dirname(client.index));
  const pkg = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8")) as {
    browser?: Record<string, string | false>;
  };
  const away = new Set(
    Object.entries(pkg.browser ?? {})
      .filter(([, to]) => to === false)
      .map(([from]) => path.join(pkgDir, from.replace(/^\.\/dist\/(?:esm\/|cjs\/)?/, "src/").replace(/\.js$/, ".ts"))),
  );
  return {
    name: "package-browser-map",
    setup(build) {
      build.onResolve({ filter: /^\./ }, (args) => {
        const target = path.resolve(args.resolveDir, args.path).replace(/\.js$/, ".ts");
        return away.has(target) ? { path: target, namespace: "mapped-away" } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: "mapped-away" }, () => ({ contents: "export {};", loader: "js" }));
    },
  };
}

/**
 * The SDK's Node code is CommonJS that requires node: builtins; in an ESM bundle esbuild turns
 * those into a `require` that does not exist, so a Node ESM bundle holding it needs one.
 */
export const REQUIRE_SHIM = 'import{createRequire as __cr}from"node:module";const require=__cr(import.meta.url);';

export interface BundleOptions {
  /** The svcgen package bundled, for its browser map. */
  readonly svcgen?: GeneratedClient | undefined;
  /** Prepend REQUIRE_SHIM (Node bundles holding the SDK). */
  readonly requireShim?: boolean | undefined;
  /** More esbuild plugins, run before the package's browser map (the endpoint section stubs files with them). */
  readonly plugins?: readonly esbuild.Plugin[] | undefined;
  /** Bundle from an application folder with the package installed (installBuilt): no map, no externals, as a user's bundler sees it. */
  readonly installed?: Installed | undefined;
}

export async function bundle(entry: string, platform: Platform, options: BundleOptions = {}): Promise<Bundle> {
  const svcgen = options.svcgen;
  const browserSvcgen = platform === "browser" && svcgen !== undefined;
  const plugins = [...(options.plugins ?? []), ...(browserSvcgen ? [packageBrowserMap(svcgen)] : [])];
  const result = await esbuild.build({
    stdin: { contents: entry, resolveDir: options.installed?.appDir ?? ROOT, loader: "ts", sourcefile: "entry.ts" },
    // The generated packages live in a temporary folder: their dependencies (re2js, for models with
    // a pattern a backtracking engine could hang on) resolve from svcgen's, as installed they would.
    nodePaths: [path.join(ROOT, "node_modules")],
    bundle: true,
    minify: true,
    format: "esm",
    platform,
    write: false,
    metafile: true,
    logLevel: "silent",
    ...(browserSvcgen ? { external: ["node:*"] } : {}),
    ...(plugins.length > 0 ? { plugins } : {}),
    ...(options.requireShim === true ? { banner: { js: REQUIRE_SHIM } } : {}),
  });
  const file = result.outputFiles[0];
  if (file === undefined) throw new Error("esbuild produced no output");
  const output = Object.values(result.metafile.outputs)[0];
  const inputs = Object.entries(output?.inputs ?? {})
    .map(([name, info]) => [name, info.bytesInOutput] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  return { code: file.contents, raw: file.contents.length, gzip: gzipSync(file.contents, { level: 9 }).length, inputs };
}

/** Groups inputs by npm package (node_modules/<scope>/<name>) or, for svcgen, by file of the package. */
export function breakdown(inputs: Bundle["inputs"], top: number): string {
  const groups = new Map<string, number>();
  for (const [name, n] of inputs) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(name)?.[1];
    const key = pkg ?? name.replace(/^.*?\/(?:src|dist\/esm|dist\/cjs)\//, "src/");
    groups.set(key, (groups.get(key) ?? 0) + n);
  }
  const total = [...groups.values()].reduce((a, b) => a + b, 0);
  return [...groups]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, n]) => `${k} ${(n / 1024).toFixed(1)} KB (${Math.round((100 * n) / total)}%)`)
    .join(", ");
}
