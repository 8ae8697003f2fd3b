// npm run test:install: svcgen as a user gets it. Packs this repo, installs the tarball into a
// fresh project in a temporary folder (cached tarballs first: --prefer-offline), then from that
// folder runs the installed bin: --version, --help, a usage error, and a generation of the
// corpus's dynamodb with package options. Exits non-zero on the first failure.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const MODELS = process.env.CORPUS_MODELS_DIR ?? path.join(ROOT, "..", "shared", "corpus", "botocore", "models");
const work = mkdtempSync(path.join(os.tmpdir(), "svcgen-install-"));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

let stepsPassed = 0;
function step(name: string, f: () => void): void {
  const t = performance.now();
  f();
  stepsPassed++;
  console.log(`ok ${name} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
}

function run(cmd: string, args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: 300_000 });
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

function check(ok: boolean, what: string, detail = ""): void {
  if (!ok) {
    console.error(`FAIL ${what}\n${detail}`);
    console.log(`test:install: ${stepsPassed} passed, 1 failed`);
    process.exit(1);
  }
}

try {
  const packs = path.join(work, "packs");
  const project = path.join(work, "project");
  let tarball = "";
  step("npm pack (builds dist/)", () => {
    mkdirSync(packs, { recursive: true });
    execFileSync(npm, ["pack", "--pack-destination", packs], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
    const found = readdirSync(packs).filter((f) => f.endsWith(".tgz"));
    check(found.length === 1, "one tarball", found.join(", "));
    tarball = path.join(packs, found[0]!);
  });
  step("npm install -D <tarball> in a fresh project", () => {
    mkdirSync(project, { recursive: true });
    writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify({ name: "svcgen-install-test", version: "1.0.0", private: true, type: "module" }),
    );
    const r = run(npm, ["install", "-D", "--prefer-offline", "--no-audit", "--no-fund", tarball], project);
    check(r.status === 0, "npm install", r.stderr);
    check(existsSync(path.join(project, "node_modules", ".bin", "svcgen")), "the svcgen bin is linked");
    // Run-time needs no tsx: it is a devDependency of svcgen, so it is not installed here.
    check(!existsSync(path.join(project, "node_modules", "tsx")), "tsx is not installed with svcgen");
  });
  const bin = path.join(project, "node_modules", ".bin", "svcgen");
  step("svcgen --version and --help", () => {
    const v = run(bin, ["--version"], project);
    const own = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
    check(v.status === 0 && v.stdout.trim() === own, "--version prints the version", v.stdout + v.stderr);
    const h = run("npx", ["--no-install", "svcgen", "--help"], project);
    check(h.status === 0 && h.stdout.includes("usage: svcgen generate"), "npx svcgen --help", h.stdout + h.stderr);
  });
  step("usage errors exit 2", () => {
    const r = run(bin, ["generate", "--bogus"], project);
    check(r.status === 2 && r.stderr.includes("unknown argument --bogus"), "--bogus", r.stderr);
    const m = run(bin, ["generate", "--model", "missing"], project);
    check(m.status === 2 && m.stderr.includes("no such file or folder"), "missing model", m.stderr);
  });
  const options = [
    "--package-name",
    "@acme/ddb",
    "--package-version",
    "1.2.3",
    "--license",
    "MIT",
    "--repository",
    "https://example.com/acme/ddb.git",
    "--author",
    "Acme",
  ];
  step("npx svcgen generate --model <dynamodb> --out gen --package-name @acme/ddb --package-version 1.2.3 --license MIT ...", () => {
    const r = run(
      "npx",
      ["--no-install", "svcgen", "generate", "--model", path.join(MODELS, "dynamodb"), "--out", "gen", ...options],
      project,
    );
    check(r.status === 0, "generate exits 0", r.stdout + r.stderr);
    const dir = path.join(project, "gen", "ddb");
    for (const f of ["package.json", "src/index.ts", "src/client.ts", "src/endpoints.ts", "src/runtime/client/client.ts", "README.md"]) {
      check(existsSync(path.join(dir, f)), `gen/ddb/${f} exists`);
    }
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as Record<string, unknown>;
    check(pkg.name === "@acme/ddb", "package name honoured", String(pkg.name));
    check(pkg.version === "1.2.3", "package version honoured", String(pkg.version));
    check(pkg.license === "MIT", "license honoured", String(pkg.license));
    check(pkg.author === "Acme", "author honoured", String(pkg.author));
    const repo = JSON.stringify(pkg.repository);
    check(repo === JSON.stringify({ type: "git", url: "https://example.com/acme/ddb.git" }), "repository honoured", repo);
    const again = run(bin, ["generate", "--model", path.join(MODELS, "dynamodb"), "--out", "gen", ...options, "--check"], project);
    check(again.status === 0, "--check passes right after generating", again.stdout + again.stderr);
  });
  step("the embedded model generates with no --model, from the installed package", () => {
    const r = run(bin, ["generate", "--out", "embedded", "--no-format", "--quiet"], project);
    check(
      r.status === 0 && existsSync(path.join(project, "embedded", "iot-managed-integrations", "package.json")),
      "embedded model",
      r.stdout + r.stderr,
    );
  });
  console.log(`test:install: ${stepsPassed} passed, 0 failed`);
} finally {
  if (!process.env.KEEP_INSTALL_TMP) rmSync(work, { recursive: true, force: true });
}
