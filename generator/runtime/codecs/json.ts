// The JSON codec: values of a schema to JSON text and back, the form the JSON protocols' bodies
// (restJson1 and awsJson) share. Keys follow the model's member order.
import { resolveSchema, type Schema } from "../schema.js";
import { toBase64, toEpochSeconds, utf8Decode, formatTimestamp } from "./encoding.js";
import { setEntry, structurePlan, type MemberTable } from "./members.js";
import { describe, expectObject, failedAt, keyStep, isBlank, readScalar, timestampFormatOf, toBytes, toDate } from "./values.js";

function bigNumberJson(value: unknown): string {
  if (typeof value === "bigint" || typeof value === "number") return String(value);
  const text = String(value);
  return /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(text) ? text : JSON.stringify(text);
}

/** JSON text of a value (never undefined or null: callers skip those). */
export function writeJson(schema: Schema, value: unknown): string {
  if (typeof schema === "object") {
    switch (schema.type) {
      case "structure":
        return writeStructure(structurePlan(schema).byName, value as Readonly<Record<string, unknown>>);
      case "list": {
        const itemSchema = resolveSchema(schema.member);
        const items = value as readonly unknown[];
        let json = "[";
        for (let i = 0; i < items.length; i++) {
          const item = items[i];
          if (i > 0) json += ",";
          json += item === undefined || item === null ? "null" : writeJson(itemSchema, item);
        }
        return json + "]";
      }
      case "map": {
        const valueSchema = resolveSchema(schema.value);
        const entries = value as Readonly<Record<string, unknown>>;
        let json = "{";
        for (const key in entries) {
          const item = entries[key];
          if (item === undefined) continue;
          if (json.length > 1) json += ",";
          json += JSON.stringify(key) + ":" + (item === null ? "null" : writeJson(valueSchema, item));
        }
        return json + "}";
      }
      case "timestamp": {
        const format = timestampFormatOf(schema);
        if (format !== undefined && format !== "unixTimestamp") {
          return '"' + formatTimestamp(toDate(value), format) + '"';
        }
        return String(toEpochSeconds(toDate(value)));
      }
      default:
        return writeScalarJson(schema.type, value);
    }
  }
  return writeScalarJson(schema, value);
}

function writeScalarJson(type: string, value: unknown): string {
  switch (type) {
    case "string":
      return JSON.stringify(typeof value === "string" ? value : String(value));
    case "boolean":
      return value === true || value === "true" ? "true" : "false";
    case "float":
    case "double": {
      const n = typeof value === "number" ? value : Number(value);
      return Number.isFinite(n) ? String(n) : '"' + String(n) + '"';
    }
    case "byte":
    case "short":
    case "integer":
    case "long":
      return typeof value === "number" || typeof value === "bigint" ? String(value) : String(Number(value));
    case "bigInteger":
    case "bigDecimal":
      return bigNumberJson(value);
    case "timestamp":
      return String(toEpochSeconds(toDate(value)));
    case "blob":
      return '"' + toBase64(toBytes(value)) + '"';
    case "document":
      return JSON.stringify(value) ?? "null";
    default:
      throw new TypeError(`Unknown schema type ${type}`);
  }
}

/**
 * A structure (or union) as a JSON object; members not in the table, undefined and null are left
 * out. Keys follow the model's member order, not the caller's, so equal inputs give equal bytes
 * (and payload hashes), whatever order an object was built in.
 */
export function writeStructure(members: MemberTable, value: Readonly<Record<string, unknown>>): string {
  let json = "{";
  for (const key in members) {
    // Own members only: a member named `constructor` or `__proto__` must not find inherited values.
    if (!Object.hasOwn(value, key)) continue;
    const info = members[key]!;
    const item = value[key];
    if (item === undefined || item === null) continue;
    if (json.length > 1) json += ",";
    json += info.jsonKey + writeJson(info.target, item);
  }
  return json + "}";
}

/** Reads the members of a JSON object into `out`; unknown keys and nulls are skipped. */
export function readStructure(
  members: MemberTable,
  value: Readonly<Record<string, unknown>>,
  out: Record<string, unknown>,
): Record<string, unknown> {
  for (const key in value) {
    const info = members[key];
    if (info === undefined) continue;
    const item = value[key];
    if (item === undefined || item === null) continue;
    // An output member named `__proto__` stays an own property, never the output's prototype.
    try {
      setEntry(out, info.name, readJson(info.target, item));
    } catch (error) {
      failedAt(error, info.name);
    }
  }
  return out;
}

export function readJson(schema: Schema, value: unknown): unknown {
  if (typeof schema === "string") return readScalar(schema, value);
  switch (schema.type) {
    case "structure": {
      const object = expectObject(value, schema.name);
      const out = readStructure(structurePlan(schema).byWire, object, {});
      if (schema.union === true && Object.keys(out).length === 0) {
        // A member added to the union after this client was generated: kept, not dropped.
        const unknown = Object.keys(object).find((key) => key !== "__type" && object[key] !== null);
        if (unknown !== undefined) out["$unknown"] = [unknown, object[unknown]];
      }
      return out;
    }
    case "list": {
      if (!Array.isArray(value)) throw new TypeError(`Expected a JSON array, got ${describe(value)}`);
      const itemSchema = resolveSchema(schema.member);
      const items: unknown[] = [];
      // Nulls in dense lists and maps are dropped, as the protocol asks of clients; in sparse
      // ones null is a value and is kept.
      const sparse = schema.sparse === true;
      const list = value as readonly unknown[];
      for (let i = 0; i < list.length; i++) {
        const item = list[i];
        if (item === null) {
          if (sparse) items.push(null);
          continue;
        }
        try {
          items.push(readJson(itemSchema, item));
        } catch (error) {
          failedAt(error, `[${i}]`);
        }
      }
      return items;
    }
    case "map": {
      const valueSchema = resolveSchema(schema.value);
      const entries = expectObject(value, "a map");
      const map: Record<string, unknown> = {};
      const sparse = schema.sparse === true;
      for (const key in entries) {
        const item = entries[key];
        if (item === null) {
          if (sparse) setEntry(map, key, null);
          continue;
        }
        if (item === undefined) continue;
        try {
          setEntry(map, key, readJson(valueSchema, item));
        } catch (error) {
          failedAt(error, keyStep(key));
        }
      }
      return map;
    }
    default:
      return readScalar(schema.type, value);
  }
}

/** The body as a JSON object, or undefined when it is empty; throws when it is anything else. */
export function parseJsonObject(body: Uint8Array): Readonly<Record<string, unknown>> | undefined {
  if (body.length === 0) return undefined;
  const text = utf8Decode(body);
  if (isBlank(text)) return undefined;
  return expectObject(JSON.parse(text) as unknown, "the response body");
}
