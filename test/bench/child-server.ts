// A bench server in a process of its own (so its work never counts against the client's time or
// memory): a tsx script that prints "port N" once it listens and stops when its stdin closes.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ROOT } from "./services.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));

export interface ChildServer {
  readonly endpoint: string;
  stop(): void;
}

/** Starts test/bench/<script> and resolves with its endpoint once it listens. */
export function startChildServer(script: string, label: string): Promise<ChildServer> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(HERE, script)], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let buffered = "";
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`${label} exited ${code} before listening`)));
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const port = /port (\d+)/.exec(buffered)?.[1];
      if (port !== undefined) {
        child.removeAllListeners("exit");
        resolve({ endpoint: `http://127.0.0.1:${port}`, stop: () => child.stdin.end() });
      }
    });
  });
}
