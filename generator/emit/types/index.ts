// src/types.ts: an interface per structure, a discriminated type per union, a literal union plus
// a const list of known values per enum. Built as ts-morph structures and printed in one call.
import {
  StructureKind,
  printStructure,
  type InterfaceDeclarationStructure,
  type StatementStructures,
  type TypeAliasDeclarationStructure,
  type VariableStatementStructure,
  VariableDeclarationKind,
} from "ts-morph";
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

/** TSDoc for ts-morph's `docs`, which writes the comment delimiters itself. */
function docs(markdown: string, tags: string[] = []): string[] {
  const text = docText(markdown, tags);
  return text === "" ? [] : [text];
}

function structureDecl(ir: ServiceIR, s: StructureIR, imports: Imports): InterfaceDeclarationStructure {
  return {
    kind: StructureKind.Interface,
    name: s.typeName,
    isExported: true,
    docs: docs(s.docs, s.deprecated ? ["@deprecated"] : []),
    properties: s.members.map((m) => ({
      name: propertyKey(m.name),
      type: m.required ? memberType(ir, m, imports) : `${memberType(ir, m, imports)} | undefined`,
      hasQuestionToken: !m.required,
      docs: docs(m.docs, memberTags(m)),
    })),
  };
}

/** A union: one variant per member, the others typed `?: never`, so exactly one can be set. */
function unionDecl(ir: ServiceIR, s: StructureIR, imports: Imports): TypeAliasDeclarationStructure {
  const variants = s.members.map((m) => {
    const others = s.members.filter((o) => o !== m).map((o) => `${propertyKey(o.name)}?: never;`);
    const doc = docComment(m.docs, memberTags(m));
    return `{\n${doc}${propertyKey(m.name)}: ${memberType(ir, m, imports)};\n${others.join("\n")}\n}`;
  });
  // Responses may carry a member added after generation: its name and raw JSON value.
  const unknown = `{\n/** A member this client does not know (responses only): its name and JSON value. */\n$unknown: [string, unknown];\n${s.members.map((o) => `${propertyKey(o.name)}?: never;`).join("\n")}\n}`;
  return {
    kind: StructureKind.TypeAlias,
    name: s.typeName,
    isExported: true,
    docs: docs(s.docs, s.deprecated ? ["@deprecated"] : []),
    type: [...variants, unknown].join(" | "),
  };
}

function emitTypes(ir: ServiceIR, banner: string) {
  const imports = new Imports(MODULES.types, generatedNames(ir));
  const statements: StatementStructures[] = [];
  for (const s of ir.shapes.values()) {
    if (s.kind === "structure" && !s.exception) {
      statements.push(s.union ? unionDecl(ir, s, imports) : structureDecl(ir, s, imports));
    } else if (s.kind === "string" && s.enum && s.valuesName) {
      const values = s.enum.map(literal);
      statements.push({
        kind: StructureKind.TypeAlias,
        name: s.typeName,
        isExported: true,
        docs: docs(s.docs, [
          "The values the model knows, and any other string (`string & {}` keeps the known ones in completions): values added to the service after generation arrive in responses as they are. Input validation still accepts only the known values (`validateInput: false` sends any).",
        ]),
        type: [...values, "(string & {})"].join(" | "),
      });
      const list: VariableStatementStructure = {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: [`The values of {@link ${s.typeName}} the model knows.`],
        declarations: [{ name: s.valuesName, type: `readonly ${s.typeName}[]`, initializer: `[${values.join(", ")}]` }],
      };
      statements.push(list);
    }
  }
  const body = printStructure({ kind: StructureKind.SourceFile, statements });
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
