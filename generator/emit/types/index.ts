// src/types.ts: an interface per structure, a discriminated type per union, a literal union plus
// a const list of known values per enum. Printed as plain text in the layout ts-morph's structure
// printer used (prettier formats it afterwards): loading ts-morph took 0.3-0.5 s of every run.
import { summary } from "../../ir/docs.js";
import type { ScalarIR, ServiceIR, StructureIR } from "../../ir/types.js";
import { propertyKey } from "../../naming.js";
import { shapeLink } from "../kit/docs-site.js";
import { MODULES, docComment, docText, literal } from "../kit/file.js";
import { safeInline, row, table } from "../kit/markdown.js";
import type { DocsSection, IndexEntry, Plugin } from "../kit/plugin.js";
import { Imports } from "../kit/imports.js";
import { memberTags } from "../kit/shapes.js";
import { generatedNames } from "../kit/symbols.js";
import { memberType } from "../kit/type-printer.js";

/** A JSDoc block at `indent`: one line as `/** text *\/`, more as a starred block; empty without text. */
function jsDoc(markdown: string, tags: readonly string[], indent: string): string {
  const text = docText(markdown, tags);
  if (text === "") return "";
  const lines = text.split("\n");
  if (lines.length === 1) return `${indent}/** ${text} */\n`;
  return `${indent}/**\n${lines.map((l) => (l === "" ? `${indent} *` : `${indent} * ${l}`)).join("\n")}\n${indent} */\n`;
}

const shapeTags = (s: StructureIR | ScalarIR): string[] => (s.deprecated ? ["@deprecated"] : []);

function structureDecl(ir: ServiceIR, s: StructureIR, imports: Imports): string {
  const members = s.members.map((m) => {
    const type = m.required ? memberType(ir, m, imports) : `${memberType(ir, m, imports)} | undefined`;
    return `${jsDoc(m.docs, memberTags(m), "    ")}    ${propertyKey(m.name)}${m.required ? "" : "?"}: ${type};\n`;
  });
  return `${jsDoc(s.docs, shapeTags(s), "")}export interface ${s.typeName} {\n${members.join("")}}\n`;
}

/** A union: one variant per member, the others typed `?: never`, so exactly one can be set. */
function unionDecl(ir: ServiceIR, s: StructureIR, imports: Imports): string {
  const variants = s.members.map((m) => {
    const others = s.members.filter((o) => o !== m).map((o) => `${propertyKey(o.name)}?: never;`);
    const doc = docComment(m.docs, memberTags(m));
    return `{\n${doc}${propertyKey(m.name)}: ${memberType(ir, m, imports)};\n${others.join("\n")}\n}`;
  });
  // Responses may carry a member added after generation: its name and raw JSON value.
  const unknown = `{\n/** A member this client does not know (responses only): its name and JSON value. */\n$unknown: [string, unknown];\n${s.members.map((o) => `${propertyKey(o.name)}?: never;`).join("\n")}\n}`;
  return `${jsDoc(s.docs, shapeTags(s), "")}export type ${s.typeName} = ${[...variants, unknown].join(" | ")};\n`;
}

const ENUM_NOTE =
  "The values the model knows, and any other string (`string & {}` keeps the known ones in completions): values added to the service after generation arrive in responses as they are. Input validation still accepts only the known values (`validateInput: false` sends any).";

function emitTypes(ir: ServiceIR, banner: string) {
  const imports = new Imports(MODULES.types, generatedNames(ir));
  // Interfaces stand apart with a blank line on each side; type aliases and constants follow one another.
  const statements: Array<{ text: string; block: boolean }> = [];
  for (const s of ir.shapes.values()) {
    if (s.kind === "structure" && !s.exception) {
      statements.push(s.union ? { text: unionDecl(ir, s, imports), block: false } : { text: structureDecl(ir, s, imports), block: true });
    } else if (s.kind === "string" && s.enum && s.valuesName) {
      const values = s.enum.map(literal);
      const type = `${jsDoc(s.docs, [ENUM_NOTE], "")}export type ${s.typeName} = ${[...values, "(string & {})"].join(" | ")};\n`;
      statements.push({ text: type, block: false });
      const list = `${jsDoc(`The values of {@link ${s.typeName}} the model knows.`, [], "")}export const ${s.valuesName}: readonly ${s.typeName}[] = [${values.join(", ")}];\n`;
      statements.push({ text: list, block: false });
    }
  }
  let body = "";
  for (const [i, { text, block }] of statements.entries()) {
    if (i > 0 && (block || statements[i - 1]!.block)) body += "\n";
    body += text;
  }
  const head = imports.render();
  return [{ path: MODULES.types, content: `${banner}\n${head}${head ? "\n\n" : ""}${body}` }];
}

function exports(ir: ServiceIR): IndexEntry[] {
  const out: IndexEntry[] = [];
  for (const s of ir.shapes.values()) {
    if (s.kind === "structure" && !s.exception) out.push({ module: MODULES.types, name: s.typeName, typeOnly: true });
    if (s.kind === "string" && s.enum && s.valuesName) {
      out.push({ module: MODULES.types, name: s.typeName, typeOnly: true });
      out.push({ module: MODULES.types, name: s.valuesName, typeOnly: false });
    }
  }
  return out;
}

export const types: Plugin = {
  name: "types",
  emit: (ir, ctx) => emitTypes(ir, ctx.banner),
  exports,
  docsSections(ir, site) {
    const structures = [...ir.shapes.values()].filter((s): s is StructureIR => s.kind === "structure" && !s.exception);
    const enums = [...ir.shapes.values()].filter((s): s is ScalarIR => s.kind === "string" && s.enum !== undefined);
    const roles = (s: StructureIR) => [...s.roles].sort().join(", ");
    const sections: DocsSection[] = [{ title: "Shapes", rank: 30, blocks: [] }];
    if (structures.length > 0) {
      sections.push({
        title: "Structures",
        rank: 30,
        under: "Shapes",
        blocks: [
          table(
            ["Shape", "Kind", "Used in", "Description"],
            structures.map((s) =>
              row([shapeLink(site, s.name, "index"), s.union ? "union" : "structure", roles(s), safeInline(summary(s.docs))]),
            ),
          ),
        ],
      });
    }
    if (enums.length > 0) {
      sections.push({
        title: "Enums",
        rank: 30,
        under: "Shapes",
        blocks: [
          table(
            ["Enum", "Values", "Description"],
            enums.map((s) => row([shapeLink(site, s.name, "index"), String(s.enum?.length ?? 0), safeInline(summary(s.docs))])),
          ),
        ],
      });
    }
    return sections;
  },
};
