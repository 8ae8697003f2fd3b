// A JSON Schema (draft-07, what Ajv 8 compiles by default) saying what svcgen's validators say
// about a shape of a botocore-form model, built from the model's shapes, not from svcgen's output:
// - lengths count code points (Ajv's minLength/maxLength do by default);
// - patterns are unanchored, as the model language defines them (Ajv's `pattern` searches too);
// - an optional member may be null (the protocols leave a null member out); a required member,
//   a list element or a map value may not;
// - input rules: unknown members and values outside an enum are errors;
// - output rules: unknown members and enum values are tolerated (services add them).
// Every shape is inlined, with null added to the `type` union where allowed: the fastest form
// for Ajv, so the peer is not slowed by the way its schema is written.
type Json = Record<string, unknown>;

interface ModelShape {
  readonly type: string;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly required?: readonly string[];
  readonly members?: Readonly<Record<string, { readonly shape: string }>>;
  readonly member?: { readonly shape: string };
  readonly key?: { readonly shape: string };
  readonly value?: { readonly shape: string };
}

export type Mode = "input" | "output";

export function shapeSchema(shapes: Readonly<Record<string, unknown>>, root: string, mode: Mode): Json {
  const open = new Set<string>();
  const build = (name: string, allowNull: boolean): Json => {
    const s = shapes[name] as ModelShape | undefined;
    if (s === undefined || typeof s.type !== "string") throw new Error(`model has no shape ${name}`);
    if (open.has(name)) throw new Error(`shape ${name} is recursive; the benchmark's schemas inline every shape`);
    open.add(name);
    const out = translate(name, s);
    open.delete(name);
    if (allowNull) out["type"] = [out["type"], "null"];
    return out;
  };
  const translate = (name: string, s: ModelShape): Json => {
    switch (s.type) {
      case "string": {
        const out: Json = { type: "string" };
        if (s.enum !== undefined && mode === "input") out["enum"] = [...s.enum];
        if (s.min !== undefined) out["minLength"] = s.min;
        if (s.max !== undefined) out["maxLength"] = s.max;
        if (s.pattern !== undefined) out["pattern"] = s.pattern;
        return out;
      }
      case "integer":
      case "long":
      case "float":
      case "double": {
        const out: Json = { type: s.type === "integer" || s.type === "long" ? "integer" : "number" };
        if (s.min !== undefined) out["minimum"] = s.min;
        if (s.max !== undefined) out["maximum"] = s.max;
        return out;
      }
      case "boolean":
        return { type: "boolean" };
      case "list": {
        if (s.member === undefined) throw new Error(`list ${name} has no member`);
        const out: Json = { type: "array", items: build(s.member.shape, false) };
        if (s.min !== undefined) out["minItems"] = s.min;
        if (s.max !== undefined) out["maxItems"] = s.max;
        return out;
      }
      case "map": {
        if (s.key === undefined || s.value === undefined) throw new Error(`map ${name} has no key or value`);
        const out: Json = {
          type: "object",
          propertyNames: build(s.key.shape, false),
          additionalProperties: build(s.value.shape, false),
        };
        if (s.min !== undefined) out["minProperties"] = s.min;
        if (s.max !== undefined) out["maxProperties"] = s.max;
        return out;
      }
      case "structure": {
        const required = s.required ?? [];
        const properties: Record<string, Json> = {};
        for (const [member, target] of Object.entries(s.members ?? {})) {
          properties[member] = build(target.shape, !required.includes(member));
        }
        const out: Json = { type: "object", properties };
        if (required.length > 0) out["required"] = [...required];
        if (mode === "input") out["additionalProperties"] = false;
        return out;
      }
      default:
        throw new Error(`shape ${name}: type ${s.type} is not translated (the benchmark's shapes do not need it)`);
    }
  };
  return { $schema: "http://json-schema.org/draft-07/schema#", ...build(root, false) };
}
