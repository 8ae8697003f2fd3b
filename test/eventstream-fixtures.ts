// What the event-stream tests share: frames written independently of the runtime's codec
// (node:zlib's CRC-32 and Buffer writes, string and binary headers only), and a generated
// package loaded from the corpus.
import { createHash, createHmac } from "node:crypto";
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

/** Generated packages by service, shared by the test files a worker runs (generation takes seconds). */
const generated = new Map<string, Promise<string>>();

/** Generates a corpus model (newest version) once per worker and imports the given modules of its package. */
export async function loadCorpusPackage(service: string, modules: readonly string[]): Promise<Mod> {
  let dir = generated.get(service);
  if (dir === undefined) {
    const out = tempDir(`es-${service}`);
    dir = generate({ model: path.join(CORPUS_MODELS, service), out, format: false }).then(() => path.join(out, service, "src"));
    generated.set(service, dir);
  }
  const src = await dir;
  const mod: Mod = {};
  for (const rel of modules) Object.assign(mod, await import(pathToFileURL(path.join(src, rel)).href));
  return mod;
}

/** A signed envelope as read by the tests: its `:date` (ms), `:chunk-signature` (hex) and payload. */
export interface Envelope {
  readonly date: number;
  readonly dateHeader: Buffer;
  readonly signature: string;
  readonly payload: Buffer;
}

/** Splits bytes into messages and reads each as an envelope (type 8 `:date`, type 6 `:chunk-signature`). */
export function readEnvelopes(bytes: Buffer): Envelope[] {
  const out: Envelope[] = [];
  let at = 0;
  while (at < bytes.length) {
    const total = bytes.readUInt32BE(at);
    const headersLength = bytes.readUInt32BE(at + 4);
    const headers = bytes.subarray(at + 12, at + 12 + headersLength);
    let date = NaN;
    let dateHeader: Buffer = Buffer.alloc(0);
    let signature = "";
    let h = 0;
    while (h < headers.length) {
      const start = h;
      const nameLength = headers[h]!;
      const name = headers.subarray(h + 1, h + 1 + nameLength).toString("utf8");
      const type = headers[h + 1 + nameLength]!;
      h += 2 + nameLength;
      if (type === 8) {
        if (name === ":date") date = Number(headers.readBigInt64BE(h));
        h += 8;
        if (name === ":date") dateHeader = headers.subarray(start, h);
      } else if (type === 6 || type === 7) {
        const len = headers.readUInt16BE(h);
        if (name === ":chunk-signature") signature = headers.subarray(h + 2, h + 2 + len).toString("hex");
        h += 2 + len;
      } else throw new Error(`unexpected header type ${type}`);
    }
    out.push({ date, dateHeader, signature, payload: bytes.subarray(at + 12 + headersLength, at + total - 4) });
    at += total;
  }
  return out;
}

/** The chained event signature, computed here with node:crypto from what arrived. */
export function expectedEventSignature(
  secret: string,
  region: string,
  service: string,
  prior: string,
  envelope: Pick<Envelope, "date" | "dateHeader" | "payload">,
): string {
  const datetime = new Date(envelope.date).toISOString().replace(/[-:]|\.\d{3}/g, "");
  const day = datetime.slice(0, 8);
  const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
  const stringToSign = [
    "AWS4-HMAC-SHA256-PAYLOAD",
    datetime,
    `${day}/${region}/${service}/aws4_request`,
    prior,
    sha(envelope.dateHeader),
    sha(envelope.payload),
  ].join("\n");
  let key: Buffer = createHmac("sha256", `AWS4${secret}`).update(day).digest();
  for (const part of [region, service, "aws4_request"]) key = createHmac("sha256", key).update(part).digest();
  return createHmac("sha256", key).update(stringToSign).digest("hex");
}

/** One message with string headers only (an event a client sent), read by hand. */
export function readStringMessage(bytes: Buffer): { headers: Record<string, string>; payload: Buffer } {
  const total = bytes.readUInt32BE(0);
  const headersLength = bytes.readUInt32BE(4);
  if (total !== bytes.length || bytes.readUInt32BE(total - 4) !== crc32(bytes.subarray(0, total - 4))) throw new Error("bad inner message");
  const headers: Record<string, string> = {};
  let h = 12;
  while (h < 12 + headersLength) {
    const nameLength = bytes[h]!;
    const name = bytes.subarray(h + 1, h + 1 + nameLength).toString("utf8");
    if (bytes[h + 1 + nameLength] !== 7) throw new Error(`header ${name} is not a string`);
    const len = bytes.readUInt16BE(h + 2 + nameLength);
    headers[name] = bytes.subarray(h + 4 + nameLength, h + 4 + nameLength + len).toString("utf8");
    h += 4 + nameLength + len;
  }
  return { headers, payload: bytes.subarray(12 + headersLength, total - 4) };
}
