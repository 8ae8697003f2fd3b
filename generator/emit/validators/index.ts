// src/validators.ts: one exported `validate<Type>` per structure an operation sends or receives,
// compiled to plain checks because validation runs on every call (the one place where generated
// code beats a schema interpreter, see ARCHITECTURE principle 5).
//
// Shape of the output:
// - one checker function per structure, list and map reached from a validator, shared by all
//   validators.
// - a string shape with a pattern, checked at two or more members, elements or map values, gets
//   one `scalar_<Shape>` function holding its length and pattern rules with their messages, so
//   the reporting code and the pattern's text are written once, not at every use. The site keeps
//   the rules' tests and calls the function only when one fails: an unconditional call cost a
//   10-12% drop in throughput on a 50-item output (the calls used up the engine's inlining budget),
//   the guard costs nothing on valid values. Every other scalar rule is one comparison and stays
//   inline, as do enum checks (they differ between modes) and map key rules (their messages say
//   "key"); a shape checked at one place only stays inline, which is smaller.
// - a checker takes the value, the path stack, its own key in the parent, the issue list and,
//   when it runs in both modes and its rules differ between them, the mode. Paths are rendered
//   only when an issue is reported, so a valid value builds no strings.
// - a pattern that is one quantified character class not anchored at both ends
//   (`[A-Za-z0-9-_]+`, `^[a-z]{2}`) becomes a char-code loop that stops at the first characters
//   that decide; every other pattern is a RegExp compiled once at module load.
// Input mode (operation inputs): unknown members, values outside an enum and null are issues.
// Output mode: unknown members and enum values are tolerated (a newer service must not break an
// older client) and null counts as absent. A structure that is both input and output gets input
// mode, the stricter of the two.
// Messages never show a value: they name the rule and the model's limits only; keys of a map
// reached through anything sensitive are rendered `[*]` in paths.
import type { ServiceIR } from "../../ir/types.js";
import { MODULES, type EmitContext, type PlannedFile } from "../kit/file.js";
import { Imports } from "../kit/imports.js";
import type { Plugin } from "../kit/plugin.js";
import { validatedShapes } from "../kit/shapes.js";
import { generatedNames, validatorName } from "../kit/symbols.js";
import { ValidatorWriter } from "./writer.js";

export { parseCharClassPattern } from "./patterns.js";
export { validatorName };

export const emitValidators = (ir: ServiceIR, ctx: EmitContext): PlannedFile[] => {
  const imports = new Imports(MODULES.validators, generatedNames(ir));
  const writer = new ValidatorWriter(ir, imports);
  const roots = validatedShapes(ir);
  writer.plan(roots);
  const checkers = writer.checkerShapes().map((s) => writer.checker(s));
  const validators = roots.map((s) => writer.validator(s));
  const body = writer.render(validators, checkers);
  const head = imports.render();
  // A model without operations has nothing to validate; the file must still be a module.
  if (body === "") return [{ path: MODULES.validators, content: `${ctx.banner}\nexport {};\n` }];
  return [{ path: MODULES.validators, content: `${ctx.banner}\n${head}${head ? "\n\n" : ""}${body}\n` }];
};

export const validators: Plugin = {
  name: "validators",
  emit: emitValidators,
  exports: (ir) => validatedShapes(ir).map((s) => ({ module: MODULES.validators, name: validatorName(ir, s.name), typeOnly: false })),
};
