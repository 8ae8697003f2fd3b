// What the event-stream tests share: frames written independently of the runtime's codec
// (node:zlib's CRC-32 and Buffer writes, string and binary headers only), and a generated
// package loaded from the corpus.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { crc32 } from "node:zlib";
import { generate } from "../generator/generate.js";
import { CORPUS_MODELS, tempDir } from "./helpers.js";

/** One header: a string (type 7) or bytes (type 6). */
function header(name: string, value: string | Buffer): Buffer {
  const n = Buffer.from(name, "utf8");
  const v = typeof value === "string" ? Buffer.from(value, "utf8") : value;
  const len = Buffer.alloc(2);
  len.writeUInt16BE(v.length);
  return Buffer.concat([Buffer.from([n.length]), n, Buffer.from([typeof value === "string" ? 7 : 6]), len, v]);
}

/** A whole message: prelude, headers in the order given, payload, message CRC. */
export function frame(headers: ReadonlyArray<readonly [string, string | Buffer]>, payload: Buffer | string): Buffer {
  const h = Buffer.concat(headers.map(([n, v]) => header(n, v)));
  const body = typeof payload === "string" ? Buffer.from(payload, "utf8") : payload;
  const prelude = Buffer.alloc(12);
  prelude.writeUInt32BE(12 + h.length + body.length + 4, 0);
  prelude.writeUInt32BE(h.length, 4);
  prelude.writeUInt32BE(crc32(prelude.subarray(0, 8)), 8);
  const head = Buffer.concat([prelude, h, body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(head), 0);
  return Buffer.concat([head, crc]);
}

/** An `event` message of type `type` with a JSON payload. */
export function jsonEvent(type: string, value: unknown): Buffer {
  return frame(
    [
      [":message-type", "event"],
      [":event-type", type],
      [":content-type", "application/json"],
    ],
    JSON.stringify(value),
  );
}

/** An `exception` message naming a modeled error, with a JSON payload. */
export function jsonException(type: string, value: unknown): Buffer {
  return frame(
    [
      [":message-type", "exception"],
      [":exception-type", type],
      [":content-type", "application/json"],
    ],
    JSON.stringify(value),
  );
}

/** An `error` message. */
export function errorMessage(code: string, message: string): Buffer {
  return frame(
    [
      [":message-type", "error"],
      [":error-code", code],
      [":error-message", message],
    ],
    "",
  );
}

export type Mod = Record<string, any>;

/** Generates a corpus model (newest version) and imports the given modules of its package. */
export async function loadCorpusPackage(service: string, modules: readonly string[]): Promise<Mod> {
  const out = tempDir(`es-${service}`);
  await generate({ model: path.join(CORPUS_MODELS, service), out, format: false });
  const mod: Mod = {};
  for (const rel of modules) Object.assign(mod, await import(pathToFileURL(path.join(out, service, "src", rel)).href));
  return mod;
}
