// A random valid botocore-form model, for property-based tests of the generator: every shape
// kind and trait, recursion, deep nesting, many operations, names that collide with TypeScript,
// JavaScript, the runtime or each other. Built imperatively so every reference stays valid.
import fc from "fast-check";
import { camelCase, fileStem, toIdentifier } from "../generator/naming.js";

type Obj = Record<string, unknown>;
type Gen = fc.GeneratorValue;

/** Structures, enums and operations become identifiers: their names need a character one keeps. */
const KEEPS = /[A-Za-z0-9_$]/;

/** Objects keyed by model names: without a prototype, `__proto__` and `toString` are plain keys. */
const dict = (): Obj => Object.create(null) as Obj;

/** Names real models use that collide with TypeScript, JavaScript, the runtime or each other. */
const HOSTILE_NAMES = [
  "String",
  "Object",
  "Promise",
  "Error",
  "Date",
  "Array",
  "Map",
  "Set",
  "Record",
  "Symbol",
  "Function",
  "Number",
  "Boolean",
  "JSON",
  "Math",
  "RegExp",
  "Uint8Array",
  "URL",
  "constructor",
  "__proto__",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "prototype",
  "then",
  "length",
  "name",
  "message",
  "stack",
  "cause",
  "arguments",
  "eval",
  "undefined",
  "null",
  "NaN",
  "Infinity",
  "delete",
  "class",
  "function",
  "default",
  "await",
  "yield",
  "enum",
  "let",
  "static",
  "package",
  "type",
  "interface",
  "Foo",
  "foo",
  "FOO",
  "fOO",
  "Client",
  "Destroy",
  "destroy",
  "ToJSON",
  "toJSON",
  "Config",
  "config",
  "Invoke",
  "invoke",
  "Paginate",
  "Service",
  "service",
  "Schema",
  "ServiceException",
  "ServiceClient",
  "ValidationIssue",
  "RequestValidationError",
  "CallOptions",
  "WithMetadata",
  "DocumentValue",
  "Paginator",
  "ErrorSchema",
  "StructureSchema",
  "OperationSchema",
  "Values",
  "Path",
  "PathKey",
  "report",
  "collect",
  "own",
  "isRecord",
  "1Thing",
  "2fa",
  "9",
  "007Agent",
  "Ünïcode",
  "Δelta",
  "名前",
  "Ölçü",
  "a-b",
  "a.b",
  "a_b",
  "A B",
  "$dollar",
  "_",
  "__",
  "$",
  "x",
  "X",
  "ACMThing",
  "DBInstance",
  "getThing",
  "GetThing",
  "Get_Thing",
  "get-thing",
  "List",
  "ListThings",
  "Validate",
  "check_Foo",
  "KNOWN_Foo",
  "PATTERN0",
  "pattern0",
  "input",
  "options",
  "issues",
  "path",
  "key",
  "v",
  "k",
  "set",
  "size",
  "i",
  "c",
  "s",
  "Con",
  "aux",
  "NUL",
  "Com1",
  "../../up",
  "a/b\\c",
];

const DOCS = [
  "",
  "<p>Plain text.</p>",
  '<p>Use <code>x</code> and <a href="https://example.com">a link</a>.</p><ul><li>one</li><li>two</li></ul>',
  "<note>Careful: <b>bold</b> and <i>italic</i>.</note>",
  "<pre>code\n  block</pre>",
  "Line with */ and ${x} and `tick` and <script>bad()</script>",
];

// The last three would make a backtracking engine hang: the validators check them with RE2.
const PATTERNS = [
  "^[a-z]+$",
  "[A-Za-z0-9-_]+",
  ".*",
  "^\\d{3}$",
  "^[^\\s]+$",
  "\\S+",
  "^arn:aws:[a-z]+:.*",
  "^(a+)+$",
  "\\s+$",
  "^([a-z0-9]+[a-z0-9-]*)*[a-z0-9]$",
];
const TIMESTAMP_FORMATS = [undefined, "iso8601", "rfc822", "unixTimestamp"];
const SCALARS = [
  "string",
  "integer",
  "long",
  "short",
  "byte",
  "float",
  "double",
  "boolean",
  "timestamp",
  "blob",
  "bigdecimal",
  "biginteger",
];

// Arbitraries built once: constructing them (a regular expression parse each) costs more than drawing.
const NAME = fc.oneof(
  fc.constantFrom(...HOSTILE_NAMES),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,10}$/),
  fc
    .tuple(fc.constantFrom(...HOSTILE_NAMES), fc.constantFrom("", "s", "Request", "Output", "Values", "Schema", "Error", "_", "-x", "2"))
    .map(([a, b]) => a + b),
);
const MEMBER_NAME = fc.oneof(
  fc.constantFrom(...HOSTILE_NAMES),
  fc.stringMatching(/^[a-zA-Z][A-Za-z0-9]{0,8}$/),
  fc.string({ minLength: 1, maxLength: 6 }),
);
const ENUM_VALUES = fc.uniqueArray(fc.oneof(fc.constantFrom(...HOSTILE_NAMES), fc.string({ maxLength: 8 })), {
  minLength: 1,
  maxLength: 6,
});

export interface Built {
  readonly model: Obj;
  readonly operations: number;
  readonly shapes: number;
}

/** One random valid model, built imperatively so every reference can be kept valid. */
export function buildModel(g: Gen): Built {
  const protocol = g(fc.constantFrom, "rest-json", "json");
  const shapes: Obj = dict();
  const kinds = new Map<string, string>();
  const rawNames = new Set<string>();
  const typeIds = new Set<string>();
  const order: string[] = [];

  const candidate = (): string => g(() => NAME);
  /** A shape name nobody has; structures and enums also need a TypeScript name nobody has. */
  const allocate = (named: boolean, preferred?: string): string => {
    for (let attempt = 0; ; attempt++) {
      const base = attempt === 0 && preferred !== undefined ? preferred : candidate();
      const name = attempt < 20 ? base : `${base}${attempt}`;
      if (rawNames.has(name)) continue;
      if (named && (typeIds.has(toIdentifier(name)) || !KEEPS.test(name))) continue;
      rawNames.add(name);
      if (named) typeIds.add(toIdentifier(name));
      return name;
    }
  };

  const maybeDocs = (target: Obj) => {
    const d = g(fc.constantFrom, ...DOCS);
    if (d !== "") target.documentation = d;
  };
  const traits = (target: Obj) => {
    if (g(fc.integer, { min: 0, max: 9 }) === 0) target.sensitive = true;
    if (g(fc.integer, { min: 0, max: 9 }) === 0) target.deprecated = true;
    maybeDocs(target);
  };
  const bounds = (target: Obj, lo: number, hi: number) => {
    if (g(fc.boolean)) target.min = g(fc.integer, { min: lo, max: hi });
    if (g(fc.boolean)) target.max = g(fc.integer, { min: typeof target.min === "number" ? target.min : lo, max: hi + 50 });
  };

  const add = (name: string, kind: string, shape: Obj) => {
    shapes[name] = shape;
    kinds.set(name, kind);
    order.push(name);
    return name;
  };

  const scalar = (kind: string, name = allocate(false)): string => {
    const shape: Obj = { type: kind };
    if (kind === "string") {
      if (g(fc.boolean)) bounds(shape, 0, 20);
      if (g(fc.integer, { min: 0, max: 3 }) === 0) shape.pattern = g(fc.constantFrom, ...PATTERNS);
    } else if (["integer", "long", "short", "byte"].includes(kind)) {
      if (g(fc.boolean)) bounds(shape, -5, 100);
    } else if (kind === "float" || kind === "double") {
      if (g(fc.boolean)) shape.min = g(fc.constantFrom, 0, 0.5, -1.25);
    } else if (kind === "timestamp") {
      const f = g(fc.constantFrom, ...TIMESTAMP_FORMATS);
      if (f !== undefined) shape.timestampFormat = f;
    } else if (kind === "blob") {
      if (g(fc.boolean)) bounds(shape, 0, 64);
    }
    traits(shape);
    return add(name, kind, shape);
  };
  const enumShape = (): string => {
    const name = allocate(true);
    const values = g(() => ENUM_VALUES);
    const shape: Obj = { type: "string", enum: values };
    traits(shape);
    return add(name, "enum", shape);
  };
  /** An existing shape of `kind`, or a new one. */
  const ensure = (kind: string): string => {
    const found = order.filter((n) => kinds.get(n) === kind);
    if (found.length > 0 && g(fc.integer, { min: 0, max: 3 }) > 0) return found[g(fc.integer, { min: 0, max: found.length - 1 })]!;
    return kind === "enum" ? enumShape() : scalar(kind);
  };

  // The pool: scalars first, then containers whose references may point forward (recursion).
  const poolSize = g(fc.integer, { min: 1, max: 18 });
  const containers: Array<{ name: string; kind: string }> = [];
  for (let i = 0; i < poolSize; i++) {
    const kind = g(fc.constantFrom, ...SCALARS, "enum", "document", "list", "map", "structure", "structure", "union");
    if (kind === "enum") enumShape();
    else if (kind === "document") add(allocate(false), "document", { type: "structure", document: true, members: {} });
    else if (SCALARS.includes(kind)) scalar(kind);
    else {
      const name = allocate(kind === "structure" || kind === "union");
      shapes[name] = dict();
      kinds.set(name, kind);
      containers.push({ name, kind });
    }
  }
  // Structures and unions by position: a required member may only point at an earlier one, so no
  // cycle runs through required members alone.
  const containerNames = containers.map((c) => c.name);
  const position = new Map(containerNames.map((n, i) => [n, i]));
  const anyTarget = (): string => {
    const all = [...order, ...containerNames];
    return all[g(fc.integer, { min: 0, max: all.length - 1 })]!;
  };
  // Lists and maps hold themselves only through a structure or union (no `type L = L[]` models).
  const elementTarget = (self: string): string => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const t = anyTarget();
      const k = kinds.get(t);
      if ((k !== "list" && k !== "map") || !position.has(t) || position.get(t)! < position.get(self)!) return t;
    }
    return ensure("string");
  };
  const memberNames = (count: number): string[] => g(() => fc.uniqueArray(MEMBER_NAME, { minLength: count, maxLength: count }));

  const fillStructure = (name: string, shape: Obj, union: boolean, minMembers: number) => {
    const count = g(fc.integer, { min: minMembers, max: 6 });
    const members: Obj = dict();
    const required: string[] = [];
    for (const [i, m] of memberNames(count).entries()) {
      // A union's first member is always buildable, so a union never closes a required cycle.
      const target = union && i === 0 ? ensure(g(fc.constantFrom, ...SCALARS)) : anyTarget();
      const member: Obj = { shape: target };
      if (g(fc.integer, { min: 0, max: 5 }) === 0) member.deprecated = true;
      if (g(fc.integer, { min: 0, max: 7 }) === 0) member.sensitive = true;
      if (g(fc.integer, { min: 0, max: 4 }) === 0) maybeDocs(member);
      members[m] = member;
      const tk = kinds.get(target);
      const later = (tk === "structure" || tk === "union") && (position.get(target) ?? 0) >= (position.get(name) ?? 0);
      if (!union && !later && g(fc.boolean)) required.push(m);
    }
    shape.type = "structure";
    shape.members = members;
    if (union) shape.union = true;
    if (required.length > 0) shape.required = required;
    traits(shape);
  };

  for (const { name, kind } of containers) {
    const shape = shapes[name] as Obj;
    if (kind === "list") {
      shape.type = "list";
      shape.member = { shape: elementTarget(name) };
      if (g(fc.boolean)) bounds(shape, 0, 5);
      if (g(fc.integer, { min: 0, max: 5 }) === 0) shape.sparse = true;
      traits(shape);
    } else if (kind === "map") {
      shape.type = "map";
      shape.key = { shape: ensure(g(fc.constantFrom, "string", "enum")) };
      shape.value = { shape: elementTarget(name) };
      if (g(fc.boolean)) bounds(shape, 0, 5);
      if (g(fc.integer, { min: 0, max: 5 }) === 0) shape.sparse = true;
      traits(shape);
    } else fillStructure(name, shape, kind === "union", kind === "union" ? 1 : 0);
    order.push(name);
  }

  // Deep nesting: a chain of structures (each optional member the next) and of lists.
  const depth = g(fc.integer, { min: 0, max: 3 }) === 0 ? g(fc.integer, { min: 5, max: 40 }) : 0;
  let deepest = ensure("string");
  for (let i = 0; i < depth; i++) {
    const name = allocate(true, `Level${i}`);
    add(name, "structure", {
      type: "structure",
      members: { next: { shape: deepest }, [`v${i}`]: { shape: ensure("integer") } },
    });
    const list = allocate(false, `Level${i}List`);
    add(list, "list", { type: "list", member: { shape: name } });
    deepest = g(fc.boolean) ? list : name;
  }

  // Error shapes.
  const errorNames: string[] = [];
  for (let i = g(fc.integer, { min: 0, max: 4 }); i > 0; i--) {
    const name = allocate(true);
    const shape: Obj = {
      exception: true,
      error: { httpStatusCode: g(fc.constantFrom, 400, 403, 404, 409, 429, 500, 503) },
    };
    if (g(fc.boolean)) (shape.error as Obj).code = g(fc.constantFrom, "Code", name, "Weird.Code", "x:y");
    if (g(fc.boolean)) shape.fault = true;
    if (g(fc.integer, { min: 0, max: 3 }) === 0) shape.retryable = { throttling: g(fc.boolean) };
    fillStructure(name, shape, false, 0);
    if (g(fc.boolean)) (shape.members as Obj).message = { shape: ensure("string") };
    add(name, "structure", shape);
    errorNames.push(name);
  }

  // Operations: each has its own input and output structures, where HTTP bindings live.
  const operations: Obj = dict();
  const pagination: Obj = dict();
  const opIds = new Set<string>();
  const opCount = g(fc.integer, { min: 0, max: 3 }) === 0 ? g(fc.integer, { min: 15, max: 45 }) : g(fc.integer, { min: 0, max: 8 });
  for (let i = 0; i < opCount; i++) {
    let opName = "";
    for (let attempt = 0; ; attempt++) {
      opName = attempt < 20 ? candidate() : `${candidate()}${attempt}`;
      if (KEEPS.test(opName) && !opIds.has(camelCase(opName)) && !opIds.has(fileStem(opName)) && !(opName in operations)) break;
    }
    opIds.add(camelCase(opName));
    opIds.add(fileStem(opName));
    const op: Obj = { name: opName };
    const method = protocol === "json" ? "POST" : g(fc.constantFrom, "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD");
    let uri = protocol === "json" ? "/" : `/${g(fc.constantFrom, "things", "a/b", "v1", "x-y")}`;
    maybeDocs(op);
    if (g(fc.integer, { min: 0, max: 9 }) === 0) op.deprecated = true;
    const paged = g(fc.integer, { min: 0, max: 3 }) === 0;

    if (paged || g(fc.integer, { min: 0, max: 4 }) > 0) {
      const inputName = allocate(true, `${opName}Request`);
      const shape: Obj = dict();
      fillStructure(inputName, shape, false, 0);
      const members = shape.members as Obj;
      // URI labels are required too; the list is filtered once the members are final.
      const required = [...((shape.required as string[] | undefined) ?? [])];
      const fresh = (base: string) => {
        let n = base;
        for (let k = 2; n in members; k++) n = `${base}${k}`;
        return n;
      };
      if (protocol === "rest-json") {
        for (let l = g(fc.integer, { min: 0, max: 3 }); l > 0; l--) {
          const m = fresh(g(fc.constantFrom, "Id", "name", "constructor", "__proto__", "Ünï", "1st", "a-b", "toString"));
          const label = /^[A-Za-z0-9_]+$/.test(m) ? m : `L${l}`;
          const greedy = l === 1 && g(fc.boolean);
          uri += `/{${label}${greedy ? "+" : ""}}`;
          members[m] = { shape: ensure(g(fc.constantFrom, "string", "integer")), location: "uri", locationName: label };
          required.push(m);
        }
        for (let q = g(fc.integer, { min: 0, max: 2 }); q > 0; q--) {
          const target = g(fc.constantFrom, "string", "integer", "boolean", "timestamp", "enum", "strings");
          const t =
            target === "strings" ? add(allocate(false), "list", { type: "list", member: { shape: ensure("string") } }) : ensure(target);
          members[fresh(`q${q}`)] = {
            shape: t,
            location: "querystring",
            locationName: g(fc.constantFrom, "q", "max-results", "a b", "x.y", `q${q}`) + q,
          };
        }
        if (g(fc.integer, { min: 0, max: 4 }) === 0) members[fresh("ClientToken")] = { shape: ensure("string"), idempotencyToken: true };
        if (g(fc.boolean))
          members[fresh("Header")] = {
            shape: ensure(g(fc.constantFrom, "string", "integer", "boolean", "timestamp")),
            location: "header",
            locationName: `x-amz-h${i}`,
          };
        if (g(fc.integer, { min: 0, max: 3 }) === 0) {
          const map = add(allocate(false), "map", {
            type: "map",
            key: { shape: ensure("string") },
            value: { shape: ensure("string") },
          });
          members[fresh("Meta")] = { shape: map, location: "headers", locationName: "x-amz-meta-" };
        }
        if (g(fc.integer, { min: 0, max: 4 }) === 0) {
          // A payload member: every other member then travels outside the body.
          for (const [m, v] of Object.entries(members)) if ((v as Obj).location === undefined) delete members[m];
          const p = fresh("Body");
          members[p] = {
            shape: g(fc.boolean) ? ensure("blob") : (containerNames.find((n) => kinds.get(n) === "structure") ?? ensure("blob")),
          };
          shape.payload = p;
        }
      }
      if (paged) {
        members[fresh("NextToken")] = {
          shape: ensure("string"),
          ...(protocol === "rest-json" ? { location: "querystring", locationName: "nextToken" } : {}),
        };
        members[fresh("MaxResults")] = {
          shape: ensure("integer"),
          ...(protocol === "rest-json" ? { location: "querystring", locationName: "maxResults" } : {}),
        };
      }
      const kept = required.filter((r) => r in members);
      if (kept.length > 0) shape.required = kept;
      else delete shape.required;
      add(inputName, "structure", shape);
      op.input = { shape: inputName };
      if (paged) {
        const keys = Object.keys(members);
        pagination[opName] = {
          input_token: keys.find((k) => k.startsWith("NextToken")),
          limit_key: keys.find((k) => k.startsWith("MaxResults")),
        };
      }
    }
    if (paged || g(fc.integer, { min: 0, max: 4 }) > 0) {
      const outputName = allocate(true, `${opName}Response`);
      const shape: Obj = dict();
      fillStructure(outputName, shape, false, 0);
      const members = shape.members as Obj;
      if (protocol === "rest-json") {
        if (g(fc.boolean))
          members[`Header${i}`] = {
            shape: ensure(g(fc.constantFrom, "string", "integer", "timestamp")),
            location: "header",
            locationName: `x-amz-r${i}`,
          };
        if (g(fc.integer, { min: 0, max: 4 }) === 0) members[`Status${i}`] = { shape: ensure("integer"), location: "statusCode" };
        if (!paged && g(fc.integer, { min: 0, max: 5 }) === 0) {
          // An output payload: the body is that one member; the others travel in headers.
          for (const [m, v] of Object.entries(members)) if ((v as Obj).location === undefined) delete members[m];
          if (shape.required !== undefined) shape.required = (shape.required as string[]).filter((r) => r in members);
          const structure = containerNames.find((n) => kinds.get(n) === "structure");
          members[`Payload${i}`] = {
            shape: structure !== undefined && g(fc.boolean) ? structure : ensure(g(fc.constantFrom, "blob", "string")),
          };
          shape.payload = `Payload${i}`;
        }
      }
      if (paged) {
        const list = add(allocate(false), "list", { type: "list", member: { shape: anyTarget() } });
        members.NextToken = { shape: ensure("string") };
        members.Items = { shape: list };
        (pagination[opName] as Obj).output_token = "NextToken";
        (pagination[opName] as Obj).result_key = "Items";
        if (shape.required !== undefined) shape.required = (shape.required as string[]).filter((r) => r !== "NextToken" && r !== "Items");
      }
      add(outputName, "structure", shape);
      op.output = { shape: outputName };
    } else if (paged) delete pagination[opName];
    if (pagination[opName] !== undefined && op.input === undefined) delete pagination[opName];
    op.http = { method, requestUri: uri, ...(g(fc.integer, { min: 0, max: 5 }) === 0 ? { responseCode: 201 } : {}) };
    if (errorNames.length > 0) {
      const errs = g(fc.subarray, errorNames);
      if (errs.length > 0) op.errors = errs.map((e) => ({ shape: e }));
    }
    operations[opName] = op;
  }
  for (const [name, pg] of Object.entries(pagination)) {
    const p = pg as Obj;
    for (const k of Object.keys(p)) if (p[k] === undefined) delete p[k];
    if (p.input_token === undefined || p.output_token === undefined) delete pagination[name];
  }

  const serviceId = g(fc.constantFrom, "Fuzz", "String", "Object", "Promise", "Error", "名前 Service", "9 Lives", "a-b c");
  const metadata: Obj = {
    apiVersion: "2024-01-01",
    endpointPrefix: "fuzz",
    protocol,
    serviceId,
    signingName: "fuzz",
    uid: "fuzz-2024-01-01",
  };
  if (protocol === "json") {
    metadata.targetPrefix = "Fuzz_20240101";
    metadata.jsonVersion = "1.1";
  }
  const model: Obj = { metadata, operations, shapes, documentation: g(fc.constantFrom, ...DOCS) };
  if (Object.keys(pagination).length > 0) model.pagination = pagination;
  return { model, operations: opCount, shapes: Object.keys(shapes).length };
}
