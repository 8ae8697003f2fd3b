// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/testing/sample.ts; do not edit.
// Model-valid sample values, deterministic in a seed: the mock server's answer when no behaviour
// is declared. Walks the output schema: required members always, optional ones down to a depth,
// one or two list items and map entries, one member of a union. Strings take an enum value, a
// sample of the pattern made when generating (testing-facts.ts) or letters within the length
// bounds; numbers and sizes stay within their bounds. Nothing here evaluates a model pattern.
import { setEntry } from "../codecs/members.js";
import { resolveSchema, schemaType, type Schema, type StructureSchema } from "../schema.js";

/** What one slot's target must respect (see the generated src/testing-facts.ts). */
export interface SlotFacts {
  readonly enum?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly samples?: readonly string[];
  /** The target has a pattern no sample could be made for. */
  readonly pattern?: true;
}

/** Schema object (structure, list, map) → its slots' facts. */
export type SampleFacts = ReadonlyMap<object, Readonly<Record<string, SlotFacts>>>;

/** Optional members are filled down to this depth; deeper, only required ones. */
const OPTIONAL_DEPTH = 3;
/** Beyond this depth nothing optional and no list items: recursive shapes end. */
const MAX_DEPTH = 8;
const CONTAINERS: ReadonlySet<string> = new Set(["structure", "list", "map"]);
const LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
/** 2024-01-01T00:00:00Z: sample timestamps fall in the year after it, in whole seconds. */
const BASE_EPOCH_SECONDS = 1704067200;

/** A small deterministic generator (mulberry32) seeded from text. */
export class Random {
  #state: number;
  constructor(seed: string) {
    let h = 2166136261;
    for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
    this.#state = h >>> 0;
  }
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
}

const NO_FACTS: SlotFacts = {};

function slotFacts(facts: SampleFacts, container: object, slot: string): SlotFacts {
  const slots = facts.get(container);
  return slots !== undefined && Object.hasOwn(slots, slot) ? slots[slot]! : NO_FACTS;
}

/** The number of items or characters within the facts' bounds, near `preferred`. */
function within(f: SlotFacts, preferred: number, ceiling: number): number {
  const lo = f.min ?? 0;
  const hi = Math.min(f.max ?? ceiling, Math.max(lo, ceiling));
  return Math.max(lo, Math.min(hi, preferred));
}

export class Sampler {
  readonly #facts: SampleFacts;
  readonly #random: Random;

  constructor(facts: SampleFacts, seed: string) {
    this.#facts = facts;
    this.#random = new Random(seed);
  }

  /** A sample of the structure; `omit` lists top-level members to leave out (paginators' next tokens). */
  structure(schema: StructureSchema, depth = 0, omit: readonly string[] = []): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const required = new Set(schema.required ?? []);
    const names = Object.keys(schema.members).filter((name) => !omit.includes(name));
    if (schema.union) {
      const usable = names.filter((name) => this.#usable(schema, name));
      if (usable.length > 0) {
        const name = usable[this.#random.int(0, usable.length - 1)]!;
        setEntry(out, name, this.#value(resolveSchema(schema.members[name]!.target), slotFacts(this.#facts, schema, name), depth + 1));
      }
      return out;
    }
    for (const name of names) {
      const member = schema.members[name]!;
      if (member.location === "statusCode") continue;
      const isRequired = required.has(name);
      if (!isRequired && (depth >= OPTIONAL_DEPTH || !this.#usable(schema, name))) continue;
      if (!isRequired && depth >= MAX_DEPTH) continue;
      const value = this.#value(resolveSchema(member.target), slotFacts(this.#facts, schema, name), depth + 1);
      if (value !== undefined) Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
    }
    // A nested structure with nothing set says nothing on some wires (a query form): give it its
    // first member that fits.
    if (depth > 0 && depth < MAX_DEPTH && Object.keys(out).length === 0) {
      const usable = names.filter((n) => schema.members[n]!.location !== "statusCode" && this.#usable(schema, n));
      const scalar = usable.find((n) => !CONTAINERS.has(schemaType(resolveSchema(schema.members[n]!.target))));
      const name = scalar ?? usable[0];
      if (name !== undefined) {
        const value = this.#value(resolveSchema(schema.members[name]!.target), slotFacts(this.#facts, schema, name), depth + 1);
        if (value !== undefined) Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
      }
    }
    return out;
  }

  /** Whether an optional member can get a value that fits (a pattern with no sample cannot). */
  #usable(schema: StructureSchema, name: string): boolean {
    const f = slotFacts(this.#facts, schema, name);
    return f.pattern !== true;
  }

  #value(schema: Schema, f: SlotFacts, depth: number): unknown {
    const random = this.#random;
    switch (schemaType(schema)) {
      case "structure": {
        // Too deep for anything optional: an empty structure is no value (recursive shapes end here).
        const value = this.structure(schema as StructureSchema, depth);
        return depth > MAX_DEPTH && Object.keys(value).length === 0 ? undefined : value;
      }
      case "list": {
        if (typeof schema !== "object" || schema.type !== "list") return [];
        const count = depth > MAX_DEPTH ? within(f, 0, 0) : within(f, random.int(1, 2), 2);
        const itemFacts = slotFacts(this.#facts, schema, "member");
        const items: unknown[] = [];
        for (let i = 0; i < count; i++) {
          const item = this.#value(resolveSchema(schema.member), itemFacts, depth + 1);
          if (item !== undefined) items.push(item);
        }
        return items.length === 0 && count > 0 ? undefined : items;
      }
      case "map": {
        if (typeof schema !== "object" || schema.type !== "map") return {};
        const count = depth > MAX_DEPTH ? within(f, 0, 0) : within(f, 1, 1);
        const out: Record<string, unknown> = {};
        const keyFacts = slotFacts(this.#facts, schema, "key");
        const valueFacts = slotFacts(this.#facts, schema, "value");
        for (let i = 0, tries = 0; Object.keys(out).length < count && tries < count * 4; tries++, i++) {
          const key = this.#string(keyFacts);
          if (!Object.hasOwn(out, key)) {
            Object.defineProperty(out, key, {
              value: this.#value(resolveSchema(schema.value), valueFacts, depth + 1),
              enumerable: true,
              writable: true,
              configurable: true,
            });
          }
        }
        return out;
      }
      case "string":
        if (typeof schema === "object" && "jsonvalue" in schema) return { sample: random.int(0, 99) };
        return this.#string(f);
      case "boolean":
        return random.next() < 0.5;
      case "byte":
      case "short":
      case "integer":
      case "long":
      case "bigInteger":
        return this.#integer(f);
      case "float":
      case "double":
      case "bigDecimal": {
        const n = this.#integer(f);
        return f.max === undefined || n + 0.5 <= f.max ? n + 0.5 : n;
      }
      case "timestamp":
        return new Date((BASE_EPOCH_SECONDS + random.int(0, 365 * 86400)) * 1000);
      case "blob": {
        const bytes = new Uint8Array(within(f, 8, 16));
        for (let i = 0; i < bytes.length; i++) bytes[i] = random.int(0, 255);
        return bytes;
      }
      case "document":
        return { sample: random.int(0, 99) };
      default:
        return undefined;
    }
  }

  #integer(f: SlotFacts): number {
    const lo = f.min ?? 0;
    const hi = f.max ?? Math.max(lo, 0) + 100;
    return this.#random.int(Math.ceil(lo), Math.max(Math.ceil(lo), Math.floor(Math.min(hi, lo + 1000))));
  }

  #string(f: SlotFacts): string {
    const random = this.#random;
    if (f.enum !== undefined && f.enum.length > 0) return f.enum[random.int(0, f.enum.length - 1)]!;
    if (f.samples !== undefined && f.samples.length > 0) return f.samples[random.int(0, f.samples.length - 1)]!;
    const length = within(f, random.int(8, 12), 64);
    let out = "";
    for (let i = 0; i < length; i++) out += LETTERS[random.int(0, LETTERS.length - 1)];
    return out;
  }
}
