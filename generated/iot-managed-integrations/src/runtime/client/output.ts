// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/client/output.ts; do not edit.
// The check of a parsed output against the members the model marks required (`required` of a
// structure schema). Only names and paths are reported, never values. Runs only when a client has
// a logger or asks for strict outputs, and walks only into members that can reach a structure
// with required members.
import { keyStep } from "../codecs/values.js";
import { resolveSchema, type Schema, type StructureSchema } from "../schema.js";

/** Beyond this many missing members the rest are summed up in one line. */
export const MAX_OUTPUT_PROBLEMS = 20;

const reaches = new WeakMap<object, boolean>();

/** Whether a value of `schema` can hold a structure with required members. */
function reachesRequired(schema: Schema): boolean {
  if (typeof schema !== "object") return false;
  const known = reaches.get(schema);
  if (known !== undefined) return known;
  // Recursive shapes: while this one is being worked out, it adds nothing of its own.
  reaches.set(schema, false);
  let result = false;
  switch (schema.type) {
    case "structure":
      result =
        (schema.required !== undefined && schema.required.length > 0 && schema.union !== true) ||
        Object.values(schema.members).some((member) => reachesRequired(resolveSchema(member.target)));
      break;
    case "list":
      result = reachesRequired(resolveSchema(schema.member));
      break;
    case "map":
      result = reachesRequired(resolveSchema(schema.value));
      break;
  }
  reaches.set(schema, result);
  return result;
}

/** Paths (`Items[3].Name`) of the required members missing from `output`, at most MAX_OUTPUT_PROBLEMS + 1. */
export function missingRequired(schema: StructureSchema, output: unknown): string[] {
  const missing: string[] = [];
  if (reachesRequired(schema)) visit(schema, output, "", missing, 0);
  return missing;
}

function visit(schema: Schema, value: unknown, path: string, missing: string[], depth: number): void {
  if (typeof schema !== "object" || value === null || typeof value !== "object" || depth > 64) return;
  if (missing.length > MAX_OUTPUT_PROBLEMS || !reachesRequired(schema)) return;
  switch (schema.type) {
    case "structure": {
      const record = value as Readonly<Record<string, unknown>>;
      if (schema.union !== true) {
        for (const name of schema.required ?? []) {
          if (!Object.hasOwn(record, name) || record[name] === undefined || record[name] === null)
            missing.push(path === "" ? name : `${path}.${name}`);
        }
      }
      for (const name of Object.keys(schema.members)) {
        if (Object.hasOwn(record, name)) {
          visit(resolveSchema(schema.members[name]!.target), record[name], path === "" ? name : `${path}.${name}`, missing, depth + 1);
        }
      }
      return;
    }
    case "list": {
      if (!Array.isArray(value)) return;
      const member = resolveSchema(schema.member);
      value.forEach((item, i) => visit(member, item, `${path}[${i}]`, missing, depth + 1));
      return;
    }
    case "map": {
      const entries = value as Readonly<Record<string, unknown>>;
      const item = resolveSchema(schema.value);
      for (const key of Object.keys(entries)) {
        visit(item, entries[key], path + (schema.sensitive === true ? "[*]" : keyStep(key)), missing, depth + 1);
      }
      return;
    }
  }
}
