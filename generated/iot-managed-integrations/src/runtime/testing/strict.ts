// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/testing/strict.ts; do not edit.
// The checks a mocked output gets beyond the generated output validator, which tolerates what a
// newer service may send (unknown members, enum values it does not know): a test's data is not
// from a newer service, so here both are issues. Paths as the validators write them; messages
// never show a value. Depth is the value's own, bounded by the schema: no cycles are followed
// twice for one value because values are trees.
import type { ValidationIssue } from "../errors.js";
import { resolveSchema, type Schema, type StructureSchema } from "../schema.js";
import type { SampleFacts, SlotFacts } from "./sample.js";

const PLAIN = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const MAX_ISSUES = 50;

function join(path: string, key: string): string {
  if (PLAIN.test(key)) return path === "" ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

function factsOf(facts: SampleFacts | undefined, container: object, slot: string): SlotFacts | undefined {
  const slots = facts?.get(container);
  return slots !== undefined && Object.hasOwn(slots, slot) ? slots[slot] : undefined;
}

/** Unknown members and enum values outside the model, in a value the model's validator already accepted. */
export function strictIssues(schema: StructureSchema, value: unknown, facts: SampleFacts | undefined): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const visit = (s: Schema, v: unknown, path: string, f: SlotFacts | undefined, depth: number): void => {
    if (issues.length >= MAX_ISSUES || v === undefined || v === null || depth > 64) return;
    if (typeof s === "object" && s.type === "structure") {
      if (typeof v !== "object") return;
      for (const key of Object.keys(v)) {
        if (!Object.hasOwn(s.members, key)) {
          if (depth === 0 && key === "$metadata") continue;
          issues.push({ path: join(path, key), constraint: "unknown", message: `is not a member of ${s.name}` });
          continue;
        }
        const member = s.members[key]!;
        visit(resolveSchema(member.target), (v as Record<string, unknown>)[key], join(path, key), factsOf(facts, s, key), depth + 1);
      }
      return;
    }
    if (typeof s === "object" && s.type === "list") {
      if (!Array.isArray(v)) return;
      const itemFacts = factsOf(facts, s, "member");
      const item = resolveSchema(s.member);
      v.forEach((entry, i) => visit(item, entry, `${path}[${i}]`, itemFacts, depth + 1));
      return;
    }
    if (typeof s === "object" && s.type === "map") {
      if (typeof v !== "object") return;
      const valueFacts = factsOf(facts, s, "value");
      const keyFacts = factsOf(facts, s, "key");
      const target = resolveSchema(s.value);
      for (const key of Object.keys(v)) {
        const shown = s.sensitive ? `${path}[*]` : `${path}[${JSON.stringify(key)}]`;
        if (keyFacts?.enum !== undefined && !keyFacts.enum.includes(key)) {
          issues.push({ path: shown, constraint: "enum", message: `key must be one of the model's values (${keyFacts.enum.length})` });
        }
        visit(target, (v as Record<string, unknown>)[key], shown, valueFacts, depth + 1);
      }
      return;
    }
    if (typeof v === "string" && f?.enum !== undefined && !f.enum.includes(v)) {
      const listed = f.enum.length <= 10 ? f.enum.map((e) => JSON.stringify(e)).join(", ") : `${f.enum.length} values`;
      issues.push({ path, constraint: "enum", message: `must be one of ${listed}` });
    }
  };
  visit(schema, value, "", undefined, 0);
  return issues;
}
