// The checksums of S3's flexible checksums (the `httpChecksum` trait): CRC32 by zlib on Node (by
// table elsewhere), CRC32C and CRC64NVME by lookup table, SHA-1 and SHA-256 by node:crypto (incremental) or WebCrypto (which
// hashes only whole buffers, so there the bytes are kept until the digest); MD5, which requests may
// name (sent as Content-MD5, as the AWS SDKs do), by node:crypto only: WebCrypto has no MD5. Only
// packages whose model has the trait carry this file.
import { ClientConfigError } from "../errors.js";
import { CRC32C_POLYNOMIAL, CRC32_POLYNOMIAL, crcFold } from "./crc32.js";
import { toBase64 } from "./encoding.js";

export type ChecksumAlgorithm = "CRC32" | "CRC32C" | "CRC64NVME" | "SHA1" | "SHA256" | "MD5";

/** The flexible checksums this runtime computes and checks, in the order a response's checksums are preferred. */
export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ["CRC64NVME", "CRC32", "CRC32C", "SHA256", "SHA1"];

/** What a request may name: the flexible checksums and MD5 (a Content-MD5 header; never checked on responses). */
export const REQUEST_CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = [...CHECKSUM_ALGORITHMS, "MD5"];

export function isChecksumAlgorithm(name: string): name is ChecksumAlgorithm {
  return (REQUEST_CHECKSUM_ALGORITHMS as readonly string[]).includes(name);
}

/** The header (and trailer) that carries a checksum: `x-amz-checksum-crc32`, `content-md5` for MD5. */
export function checksumHeader(algorithm: ChecksumAlgorithm): string {
  return algorithm === "MD5" ? "content-md5" : `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** Length of the base64 text of each algorithm's digest. */
export const CHECKSUM_TEXT_LENGTH: Readonly<Record<ChecksumAlgorithm, number>> = {
  CRC32: 8,
  CRC32C: 8,
  CRC64NVME: 12,
  SHA1: 28,
  SHA256: 44,
  MD5: 24,
};

/** An incremental checksum: feed it bytes, then read the base64 digest once. */
export interface Checksum {
  update(chunk: Uint8Array): void;
  digest(): Promise<string>;
}

/** Reflected CRC-32 with the given (reversed) polynomial: 0xEDB88320 is CRC32, 0x82F63B78 CRC32C. */
class Crc32 implements Checksum {
  readonly #polynomial: number;
  #crc = 0xffffffff;

  constructor(polynomial: number) {
    this.#polynomial = polynomial;
  }

  update(chunk: Uint8Array): void {
    this.#crc = crcFold(this.#polynomial, this.#crc, chunk);
  }

  digest(): Promise<string> {
    const value = (this.#crc ^ 0xffffffff) >>> 0;
    return Promise.resolve(toBase64(new Uint8Array([value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff])));
  }
}

let crc64Tables: [Uint32Array, Uint32Array] | undefined;

/** CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5), on two 32-bit halves. */
class Crc64Nvme implements Checksum {
  #hi = 0xffffffff;
  #lo = 0xffffffff;

  static #tables(): [Uint32Array, Uint32Array] {
    if (crc64Tables !== undefined) return crc64Tables;
    const hiTable = new Uint32Array(256);
    const loTable = new Uint32Array(256);
    const polyHi = 0x9a6c9329;
    const polyLo = 0xac4bc9b5;
    for (let n = 0; n < 256; n++) {
      let hi = 0;
      let lo = n;
      for (let k = 0; k < 8; k++) {
        const odd = lo & 1;
        lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
        hi = hi >>> 1;
        if (odd) {
          hi = (hi ^ polyHi) >>> 0;
          lo = (lo ^ polyLo) >>> 0;
        }
      }
      hiTable[n] = hi;
      loTable[n] = lo;
    }
    return (crc64Tables = [hiTable, loTable]);
  }

  update(chunk: Uint8Array): void {
    const [hiTable, loTable] = Crc64Nvme.#tables();
    let hi = this.#hi;
    let lo = this.#lo;
    for (let i = 0; i < chunk.length; i++) {
      const index = (lo ^ chunk[i]!) & 0xff;
      lo = (((lo >>> 8) | (hi << 24)) ^ loTable[index]!) >>> 0;
      hi = ((hi >>> 8) ^ hiTable[index]!) >>> 0;
    }
    this.#hi = hi;
    this.#lo = lo;
  }

  digest(): Promise<string> {
    const hi = (this.#hi ^ 0xffffffff) >>> 0;
    const lo = (this.#lo ^ 0xffffffff) >>> 0;
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, hi);
    new DataView(bytes.buffer).setUint32(4, lo);
    return Promise.resolve(toBase64(bytes));
  }
}

/** CRC32 by table, as where zlib's is missing (browsers, Node before 20.15). */
export function crc32ByTable(): Checksum {
  return new Crc32(CRC32_POLYNOMIAL);
}

type Platform = Partial<typeof import("../platform/node.js")>;
let platform: Promise<Platform> | undefined;

/** node:crypto and zlib's CRC-32 on Node; nothing elsewhere (or where a bundler mapped the module away). */
function loadPlatform(): Promise<Platform> {
  platform ??=
    globalThis.process?.versions?.node === undefined
      ? Promise.resolve({})
      : import("../platform/node.js").then(
          (p: Platform) => p,
          () => ({}),
        );
  return platform;
}

/** CRC32 by zlib (native: several times the table's speed). */
class ZlibCrc32 implements Checksum {
  readonly #crc32: (data: Uint8Array, value?: number) => number;
  #value = 0;

  constructor(crc32: (data: Uint8Array, value?: number) => number) {
    this.#crc32 = crc32;
  }

  update(chunk: Uint8Array): void {
    this.#value = this.#crc32(chunk, this.#value);
  }

  digest(): Promise<string> {
    const value = this.#value >>> 0;
    return Promise.resolve(toBase64(new Uint8Array([value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff])));
  }
}

/** SHA through WebCrypto: the bytes are kept until the digest, WebCrypto hashing only whole buffers. */
class WebSha implements Checksum {
  readonly #name: string;
  readonly #chunks: Uint8Array[] = [];
  #total = 0;

  constructor(name: string) {
    this.#name = name;
  }

  update(chunk: Uint8Array): void {
    this.#chunks.push(chunk.slice());
    this.#total += chunk.byteLength;
  }

  async digest(): Promise<string> {
    const all = new Uint8Array(this.#total);
    let offset = 0;
    for (const chunk of this.#chunks) {
      all.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return toBase64(new Uint8Array(await globalThis.crypto.subtle.digest(this.#name, all)));
  }
}

/** A fresh checksum of `algorithm`. */
export async function createChecksum(algorithm: ChecksumAlgorithm): Promise<Checksum> {
  switch (algorithm) {
    case "CRC32": {
      const native = (await loadPlatform()).crc32;
      return native === undefined ? crc32ByTable() : new ZlibCrc32(native);
    }
    case "CRC32C":
      return new Crc32(CRC32C_POLYNOMIAL);
    case "CRC64NVME":
      return new Crc64Nvme();
    case "SHA1":
    case "SHA256": {
      const node = (await loadPlatform()).crypto;
      if (node === undefined) return new WebSha(algorithm === "SHA1" ? "SHA-1" : "SHA-256");
      const hash = node.createHash(algorithm === "SHA1" ? "sha1" : "sha256");
      return {
        update: (chunk) => void hash.update(chunk),
        digest: () => Promise.resolve(hash.digest("base64")),
      };
    }
    case "MD5": {
      const node = (await loadPlatform()).crypto;
      if (node === undefined)
        throw new ClientConfigError("an MD5 checksum needs node:crypto (WebCrypto has no MD5): name another ChecksumAlgorithm");
      const hash = node.createHash("md5");
      return {
        update: (chunk) => void hash.update(chunk),
        digest: () => Promise.resolve(hash.digest("base64")),
      };
    }
  }
}

/** The checksum of a whole body. */
export async function checksumOf(algorithm: ChecksumAlgorithm, body: Uint8Array): Promise<string> {
  const checksum = await createChecksum(algorithm);
  checksum.update(body);
  return checksum.digest();
}
