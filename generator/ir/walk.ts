// The one walker over the IR's shape graph: a shape's direct references, and every shape reached
// from a set of roots, each visited once. Artifacts ask this instead of switching on shape kinds.
import type { ServiceIR, ShapeIR } from "./types.js";

/** The shapes a shape refers to directly: members' targets, a list's member, a map's key and value. */
export function childrenOf(s: ShapeIR): string[] {
  return s.kind === "structure"
    ? s.members.map((m) => m.target)
    : s.kind === "list"
      ? [s.member]
      : s.kind === "map"
        ? [s.key, s.value]
        : [];
}

/**
 * Visits every shape reachable from `roots` once, depth first. `enter` may return false to stop
 * descending below a shape; `children` chooses which references to follow (all by default).
 */
export function walkShapes(
  ir: ServiceIR,
  roots: Iterable<string>,
  enter: (s: ShapeIR) => boolean | void,
  children: (s: ShapeIR) => readonly string[] = childrenOf,
): void {
  const seen = new Set<string>();
  const todo = [...roots].reverse();
  while (todo.length > 0) {
    const name = todo.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const s = ir.shapes.get(name);
    if (!s) throw new Error(`internal: shape ${name} is not in the IR`);
    if (enter(s) === false) continue;
    todo.push(...children(s));
  }
}
