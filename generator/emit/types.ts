// src/types.ts: an interface per structure, a discriminated type per union, a literal union plus
// a const list of known values per enum. Built as ts-morph structures and printed in one call.
import { StructureKind, printStructure, type InterfaceDeclarationStructure, type StatementStructures, type TypeAliasDeclarationStructure, type VariableStatementStructure, VariableDeclarationKind } from "ts-morph";
import type { MemberIR, ServiceIR, StructureIR } from "../ir/types.js";
import { propertyKey } from "../naming.js";
import { Imports, MODULES, docComment, docText, literal, typeRef, type Emitter } from "./context.js";

/** TSDoc for ts-morph's `docs`, which writes the comment delimiters itself. */
function docs(markdown: string, tags: string[] = []): string[] {
  const text = docText(markdown, tags);
  return text === "" ? [] : [text];
}

export function memberTags(m: MemberIR): string[] {
  const tags: string[] = [];
  if (m.idempotencyToken) tags.push("Filled with a random UUID when omitted (idempotency token).");
  if (m.sensitive) tags.push("Sensitive: never shown in logs, hooks or error messages.");
  if (m.deprecated) tags.push("@deprecated");
  return tags;
}

function memberType(ir: ServiceIR, m: MemberIR, imports: Imports): string {
  return m.jsonvalue ? imports.type("DocumentValue", MODULES.runtime("document")) : typeRef(ir, m.target, imports);
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

export const emitTypes: Emitter = (ir, ctx) => {
  const imports = new Imports(MODULES.types);
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
        docs: docs(s.docs, ["Values this client does not know yet may arrive in responses; they are kept as they are."]),
        type: values.length > 0 ? values.join(" | ") : "never",
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
  return [{ path: MODULES.types, content: `${ctx.banner}\n${head}${head ? "\n\n" : ""}${body}` }];
};
