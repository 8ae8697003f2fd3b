// Rules of the rule language compiled to statements: each rule a labelled block whose conditions
// `break` out of it, assignments `const`s, endpoint and error rules `return` and `throw`.
import { docComment, literal } from "../kit/file.js";
import { call, expr, localName, template } from "./expressions.js";
import {
  ATTRIBUTES,
  IDENT,
  INHERITED,
  MODULE_NAMES,
  RESERVED,
  RUNTIME_NAMES,
  Scope,
  isObj,
  propKey,
  templateText,
  type CompiledRuleSet,
  type Ctx,
  type Kind,
  type ParamType,
  type Report,
  type RuleParam,
  type Typed,
} from "./scope.js";

export function conditions(c: Ctx, list: unknown, scope: Scope, pointer: string, label: string, lines: string[]): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) {
    c.at(pointer, "conditions must be a list");
    return;
  }
  list.forEach((cond, i) => {
    const p = `${pointer}/${i}`;
    if (!isObj(cond) || typeof cond.fn !== "string") {
      c.at(p, "a condition must be a function call ({ fn, argv })");
      return;
    }
    // isSet and not(isSet) on a name narrow that name for the rest of the rule.
    const argv0 = Array.isArray(cond.argv) ? cond.argv[0] : undefined;
    if (cond.fn === "isSet" && cond.assign === undefined && isObj(argv0) && typeof argv0.ref === "string") {
      const ref = scope.get(argv0.ref);
      if (ref !== undefined) {
        lines.push(`if (${ref.code} === undefined) break ${label};`);
        scope.set(argv0.ref, { ...ref, optional: false });
        return;
      }
    }
    const value = call(c, cond, scope, p);
    if (value === undefined) return;
    if (cond.assign !== undefined) {
      if (typeof cond.assign !== "string" || cond.assign === "") {
        c.at(`${p}/assign`, "assign must be a name");
        return;
      }
      if (scope.get(cond.assign) !== undefined) {
        c.at(`${p}/assign`, `${JSON.stringify(cond.assign)} is already a parameter or an assigned name here`);
        return;
      }
      const name = localName(c, cond.assign, scope);
      lines.push(`const ${name} = ${value.code};`);
      lines.push(
        value.kind === "boolean" && !value.optional
          ? `if (!${name}) break ${label};`
          : `if (${name} === undefined${value.kind === "boolean" ? ` || ${name} === false` : ""}) break ${label};`,
      );
      scope.set(cond.assign, { code: name, kind: value.kind, optional: false });
      return;
    }
    if (value.kind === "boolean")
      lines.push(value.optional ? `if (${value.code} !== true) break ${label};` : `if (!(${value.code})) break ${label};`);
    else lines.push(`if (${value.code} === undefined) break ${label};`);
  });
}

/** A value of an endpoint's properties or headers: objects, lists, templates, booleans, numbers. */
export function data(c: Ctx, value: unknown, scope: Scope, pointer: string, depth: number): string {
  if (depth > 32) {
    c.at(pointer, "endpoint properties nest too deep");
    return "undefined";
  }
  if (Array.isArray(value)) return `[${value.map((v, i) => data(c, v, scope, `${pointer}/${i}`, depth + 1)).join(", ")}]`;
  if (isObj(value) && value.ref === undefined && value.fn === undefined) {
    const entries = Object.keys(value).map((k) => `${propKey(k)}: ${data(c, value[k], scope, `${pointer}/${k}`, depth + 1)}`);
    return `{ ${entries.join(", ")} }`;
  }
  const e = expr(c, value, scope, pointer);
  return e === undefined ? "undefined" : e.code;
}

export function endpoint(c: Ctx, value: unknown, scope: Scope, pointer: string): string {
  if (!isObj(value)) {
    c.at(pointer, "an endpoint rule needs an endpoint object");
    return "";
  }
  const url = expr(c, value.url, scope, `${pointer}/url`);
  if (url !== undefined && url.kind !== "string") c.at(`${pointer}/url`, "the endpoint's url must be a string");
  const parts = [`url: ${url === undefined ? '""' : url.optional ? `\`\${${url.code}}\`` : url.code}`];
  if (isObj(value.headers) && Object.keys(value.headers).length > 0) {
    const headers = value.headers;
    const entries = Object.keys(headers).map((k) => {
      const list = headers[k];
      if (!Array.isArray(list)) {
        c.at(`${pointer}/headers/${k}`, "a header's value must be a list of strings");
        return "";
      }
      return `${propKey(k)}: [${list.map((v, i) => template(c, typeof v === "string" ? v : "", scope, `${pointer}/headers/${k}/${i}`).code).join(", ")}]`;
    });
    parts.push(`headers: { ${entries.join(", ")} }`);
  }
  if (isObj(value.properties) && Object.keys(value.properties).length > 0)
    parts.push(`properties: ${data(c, value.properties, scope, `${pointer}/properties`, 0)}`);
  return `return { ${parts.join(", ")} };`;
}

/** Whether control can leave this rule list without returning or throwing. */
export function rules(c: Ctx, list: unknown[], scope: Scope, pointer: string, lines: string[], depth: number): boolean {
  if (depth > 64) {
    c.at(pointer, "rules nest too deep (more than 64 levels)");
    return false;
  }
  for (let i = 0; i < list.length; i++) {
    const rule = list[i];
    const p = `${pointer}/${i}`;
    if (!isObj(rule)) {
      c.at(p, "a rule must be an object");
      continue;
    }
    const hasConditions = Array.isArray(rule.conditions) && rule.conditions.length > 0;
    const label = hasConditions ? `r${++c.labels}` : "";
    const inner = new Scope(scope);
    const body: string[] = [];
    conditions(c, rule.conditions, inner, `${p}/conditions`, label, body);
    if (typeof rule.documentation === "string" && rule.documentation.trim() !== "") {
      body.unshift(`// ${rule.documentation.replace(/[^\x20-\x7e]/g, " ").trim()}`);
    }
    switch (rule.type) {
      case "endpoint":
        body.push(endpoint(c, rule.endpoint, inner, `${p}/endpoint`));
        break;
      case "error": {
        const message = expr(c, rule.error, inner, `${p}/error`);
        body.push(`throw new EndpointError(${message === undefined ? '""' : message.code});`);
        break;
      }
      case "tree": {
        if (!Array.isArray(rule.rules)) {
          c.at(`${p}/rules`, "a tree rule needs a rules list");
          break;
        }
        if (rules(c, rule.rules, inner, `${p}/rules`, body, depth + 1)) {
          body.push(`throw new EndpointError(${literal("No endpoint rule matched the parameters")});`);
        }
        break;
      }
      default:
        c.at(`${p}/type`, `rule type ${JSON.stringify(rule.type)} is not endpoint, error or tree`);
    }
    if (hasConditions) lines.push(`${label}: {`, ...body.map((l) => `  ${l}`), "}");
    else {
      // A rule without conditions always ends the search: what follows it can never run.
      lines.push(...body);
      return false;
    }
  }
  return true;
}
