// src/testing-facts.ts: what the mock server's samples respect, per slot of each structure, list
// and map (inputs too: a test can make valid sample inputs) (a structure's member, a list's `member`, a map's `key` and
// `value`): enum values, length or value bounds, and samples of the pattern made when generating
// (pattern-sample.ts). `pattern: true` without samples: the pattern allows none we can make, so
// an optional member is left out of samples.
import type { ServiceIR, ShapeIR } from "../../ir/types.js";
import { objectLiteralKey } from "../../naming.js";
import { MODULES, literal, type PlannedFile } from "../kit/file.js";
import { Imports } from "../kit/imports.js";
import { generatedNames, internalSymbols } from "../kit/symbols.js";
import { patternSamples } from "./pattern-sample.js";

const FACTS_PATH = "src/testing-facts.ts";

/** The facts of one slot's target, as an object literal; undefined when there are none. */
function slotFacts(shape: ShapeIR): string | undefined {
  const parts: string[] = [];
  if (shape.kind === "structure") return undefined;
  if (shape.min !== undefined && Number.isFinite(shape.min)) parts.push(`min: ${shape.min}`);
  if (shape.max !== undefined && Number.isFinite(shape.max)) parts.push(`max: ${shape.max}`);
  if (shape.kind === "string") {
    if (shape.enum !== undefined && shape.enum.length > 0) parts.push(`enum: [${shape.enum.map(literal).join(", ")}]`);
    else if (shape.pattern !== undefined) {
      const samples = patternSamples(shape);
      parts.push(samples.length > 0 ? `samples: [${samples.map(literal).join(", ")}]` : "pattern: true");
    }
  }
  return parts.length === 0 ? undefined : `{ ${parts.join(", ")} }`;
}

export function factsFile(ir: ServiceIR, banner: string): PlannedFile {
  const imports = new Imports(FACTS_PATH, generatedNames(ir));
  const schemaOf = internalSymbols(ir).schema;
  const sampleFacts = imports.type("SampleFacts", MODULES.runtime("testing/sample"));
  const slotType = imports.type("SlotFacts", MODULES.runtime("testing/sample"));
  const entries: string[] = [];
  // Each distinct facts literal once (a shape targeted from many members shares it): `_f1`, `_f2`...
  const shared = new Map<string, string>();
  const constantOf = (literalText: string): string => {
    let name = shared.get(literalText);
    if (name === undefined) shared.set(literalText, (name = `_f${shared.size + 1}`));
    return name;
  };
  for (const shape of ir.shapes.values()) {
    const slots: Array<readonly [string, ShapeIR]> =
      shape.kind === "structure"
        ? shape.members.map((m) => [m.name, m.shape] as const)
        : shape.kind === "list"
          ? [["member", shape.memberShape]]
          : shape.kind === "map"
            ? [
                ["key", shape.keyShape],
                ["value", shape.valueShape],
              ]
            : [];
    const fields: string[] = [];
    for (const [name, target] of slots) {
      const facts = slotFacts(target);
      if (facts !== undefined) fields.push(`${objectLiteralKey(name)}: ${constantOf(facts)}`);
    }
    if (fields.length === 0) continue;
    const constant = imports.use(schemaOf.get(shape.name)!, MODULES.schemas);
    entries.push(`table.set(${constant}, { ${fields.join(", ")} });`);
  }
  const head = imports.render();
  const constants = [...shared].map(([text, name]) => `const ${name}: ${slotType} = ${text};`).join("\n");
  // One set() per container, not one array literal: the compiler infers a union over an array
  // literal's elements, which a model with a thousand containers makes too complex (TS2590).
  const body = `${constants}${constants === "" ? "" : "\n\n"}const table = new Map<object, Readonly<Record<string, ${slotType}>>>();
${entries.join("\n")}

/** Enum values, bounds and pattern samples of each slot, for the mock server's samples. */
export const facts: ${sampleFacts} = table;
`;
  return { path: FACTS_PATH, content: `${banner}\n${head}\n\n${body}` };
}
