// Compiles an endpoint rule set (the `endpoint-rule-set-1.json` language) into one TypeScript
// function of plain code: each rule is a labelled block whose conditions `break` out of it, each
// assignment a `const`, each function call a call of the runtime's rule-language library. The
// compiler also checks the rule set: unknown functions, references to names not in scope, bad
// argument counts and attribute paths are findings with a JSON pointer, so a rule set that
// compiles is one the client can run.
import { literal, docComment } from "../kit/file.js";
import type { PartitionsData } from "./partitions.js";
import { partitionTableSource } from "./partitions.js";
import { localName } from "./expressions.js";
import { rules } from "./rules.js";
import {
  IDENT,
  INHERITED,
  Scope,
  isObj,
  propKey,
  type CompiledRuleSet,
  type Ctx,
  type ParamType,
  type Report,
  type RuleParam,
} from "./scope.js";

export { propKey, type CompiledRuleSet, type ParamType, type RuleParam } from "./scope.js";

export function compileRuleSet(
  ruleSet: unknown,
  partitions: PartitionsData,
  runtimeModule: string,
  report: Report,
  base = "",
): CompiledRuleSet | undefined {
  let failed = false;
  const at: Report = (pointer, message) => {
    failed = true;
    report(base + pointer, message);
  };
  if (!isObj(ruleSet)) {
    at("", "an endpoint rule set must be an object with parameters and rules");
    return undefined;
  }
  const usedRuntime = new Set<string>(["checkParam", "EndpointError"]);
  const partitionFields = new Set<string>();
  const c: Ctx = { at, partitions, usedRuntime, partitionFields, labels: 0 };
  const params: RuleParam[] = [];
  const top = new Scope();
  const rawParams = ruleSet.parameters;
  if (!isObj(rawParams)) at("/parameters", "the rule set has no parameters object");
  else {
    for (const name of Object.keys(rawParams)) {
      const p = rawParams[name];
      const pointer = `/parameters/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      if (!isObj(p)) {
        at(pointer, "a parameter must be an object");
        continue;
      }
      const type = typeof p.type === "string" ? p.type.toLowerCase() : "";
      const paramType: ParamType | undefined =
        type === "string" ? "string" : type === "boolean" ? "boolean" : type === "stringarray" ? "stringArray" : undefined;
      if (paramType === undefined) {
        at(`${pointer}/type`, `parameter type ${JSON.stringify(p.type)} is not string, boolean or stringArray`);
        continue;
      }
      const def = p.default;
      const defOk =
        def === undefined ||
        (paramType === "string" && typeof def === "string") ||
        (paramType === "boolean" && typeof def === "boolean") ||
        (paramType === "stringArray" && Array.isArray(def) && def.every((d) => typeof d === "string"));
      if (!defOk) at(`${pointer}/default`, `the default does not have the parameter's type (${paramType})`);
      const param: RuleParam = {
        name,
        type: paramType,
        required: p.required === true,
        ...(defOk && def !== undefined ? { default: def as string | boolean | readonly string[] } : {}),
        ...(typeof p.builtIn === "string" ? { builtIn: p.builtIn } : {}),
        ...(typeof p.documentation === "string" ? { documentation: p.documentation } : {}),
      };
      params.push(param);
      top.set(name, { code: localName(c, name, top), kind: paramType, optional: param.default === undefined });
    }
  }
  if (!Array.isArray(ruleSet.rules)) {
    at("/rules", "the rule set has no rules list");
    return undefined;
  }

  const bodyLines: string[] = [];
  const falls = rules(c, ruleSet.rules, top, "/rules", bodyLines, 0);
  if (falls) bodyLines.push(`throw new EndpointError(${literal("No endpoint rule matched the parameters")});`);
  if (failed) return undefined;

  // Parameters: read each once, check its type, apply its default.
  const prologue: string[] = [];
  for (const p of params) {
    const local = top.get(p.name)!.code;
    const read = INHERITED.has(p.name)
      ? `Object.prototype.hasOwnProperty.call(params, ${literal(p.name)}) ? params[${literal(p.name)}] : undefined`
      : IDENT.test(p.name)
        ? `params.${p.name}`
        : `params[${literal(p.name)}]`;
    prologue.push(
      `checkParam(${literal(p.name)}, ${read.includes("?") ? `(${read})` : read}, ${literal(p.type)}, ${p.required && p.default === undefined});`,
    );
    const def = p.default === undefined ? "" : ` ?? ${JSON.stringify(p.default)}`;
    prologue.push(`const ${local} = ${read.includes("?") ? `(${read})` : read}${def};`);
  }

  const tsType = (t: ParamType) => (t === "stringArray" ? "readonly string[]" : t);
  const members = params.map((p) => {
    const tags: string[] = [];
    if (p.builtIn !== undefined) tags.push(`Set by the client from its configuration (\`${p.builtIn.replace(/[`*\\]/g, "")}\`).`);
    if (p.default !== undefined) tags.push(`Default: \`${JSON.stringify(p.default).replace(/[`*\\]/g, "")}\`.`);
    const optional = !(p.required && p.default === undefined);
    return `${docComment(p.documentation ?? "", tags)}readonly ${propKey(p.name)}${optional ? "?" : ""}: ${tsType(p.type)}${optional ? " | undefined" : ""};`;
  });
  const allOptional = params.every((p) => !(p.required && p.default === undefined));
  const imports = [...usedRuntime].sort();
  const needsTable = usedRuntime.has("partition");
  const source = [
    `import { ${imports.join(", ")}, type EndpointResult${needsTable ? ", type PartitionTable" : ""} } from ${literal(runtimeModule)};`,
    "",
    docComment(
      "The parameters of the service's endpoint rules, by the rule set's own names. The client fills them from its configuration and each operation's input; call {@link resolveEndpoint} to see where a request would go.",
    ),
    `export interface EndpointParameters {`,
    ...members.map((m) =>
      m
        .split("\n")
        .map((l) => `  ${l}`)
        .join("\n"),
    ),
    `}`,
    "",
    ...(needsTable ? [partitionTableSource(partitions, partitionFields), ""] : []),
    docComment(
      "Where a request goes: the service's endpoint rules compiled to code. Throws {@link EndpointError} with the rule's message when the rules refuse the parameters (for example FIPS with a custom endpoint), or when a parameter is missing or of the wrong type.",
    ),
    `export function resolveEndpoint(params: EndpointParameters${allOptional ? " = {}" : ""}): EndpointResult {`,
    ...[...prologue, ...bodyLines].map((l) => `  ${l}`),
    `}`,
    "",
  ].join("\n");
  return { params, source };
}
