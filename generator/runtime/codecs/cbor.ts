// The CBOR codec (RFC 8949) of smithy-rpc-v2-cbor bodies: values of a schema to CBOR bytes and
// back. The bytes themselves are cborg's work; this module maps the model's types onto CBOR's:
// timestamps as tag 1 (epoch seconds, an integer or a float), blobs as byte strings, floats as
// CBOR floats (NaN and the infinities included), big integers as tags 2 and 3, big decimals as
// tag 4. Structures and maps are built as `Map`s, so no key of the caller's or the wire's can
// reach a prototype.
import { Tagged, Token, Tokenizer, Type, decode, encode, type TagDecoder } from "cborg";
import { resolveSchema, type Schema, type StructureSchema } from "../schema.js";
import { toEpochSeconds } from "./encoding.js";
import { setEntry, structurePlan, type MemberTable } from "./members.js";
import { describe, failedAt, keyStep, readInteger, toBytes, toDate } from "./values.js";

// ---------------------------------------------------------------------------------------------
// Writing

/** A value of a schema as the tree cborg encodes (never undefined or null: callers skip those). */
function toCbor(schema: Schema, value: unknown): unknown {
  const type = typeof schema === "string" ? schema : schema.type;
  switch (type) {
    case "structure":
      return structureToCbor(structurePlan(schema as StructureSchema).byName, value as Readonly<Record<string, unknown>>);
    case "list": {
      const itemSchema = resolveSchema((schema as { member: Schema }).member);
      return (value as readonly unknown[]).map((item) => (item === undefined || item === null ? null : toCbor(itemSchema, item)));
    }
    case "map": {
      const valueSchema = resolveSchema((schema as { value: Schema }).value);
      const map = new Map<string, unknown>();
      const entries = value as Readonly<Record<string, unknown>>;
      for (const key in entries) {
        if (!Object.hasOwn(entries, key)) continue;
        const item = entries[key];
        if (item !== undefined) map.set(key, item === null ? null : toCbor(valueSchema, item));
      }
      return map;
    }
    case "string":
      return typeof value === "string" ? value : String(value);
    case "boolean":
      return value === true || value === "true";
    case "byte":
    case "short":
    case "integer":
    case "long":
    case "bigInteger":
      return typeof value === "bigint" ? value : typeof value === "number" ? value : Number(value);
    case "float":
    case "double":
    case "bigDecimal":
      return typeof value === "number" ? value : Number(value);
    case "timestamp":
      return new Tagged(1, toEpochSeconds(toDate(value)));
    case "blob":
      return toBytes(value);
    case "document":
      return value;
    default:
      throw new TypeError(`Unknown schema type ${type}`);
  }
}

/** A structure (or union) as a CBOR map of its set members, keyed by member name. */
function structureToCbor(members: MemberTable, value: Readonly<Record<string, unknown>>): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (const key in members) {
    // Own members only: a member named `constructor` must not find Object.prototype's.
    if (!Object.hasOwn(value, key)) continue;
    const item = value[key];
    if (item === undefined || item === null) continue;
    map.set(key, toCbor(members[key]!.target, item));
  }
  return map;
}

/**
 * CBOR bytes of a structure's members. Map keys come out in cborg's canonical order (length
 * first, then bytewise), so equal inputs give equal bytes whatever order an object was built in.
 */
export function writeCborStructure(schema: StructureSchema, value: Readonly<Record<string, unknown>>): Uint8Array {
  return encode(structureToCbor(structurePlan(schema).byName, value), ENCODE_OPTIONS);
}

/** cborg writes a whole number as an integer, which would turn -0 into 0: it goes as a float. */
const ENCODE_OPTIONS = {
  typeEncoders: { number: (n: unknown) => (Object.is(n, -0) ? [new Token(Type.float, -0)] : null) },
};

// ---------------------------------------------------------------------------------------------
// Reading

/** Epoch seconds as a Date (a Date holds ±8.64e15 ms). */
function epochDate(seconds: unknown): Date {
  if (typeof seconds !== "number" && typeof seconds !== "bigint")
    throw new TypeError(`a timestamp holds ${describe(seconds)}, not a number`);
  const ms = Math.round(Number(seconds) * 1000);
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw new TypeError("a timestamp out of range");
  return new Date(ms);
}

/** Tag 1: epoch seconds, integer or float. */
const epochTag: TagDecoder = (inner) => epochDate(inner());

/** Tags 2 and 3: an unsigned or negative big integer as its big-endian bytes. */
function bigTag(negative: boolean): TagDecoder {
  return (inner) => {
    const bytes = inner();
    if (!(bytes instanceof Uint8Array)) throw new TypeError("a big integer tag must hold a byte string");
    let n = 0n;
    for (const byte of bytes) n = (n << 8n) | BigInt(byte);
    return negative ? -1n - n : n;
  };
}

/** Tag 4: a decimal fraction [exponent, mantissa], read as the nearest number. */
const decimalTag: TagDecoder = (inner) => {
  const pair = inner();
  if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError("a decimal fraction tag must hold [exponent, mantissa]");
  const [exponent, mantissa] = pair as [unknown, unknown];
  if ((typeof exponent !== "number" && typeof exponent !== "bigint") || (typeof mantissa !== "number" && typeof mantissa !== "bigint")) {
    throw new TypeError("a decimal fraction tag must hold two integers");
  }
  return Number(`${mantissa}e${exponent}`);
};

const TAGS: TagDecoder[] = [];
TAGS[1] = epochTag;
TAGS[2] = bigTag(false);
TAGS[3] = bigTag(true);
TAGS[4] = decimalTag;

/** The tokenizer cborg reads with: its own, plus indefinite-length (chunked) strings. */
class ChunkedStringTokenizer {
  readonly #data: Uint8Array;
  readonly #options: object;
  #base = 0;
  #inner: Tokenizer;

  constructor(data: Uint8Array, options: object) {
    this.#data = data;
    this.#options = options;
    this.#inner = new Tokenizer(data, options);
  }

  pos(): number {
    return this.#base + this.#inner.pos();
  }

  done(): boolean {
    return this.pos() >= this.#data.length;
  }

  #restartAt(pos: number): void {
    this.#base = pos;
    this.#inner = new Tokenizer(this.#data.subarray(pos), this.#options);
  }

  next(): Token {
    const start = this.pos();
    const initial = this.#data[start];
    // 0x5f: a byte string in chunks, 0x7f: a text string in chunks, each ending with a break (0xff).
    if (initial !== 0x5f && initial !== 0x7f) return this.#inner.next();
    const text = initial === 0x7f;
    const chunks: (string | Uint8Array)[] = [];
    this.#restartAt(start + 1);
    for (;;) {
      if (this.done()) throw new Error("CBOR decode error: an indefinite-length string has no break");
      if (this.#data[this.pos()] === 0xff) break;
      // A chunk is a definite-length string of the same kind (cborg refuses a nested indefinite one).
      const chunk = this.#inner.next();
      if (!Type.equals(chunk.type, text ? Type.string : Type.bytes)) {
        throw new Error(`CBOR decode error: a chunk of an indefinite-length ${text ? "text" : "byte"} string is a ${chunk.type.name}`);
      }
      chunks.push(chunk.value as string | Uint8Array);
    }
    const end = this.pos() + 1;
    this.#restartAt(end);
    if (text) return new Token(Type.string, (chunks as string[]).join(""), end - start);
    const bytes = new Uint8Array((chunks as Uint8Array[]).reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const chunk of chunks as Uint8Array[]) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    return new Token(Type.bytes, bytes, end - start);
  }
}

/**
 * The body as a CBOR value, or undefined when it is empty. Throws on bytes that are not one
 * complete CBOR data item. Map keys must be text; `undefined` reads as null.
 */
export function decodeCbor(body: Uint8Array): unknown {
  if (body.length === 0) return undefined;
  const options = { tags: TAGS, allowUndefined: true, coerceUndefinedToNull: true, rejectDuplicateMapKeys: true };
  return decode(body, { ...options, tokenizer: new ChunkedStringTokenizer(body, options) });
}

/** A decoded CBOR map as a plain object, or a TypeError naming what it was instead. */
export function expectCborMap(value: unknown, what: string): Readonly<Record<string, unknown>> {
  if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof Uint8Array || value instanceof Date) {
    throw new TypeError(`Expected a CBOR map for ${what}, got ${value instanceof Uint8Array ? "a byte string" : describe(value)}`);
  }
  return value as Readonly<Record<string, unknown>>;
}

/** Reads the members of a decoded CBOR map into `out`; unknown keys and nulls are skipped. */
export function readCborStructure(
  members: MemberTable,
  value: Readonly<Record<string, unknown>>,
  out: Record<string, unknown>,
): Record<string, unknown> {
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const info = members[key];
    if (info === undefined) continue;
    const item = value[key];
    if (item === undefined || item === null) continue;
    try {
      setEntry(out, info.name, readCbor(info.target, item));
    } catch (error) {
      failedAt(error, info.name);
    }
  }
  return out;
}

const RANGES: Readonly<Record<string, number>> = { byte: 2 ** 7, short: 2 ** 15, integer: 2 ** 31, long: 2 ** 63, bigInteger: Infinity };

/** A decoded CBOR value as the value of a schema. */
export function readCbor(schema: Schema, value: unknown): unknown {
  const type = typeof schema === "string" ? schema : schema.type;
  switch (type) {
    case "structure": {
      const structure = schema as StructureSchema;
      const object = expectCborMap(value, structure.name);
      const out = readCborStructure(structurePlan(structure).byName, object, {});
      if (structure.union === true && Object.keys(out).length === 0) {
        // A member added to the union after this client was generated: kept, not dropped.
        const unknown = Object.keys(object).find((key) => key !== "__type" && object[key] !== null);
        if (unknown !== undefined) out["$unknown"] = [unknown, object[unknown]];
      }
      return out;
    }
    case "list": {
      if (!Array.isArray(value)) throw new TypeError(`Expected a CBOR array, got ${describe(value)}`);
      const itemSchema = resolveSchema((schema as { member: Schema }).member);
      const sparse = (schema as { sparse?: true }).sparse === true;
      const items: unknown[] = [];
      const list = value as readonly unknown[];
      for (let i = 0; i < list.length; i++) {
        const item = list[i];
        // Nulls in dense lists and maps are dropped; in sparse ones null is a value.
        if (item === null || item === undefined) {
          if (sparse) items.push(null);
          continue;
        }
        try {
          items.push(readCbor(itemSchema, item));
        } catch (error) {
          failedAt(error, `[${i}]`);
        }
      }
      return items;
    }
    case "map": {
      const valueSchema = resolveSchema((schema as { value: Schema }).value);
      const sparse = (schema as { sparse?: true }).sparse === true;
      const entries = expectCborMap(value, "a map");
      const map: Record<string, unknown> = {};
      for (const key in entries) {
        if (!Object.hasOwn(entries, key)) continue;
        const item = entries[key];
        if (item === null || item === undefined) {
          if (sparse) setEntry(map, key, null);
          continue;
        }
        try {
          setEntry(map, key, readCbor(valueSchema, item));
        } catch (error) {
          failedAt(error, keyStep(key));
        }
      }
      return map;
    }
    case "string":
      if (typeof value !== "string") throw new TypeError(`expected a text string, got ${describe(value)}`);
      return value;
    case "boolean":
      if (typeof value !== "boolean") throw new TypeError(`expected a boolean, got ${describe(value)}`);
      return value;
    case "byte":
    case "short":
    case "integer":
    case "long":
    case "bigInteger": {
      const range = RANGES[type]!;
      if (typeof value === "bigint") {
        const limit = range === Infinity ? undefined : BigInt(range);
        if (limit !== undefined && (value < -limit || value >= limit))
          throw new TypeError(`expected a ${type}, got a number out of its range`);
        return Number(value);
      }
      return readInteger(value, type, range);
    }
    case "float":
    case "double":
    case "bigDecimal":
      if (typeof value === "number") return value;
      if (typeof value === "bigint") return Number(value);
      throw new TypeError(`expected a number, got ${describe(value)}`);
    case "timestamp":
      if (value instanceof Date) return value;
      // Untagged epoch seconds are read too, as some encoders leave the tag out.
      if (typeof value === "number") return epochDate(value);
      throw new TypeError(`expected a timestamp (tag 1), got ${describe(value)}`);
    case "blob":
      if (!(value instanceof Uint8Array)) throw new TypeError(`expected a byte string, got ${describe(value)}`);
      // On Node the decoder may hand out Buffers: callers get a plain Uint8Array, as from the other codecs.
      return value.constructor === Uint8Array ? value : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    case "document":
      return value;
    default:
      throw new TypeError(`Unknown schema type ${type}`);
  }
}
