// Endpoint facts of a model: its rule set (or the default one svcgen stands in with), the rule
// parameters the client fills from configuration, and what each operation adds to them
// (staticContextParams, contextParam members, operationContextParams paths). The checks here run
// the rule-set compiler so that a broken rule set is a model error with file and JSON pointer.
import { joinPointer } from "../diagnostics.js";
import { compileRuleSet, type ParamType, type RuleParam } from "../emit/endpoints/compile.js";
import { loadPartitions } from "../emit/endpoints/partitions.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const own = (o: Obj, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export interface EndpointsIR {
  /** The rule set the endpoints emitter compiles. */
  readonly ruleSet: Obj;
  /** "model": the model's own rule set; "default": svcgen's default rules (see defaultRuleSet). */
  readonly source: "model" | "default";
  readonly params: readonly RuleParam[];
  /** Client options that set rule parameters (clientContextParams and builtIns other than the core four). */
  readonly options: ReadonlyArray<{
    readonly option: string;
    readonly param: string;
    readonly type: ParamType;
    readonly docs: string;
  }>;
  /** The model's endpoint tests (`endpoint-tests-1.json`), when it has them. */
  readonly tests: readonly unknown[] | undefined;
}

/** What one operation adds to the rule parameters. */
export interface OperationEndpointIR {
  /** staticContextParams: fixed values. */
  readonly static: ReadonlyArray<{ readonly param: string; readonly value: string | boolean | readonly string[] }>;
  /** contextParam: an input member's value. */
  readonly members: ReadonlyArray<{ readonly param: string; readonly member: string }>;
  /** operationContextParams: a path over the input. */
  readonly paths: ReadonlyArray<{ readonly param: string; readonly path: string; readonly type: ParamType }>;
}

/**
 * Builtins other than region, FIPS, dual-stack and endpoint, by the client option that sets
 * them: the names AWS SDK v3 users know.
 */
export const BUILTIN_OPTIONS: Readonly<Record<string, string>> = {
  "AWS::S3::Accelerate": "useAccelerateEndpoint",
  "AWS::S3::ForcePathStyle": "forcePathStyle",
  "AWS::S3::UseArnRegion": "useArnRegion",
  "AWS::S3Control::UseArnRegion": "useArnRegion",
  "AWS::S3::DisableMultiRegionAccessPoints": "disableMultiregionAccessPoints",
  "AWS::S3::UseGlobalEndpoint": "useGlobalEndpoint",
  "AWS::STS::UseGlobalEndpoint": "useGlobalEndpoint",
  "AWS::Auth::AccountIdEndpointMode": "accountIdEndpointMode",
};

/** Builtins the client runtime fills itself (from region, FIPS/dual-stack settings, endpoint, credentials). */
export const CORE_BUILTINS = new Set([
  "AWS::Region",
  "AWS::UseFIPS",
  "AWS::UseDualStack",
  "SDK::Endpoint",
  "AWS::Auth::AccountId",
  "AWS::Auth::CredentialScope",
]);

const ref = (name: string) => ({ ref: name });
const fn = (name: string, ...argv: unknown[]) => ({ fn: name, argv });
const bool = (name: string, value: boolean) => fn("booleanEquals", ref(name), value);
const endpoint = (url: string) => ({
  conditions: [],
  endpoint: { url, properties: {}, headers: {} },
  type: "endpoint",
});
const error = (message: string, conditions: unknown[] = []) => ({ conditions, error: message, type: "error" });

/**
 * The rules a model without a rule set gets: the pattern most AWS services follow,
 * `https://{endpointPrefix}[-fips].{Region}.{dnsSuffix | dualStackDnsSuffix}` by the region's
 * partition, with a custom `Endpoint` taken as it is. Documented in the README ("Endpoints").
 */
export function defaultRuleSet(endpointPrefix: string): Obj {
  const host = (fips: boolean, dual: boolean) =>
    `https://${endpointPrefix.replace(/[{}]/g, (c) => c + c)}${fips ? "-fips" : ""}.{Region}.{PartitionResult#${dual ? "dualStackDnsSuffix" : "dnsSuffix"}}`;
  const supports = (attr: string) => fn("booleanEquals", true, fn("getAttr", ref("PartitionResult"), attr));
  return {
    version: "1.0",
    parameters: {
      Region: {
        builtIn: "AWS::Region",
        required: false,
        documentation: "The AWS region used to dispatch the request.",
        type: "string",
      },
      UseDualStack: {
        builtIn: "AWS::UseDualStack",
        required: true,
        default: false,
        documentation: "When true, use the dual-stack endpoint.",
        type: "boolean",
      },
      UseFIPS: {
        builtIn: "AWS::UseFIPS",
        required: true,
        default: false,
        documentation: "When true, send this request to the FIPS-compliant regional endpoint.",
        type: "boolean",
      },
      Endpoint: {
        builtIn: "SDK::Endpoint",
        required: false,
        documentation: "Override the endpoint used to send this request.",
        type: "string",
      },
    },
    rules: [
      {
        conditions: [fn("isSet", ref("Endpoint"))],
        type: "tree",
        rules: [
          error("Invalid Configuration: FIPS and custom endpoint are not supported", [bool("UseFIPS", true)]),
          error("Invalid Configuration: Dualstack and custom endpoint are not supported", [bool("UseDualStack", true)]),
          { conditions: [], endpoint: { url: ref("Endpoint"), properties: {}, headers: {} }, type: "endpoint" },
        ],
      },
      {
        conditions: [fn("isSet", ref("Region"))],
        type: "tree",
        rules: [
          {
            conditions: [{ ...fn("aws.partition", ref("Region")), assign: "PartitionResult" }],
            type: "tree",
            rules: [
              {
                conditions: [bool("UseFIPS", true), bool("UseDualStack", true)],
                type: "tree",
                rules: [
                  {
                    conditions: [supports("supportsFIPS"), supports("supportsDualStack")],
                    type: "tree",
                    rules: [endpoint(host(true, true))],
                  },
                  error("FIPS and DualStack are enabled, but this partition does not support one or both"),
                ],
              },
              {
                conditions: [bool("UseFIPS", true)],
                type: "tree",
                rules: [
                  { conditions: [supports("supportsFIPS")], type: "tree", rules: [endpoint(host(true, false))] },
                  error("FIPS is enabled but this partition does not support FIPS"),
                ],
              },
              {
                conditions: [bool("UseDualStack", true)],
                type: "tree",
                rules: [
                  { conditions: [supports("supportsDualStack")], type: "tree", rules: [endpoint(host(false, true))] },
                  error("DualStack is enabled but this partition does not support DualStack"),
                ],
              },
              endpoint(host(false, false)),
            ],
          },
        ],
      },
      error("Invalid Configuration: Missing Region"),
    ],
  };
}

/** lowerCamelCase of a rule parameter, the client option a clientContextParam becomes. */
function optionName(param: string): string {
  return param.charAt(0).toLowerCase() + param.slice(1);
}

function paramsOf(ruleSet: Obj): RuleParam[] {
  return [...(compileRuleSet(ruleSet, loadPartitions(), "x", () => {})?.params ?? [])];
}

export function endpointsOf(doc: Obj): EndpointsIR {
  const meta = isObj(doc.metadata) ? doc.metadata : {};
  const fromModel = isObj(doc.endpointRuleSet);
  const ruleSet = fromModel ? (doc.endpointRuleSet as Obj) : defaultRuleSet(String(meta.endpointPrefix));
  const params = paramsOf(ruleSet);
  const byName = new Map(params.map((p) => [p.name, p]));
  const options = new Map<string, { option: string; param: string; type: ParamType; docs: string }>();
  for (const p of params) {
    const option = p.builtIn !== undefined ? BUILTIN_OPTIONS[p.builtIn] : undefined;
    if (option !== undefined) options.set(option, { option, param: p.name, type: p.type, docs: p.documentation ?? "" });
  }
  const ccp = isObj(doc.clientContextParams) ? doc.clientContextParams : {};
  for (const name of Object.keys(ccp).sort()) {
    const p = byName.get(name);
    if (p === undefined || (p.builtIn !== undefined && (CORE_BUILTINS.has(p.builtIn) || BUILTIN_OPTIONS[p.builtIn] !== undefined)))
      continue;
    const entry = ccp[name];
    const docs = isObj(entry) && typeof entry.documentation === "string" ? entry.documentation : (p.documentation ?? "");
    options.set(optionName(name), { option: optionName(name), param: name, type: p.type, docs });
  }
  return {
    ruleSet,
    source: fromModel ? "model" : "default",
    params,
    options: [...options.values()].sort((a, b) => (a.option < b.option ? -1 : a.option > b.option ? 1 : 0)),
    tests: Array.isArray(doc.endpointTests) ? doc.endpointTests : undefined,
  };
}

/** What an operation adds to the rule parameters; members are looked up on its input shape. */
export function operationEndpointOf(op: Obj, shapes: Obj, endpoints: EndpointsIR): OperationEndpointIR | undefined {
  const byName = new Map(endpoints.params.map((p) => [p.name, p]));
  const statics: Array<{ param: string; value: string | boolean | readonly string[] }> = [];
  const members: Array<{ param: string; member: string }> = [];
  const paths: Array<{ param: string; path: string; type: ParamType }> = [];
  if (isObj(op.staticContextParams)) {
    for (const name of Object.keys(op.staticContextParams).sort()) {
      const entry = op.staticContextParams[name];
      if (byName.has(name) && isObj(entry) && entry.value !== undefined)
        statics.push({ param: name, value: entry.value as string | boolean | readonly string[] });
    }
  }
  const input = isObj(op.input) && typeof op.input.shape === "string" && own(shapes, op.input.shape) ? shapes[op.input.shape] : undefined;
  if (isObj(input) && isObj(input.members)) {
    for (const member of Object.keys(input.members).sort()) {
      const m = input.members[member];
      if (isObj(m) && isObj(m.contextParam) && typeof m.contextParam.name === "string" && byName.has(m.contextParam.name)) {
        members.push({ param: m.contextParam.name, member });
      }
    }
  }
  if (isObj(op.operationContextParams)) {
    for (const name of Object.keys(op.operationContextParams).sort()) {
      const entry = op.operationContextParams[name];
      const p = byName.get(name);
      if (p !== undefined && isObj(entry) && typeof entry.path === "string") paths.push({ param: name, path: entry.path, type: p.type });
    }
  }
  if (statics.length === 0 && members.length === 0 && paths.length === 0) return undefined;
  return { static: statics, members, paths };
}

/** Model checks of the endpoint facts: the rule set compiles; context parameters name rule parameters. */
export function checkEndpoints(doc: Obj, at: (pointer: string, message: string) => void): void {
  if (doc.endpointRuleSet !== undefined) {
    if (!isObj(doc.endpointRuleSet)) at("/endpointRuleSet", "the endpoint rule set must be an object with parameters and rules");
    else compileRuleSet(doc.endpointRuleSet, loadPartitions(), "x", at, "/endpointRuleSet");
  }
  const meta = isObj(doc.metadata) ? doc.metadata : {};
  const ruleSet = isObj(doc.endpointRuleSet) ? doc.endpointRuleSet : defaultRuleSet(String(meta.endpointPrefix));
  const params = new Set(paramsOf(ruleSet).map((p) => p.name));
  const ops = isObj(doc.operations) ? doc.operations : {};
  for (const name of Object.keys(ops)) {
    const op = ops[name];
    if (!isObj(op)) continue;
    for (const key of ["staticContextParams", "operationContextParams"] as const) {
      const entries = op[key];
      if (entries === undefined) continue;
      if (!isObj(entries)) {
        at(joinPointer("/operations", name, key), `${key} must be an object`);
        continue;
      }
      for (const param of Object.keys(entries)) {
        const p = joinPointer("/operations", name, key, param);
        if (!params.has(param)) at(p, `${JSON.stringify(param)} is not a parameter of the endpoint rules`);
        const entry = entries[param];
        if (key === "operationContextParams") {
          const problem = !isObj(entry) || typeof entry.path !== "string" ? "needs a path" : pathProblem(entry.path);
          if (problem !== undefined) at(p, `operationContextParams path ${problem}`);
        } else if (!isObj(entry) || (!["string", "boolean"].includes(typeof entry.value) && !Array.isArray(entry.value))) {
          at(p, "a static context parameter needs a string, boolean or list value");
        }
      }
    }
  }
}

// --- operationContextParams paths: the subset of JMESPath the models use, compiled to code ---

type PathNode =
  | { readonly kind: "field"; readonly name: string }
  | { readonly kind: "project" }
  | { readonly kind: "flatten" }
  | { readonly kind: "multi"; readonly items: readonly PathNode[][] };

/** Parses `a.b`, `a[*].b`, `a[*].[b.c, d.e][]`, `keys(a)`; undefined plus a reason when it is something else. */
export function parsePath(text: string): { keys: boolean; nodes: PathNode[] } | string {
  let src = text.trim();
  let keys = false;
  const m = /^keys\((.*)\)$/.exec(src);
  if (m) {
    keys = true;
    src = m[1]!.trim();
  }
  let i = 0;
  const chain = (stop: string): PathNode[] | string => {
    const nodes: PathNode[] = [];
    while (i < src.length && !stop.includes(src[i]!)) {
      const ch = src[i]!;
      if (ch === ".") {
        i++;
        continue;
      }
      if (src.startsWith("[*]", i)) {
        nodes.push({ kind: "project" });
        i += 3;
      } else if (src.startsWith("[]", i)) {
        nodes.push({ kind: "flatten" });
        i += 2;
      } else if (ch === "[") {
        i++;
        const items: PathNode[][] = [];
        for (;;) {
          while (src[i] === " ") i++;
          const item = chain(",]");
          if (typeof item === "string") return item;
          items.push(item);
          while (src[i] === " ") i++;
          if (src[i] === ",") i++;
          else if (src[i] === "]") {
            i++;
            break;
          } else return `${JSON.stringify(text)} has an unclosed [`;
        }
        nodes.push({ kind: "multi", items });
      } else {
        const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
        if (!id) return `${JSON.stringify(text)} has ${JSON.stringify(ch)} where a member name, [*], [] or [a, b] was expected`;
        nodes.push({ kind: "field", name: id[0] });
        i += id[0].length;
      }
      if (nodes.length > 64) return `${JSON.stringify(text)} is too long`;
    }
    return nodes;
  };
  const nodes = chain("");
  if (typeof nodes === "string") return nodes;
  if (nodes.length === 0) return `${JSON.stringify(text)} is empty`;
  return { keys, nodes };
}

function pathProblem(text: string): string | undefined {
  const parsed = parsePath(text);
  return typeof parsed === "string" ? parsed : undefined;
}

/**
 * A JavaScript expression over `base` (an `any` value) for the parsed path. As in JMESPath, a
 * projection (`[*]`) applies the path up to the next flatten (`[]`) to each element and drops
 * unset results; a flatten joins the lists before it and projects what follows.
 */
export function pathCode(parsed: { keys: boolean; nodes: PathNode[] }, base: string): string {
  let fresh = 0;
  const notNull = (v: string) => `.filter((${v}: any) => ${v} !== undefined && ${v} !== null)`;
  // The input was validated against the model before this runs, so a list member is an array.
  const gen = (nodes: readonly PathNode[], value: string): string => {
    let code = value;
    let isList = false;
    let k = 0;
    while (k < nodes.length) {
      const node = nodes[k]!;
      if (node.kind === "field") {
        code = `${code}?.[${JSON.stringify(node.name)}]`;
        k++;
      } else if (node.kind === "multi") {
        const items = node.items.map((item) => gen(item, code));
        code = `[${items.join(", ")}]`;
        k++;
        isList = true;
        continue;
      } else {
        let end = k + 1;
        while (end < nodes.length && nodes[end]!.kind !== "flatten") end++;
        const v = `x${++fresh}`;
        const list = node.kind === "flatten" ? (isList ? `${code}.flat()` : `(${code} ?? []).flat()`) : `(${code} ?? [])`;
        const inner = nodes.slice(k + 1, end);
        code = inner.length === 0 ? `${list}${notNull(v)}` : `${list}.map((${v}: any) => ${gen(inner, v)})${notNull(v)}`;
        k = end;
        isList = true;
        continue;
      }
      isList = false;
    }
    return code;
  };
  const value = gen(parsed.nodes, base);
  return parsed.keys ? `Object.keys(${value} ?? {})` : value;
}
