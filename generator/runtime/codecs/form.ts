// The form body of the query and ec2 protocols: a structure flattened into dotted keys
// (`Nested.List.member.1.Name=x`) and written as application/x-www-form-urlencoded text.
//
// query: a member's key is its `locationName`, else its name; a list is `Key.member.N` (or the
// list member's `locationName` for `member`), `Key.N` when flattened (the list member's
// `locationName`, when it has one, replacing the last step), and `Key=` when empty; a map is
// `Key.entry.N.key` / `.value` (or their `locationName`s), `Key.N.key` when flattened.
// ec2: a member's key is its `queryName`, else its `locationName` capitalised, else its name
// capitalised; every list is `Key.N` and an empty one is left out.
// Scalars: booleans `true`/`false`, timestamps ISO 8601 unless the shape says otherwise, blobs base64.
import { percentEncode } from "./encoding.js";
import { resolveSchema, type MemberSchema, type Schema, type StructureSchema } from "../schema.js";
import { ownMember } from "./members.js";
import { scalarText } from "./values.js";

export type FormDialect = "query" | "ec2";

function capitalize(name: string): string {
  return name.length === 0 ? name : name.charAt(0).toUpperCase() + name.slice(1);
}

/** The key step of a structure member. */
export function formMemberKey(dialect: FormDialect, name: string, member: MemberSchema): string {
  if (dialect === "ec2") return member.queryName ?? capitalize(member.locationName ?? name);
  return member.locationName ?? name;
}

function join(prefix: string, step: string): string {
  return prefix === "" ? step : `${prefix}.${step}`;
}

/** Appends the pairs of a structure's set members under `prefix` ("" at the top). */
export function writeFormStructure(
  pairs: Array<[string, string]>,
  dialect: FormDialect,
  schema: StructureSchema,
  value: Readonly<Record<string, unknown>>,
  prefix: string,
): void {
  for (const [name, member] of Object.entries(schema.members)) {
    const item = ownMember(value, name);
    if (item === undefined || item === null) continue;
    writeFormValue(pairs, dialect, resolveSchema(member.target), item, join(prefix, formMemberKey(dialect, name, member)), member);
  }
}

function writeFormValue(
  pairs: Array<[string, string]>,
  dialect: FormDialect,
  schema: Schema,
  value: unknown,
  key: string,
  member: MemberSchema | undefined,
): void {
  if (typeof schema === "object") {
    switch (schema.type) {
      case "structure":
        writeFormStructure(pairs, dialect, schema, value as Readonly<Record<string, unknown>>, key);
        return;
      case "list": {
        const items = (value as readonly unknown[]).filter((item) => item !== undefined && item !== null);
        if (items.length === 0) {
          if (dialect === "query") pairs.push([key, ""]);
          return;
        }
        let itemPrefix: string;
        if (dialect === "ec2") itemPrefix = key;
        else if (member?.flattened === true || schema.flattened === true) {
          itemPrefix = schema.memberName === undefined ? key : join(key.slice(0, Math.max(0, key.lastIndexOf("."))), schema.memberName);
        } else itemPrefix = `${key}.${schema.memberName ?? "member"}`;
        const itemSchema = resolveSchema(schema.member);
        items.forEach((item, i) => writeFormValue(pairs, dialect, itemSchema, item, `${itemPrefix}.${i + 1}`, undefined));
        return;
      }
      case "map": {
        const flattened = member?.flattened === true || schema.flattened === true;
        const entryPrefix = flattened ? key : `${key}.entry`;
        const keyStep = dialect === "ec2" && schema.keyName !== undefined ? capitalize(schema.keyName) : (schema.keyName ?? "key");
        const valueStep =
          dialect === "ec2" && schema.valueName !== undefined ? capitalize(schema.valueName) : (schema.valueName ?? "value");
        const keySchema = resolveSchema(schema.key);
        const valueSchema = resolveSchema(schema.value);
        const map = value as Readonly<Record<string, unknown>>;
        let i = 0;
        for (const entryKey in map) {
          const item = map[entryKey];
          if (item === undefined || item === null) continue;
          i++;
          writeFormValue(pairs, dialect, keySchema, entryKey, `${entryPrefix}.${i}.${keyStep}`, undefined);
          writeFormValue(pairs, dialect, valueSchema, item, `${entryPrefix}.${i}.${valueStep}`, undefined);
        }
        return;
      }
    }
  }
  pairs.push([key, scalarText(schema, value, "iso8601")]);
}

/** The pairs as application/x-www-form-urlencoded text (RFC 3986 percent-encoding, `%20` for spaces). */
export function encodeForm(pairs: ReadonlyArray<readonly [string, string]>): string {
  let body = "";
  for (const [key, value] of pairs) body += (body === "" ? "" : "&") + percentEncode(key) + "=" + percentEncode(value);
  return body;
}

/** The whole body of a query or ec2 request: `Action`, `Version`, then the input's pairs. */
export function formBody(
  dialect: FormDialect,
  action: string,
  version: string,
  schema: StructureSchema | undefined,
  input: Readonly<Record<string, unknown>>,
): string {
  const pairs: Array<[string, string]> = [
    ["Action", action],
    ["Version", version],
  ];
  if (schema !== undefined) writeFormStructure(pairs, dialect, schema, input, "");
  return encodeForm(pairs);
}
