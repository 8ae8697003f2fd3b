// `svcgen mock`'s arguments and usage errors. The server it starts from a corpus model is run as
// a process of its own by `npm run test:mocks` (test/mocks/cli.ts): too slow for npm test.
import { describe, expect, it } from "vitest";
import { main, type Io } from "../generator/cli.js";
import { parseMockArgs } from "../generator/mock/cli.js";
import { ROOT } from "./helpers.js";

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
});
