// Which checkers the validators need: every structure, list and map reached from a validated
// structure, in which modes (input, output or both), how often each shape is checked, and which
// maps hide their keys because something sensitive leads to them.
import type { ListIR, MapIR, ServiceIR, ShapeIR, StructureIR } from "../../ir/types.js";
import { toIdentifier, type NameTable } from "../../naming.js";
import { childrenOf, walkShapes } from "../../ir/walk.js";
import { shapeOf } from "../kit/shapes.js";

export type Container = StructureIR | ListIR | MapIR;
export const isContainer = (s: ShapeIR): s is Container => s.kind === "structure" || s.kind === "list" || s.kind === "map";

/** Which validator modes reach a checker: its code keeps only the rules those modes need. */
export interface Modes {
  readonly input: boolean;
  readonly output: boolean;
}

export class ValidatorPlan {
  readonly #ir: ServiceIR;
  /** Container shape → its checker function, in shape-name order. */
  readonly checkers = new Map<string, string>();
  readonly modes = new Map<string, { input: boolean; output: boolean }>();
  /** Maps reached through something sensitive: their keys never appear in paths. */
  readonly secretMaps = new Set<string>();
  /** How many members, elements and map values of each shape the checkers check. */
  readonly uses = new Map<string, number>();
  readonly #takes = new Map<string, boolean>();

  /** Walks from the validators: which containers need checkers, in which modes, and which maps hide keys. */
  constructor(ir: ServiceIR, roots: readonly StructureIR[], names: NameTable) {
    this.#ir = ir;
    // Containers only: a checker is needed for each container a validator of that mode reaches.
    for (const mode of ["input", "output"] as const) {
      const starts = roots.filter((r) => (r.roles.has("input") ? "input" : "output") === mode).map((r) => r.name);
      walkShapes(
        ir,
        starts,
        (s) => {
          if (!isContainer(s)) return false;
          let m = this.modes.get(s.name);
          if (!m) this.modes.set(s.name, (m = { input: false, output: false }));
          m[mode] = true;
        },
        (s) => (s.kind === "map" ? [s.value] : childrenOf(s)),
      );
    }

    const use = (name: string) => this.uses.set(name, (this.uses.get(name) ?? 0) + 1);
    for (const s of this.#ir.shapes.values()) {
      if (!this.modes.has(s.name)) continue;
      this.checkers.set(s.name, names.claim(`check_${toIdentifier(s.name)}`));
      if (s.kind === "structure") {
        for (const m of s.members) if (!m.jsonvalue) use(m.target);
      } else if (s.kind === "list") use(s.member);
      else if (s.kind === "map") use(s.value);
    }

    // Sensitivity flows down: each shape is visited at most once per flag.
    const seen = new Set<string>();
    const stack: Array<[string, boolean]> = roots.map((r) => [r.name, false]);
    while (stack.length > 0) {
      const [name, inherited] = stack.pop()!;
      const s = shapeOf(this.#ir, name);
      const secret = inherited || s.sensitive;
      const id = `${secret ? 1 : 0}${name}`;
      if (seen.has(id)) continue;
      seen.add(id);
      if (s.kind === "structure") for (const m of s.members) stack.push([m.target, secret || m.sensitive]);
      else if (s.kind === "list") stack.push([s.member, secret]);
      else if (s.kind === "map") {
        if (secret || s.keyShape.sensitive) this.secretMaps.add(name);
        stack.push([s.value, secret]);
      }
    }
  }

  /**
   * Whether a checker takes the mode: it runs in both modes and some rule under it differs
   * between them (structures always do: unknown members and null; lists and maps only through
   * their elements (an enum or a blob), or an enum key).
   */
  takesMode(name: string): boolean {
    let known = this.#takes.get(name);
    if (known !== undefined) return known;
    const s = shapeOf(this.#ir, name);
    const m = this.modes.get(name);
    if (!m || !(m.input && m.output) || !isContainer(s)) return false;
    if (s.kind === "structure") known = true;
    else {
      // A list or map that contains itself without a structure between is checked without the mode.
      this.#takes.set(name, false);
      const element = (t: string) => (isContainer(shapeOf(this.#ir, t)) ? this.takesMode(t) : this.isEnum(t) || this.isBlob(t));
      known = s.kind === "list" ? element(s.member) : element(s.value) || this.isEnum(s.key);
    }
    this.#takes.set(name, known);
    return known;
  }

  /** A blob checked by type (not a streaming payload): inputs may give a string, outputs bytes. */
  isBlob(name: string): boolean {
    const s = shapeOf(this.#ir, name);
    return s.kind === "blob" && !s.streaming;
  }

  isEnum(name: string): boolean {
    const s = shapeOf(this.#ir, name);
    return s.kind === "string" && s.enum !== undefined;
  }

  checkerShapes(): Container[] {
    const out: Container[] = [];
    for (const name of this.checkers.keys()) out.push(shapeOf(this.#ir, name) as Container);
    return out;
  }
}
