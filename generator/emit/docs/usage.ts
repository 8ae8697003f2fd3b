// Usage: which operations reach each named shape, and as what.
import type { ServiceIR, ShapeRole } from "../../ir/types.js";
import type { Usage } from "../kit/docs-site.js";
import { isNamed, shapeOf } from "../kit/shapes.js";


export function computeUsage(ir: ServiceIR): Map<string, Usage[]> {
  const usage = new Map<string, Usage[]>();
  const order: readonly ShapeRole[] = ["input", "output", "error"];
  for (const op of ir.operations) {
    const reached = new Map<string, Set<ShapeRole>>();
    const walk = (start: string, role: ShapeRole) => {
      const seen = new Set<string>();
      const todo = [start];
      while (todo.length > 0) {
        const name = todo.pop()!;
        if (seen.has(name)) continue;
        seen.add(name);
        const s = shapeOf(ir, name);
        if (isNamed(s)) {
          let roles = reached.get(name);
          if (!roles) reached.set(name, (roles = new Set()));
          roles.add(role);
        }
        if (s.kind === "structure") for (const m of s.members) todo.push(m.target);
        else if (s.kind === "list") todo.push(s.member);
        else if (s.kind === "map") todo.push(s.key, s.value);
      }
    };
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

