// The one owner of every identifier and file name the generator writes. Rules, in order:
// 1. A model name becomes an identifier by keeping letters, digits, `_` and `$`, capitalising the
//    words around anything else, and prefixing `_` when it would start with a digit.
// 2. A name that is a reserved word, a TypeScript or JavaScript builtin, or a name the generated
//    package already exports gets a `_` suffix.
// 3. What still collides inside one name space is suffixed `_2`, `_3`, ... in the order names are
//    claimed; callers claim in model-name order, so the result is deterministic.

const RESERVED_WORDS = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "as implements interface let package private protected public static yield any boolean constructor declare get " +
    "module require number set string symbol type from of unknown never object bigint undefined async await " +
    "arguments eval keyof readonly unique infer is asserts satisfies accessor out global namespace abstract"
  ).split(" "),
);

/** Globals a generated module may need to refer to, or that confuse readers when shadowed. */
const BUILTIN_NAMES = new Set(
  (
    "Array ArrayBuffer BigInt Boolean DataView Date Error EvalError Function Infinity Intl JSON Map Math NaN Number " +
    "Object Partial Pick Omit Promise Proxy RangeError Readonly ReadonlyArray Record ReferenceError Reflect RegExp " +
    "Required Set String Symbol SyntaxError TypeError URIError URL Uint8Array WeakMap WeakSet AbortSignal " +
    "AsyncIterable Iterable TextEncoder TextDecoder globalThis console Exclude Extract NonNullable ReturnType"
  ).split(" "),
);

export function isReserved(name: string): boolean {
  return RESERVED_WORDS.has(name) || BUILTIN_NAMES.has(name);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !RESERVED_WORDS.has(name);
}

/** Rule 1: a model name as an identifier, keeping its case where it already is one. */
export function toIdentifier(name: string): string {
  if (IDENTIFIER.test(name)) return name;
  const words = name.split(/[^A-Za-z0-9_$]+/).filter((w) => w !== "");
  let id = words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join("");
  if (id === "") id = "_";
  if (/^[0-9]/.test(id)) id = "_" + id;
  return id;
}

export function pascalCase(name: string): string {
  const id = toIdentifier(name);
  return id.charAt(0).toUpperCase() + id.slice(1);
}

/** `ListThings` → `listThings`; `ACMThing` → `acmThing`; `DBSnapshots` → `dbSnapshots`. */
export function camelCase(name: string): string {
  const id = toIdentifier(name);
  const lead = /^[A-Z]+/.exec(id)?.[0] ?? "";
  if (lead.length <= 1) return id.charAt(0).toLowerCase() + id.slice(1);
  const rest = id.slice(lead.length);
  // Keep the last capital of a run when a lower-case word follows it (ACMThing → acm + Thing).
  const keep = rest !== "" && /^[a-z]/.test(rest) ? 1 : 0;
  return lead.slice(0, lead.length - keep).toLowerCase() + lead.slice(lead.length - keep) + rest;
}

/** `ListAccountAssociations` → `list-account-associations`; `DescribeDBInstances` → `describe-db-instances`. */
export function kebabCase(name: string): string {
  return (
    name
      .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
      .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
      .replace(/[^A-Za-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .toLowerCase() || "unnamed"
  );
}

/** One name space: claims are unique, decided in claim order. */
export class NameTable {
  readonly #taken = new Set<string>();
  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.#taken.add(r);
  }

  has(name: string): boolean {
    return this.#taken.has(name);
  }

  /** Rules 2 and 3: returns the name to use for `desired`, and takes it. */
  claim(desired: string): string {
    let name = isReserved(desired) || this.#taken.has(desired) ? desired + "_" : desired;
    for (let n = 2; this.#taken.has(name); n++) name = `${desired}_${n}`;
    this.#taken.add(name);
    return name;
  }
}

/**
 * The runtime's public names every generated package re-exports from its index, by module (path
 * under generator/runtime/, without `.ts`): values, then types. This is the package's API choice;
 * that each module really exports them is checked against the runtime's sources when generating
 * (emit/kit/runtime-exports.ts). No model name may take one of them.
 */
export const RUNTIME_PUBLIC: ReadonlyArray<readonly [module: string, values: readonly string[], types: readonly string[]]> = [
  [
    "errors",
    [
      "ServiceException",
      "CallError",
      "RequestValidationError",
      "AbortError",
      "TimeoutError",
      "NetworkError",
      "ResponseParseError",
      "EventStreamError",
      "ClientConfigError",
      "UnsupportedOperationError",
      "ResponseChecksumError",
    ],
    ["ResponseMetadata", "ValidationIssue", "ExceptionInit", "RawResponse"],
  ],
  ["client/streams", [], ["StreamingBlobInput", "StreamingBlobOutput"]],
  [
    "client/config",
    [],
    [
      "ClientConfig",
      "CallOptions",
      "WithMetadata",
      "ClientHooks",
      "RegionProvider",
      "Logger",
      "UserAgentPair",
      "RequestHookContext",
      "ResponseHookContext",
      "RetryHookContext",
    ],
  ],
  ["client/client", [], ["ServiceClient"]],
  ["client/retry", [], ["RetryOptions", "RetryKind"]],
  ["client/paginate", [], ["Paginator", "PaginationOptions"]],
  ["client/presign", [], ["PresignOptions", "PresignedRequest"]],
  [
    "auth/credentials",
    ["fromEnv", "fromIni", "defaultProvider", "CredentialsError"],
    ["Credentials", "CredentialProvider", "CredentialsInput", "SharedFilesOptions", "Env"],
  ],
  ["document", [], ["DocumentValue"]],
  ["endpoints/endpoints", ["EndpointError"], ["EndpointResult"]],
];

/**
 * Every name the package index may export whatever the model says: the runtime's public names,
 * the endpoint module's and the waiter runtime's. Model-derived exports are claimed against these (rule 2). Names the
 * generated modules only import from the runtime are not here: a generated identifier may take
 * one, and the import is aliased instead (emit/kit/imports.ts).
 */
export const PACKAGE_FIXED_EXPORTS: readonly string[] = [
  ...RUNTIME_PUBLIC.flatMap(([, values, types]) => [...values, ...types]),
  "resolveEndpoint",
  "EndpointParameters",
  // Every package's src/presign.ts (emit/presign).
  "presign",
  "PresignInputs",
  // Exported by packages whose model has waiters (emit/waiters).
  "WaiterError",
  "WaiterParams",
  "WaiterOptions",
  "WaiterResult",
  "WaiterState",
];

/** A safe file stem from a model name: never empty, never a path, never a dot file. */
export function fileStem(name: string): string {
  const stem = kebabCase(name).slice(0, 120);
  // Windows refuses device names whatever the extension (`con.ts`); kebab case never ends in `_`.
  return WINDOWS_DEVICE.test(stem) ? `${stem}_` : stem;
}

/** A property key as written in TypeScript source: bare when it can be, quoted otherwise. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** Names of Object.prototype: as object-literal keys they lose TypeScript's contextual typing. */
export const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * A key in an object literal that creates an own property whatever the name: `__proto__` written
 * plainly (even quoted) would set the prototype instead.
 */
export function objectLiteralKey(name: string): string {
  return name === "__proto__" ? `["__proto__"]` : propertyKey(name);
}

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * File names for pages: the model name keeping only [A-Za-z0-9_-]. Names already in that form
 * claim first, so ordinary names keep their own file; the rest, and names that clash (ignoring
 * case, for case-insensitive file systems), get `-2`, `-3`, ... in name order.
 */
export function pageFiles(names: readonly string[]): Map<string, string> {
  const stem = (name: string) => name.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 100) || "_";
  const taken = new Set<string>();
  const files = new Map<string, string>();
  const claim = (name: string) => {
    const base = stem(name);
    let s = base;
    for (let n = 2; taken.has(s.toLowerCase()) || WINDOWS_DEVICE.test(s); n++) s = `${base}-${n}`;
    taken.add(s.toLowerCase());
    files.set(name, `${s}.md`);
  };
  const sorted = [...names].sort();
  for (const name of sorted) if (stem(name) === name) claim(name);
  for (const name of sorted) if (stem(name) !== name) claim(name);
  return files;
}

/** Package / folder name for a service: lower-case words joined by `-`. */
export function packageName(name: string): string {
  return kebabCase(name);
}
