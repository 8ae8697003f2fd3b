// The linear-time regular expression engine a package depends on when one of its patterns could
// make a backtracking engine hang: the validators import it, package.json lists it.
import { readFileSync } from "node:fs";
import type { ServiceIR } from "../../ir/types.js";

/**
 * The linear-time engine for patterns a backtracking engine could hang on: re2js (RE2 in plain
 * JavaScript, no native addon), in the range svcgen itself depends on, so a package generated
 * here resolves it from this repository and an installed one from its own dependencies.
 */
export const LINEAR_ENGINE = {
  name: "re2js",
  range: (
    JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
      dependencies: Record<string, string>;
    }
  ).dependencies.re2js!,
  module: "npm:re2js",
} as const;

/**
 * Whether the package's validators check a pattern with the linear-time engine. Every string
 * shape an operation's input or output reaches is checked by some validator, so this is the
 * set the validators import for (or a superset, for a pattern only a JSON-value header holds).
 */
export function usesLinearPatterns(ir: ServiceIR): boolean {
  for (const s of ir.shapes.values()) {
    if (s.kind === "string" && s.regex?.re2 !== undefined && (s.roles.has("input") || s.roles.has("output"))) return true;
  }
  return false;
}
