// Scalars between caller values, wire text and JSON values, whatever the protocol: what a value
// of each schema type may be given as, how it reads back (strictly: a long out of range or a
// non-canonical base64 is an error), and the path-carrying error the readers throw.
import { resolveSchema, type Schema, type TimestampFormat } from "../schema.js";
import { formatTimestamp, fromBase64, isCanonicalBase64, parseTimestamp, toBase64, utf8Encode } from "./encoding.js";

export function typeOf(schema: Schema): string {
  return typeof schema === "string" ? schema : schema.type;
}

export function timestampFormatOf(schema: Schema): TimestampFormat | undefined {
  return typeof schema === "object" && "format" in schema ? schema.format : undefined;
}

export function isJsonValue(schema: Schema): boolean {
  return typeof schema === "object" && "jsonvalue" in schema && schema.jsonvalue === true;
}

/** Inputs may give a Date, epoch seconds or timestamp text. */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  return parseTimestamp(value);
}

/** Inputs may give bytes (any view or buffer) or text, sent as UTF-8. */
export function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") return utf8Encode(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError(`Expected bytes or a string, got ${typeof value}`);
}

/**
 * A scalar as text for a URI label, query value or header. `String` already writes the words
 * NaN, Infinity and -Infinity the protocol wants for non-finite floats.
 */
export function scalarText(schema: Schema, value: unknown, timestampDefault: TimestampFormat): string {
  switch (typeOf(schema)) {
    case "timestamp":
      return formatTimestamp(toDate(value), timestampFormatOf(schema) ?? timestampDefault);
    case "blob":
      return toBase64(toBytes(value));
    case "document":
      return JSON.stringify(value);
    default:
      return typeof value === "string" ? value : String(value);
  }
}

export function expectObject(value: unknown, what: string): Readonly<Record<string, unknown>> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`Expected a JSON object for ${what}, got ${describe(value)}`);
  }
  return value as Readonly<Record<string, unknown>>;
}

export function describe(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}

/**
 * A value of a response that could not be read, and where it sits (`Items[3].Count`): thrown
 * through the readers, each adding its step, so a ResponseParseError names the member.
 */
export class ReadError extends Error {
  /** Innermost step last; read back to front. */
  readonly #steps: string[] = [];

  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }

  step(step: string): this {
    this.#steps.push(step);
    return this;
  }

  get path(): string {
    let path = "";
    for (let i = this.#steps.length - 1; i >= 0; i--) {
      const step = this.#steps[i]!;
      path += step.charCodeAt(0) === 91 || path === "" ? step : "." + step;
    }
    return path;
  }
}

export function stepped(error: unknown, step: string): ReadError {
  return (error instanceof ReadError ? error : new ReadError(error)).step(step);
}

/** Rethrows `error` with one more step of its path. */
export function failedAt(error: unknown, step: string): never {
  throw stepped(error, step);
}

/** A map key as a path step: quoted, and cut short (it comes from the wire). */
export function keyStep(key: string): string {
  return "[" + JSON.stringify(key.length > 40 ? key.slice(0, 40) + "…" : key) + "]";
}

/**
 * Whether `text` is a decimal number as JSON writes one (an optional minus, digits, an optional
 * fraction and exponent): what a header or a quoted number may hold. A scan, not `Number()`,
 * which also reads "", " ", "0x1f" and "1_0"... as numbers.
 */
export function isNumberText(text: string): boolean {
  const n = text.length;
  let i = 0;
  if (i < n && text.charCodeAt(i) === 45) i++;
  const digitsStart = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  if (i === digitsStart) return false;
  if (i < n && text.charCodeAt(i) === 46) {
    i++;
    const fractionStart = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    if (i === fractionStart) return false;
  }
  if (i < n && (text.charCodeAt(i) | 32) === 101) {
    i++;
    if (i < n && (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45)) i++;
    const exponentStart = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    if (i === exponentStart) return false;
  }
  return i === n;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** A float or double: a number, or the text of one, or NaN, Infinity, -Infinity as text. */
export function readFloat(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "string") {
    if (isNumberText(value)) return Number(value);
    if (value === "NaN") return NaN;
    if (value === "Infinity") return Infinity;
    if (value === "-Infinity") return -Infinity;
  }
  throw new TypeError(`expected a number, got ${describe(value)}`);
}

// The ranges of the model's integer types. A long beyond 2^53 loses precision as a number but
// keeps its magnitude; one beyond 2^63 is not a long.
const BYTE_RANGE = 2 ** 7;
const SHORT_RANGE = 2 ** 15;
const INTEGER_RANGE = 2 ** 31;
const LONG_RANGE = 2 ** 63;

/** A whole number in [-range, range): `1.5`, `1e400` (Infinity), NaN or one out of range throw. */
export function readInteger(value: unknown, type: string, range: number): number {
  const n = typeof value === "number" ? value : typeof value === "string" && isNumberText(value) ? Number(value) : undefined;
  if (n === undefined) throw new TypeError(`expected ${article(type)}, got ${describe(value)}`);
  if (!Number.isInteger(n)) throw new TypeError(`expected ${article(type)}, got a number that is not a whole one`);
  if (n < -range || n >= range) throw new TypeError(`expected ${article(type)}, got a number out of its range`);
  return n;
}

function article(type: string): string {
  return type === "integer" ? "an integer" : `a ${type}`;
}

/** A bigDecimal read as a number: any finite one. */
export function readDecimal(value: unknown): number {
  const n = readFloat(value);
  if (!Number.isFinite(n)) throw new TypeError("expected a bigDecimal, got a number that is not finite");
  return n;
}

export function readBoolean(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  throw new TypeError(`expected a boolean, got ${describe(value)}`);
}

export function readScalar(type: string, value: unknown): unknown {
  switch (type) {
    case "string":
      return typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
    case "boolean":
      return readBoolean(value);
    case "float":
    case "double":
      return readFloat(value);
    case "integer":
      return readInteger(value, type, INTEGER_RANGE);
    case "long":
      return readInteger(value, type, LONG_RANGE);
    case "short":
      return readInteger(value, type, SHORT_RANGE);
    case "byte":
      return readInteger(value, type, BYTE_RANGE);
    case "bigInteger":
      return readInteger(value, type, Infinity);
    case "bigDecimal":
      return readDecimal(value);
    case "timestamp":
      return parseTimestamp(value);
    case "blob":
      return readBase64(value);
    case "document":
      return value;
    default:
      throw new TypeError(`Unknown schema type ${type}`);
  }
}

/** Bytes from canonical base64 only: other spellings are ambiguous or corrupt. */
export function readBase64(value: unknown): Uint8Array {
  if (typeof value !== "string") throw new TypeError(`expected base64 text, got ${describe(value)}`);
  if (!isCanonicalBase64(value)) throw new TypeError("expected canonical base64 (standard alphabet, padded, no stray bits)");
  return fromBase64(value);
}

export function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9 && c !== 0xfeff) return false;
  }
  return true;
}
