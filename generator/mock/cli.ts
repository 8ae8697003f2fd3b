// The `svcgen mock` command: arguments, the one line saying where the server listens, and a run
// until SIGINT or SIGTERM (or, in tests, until `stop` settles). Exit codes as for generate: 0
// done, 1 model error, 2 usage error.
import { existsSync } from "node:fs";
import path from "node:path";
import { EMBEDDED_MODEL } from "../config.js";
import { reportFailure } from "../diagnostics.js";
import type { Io } from "../cli.js";

export const MOCK_USAGE = `usage: svcgen mock [--model PATH] [--port N] [--host HOST] [--seed SEED]

Serves the model's operations on a loopback HTTP server speaking the service's own protocol:
requests are validated against the model, valid ones answered with model-valid output made
from SEED (same seed, same output). --port 0 (the default) picks a free port; the URL is
printed. Point any client at it as its endpoint, with any credentials. Stops on Ctrl-C.`;

export interface MockArgs {
  model: string | undefined;
  port: number;
  host: string;
  seed: string;
}

/** Parses `svcgen mock` arguments (after the command); a string is a usage error. */
export function parseMockArgs(argv: readonly string[]): MockArgs | string {
  const args: MockArgs = { model: undefined, port: 0, host: "127.0.0.1", seed: "0" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf("=");
    const flag = a.startsWith("--") && eq > 0 ? a.slice(0, eq) : a;
    if (!["--model", "--port", "--host", "--seed"].includes(flag)) return `unknown argument ${a}`;
    const value = flag !== a ? a.slice(eq + 1) : argv[++i];
    if (value === undefined || value === "" || (flag === a && value.startsWith("--"))) return `${flag} needs a value`;
    if (flag === "--model") args.model = value;
    else if (flag === "--host") args.host = value;
    else if (flag === "--seed") args.seed = value;
    else {
      if (!/^[0-9]{1,5}$/.test(value) || Number(value) > 65535) return `--port takes a port number (0-65535), not ${value}`;
      args.port = Number(value);
    }
  }
  return args;
}

function signalled(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      resolve();
    };
    process.on("SIGINT", done);
    process.on("SIGTERM", done);
  });
}

export async function runMock(argv: readonly string[], io: Io, stop: Promise<void> = signalled()): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.out(MOCK_USAGE);
    return 0;
  }
  const args = parseMockArgs(argv);
  if (typeof args === "string") {
    io.err(`svcgen: ${args}\n${MOCK_USAGE}`);
    return 2;
  }
  const model = args.model === undefined ? EMBEDDED_MODEL : path.resolve(io.cwd, args.model);
  if (!existsSync(model)) {
    io.err(`svcgen: --model ${args.model}: no such file or folder\n${MOCK_USAGE}`);
    return 2;
  }
  let running;
  try {
    const { startMock } = await import("./index.js");
    running = await startMock({ model, port: args.port, host: args.host, seed: args.seed });
  } catch (err) {
    return reportFailure(err, io.err);
  }
  io.out(
    `svcgen: mock server for ${running.serviceId} (${running.protocol}, ${running.operations} operations, seed ${args.seed}) at ${running.url}`,
  );
  await stop;
  await running.close();
  return 0;
}
