// Everything the runtime takes from Node besides the HTTP transport (http/node.ts): node:crypto
// for the signers and checksums, zlib's CRC-32, the home folder and file reads for the shared config and credentials files.
// Loaded lazily and only on Node. A package's browser map replaces this file with nothing
// ("browser": {"./dist/esm/runtime/platform/node.js": false}), so no node: module reaches a
// browser bundle; the callers fall back to WebCrypto and to "no shared files" then.
import * as crypto from "node:crypto";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import * as zlib from "node:zlib";

export { crypto, homedir };

/** zlib's CRC-32 (Node 20.15 and later; its second argument continues a running value), else undefined. */
export const crc32: ((data: Uint8Array, value?: number) => number) | undefined =
  typeof (zlib as { crc32?: unknown }).crc32 === "function"
    ? (zlib as unknown as { crc32: (d: Uint8Array, v?: number) => number }).crc32
    : undefined;

/** The file's UTF-8 text; rejects as fs.readFile does (ENOENT for a missing file). */
export function readTextFile(path: string): Promise<string> {
  return readFile(path, "utf8");
}
