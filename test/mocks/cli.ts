// `svcgen mock` as a process of its own, for `npm run test:mocks`: started on a corpus model
// (SimpleDB, query), it prints its URL, answers in the model's protocol (a sample for a valid
// call, the validation error for a missing member), stops on SIGTERM with exit 0 and leaves no
// temporary folder behind.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CORPUS_MODELS, ROOT } from "../helpers.js";

/** Problems found; empty when the command behaved. */
export async function checkMockCommand(): Promise<string[]> {
  const problems: string[] = [];
  const folders = (): string[] => readdirSync(os.tmpdir()).filter((name) => name.startsWith("svcgen-mock-"));
  const before = new Set(folders());
  const tsx = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
  const child = spawn(
    process.execPath,
    [tsx, path.join(ROOT, "generator", "cli.ts"), "mock", "--model", path.join(CORPUS_MODELS, "sdb"), "--seed", "3"],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  try {
    for (let i = 0; i < 1200 && !stdout.includes("\n") && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50));
    const line = /^svcgen: mock server for SimpleDB \(query, 10 operations, seed 3\) at (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout);
    if (line === null) return [`no URL line: ${JSON.stringify(stdout)} ${stderr}`];
    const url = line[1]!;
    const form = { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" } };
    const ok = await fetch(url, { ...form, body: "Action=ListDomains&Version=2009-04-15" });
    const okText = await ok.text();
    if (ok.status !== 200 || !/^<ListDomainsResponse [^>]*><ListDomainsResult>/.test(okText))
      problems.push(`ListDomains: ${ok.status} ${okText}`);
    const bad = await fetch(url, { ...form, body: "Action=GetAttributes&Version=2009-04-15" });
    const badText = await bad.text();
    if (
      bad.status !== 400 ||
      !badText.includes("<Code>ValidationException</Code><Message>GetAttributes: invalid input: DomainName: is required")
    ) {
      problems.push(`GetAttributes without DomainName: ${bad.status} ${badText}`);
    }
  } finally {
    child.kill("SIGTERM");
  }
  const code = await exited;
  if (code !== 0) problems.push(`exit ${code} after SIGTERM: ${stderr}`);
  const left = folders().filter((name) => !before.has(name));
  if (left.length > 0) problems.push(`left ${left.join(", ")} behind in ${os.tmpdir()}`);
  return problems;
}
