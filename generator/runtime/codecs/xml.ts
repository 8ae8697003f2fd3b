// XML documents as plain element trees, read and written by fast-xml-parser. The library does the
// tokenizing, the well-formedness check and the writing; this module only sets it up safely and
// turns its output into `XmlElement`s that the schema-driven readers walk (codecs/xml-body.ts).
//
// Safety: a document type declaration (`<!DOCTYPE`) or entity declaration (`<!ENTITY`) is never
// expanded: the text is refused before the parser sees it (no external entities, no entity
// bombs), and the parser's own entity processing is off. The five predefined entities and
// character references are decoded here, after parsing; any other `&name;` is an error.
// Text is kept exactly: no number or boolean coercion, no trimming; the schema decides types.
import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import { utf8Decode } from "./encoding.js";
import { isBlank } from "./values.js";

export interface XmlElement {
  /** The tag as written, prefix included (`s3:Bucket`). */
  readonly name: string;
  /** The tag without its namespace prefix: what readers compare. */
  readonly local: string;
  /** Attribute values by name as written (`xmlns:baz`, `xsi:type`), entities decoded. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text (its text and CDATA sections joined), exactly as sent. */
  readonly text: string;
}

/** An element to write: attributes in order, then either text or children. */
export interface XmlNode {
  readonly name: string;
  readonly attributes?: ReadonlyArray<readonly [string, string]>;
  readonly children?: readonly XmlNode[];
  readonly text?: string;
}

const TEXT = "#text";
const CDATA = "#cdata";
const ATTRIBUTES = ":@";

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  allowBooleanAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: false,
  cdataPropName: CDATA,
});

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  suppressEmptyNode: false,
  suppressBooleanAttributes: false,
  // Text and attribute values arrive escaped by escapeText / escapeAttribute.
  processEntities: false,
  format: false,
});

/** `<!DOCTYPE` or `<!ENTITY`, in any case: refused outright, never parsed. */
const DECLARATION = /<!\s*(?:doctype|entity)/i;

/** Parses a response body; undefined when it is empty or blank. Throws on anything not a single well-formed element. */
export function parseXml(body: Uint8Array | string): XmlElement | undefined {
  const text = typeof body === "string" ? body : utf8Decode(body);
  if (isBlank(text)) return undefined;
  if (DECLARATION.test(text)) {
    throw new TypeError("the XML document declares a document type or entities, which are never processed");
  }
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    // The library's message names a tag or position, never a text value.
    throw new TypeError(`the body is not well-formed XML (${valid.err.msg.slice(0, 120)})`);
  }
  const nodes = parser.parse(text) as unknown[];
  let root: XmlElement | undefined;
  for (const node of nodes) {
    const element = toElement(node);
    if (element === undefined) continue;
    if (root !== undefined) throw new TypeError("the body is not well-formed XML (more than one root element)");
    root = element;
  }
  if (root === undefined) throw new TypeError("the body is not an XML document (no root element)");
  return root;
}

type ParsedNode = Record<string, unknown>;

function toElement(node: unknown): XmlElement | undefined {
  const record = node as ParsedNode;
  let name: string | undefined;
  for (const key in record) {
    if (key !== ATTRIBUTES && key !== TEXT && key !== CDATA) {
      name = key;
      break;
    }
  }
  if (name === undefined) return undefined;
  const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
  const rawAttributes = record[ATTRIBUTES] as Readonly<Record<string, unknown>> | undefined;
  if (rawAttributes !== undefined) {
    for (const key in rawAttributes) attributes[key] = decodeEntities(String(rawAttributes[key]));
  }
  const children: XmlElement[] = [];
  let text = "";
  for (const child of record[name] as readonly ParsedNode[]) {
    if (TEXT in child) text += decodeEntities(String(child[TEXT]));
    else if (CDATA in child) {
      for (const part of child[CDATA] as readonly ParsedNode[]) if (TEXT in part) text += String(part[TEXT]);
    } else {
      const element = toElement(child);
      if (element !== undefined) children.push(element);
    }
  }
  const colon = name.indexOf(":");
  return { name, local: colon === -1 ? name : name.slice(colon + 1), attributes, children, text };
}

const PREDEFINED: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const REFERENCE = /&(#[xX][0-9A-Fa-f]+|#[0-9]+|[A-Za-z][A-Za-z0-9._-]*);/g;

/** The predefined entities and character references; an undeclared entity is an error. */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(REFERENCE, (_match, ref: string) => {
    if (ref.charCodeAt(0) === 35) {
      const code = ref.charCodeAt(1) === 120 || ref.charCodeAt(1) === 88 ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!(code >= 1 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) {
        throw new TypeError("the body is not well-formed XML (a character reference out of range)");
      }
      return String.fromCodePoint(code);
    }
    const char = PREDEFINED[ref];
    if (char === undefined) throw new TypeError(`the body is not well-formed XML (undeclared entity &${ref.slice(0, 40)};)`);
    return char;
  });
}

/** Element text: `&`, `<`, `>` escaped, and `\r` as a reference so a reader does not fold it into `\n`. */
export function escapeText(text: string): string {
  return text.replace(/[&<>\r]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&#xD;"));
}

/** Attribute values: also quotes, and line breaks and tabs as references (readers normalise them to spaces). */
export function escapeAttribute(text: string): string {
  return text.replace(/[&<>"\r\n\t]/g, (c) => ATTRIBUTE_ESCAPES[c]!);
}

const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "\r": "&#xD;",
  "\n": "&#xA;",
  "\t": "&#x9;",
};

function toBuilderNode(node: XmlNode): ParsedNode {
  const content: ParsedNode[] = [];
  if (node.text !== undefined && node.text !== "") content.push({ [TEXT]: escapeText(node.text) });
  for (const child of node.children ?? []) content.push(toBuilderNode(child));
  const out: ParsedNode = { [node.name]: content };
  if (node.attributes !== undefined && node.attributes.length > 0) {
    const attributes: Record<string, string> = {};
    for (const [name, value] of node.attributes) attributes[name] = escapeAttribute(value);
    out[ATTRIBUTES] = attributes;
  }
  return out;
}

/** The document text of one root element (no XML declaration: UTF-8 is the default). */
export function writeXml(root: XmlNode): string {
  return builder.build([toBuilderNode(root)]) as string;
}

/** The first child with the given local name. */
export function childNamed(element: XmlElement, local: string): XmlElement | undefined {
  for (const child of element.children) if (child.local === local) return child;
  return undefined;
}

/** The name without its namespace prefix. */
export function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon === -1 ? name : name.slice(colon + 1);
}
