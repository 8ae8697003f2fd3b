// src/schemas.ts: the wire facts of every structure, list and map, as readable constants the
// runtime's protocol code interprets. Constants come in dependency order; a reference that
// closes a cycle (recursive shapes) is written as a function, resolved when first used.
import type { MemberIR, ServiceIR, ShapeIR, XmlNamespaceIR } from "../../ir/types.js";
import { childrenOf } from "../../ir/walk.js";
import { PROTOTYPE_NAMES, objectLiteralKey } from "../../naming.js";
import { MODULES, literal } from "../kit/file.js";
import { Imports } from "../kit/imports.js";
import type { Plugin } from "../kit/plugin.js";
import { shapeOf } from "../kit/shapes.js";
import { generatedNames, internalSymbols } from "../kit/symbols.js";
import { usesXmlFacts } from "../protocols.js";

function namespaceLiteral(ns: XmlNamespaceIR): string {
  return ns.prefix === undefined ? `{ uri: ${literal(ns.uri)} }` : `{ uri: ${literal(ns.uri)}, prefix: ${literal(ns.prefix)} }`;
}

/** `, key: value` pairs for the XML and query facts that are set (none for JSON protocols). */
function xmlFacts(ir: ServiceIR, facts: ReadonlyArray<readonly [string, string | XmlNamespaceIR | boolean | undefined]>): string[] {
  if (!usesXmlFacts(ir)) return [];
  const out: string[] = [];
  for (const [key, value] of facts) {
    if (value === undefined || value === false) continue;
    out.push(`${key}: ${value === true ? "true" : typeof value === "string" ? literal(value) : namespaceLiteral(value)}`);
  }
  return out;
}

/** The schema expression for a reference to `name` (scalars inline, others by constant). */
function schemaRef(ir: ServiceIR, s: ShapeIR, defined: ReadonlySet<string>, imports: Imports): string {
  const name = s.name;
  if (s.kind === "structure" || s.kind === "list" || s.kind === "map") {
    const constant = imports.use(internalSymbols(ir).schema.get(name)!, MODULES.schemas);
    return defined.has(name) ? constant : `() => ${constant}`;
  }
  if (s.kind === "timestamp" && s.timestampFormat) return `{ type: "timestamp", format: ${literal(s.timestampFormat)} }`;
  if (s.kind === "blob" && s.streaming) return `{ type: "blob", streaming: true }`;
  if (s.sensitive) return `{ type: ${literal(s.kind)}, sensitive: true }`;
  return literal(s.kind);
}

function memberSchema(ir: ServiceIR, m: MemberIR, defined: ReadonlySet<string>, imports: Imports): string {
  const target = m.jsonvalue
    ? `{ type: "string", jsonvalue: true }`
    : m.timestampFormat !== undefined && m.shape.kind === "timestamp"
      ? `{ type: "timestamp", format: ${literal(m.timestampFormat)} }`
      : schemaRef(ir, m.shape, defined, imports);
  const parts = [`target: ${target}`];
  if (m.location) parts.push(`location: ${literal(m.location)}`);
  // A header map without a prefix collects every header.
  if (m.location === "headers") parts.push(`locationName: ${literal(m.locationName ?? "")}`);
  else if (m.locationName !== undefined && m.locationName !== m.name) parts.push(`locationName: ${literal(m.locationName)}`);
  else if (m.location !== undefined && m.location !== "statusCode") parts.push(`locationName: ${literal(m.locationName ?? m.name)}`);
  if (m.idempotencyToken) parts.push("idempotencyToken: true");
  if (m.hostLabel) parts.push("hostLabel: true");
  if (m.sensitive) parts.push("sensitive: true");
  if (m.eventHeader) parts.push("eventHeader: true");
  if (m.eventPayload) parts.push("eventPayload: true");
  parts.push(
    ...xmlFacts(ir, [
      ["xmlAttribute", m.xmlAttribute],
      ["xmlNamespace", m.xmlNamespace],
      ["flattened", m.flattened],
      ["queryName", m.queryName],
    ]),
  );
  return `{ ${parts.join(", ")} }`;
}

function schemaBody(ir: ServiceIR, s: ShapeIR, defined: ReadonlySet<string>, imports: Imports): { type: string; value: string } {
  const sensitive = s.sensitive ? ", sensitive: true" : "";
  const sparse = (s.kind === "list" || s.kind === "map") && s.sparse ? ", sparse: true" : "";
  if (s.kind === "list") {
    const xml = xmlFacts(ir, [
      ["memberName", s.memberName],
      ["memberNamespace", s.memberNamespace],
      ["flattened", s.flattened],
    ]).map((f) => `, ${f}`);
    return {
      type: "ListSchema",
      value: `{ type: "list", member: ${schemaRef(ir, s.memberShape, defined, imports)}${sensitive}${sparse}${xml.join("")} }`,
    };
  }
  if (s.kind === "map") {
    const xml = xmlFacts(ir, [
      ["keyName", s.keyName],
      ["valueName", s.valueName],
      ["keyNamespace", s.keyNamespace],
      ["valueNamespace", s.valueNamespace],
      ["flattened", s.flattened],
    ]).map((f) => `, ${f}`);
    return {
      type: "MapSchema",
      value: `{ type: "map", key: ${schemaRef(ir, s.keyShape, defined, imports)}, value: ${schemaRef(ir, s.valueShape, defined, imports)}${sensitive}${sparse}${xml.join("")} }`,
    };
  }
  if (s.kind !== "structure") throw new Error(`internal: ${s.name} has no schema constant`);
  const members = s.members.map(
    (m) => `${objectLiteralKey(m.name)}: ${memberSchema(ir, m, defined, imports)}${PROTOTYPE_NAMES.has(m.name) ? " as const" : ""}`,
  );
  const extra = [
    s.payload !== undefined ? `payload: ${literal(s.payload)}` : "",
    s.union ? "union: true" : "",
    s.eventStream ? "eventStream: true" : "",
    s.sensitive ? "sensitive: true" : "",
    // The members the model marks required, in model order: the client checks outputs for them
    // (the `logger` warning, `strictOutput`). A union's members are never all required.
    !s.union && s.members.some((m) => m.required)
      ? `required: [${s.members
          .filter((m) => m.required)
          .map((m) => literal(m.name))
          .join(", ")}]`
      : "",
    ...xmlFacts(ir, [
      ["xmlName", s.xmlName],
      ["xmlNamespace", s.xmlNamespace],
    ]),
  ].filter((p) => p !== "");
  return {
    type: "StructureSchema",
    value: `{\n  type: "structure",\n  name: ${literal(s.name)},\n  members: {${members.length ? "\n    " + members.join(",\n    ") + ",\n  " : ""}},${extra.map((e) => `\n  ${e},`).join("")}\n}`,
  };
}

/** Shapes with a schema constant, each after the shapes it refers to (post-order, name order). */
function schemaOrder(ir: ServiceIR): string[] {
  const order: string[] = [];
  const state = new Map<string, "open" | "done">();
  const visit = (name: string) => {
    if (state.has(name)) return;
    const s = shapeOf(ir, name);
    if (s.kind !== "structure" && s.kind !== "list" && s.kind !== "map") return;
    state.set(name, "open");
    for (const c of childrenOf(s)) visit(c);
    state.set(name, "done");
    order.push(name);
  };
  for (const name of ir.shapes.keys()) visit(name);
  return order;
}

function emitSchemas(ir: ServiceIR, banner: string) {
  const imports = new Imports(MODULES.schemas, generatedNames(ir));
  const symbols = internalSymbols(ir);
  const defined = new Set<string>();
  const decls: Array<{ constant: string; type: string; value: string }> = [];
  const typesUsed = new Set<string>();
  for (const name of schemaOrder(ir)) {
    const s = shapeOf(ir, name);
    const { type, value } = schemaBody(ir, s, defined, imports);
    typesUsed.add(type);
    decls.push({ constant: symbols.schema.get(name)!, type, value });
    defined.add(name);
  }
  const typeNames = new Map([...typesUsed].sort().map((t) => [t, imports.type(t, MODULES.runtime("schema"))]));
  const head = imports.render();
  return [
    {
      path: MODULES.schemas,
      content: `${banner}\n${head}${head ? "\n\n" : ""}${decls.map((d) => `export const ${d.constant}: ${typeNames.get(d.type)!} = ${d.value};`).join("\n\n")}\n`,
    },
  ];
}

export const schemas: Plugin = { name: "schemas", emit: (ir, ctx) => emitSchemas(ir, ctx.banner) };
