// The package's exported identifiers for one model, claimed once in a fixed order (operations,
// then named types, then enum value lists, then paginators) against the names the package
// always exports. Internal identifiers are emit/kit/symbols.ts's.
import { NameTable, PACKAGE_FIXED_EXPORTS, PROTOTYPE_NAMES, camelCase, pascalCase } from "../naming.js";
import { RawService } from "./raw.js";
import type { ServiceIR } from "./types.js";

export interface PackageNames {
  readonly service: ServiceIR["names"];
  /** Operation name → its function. */
  readonly functions: ReadonlyMap<string, string>;
  /** Named shape (structure, enum) → its type. */
  readonly types: ReadonlyMap<string, string>;
  /** Enum shape → its const list of values. */
  readonly values: ReadonlyMap<string, string>;
  /** Claims a further exported name (paginator functions). */
  claim(desired: string): string;
}

export function claimPackageNames(raw: RawService, serviceId: string, reachable: readonly string[]): PackageNames {
  const base = pascalCase(serviceId);
  // A service id may itself be a builtin or an exported runtime name (`Promise`, `Credentials`).
  const packageNames = new NameTable(PACKAGE_FIXED_EXPORTS);
  const service = {
    client: packageNames.claim(`${base}Client`),
    aggregate: packageNames.claim(base),
    baseException: packageNames.claim(`${base}ServiceException`),
  };
  // Members every client has (its own and Object's) are reserved too: an operation may not shadow
  // them on the aggregate, nor the `input` and `options` parameters of its methods. `service` is
  // the package's own service module, which the client imports.
  const table = new NameTable([
    ...PACKAGE_FIXED_EXPORTS,
    service.client,
    service.aggregate,
    service.baseException,
    `${service.client}Config`,
    "service",
    "destroy",
    "config",
    "toJSON",
    "input",
    "options",
    ...PROTOTYPE_NAMES,
  ]);
  const functions = new Map<string, string>();
  for (const name of raw.operationNames) functions.set(name, table.claim(camelCase(name)));
  const types = new Map<string, string>();
  for (const name of reachable) {
    const s = raw.shape(name);
    if ((s.type === "structure" && !RawService.isDocument(s)) || (s.type === "string" && Array.isArray(s.enum)))
      types.set(name, table.claim(pascalCase(name)));
  }
  const values = new Map<string, string>();
  for (const [name, typeName] of types) if (raw.shape(name).type === "string") values.set(name, table.claim(`${typeName}Values`));
  return { service, functions, types, values, claim: (desired) => table.claim(desired) };
}
