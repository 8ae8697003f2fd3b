// `svcgen mock`: arguments, and a server started from a corpus model (compiled to a temporary
// folder) that answers in the model's protocol until stopped, then leaves nothing behind.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main, type Io } from "../generator/cli.js";
import { parseMockArgs, runMock } from "../generator/mock/cli.js";
import { CORPUS_MODELS, ROOT } from "./helpers.js";

function captureIo(): Io & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => void lines.push(l), err: (l) => void errors.push(l), cwd: ROOT };
}

describe("svcgen mock", () => {
  it("parses its arguments and refuses bad ones with exit 2", async () => {
    expect(parseMockArgs(["--model", "m", "--port=8080", "--seed", "x"])).toEqual({ model: "m", port: 8080, host: "127.0.0.1", seed: "x" });
    expect(parseMockArgs(["--port", "70000"])).toMatch(/--port takes a port number/);
    expect(parseMockArgs(["--port"])).toMatch(/--port needs a value/);
    expect(parseMockArgs(["--bogus"])).toMatch(/unknown argument --bogus/);
    const io = captureIo();
    expect(await main(["mock", "--port", "abc"], io)).toBe(2);
    expect(io.errors.join("\n")).toMatch(/--port takes a port number[\s\S]*usage: svcgen mock/);
    const missing = captureIo();
    expect(await main(["mock", "--model", "no/such/model"], missing)).toBe(2);
    expect(missing.errors[0]).toMatch(/no such file or folder/);
  });

  it("serves a corpus model in its protocol, with the seed, until stopped", async () => {
    const io = captureIo();
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const exit = runMock(["--model", path.join(CORPUS_MODELS, "sdb"), "--seed", "3"], io, stopped);
    for (let i = 0; i < 200 && io.lines.length === 0 && io.errors.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(io.errors).toEqual([]);
    expect(io.lines[0]).toMatch(/^svcgen: mock server for SimpleDB \(query, 10 operations, seed 3\) at http:\/\/127\.0\.0\.1:\d+$/);
    const url = /http:\/\/\S+/.exec(io.lines[0]!)![0];
    const form = { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" } };
    const ok = await fetch(url, { ...form, body: "Action=ListDomains&Version=2009-04-15" });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(
      /^<ListDomainsResponse [^>]*><ListDomainsResult>(<DomainNames>[^<]+<\/DomainNames>)*<\/ListDomainsResult>/,
    );
    const bad = await fetch(url, { ...form, body: "Action=GetAttributes&Version=2009-04-15" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/<Code>ValidationException<\/Code><Message>GetAttributes: invalid input: DomainName: is required/);
    stop();
    expect(await exit).toBe(0);
    await expect(fetch(url, { ...form, body: "Action=ListDomains" })).rejects.toThrow();
  }, 60_000);
});
