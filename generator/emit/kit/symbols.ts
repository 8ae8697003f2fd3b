// Identifiers the package's code declares besides its public types and functions: schema
// constants, error bindings, operation descriptors (internal, not re-exported from the index)
// and validator names (exported). Computed once per IR, claimed in model-name order against
// every exported name, so they never shadow a type or function a module imports. The set of all
// of them is what runtime imports are aliased against (kit/imports.ts).
import type { ServiceIR } from "../../ir/types.js";
import { NameTable, PACKAGE_FIXED_EXPORTS, toIdentifier } from "../../naming.js";
import { validatedShapes } from "./shapes.js";

export interface InternalSymbols {
  /** Shape name → the constant holding its schema (structures, lists, maps). */
  readonly schema: ReadonlyMap<string, string>;
  /** Error shape name → its ErrorSchema binding. */
  readonly errorBinding: ReadonlyMap<string, string>;
  /** Operation name → its OperationSchema constant. */
  readonly operation: ReadonlyMap<string, string>;
  /** Validated structure → its exported validator. */
  readonly validator: ReadonlyMap<string, string>;
  /** Every identifier the package's own modules declare or export. */
  readonly declared: ReadonlySet<string>;
}

const cache = new WeakMap<ServiceIR, InternalSymbols>();

export function internalSymbols(ir: ServiceIR): InternalSymbols {
  const hit = cache.get(ir);
  if (hit) return hit;
  const exported: string[] = [ir.names.client, `${ir.names.client}Config`, ir.names.aggregate, ir.names.baseException, "service"];
  for (const s of ir.shapes.values()) {
    exported.push(s.typeName);
    if (s.kind === "string" && s.valuesName) exported.push(s.valuesName);
  }
  for (const op of ir.operations) {
    exported.push(op.functionName);
    if (op.paginator) exported.push(op.paginator.functionName);
  }
  // Validators: `validate` + the type name. The package exports operation and paginator
  // functions under camelCase names too, so a validator name that equals one of them, or one
  // already given to another validator, gets `_` (then `_2`, ...), in shape-name order.
  const validators = new NameTable(
    ir.operations.flatMap((op) => (op.paginator ? [op.functionName, op.paginator.functionName] : [op.functionName])),
  );
  const validator = new Map<string, string>();
  for (const s of validatedShapes(ir)) validator.set(s.name, validators.claim(`validate${s.typeName}`));
  const table = new NameTable([...PACKAGE_FIXED_EXPORTS, ...exported, ...validator.values()]);
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
  const declared = new Set([...exported, ...validator.values(), ...schema.values(), ...errorBinding.values(), ...operation.values()]);
  const result = { schema, errorBinding, operation, validator, declared };
  cache.set(ir, result);
  return result;
}

/** The identifiers a runtime import must not take in any file of the package. */
export function generatedNames(ir: ServiceIR): ReadonlySet<string> {
  return internalSymbols(ir).declared;
}

/** The exported validator of a structure. */
export function validatorName(ir: ServiceIR, shapeName: string): string {
  const name = internalSymbols(ir).validator.get(shapeName);
  if (name === undefined) throw new Error(`internal: shape ${shapeName} has no validator`);
  return name;
}
