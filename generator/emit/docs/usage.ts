// Usage: which operations reach each named shape, and as what.
import type { ServiceIR, ShapeRole } from "../../ir/types.js";
import type { Usage } from "../kit/docs-site.js";
import { walkShapes } from "../../ir/walk.js";
import { isNamed } from "../kit/shapes.js";

export function computeUsage(ir: ServiceIR): Map<string, Usage[]> {
  const usage = new Map<string, Usage[]>();
  const order: readonly ShapeRole[] = ["input", "output", "error"];
  for (const op of ir.operations) {
    const reached = new Map<string, Set<ShapeRole>>();
    const walk = (start: string, role: ShapeRole) =>
      walkShapes(ir, [start], (s) => {
        if (!isNamed(s)) return;
        let roles = reached.get(s.name);
        if (!roles) reached.set(s.name, (roles = new Set()));
        roles.add(role);
      });
    if (op.input !== undefined) walk(op.input, "input");
    if (op.output !== undefined) walk(op.output, "output");
    for (const e of op.errors) walk(e, "error");
    for (const [name, roles] of reached) {
      let list = usage.get(name);
      if (!list) usage.set(name, (list = []));
      list.push({ op, roles: order.filter((r) => roles.has(r)) });
    }
  }
  return usage;
}
