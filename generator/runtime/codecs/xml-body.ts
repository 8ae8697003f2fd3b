// Values of a schema as XML elements and back, the body form of rest-xml and the response form of
// query and ec2. Element names follow the model: a member's `locationName` (else its name);
// lists wrapped in one element with `member` items (or the list member's `locationName`) unless
// flattened, when each item repeats the member's element; maps as `entry` elements of `key` and
// `value` (or their `locationName`s), flattened likewise; `xmlAttribute` members as attributes;
// `xmlNamespace` declared on the elements that carry it. Reading ignores namespaces and prefixes.
import {
  resolveSchema,
  type ListSchema,
  type MapSchema,
  type MemberSchema,
  type Schema,
  type StructureSchema,
  type XmlNamespace,
} from "../schema.js";
import { ownMember, setEntry } from "./members.js";
import { failedAt, keyStep, readScalar, scalarText, typeOf } from "./values.js";
import { childNamed, localName, type XmlElement, type XmlNode } from "./xml.js";

/** Which members of a structure an element holds (rest-xml: the body members only). */
export type MemberFilter = (name: string, member: MemberSchema) => boolean;

/** Members in no HTTP location: what a rest-xml request body carries. */
export const bodyMembers: MemberFilter = (_name, member) => member.location === undefined;

/** What a rest-xml response body carries: a URI label or query location means nothing in a response. */
export const responseBodyMembers: MemberFilter = (_name, member) =>
  member.location === undefined || member.location === "uri" || member.location === "querystring";

function namespaceAttribute(namespace: XmlNamespace): readonly [string, string] {
  return [namespace.prefix === undefined ? "xmlns" : `xmlns:${namespace.prefix}`, namespace.uri];
}

function isFlattened(schema: ListSchema | MapSchema, member: MemberSchema | undefined): boolean {
  return member?.flattened === true || schema.flattened === true;
}

// ---- writing ------------------------------------------------------------------------------------

/** A structure as the element `name`, with its members (those `filter` keeps) as attributes and children. */
export function structureNode(
  name: string,
  schema: StructureSchema,
  value: Readonly<Record<string, unknown>>,
  namespace: XmlNamespace | undefined,
  filter?: MemberFilter,
): XmlNode {
  const attributes: (readonly [string, string])[] = [];
  const ns = namespace ?? schema.xmlNamespace;
  if (ns !== undefined) attributes.push(namespaceAttribute(ns));
  const children: XmlNode[] = [];
  for (const [memberName, member] of Object.entries(schema.members)) {
    if (filter !== undefined && !filter(memberName, member)) continue;
    const item = ownMember(value, memberName);
    if (item === undefined || item === null) continue;
    const target = resolveSchema(member.target);
    const wire = member.locationName ?? memberName;
    if (member.xmlAttribute) attributes.push([wire, scalarText(target, item, "iso8601")]);
    else valueNodes(children, wire, target, item, member.xmlNamespace, member);
  }
  return { name, attributes, children };
}

/** Appends the element(s) of one value named `name`: one, or one per item of a flattened list or map. */
export function valueNodes(
  out: XmlNode[],
  name: string,
  schema: Schema,
  value: unknown,
  namespace: XmlNamespace | undefined,
  member?: MemberSchema,
): void {
  if (typeof schema === "object") {
    switch (schema.type) {
      case "structure":
        out.push(structureNode(name, schema, value as Readonly<Record<string, unknown>>, namespace));
        return;
      case "list": {
        const itemSchema = resolveSchema(schema.member);
        const flattened = isFlattened(schema, member);
        const items: XmlNode[] = flattened ? out : [];
        const itemName = flattened ? name : (schema.memberName ?? "member");
        for (const item of value as readonly unknown[]) {
          if (item === undefined || item === null) continue;
          valueNodes(items, itemName, itemSchema, item, flattened ? namespace : schema.memberNamespace);
        }
        if (!flattened) out.push(withNamespace({ name, children: items }, namespace));
        return;
      }
      case "map": {
        const keySchema = resolveSchema(schema.key);
        const valueSchema = resolveSchema(schema.value);
        const flattened = isFlattened(schema, member);
        const entries: XmlNode[] = flattened ? out : [];
        const map = value as Readonly<Record<string, unknown>>;
        for (const key in map) {
          const item = map[key];
          if (item === undefined || item === null) continue;
          const parts: XmlNode[] = [];
          valueNodes(parts, schema.keyName ?? "key", keySchema, key, schema.keyNamespace);
          valueNodes(parts, schema.valueName ?? "value", valueSchema, item, schema.valueNamespace);
          entries.push(flattened ? withNamespace({ name, children: parts }, namespace) : { name: "entry", children: parts });
        }
        if (!flattened) out.push(withNamespace({ name, children: entries }, namespace));
        return;
      }
    }
  }
  out.push(withNamespace({ name, text: scalarText(schema, value, "iso8601") }, namespace));
}

function withNamespace(node: XmlNode, namespace: XmlNamespace | undefined): XmlNode {
  return namespace === undefined ? node : { ...node, attributes: [namespaceAttribute(namespace)] };
}

// ---- reading ------------------------------------------------------------------------------------

/** The children of an element grouped by local name, in document order. */
function childrenByName(element: XmlElement): Map<string, XmlElement[]> {
  const byName = new Map<string, XmlElement[]>();
  for (const child of element.children) {
    const list = byName.get(child.local);
    if (list === undefined) byName.set(child.local, [child]);
    else list.push(child);
  }
  return byName;
}

function attributeValue(element: XmlElement, name: string): string | undefined {
  const exact = element.attributes[name];
  if (exact !== undefined) return exact;
  const local = localName(name);
  for (const key in element.attributes) if (localName(key) === local) return element.attributes[key];
  return undefined;
}

/** Reads the members of a structure's element into `out` (those `filter` keeps); unknown elements are skipped. */
export function readXmlMembers(
  schema: StructureSchema,
  element: XmlElement,
  out: Record<string, unknown>,
  filter?: MemberFilter,
): Record<string, unknown> {
  const byName = childrenByName(element);
  for (const [memberName, member] of Object.entries(schema.members)) {
    if (filter !== undefined && !filter(memberName, member)) continue;
    const wire = member.locationName ?? memberName;
    const target = resolveSchema(member.target);
    try {
      if (member.xmlAttribute) {
        const text = attributeValue(element, wire);
        if (text !== undefined) setEntry(out, memberName, readXmlScalar(target, text));
        continue;
      }
      const found = byName.get(localName(wire));
      if (found === undefined) continue;
      if (typeof target === "object" && (target.type === "list" || target.type === "map") && isFlattened(target, member)) {
        setEntry(out, memberName, target.type === "list" ? readItems(target, found) : readEntries(target, found));
      } else {
        setEntry(out, memberName, readXmlValue(target, found[0]!));
      }
    } catch (error) {
      failedAt(error, memberName);
    }
  }
  if (schema.union === true && Object.keys(out).length === 0 && element.children.length > 0) {
    // A member added to the union after this client was generated: kept, not dropped.
    const unknown = element.children[0]!;
    out["$unknown"] = [unknown.local, unknown.text];
  }
  return out;
}

function readItems(schema: ListSchema, items: readonly XmlElement[]): unknown[] {
  const itemSchema = resolveSchema(schema.member);
  const values: unknown[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      values.push(readXmlValue(itemSchema, items[i]!));
    } catch (error) {
      failedAt(error, `[${i}]`);
    }
  }
  return values;
}

function readEntries(schema: MapSchema, entries: readonly XmlElement[]): Record<string, unknown> {
  const valueSchema = resolveSchema(schema.value);
  const keyName = localName(schema.keyName ?? "key");
  const valueName = localName(schema.valueName ?? "value");
  const map: Record<string, unknown> = {};
  for (const entry of entries) {
    const keyElement = childNamed(entry, keyName);
    if (keyElement === undefined) throw new TypeError(`expected a <${keyName}> in each map entry`);
    const key = keyElement.text;
    const valueElement = childNamed(entry, valueName);
    if (valueElement === undefined) continue;
    try {
      setEntry(map, key, readXmlValue(valueSchema, valueElement));
    } catch (error) {
      failedAt(error, keyStep(key));
    }
  }
  return map;
}

/** The value of one element as the schema says (a flattened list or map is read by its parent). */
export function readXmlValue(schema: Schema, element: XmlElement): unknown {
  if (typeof schema === "object") {
    switch (schema.type) {
      case "structure":
        return readXmlMembers(schema, element, {});
      case "list": {
        const itemName = localName(schema.memberName ?? "member");
        return readItems(
          schema,
          element.children.filter((child) => child.local === itemName),
        );
      }
      case "map":
        return readEntries(
          schema,
          element.children.filter((child) => child.local === "entry"),
        );
    }
  }
  return readXmlScalar(schema, element.text);
}

/** XML whitespace: what may surround a number, boolean or timestamp in a pretty-printed document. */
const SURROUNDING_SPACE = /^[ \t\r\n]+|[ \t\r\n]+$/g;

/** A scalar from element or attribute text: strings exactly as sent, other types by the JSON path's strict checks. */
export function readXmlScalar(schema: Schema, text: string): unknown {
  const type = typeOf(schema);
  if (type === "string") return text;
  return readScalar(type, text.replace(SURROUNDING_SPACE, ""));
}
