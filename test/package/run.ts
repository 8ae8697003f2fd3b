// npm run test:package: a generated package as its users get it. Packs svcgen and installs it in a
// temporary project (as test:install does), generates the corpus's DynamoDB with package options,
// runs `npm install` and `npm pack` in the generated package, installs that tarball in a second
// project and checks there: an ES module import and a CommonJS require each construct a client
// and call an operation against a loopback server on 127.0.0.1; a consumer file type-checks
// strictly under moduleResolution node16, nodenext, bundler and node10, with only @types/node and
// with only lib dom; esbuild bundles a browser entry with no flags; publint and
// @arethetypeswrong/cli find no problem in the tarball. The testing subpath: its mock server and
// mockClient from ESM and CommonJS, in the type-check, and absent from both browser bundles.
// Installs use --prefer-offline. Exits non-zero on the first failure.
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const MODELS = process.env.CORPUS_MODELS_DIR ?? path.join(ROOT, "..", "shared", "corpus", "botocore", "models");
const MODEL = path.join(MODELS, "dynamodb", "2012-08-10");
const work = mkdtempSync(path.join(os.tmpdir(), "svcgen-package-"));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const BIN = (name: string) => path.join(ROOT, "node_modules", ".bin", name);
/** TypeScript 7 (svcgen's own) has no node10 resolution; a 5.x in the consumer project checks it. */
const TS5 = "typescript@~5.9.3";

function log(line: string): void {
  console.log(line);
}

let stepsPassed = 0;
async function step(name: string, f: () => void | Promise<void>): Promise<void> {
  const t = performance.now();
  await f();
  stepsPassed++;
  log(`ok ${name} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
}

function run(cmd: string, args: string[], cwd: string): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: 600_000 });
  return { status: r.status, out: (r.stdout ?? "") + (r.stderr ?? "") };
}

function check(ok: boolean, what: string, detail = ""): void {
  if (!ok) {
    console.error(`FAIL ${what}\n${detail}`);
    process.exitCode = 1;
    throw new Error(`FAIL ${what}`);
  }
}

function mustRun(what: string, cmd: string, args: string[], cwd: string): string {
  const r = run(cmd, args, cwd);
  check(r.status === 0, what, r.out);
  return r.out;
}

function onlyTarball(dir: string): string {
  const found = readdirSync(dir).filter((f) => f.endsWith(".tgz"));
  check(found.length === 1, `one tarball in ${dir}`, found.join(", "));
  return path.join(dir, found[0]!);
}

const install = (cwd: string, ...what: string[]) =>
  mustRun(`npm install ${what.join(" ")}`, npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", ...what], cwd);

try {
  const packs = path.join(work, "packs");
  const tool = path.join(work, "tool");
  const consumer = path.join(work, "consumer");
  for (const d of [packs, tool, consumer]) mkdirSync(d, { recursive: true });
  let pkgDir = "";
  let tarball = "";

  await step("svcgen packed and installed; npx svcgen generate <dynamodb> --package-name @acme/ddb --package-version 1.2.3", () => {
    execFileSync(npm, ["pack", "--pack-destination", packs], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
    writeFileSync(path.join(tool, "package.json"), JSON.stringify({ name: "tool", version: "1.0.0", private: true, type: "module" }));
    install(tool, "-D", onlyTarball(packs));
    rmSync(onlyTarball(packs));
    const args = [
      "--no-install",
      "svcgen",
      "generate",
      "--model",
      MODEL,
      "--out",
      "gen",
      "--package-name",
      "@acme/ddb",
      "--package-version",
      "1.2.3",
      "--license",
      "MIT",
    ];
    mustRun("svcgen generate", "npx", args, tool);
    pkgDir = path.join(tool, "gen", "ddb");
  });

  await step("npm install && npm pack in the generated package (prepack builds dist/esm and dist/cjs)", () => {
    install(pkgDir);
    mustRun("npm pack", npm, ["pack", "--pack-destination", packs], pkgDir);
    tarball = onlyTarball(packs);
    check(path.basename(tarball) === "acme-ddb-1.2.3.tgz", "tarball name", tarball);
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n");
    for (const f of [
      "package/package.json",
      "package/dist/esm/index.js",
      "package/dist/esm/index.d.ts",
      "package/dist/cjs/index.js",
      "package/dist/cjs/index.d.ts",
      "package/dist/cjs/package.json",
      "package/dist/esm/testing.js",
      "package/dist/esm/testing.d.ts",
      "package/dist/cjs/testing.js",
      "package/dist/cjs/testing.d.ts",
      "package/testing/package.json",
      "package/README.md",
      "package/docs/index.md",
      // The HTML docs site ships with the package: a reference that opens from node_modules offline.
      "package/docs/site/index.html",
      "package/docs/site/assets/site.css",
      "package/docs/site/assets/site.js",
      "package/docs/site/search-index.js",
    ]) {
      check(files.includes(f), `the tarball holds ${f}`);
    }
    check(
      !files.some((f) => f.startsWith("package/src/") || f.startsWith("package/scripts/")),
      "the tarball holds no sources or build script",
    );
  });

  const index = readFileSync(path.join(pkgDir, "src", "index.ts"), "utf8");
  const clientName = /export \{ (\w+Client) \} from "\.\/client\.js"/.exec(index)?.[1];
  check(clientName !== undefined, "the index exports a client class");

  await step("npm install <tarball> in a fresh project (with @types/node and a TypeScript 5 for node10)", () => {
    writeFileSync(
      path.join(consumer, "package.json"),
      JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" }),
    );
    install(consumer, tarball, "@types/node@^20", TS5);
    check(existsSync(path.join(consumer, "node_modules", "@acme", "ddb", "dist", "esm", "index.js")), "installed");
    check(!existsSync(path.join(consumer, "node_modules", "@acme", "ddb", "node_modules")), "no dependencies come along");
  });

  await step("ESM import and CommonJS require each call ListTables on a loopback server", async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(`${req.method} ${String(req.headers["x-amz-target"])} ${req.headers.authorization ? "signed" : "unsigned"}`);
      req.resume();
      req.on("end", () =>
        res
          .writeHead(200, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "r1" })
          .end(JSON.stringify({ TableNames: ["t1", "t2"] })),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const body = (load: string) => `${load}
const client = new ${clientName}({ region: "us-east-1", endpoint: process.argv[2], credentials: { accessKeyId: "AKID", secretAccessKey: "secret" } });
listTables(client, { Limit: 2 }).then((out) => { console.log(JSON.stringify(out.TableNames)); client.destroy(); }, (err) => { console.error(err); process.exit(1); });
`;
    writeFileSync(path.join(consumer, "esm.mjs"), body(`import { ${clientName}, listTables } from "@acme/ddb";`));
    writeFileSync(path.join(consumer, "cjs.cjs"), body(`const { ${clientName}, listTables } = require("@acme/ddb");`));
    try {
      for (const file of ["esm.mjs", "cjs.cjs"]) {
        const { stdout } = await promisify(execFile)(process.execPath, [file, endpoint], {
          cwd: consumer,
          encoding: "utf8",
          timeout: 60_000,
        });
        check(stdout.trim() === '["t1","t2"]', `${file} prints the tables`, stdout);
      }
    } finally {
      server.close();
    }
    check(
      seen.length === 2 && seen.every((s) => s === "POST DynamoDB_20120810.ListTables signed"),
      "two signed ListTables requests",
      seen.join("\n"),
    );
  });

  await step("the testing subpath from ESM and CommonJS: startMockServer answers ListTables over HTTP, mockClient in process", async () => {
    const body = (load: string) => `${load}
(async () => {
  const server = await startMockServer({ seed: 1 });
  const client = new ${clientName}({ region: "us-east-1", endpoint: server.url, credentials: { accessKeyId: "AKID", secretAccessKey: "secret" } });
  const served = await listTables(client, { Limit: 2 });
  await server.close();
  const mock = mockClient(client);
  mock.on("ListTables").resolves({ TableNames: ["mocked"] });
  const mocked = await listTables(client, {});
  mock.restore();
  client.destroy();
  console.log(JSON.stringify([served.$metadata.httpStatusCode, Array.isArray(served.TableNames), mocked.TableNames]));
})().catch((err) => { console.error(err); process.exit(1); });
`;
    writeFileSync(
      path.join(consumer, "testing-esm.mjs"),
      body(`import { ${clientName}, listTables } from "@acme/ddb";\nimport { mockClient, startMockServer } from "@acme/ddb/testing";`),
    );
    writeFileSync(
      path.join(consumer, "testing-cjs.cjs"),
      body(
        `const { ${clientName}, listTables } = require("@acme/ddb");\nconst { mockClient, startMockServer } = require("@acme/ddb/testing");`,
      ),
    );
    for (const file of ["testing-esm.mjs", "testing-cjs.cjs"]) {
      const { stdout } = await promisify(execFile)(process.execPath, [file], { cwd: consumer, encoding: "utf8", timeout: 60_000 });
      check(stdout.trim() === '[200,true,["mocked"]]', `${file}: the mock server and mockClient answer`, stdout);
    }
  });

  await step(
    "a consumer type-checks strictly: node16, nodenext, bundler (TypeScript 7 and 5), node10 (TypeScript 5); only @types/node; only lib dom",
    () => {
      writeFileSync(
        path.join(consumer, "consumer.ts"),
        `import { ${clientName}, listTables, ResourceNotFoundException, type ListTablesOutput, type ClientConfig, type CredentialsInput } from "@acme/ddb";
import { getItem } from "@acme/ddb/operations/get-item";
import { mockClient } from "@acme/ddb/testing";
const credentials: CredentialsInput = { accessKeyId: "a", secretAccessKey: "b" };
const config: ClientConfig = { region: "us-east-1", credentials };
export async function main(): Promise<string[]> {
  const client = new ${clientName}(config);
  try {
    const out: ListTablesOutput = await listTables(client, { Limit: 1 });
    const item = await getItem(client, { TableName: "t", Key: { id: { S: "1" }, data: { B: new Uint8Array(1) } } });
    void item.Item?.["id"]?.S;
    return out.TableNames ?? [];
  } catch (err) {
    if (err instanceof ResourceNotFoundException) return [err.message];
    throw err;
  }
}
export function mocked(): void {
  mockClient(${clientName}).on("ListTables", { Limit: 1 }).resolves({ TableNames: ["t"] });
}
`,
      );
      const tsc7 = [path.join(ROOT, "node_modules", "typescript", "bin", "tsc")];
      const tsc5 = [path.join(consumer, "node_modules", "typescript", "bin", "tsc")];
      const cases: Array<{
        name: string;
        tsc: string[];
        module: string;
        resolution: string;
        lib: string[];
        types: string[];
      }> = [];
      for (const [tsName, tsc] of [
        ["7", tsc7],
        ["5", tsc5],
      ] as const) {
        for (const [module, resolution] of [
          ["node16", "node16"],
          ["nodenext", "nodenext"],
          ["preserve", "bundler"],
        ]) {
          cases.push({
            name: `TypeScript ${tsName} ${resolution}, @types/node only`,
            tsc,
            module: module!,
            resolution: resolution!,
            lib: ["ES2022"],
            types: ["node"],
          });
          cases.push({
            name: `TypeScript ${tsName} ${resolution}, lib dom only`,
            tsc,
            module: module!,
            resolution: resolution!,
            lib: ["ES2022", "DOM"],
            types: [],
          });
        }
      }
      cases.push({
        name: "TypeScript 5 node10, @types/node only",
        tsc: tsc5,
        module: "commonjs",
        resolution: "node10",
        lib: ["ES2022"],
        types: ["node"],
      });
      cases.push({
        name: "TypeScript 5 node10, lib dom only",
        tsc: tsc5,
        module: "commonjs",
        resolution: "node10",
        lib: ["ES2022", "DOM"],
        types: [],
      });
      for (const c of cases) {
        const config = {
          compilerOptions: {
            target: "ES2022",
            module: c.module,
            moduleResolution: c.resolution,
            lib: c.lib,
            types: c.types,
            strict: true,
            exactOptionalPropertyTypes: true,
            noUncheckedIndexedAccess: true,
            noEmit: true,
            skipLibCheck: false,
          },
          files: ["consumer.ts"],
        };
        // node10 cannot resolve the operations/* subpath: the consumer imports getItem from the index
        // there. It resolves `testing` through the package's testing/package.json.
        if (c.resolution === "node10") {
          const source = readFileSync(path.join(consumer, "consumer.ts"), "utf8")
            .replace(/^import \{ getItem \} from "@acme\/ddb\/operations\/get-item";\n/m, "")

            .replace("listTables, ", "listTables, getItem, ");
          writeFileSync(path.join(consumer, "consumer-node10.ts"), source);
          config.files = ["consumer-node10.ts"];
        }
        writeFileSync(path.join(consumer, "tsconfig.check.json"), JSON.stringify(config));
        const r = run(process.execPath, [...c.tsc, "-p", "tsconfig.check.json"], consumer);
        check(r.status === 0, c.name, r.out);
      }
    },
  );

  await step("esbuild bundles a browser entry importing one operation, with no flags: nothing from node: in it", () => {
    writeFileSync(
      path.join(consumer, "browser.js"),
      `import { ${clientName}, listTables } from "@acme/ddb";\nconst client = new ${clientName}({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });\nlistTables(client, {}).then((o) => console.log(o.TableNames));\n`,
    );
    mustRun(
      "esbuild --bundle",
      BIN("esbuild"),
      ["browser.js", "--bundle", "--outfile=out/browser.js", "--metafile=out/meta.json"],
      consumer,
    );
    const meta = JSON.parse(readFileSync(path.join(consumer, "out", "meta.json"), "utf8")) as {
      inputs: Record<string, { imports: Array<{ path: string }> }>;
    };
    const nodeImports = Object.entries(meta.inputs).flatMap(([file, i]) =>
      i.imports.filter((imp) => imp.path.startsWith("node:")).map((imp) => `${file} → ${imp.path}`),
    );
    check(nodeImports.length === 0, "no node: import in the browser bundle", nodeImports.join("\n"));
    const inputs = Object.keys(meta.inputs);
    check(
      !inputs.some((f) => /runtime\/(http|platform)\/node\.js$/.test(f) && !f.includes("(disabled)")),
      "the Node-only modules are mapped away",
      inputs.join("\n"),
    );
    check(
      !inputs.some((f) => /\/testing(-facts)?\.js$|\/runtime\/testing\//.test(f)),
      "no testing module in the bundle",
      inputs.join("\n"),
    );
  });

  await step("Vite builds a page importing one operation, with no config and no flags: nothing from node: in it", () => {
    writeFileSync(
      path.join(consumer, "index.html"),
      `<!doctype html><title>ddb</title><script type="module" src="./browser.js"></script>\n`,
    );
    mustRun("vite build", process.execPath, [BIN("vite"), "build", "--outDir", "out-vite", "--logLevel", "warn"], consumer);
    const assets = path.join(consumer, "out-vite", "assets");
    const js = readdirSync(assets).filter((f) => f.endsWith(".js"));
    check(js.length > 0, "vite wrote the page's script", readdirSync(assets).join(", "));
    const code = js.map((f) => readFileSync(path.join(assets, f), "utf8")).join("\n");
    check(!/["']node:[a-z]/.test(code), "no node: import in the Vite bundle");
    check(code.includes("DynamoDB_20120810.ListTables") || code.includes("ListTables"), "the operation is in the bundle");
    check(!/startMockServer|UnmatchedCallError|mock server/.test(code), "no testing code in the Vite bundle");
  });

  await step("publint and @arethetypeswrong/cli on the tarball", () => {
    const lint = mustRun("publint", BIN("publint"), ["run", tarball, "--strict"], consumer);
    // One rule is left on purpose (README, "The generated package as users install it"): the
    // "browser" file map, which keeps the Node-only modules out of browser bundles.
    const findings = lint.split("\n").filter((l) => /^\d+\. /.test(l));
    const unexpected = findings.filter((l) => !l.includes("pkg.browser with an object value"));
    check(!/^(Errors|Warnings):/m.test(lint) && unexpected.length === 0, "publint reports nothing but the browser map suggestion", lint);
    mustRun("attw", BIN("attw"), [tarball, "--format", "table-flipped"], consumer);
  });
  log(`test:package: ${stepsPassed} passed, 0 failed`);
} catch (err) {
  if (!String(err).includes("FAIL")) console.error(err);
  process.exitCode = 1;
  log(`test:package: ${stepsPassed} passed, 1 failed`);
} finally {
  if (!process.env.KEEP_PACKAGE_TMP) rmSync(work, { recursive: true, force: true });
  else log(`kept ${work}`);
}
