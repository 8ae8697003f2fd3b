// The facts of a service's generated TypeScript surface that the API change report compares:
// operations (function names, input/output/error shapes, paginators), every reachable shape
// (exported type name, members with their TypeScript type and optionality, enum values,
// validated constraints) and the model's waiter names. Built from the IR, so names are the
// package's own; plain JSON, so a generated package carries the one it was made from
// (generate.ts plans it as .svcgen-api.json, written and owned like every generated file) and
// the next run can compare against it without the old model, and in the names the user's code
// was written against even if a later svcgen names things differently. Documentation is kept as a short hash: enough to tell that
// it changed.
import { createHash } from "node:crypto";
import type { ServiceIR, ShapeIR } from "../ir/types.js";

export const SNAPSHOT_FILE = ".svcgen-api.json";
export const SNAPSHOT_FORMAT = 1;

export interface MemberFacts {
  /** The target shape's model name. */
  readonly target: string;
  /** The member's TypeScript type, as a signature (`Thing`, `string`, `Tag[]`, `Record<string, number>`). */
  readonly type: string;
  readonly required: boolean;
  readonly deprecated: boolean;
  readonly docs: string;
}

export interface ShapeFacts {
  readonly kind: string;
  /** The TypeScript name (structures, unions, enums); else the model name. */
  readonly typeName: string;
  /** The package exports a type (or error class) of that name. */
  readonly exported: boolean;
  readonly docs: string;
  readonly deprecated: boolean;
  readonly members?: Readonly<Record<string, MemberFacts>>;
  readonly union?: boolean;
  readonly error?: boolean;
  readonly enum?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  /** Lists: the element's model name; maps: key and value. */
  readonly element?: string;
  readonly key?: string;
  readonly value?: string;
}

export interface PaginatorFacts {
  readonly functionName: string;
  readonly resultKey: readonly string[];
  readonly itemShape: string | undefined;
}

export interface OperationFacts {
  readonly functionName: string;
  readonly input: string | undefined;
  readonly output: string | undefined;
  readonly errors: readonly string[];
  readonly deprecated: boolean;
  readonly docs: string;
  readonly paginator: PaginatorFacts | undefined;
}

export interface ApiSnapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly packageName: string;
  readonly apiVersion: string;
  readonly operations: Readonly<Record<string, OperationFacts>>;
  readonly shapes: Readonly<Record<string, ShapeFacts>>;
  readonly waiters: readonly string[];
}

export function docHash(docs: string): string {
  return docs === "" ? "" : createHash("sha256").update(docs).digest("hex").slice(0, 12);
}

/** The TypeScript type a reference to `shape` prints as (structures and enums by name). */
export function typeSignature(shape: ShapeIR): string {
  switch (shape.kind) {
    case "structure":
      return shape.typeName;
    case "list":
      return `${typeSignature(shape.memberShape)}[]`;
    case "map":
      return `Record<${typeSignature(shape.keyShape)}, ${typeSignature(shape.valueShape)}>`;
    default:
      if (shape.enum !== undefined) return shape.typeName;
      return shape.streaming ? `${shape.kind} (streaming)` : shape.eventStream ? `${shape.kind} (event stream)` : shape.kind;
  }
}

function shapeFacts(shape: ShapeIR): ShapeFacts {
  const base = { kind: shape.kind, typeName: shape.typeName, docs: docHash(shape.docs), deprecated: shape.deprecated };
  switch (shape.kind) {
    case "structure": {
      const members = Object.create(null) as Record<string, MemberFacts>;
      for (const m of shape.members) {
        members[m.name] = {
          target: m.target,
          type: typeSignature(m.shape),
          required: m.required,
          deprecated: m.deprecated,
          docs: docHash(m.docs),
        };
      }
      return { ...base, exported: true, members, union: shape.union, error: shape.exception !== undefined };
    }
    case "list":
      return { ...base, exported: false, element: shape.member, ...bounds(shape.min, shape.max) };
    case "map":
      return { ...base, exported: false, key: shape.key, value: shape.value, ...bounds(shape.min, shape.max) };
    default:
      return {
        ...base,
        exported: shape.enum !== undefined,
        ...(shape.enum !== undefined ? { enum: [...shape.enum] } : {}),
        ...bounds(shape.min, shape.max),
        ...(shape.pattern !== undefined ? { pattern: shape.pattern } : {}),
      };
  }
}

function bounds(min: number | undefined, max: number | undefined): { min?: number; max?: number } {
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

/** The snapshot of one IR; `waiters` are the model's waiter names (the IR does not carry them). */
export function snapshotOf(ir: ServiceIR, waiters: readonly string[] = []): ApiSnapshot {
  const operations = Object.create(null) as Record<string, OperationFacts>;
  for (const op of ir.operations) {
    operations[op.name] = {
      functionName: op.functionName,
      input: op.input,
      output: op.output,
      errors: [...op.errors].sort(),
      deprecated: op.deprecated,
      docs: docHash(op.docs),
      paginator: op.paginator && {
        functionName: op.paginator.functionName,
        resultKey: [...op.paginator.resultKey],
        itemShape: op.paginator.itemShape,
      },
    };
  }
  const shapes = Object.create(null) as Record<string, ShapeFacts>;
  for (const [name, shape] of ir.shapes) shapes[name] = shapeFacts(shape);
  return {
    format: SNAPSHOT_FORMAT,
    packageName: ir.packageName,
    apiVersion: ir.apiVersion,
    operations,
    shapes,
    waiters: [...waiters].sort(),
  };
}

/** Waiter names of a loaded model document. */
export function waiterNames(document: Record<string, unknown>): string[] {
  const w = document.waiters;
  return w !== null && typeof w === "object" && !Array.isArray(w) ? Object.keys(w).sort() : [];
}

/** Parses a stored snapshot; undefined when it is missing, unreadable or of another format. */
export function parseSnapshot(text: string | undefined): ApiSnapshot | undefined {
  if (text === undefined) return undefined;
  try {
    const data = JSON.parse(text) as Partial<ApiSnapshot>;
    if (data.format !== SNAPSHOT_FORMAT || typeof data.operations !== "object" || typeof data.shapes !== "object") return undefined;
    return data as ApiSnapshot;
  } catch {
    return undefined;
  }
}
