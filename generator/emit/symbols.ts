// Internal (not re-exported from the package index) identifiers: schema constants, error
// bindings and operation descriptors. Computed once per IR, claimed in model-name order against
// every exported name, so they never shadow a type or function a module imports.
import type { ServiceIR } from "../ir/types.js";
import { NameTable, PACKAGE_FIXED_EXPORTS, RUNTIME_IMPORTS, toIdentifier } from "../naming.js";

export interface InternalSymbols {
  /** Shape name → the constant holding its schema (structures, lists, maps). */
  readonly schema: ReadonlyMap<string, string>;
  /** Error shape name → its ErrorSchema binding. */
  readonly errorBinding: ReadonlyMap<string, string>;
  /** Operation name → its OperationSchema constant. */
  readonly operation: ReadonlyMap<string, string>;
}

const cache = new WeakMap<ServiceIR, InternalSymbols>();

export function internalSymbols(ir: ServiceIR): InternalSymbols {
  const hit = cache.get(ir);
  if (hit) return hit;
  const exported: string[] = [...PACKAGE_FIXED_EXPORTS, ...RUNTIME_IMPORTS, ir.names.client, ir.names.aggregate, ir.names.baseException, "service"];
  for (const s of ir.shapes.values()) {
    exported.push(s.typeName);
    if (s.kind === "string" && s.valuesName) exported.push(s.valuesName);
  }
  for (const op of ir.operations) {
    exported.push(op.functionName);
    if (op.paginator) exported.push(op.paginator.functionName);
  }
  const table = new NameTable(exported);
  const schema = new Map<string, string>();
  const errorBinding = new Map<string, string>();
  const operation = new Map<string, string>();
  for (const s of ir.shapes.values()) {
    if (s.kind === "structure" || s.kind === "list" || s.kind === "map") schema.set(s.name, table.claim(`${toIdentifier(s.name)}Schema`));
  }
  for (const s of ir.shapes.values()) {
    if (s.kind === "structure" && s.exception) errorBinding.set(s.name, table.claim(`${s.typeName}Error`));
  }
  for (const op of ir.operations) operation.set(op.name, table.claim(`${toIdentifier(op.name)}Operation`));
  const result = { schema, errorBinding, operation };
  cache.set(ir, result);
  return result;
}
