// A parsed acceptor expression (ir/waiters.ts) as one TypeScript expression over the output. The
// value rules (truthiness, equality, null-dropping projections) are the runtime's small helpers in
// client/waiter.ts; the shape of the expression is code, so no JMESPath is interpreted at run time.
import type { JmesNode } from "../../ir/waiters.js";

/** The runtime helpers compiled code calls; `ref` returns the name to write for each (imports may alias). */
export const HELPERS = [
  "jmesField",
  "jmesIndex",
  "jmesProject",
  "jmesProjectValues",
  "jmesFilter",
  "jmesFlatten",
  "jmesTruthy",
  "jmesEqual",
  "jmesCompare",
  "jmesOr",
  "jmesAnd",
  "jmesLength",
  "jmesContains",
] as const;
export type Helper = (typeof HELPERS)[number];

const IDENT = /^[A-Za-z_$][\w$]*$/;

function literal(value: unknown): string {
  // Objects and lists go through JSON.parse: an object literal would treat a `__proto__` key as the prototype.
  if (value !== null && typeof value === "object") return `JSON.parse(${JSON.stringify(JSON.stringify(value))})`;
  return JSON.stringify(value) ?? "null";
}

/** `node` applied to the value of the TypeScript expression `input`. */
export function compileJmes(node: JmesNode, input: string, ref: (h: Helper) => string): string {
  let n = 0;
  const fresh = () => `v${++n}`;
  // Nodes that read their input twice bind it to a parameter first, so it is evaluated once.
  const bind = (x: string, body: (id: string) => string): string => {
    if (IDENT.test(x)) return body(x);
    const id = fresh();
    return `((${id}) => ${body(id)})(${x})`;
  };
  const lambda = (child: JmesNode): string => {
    const id = fresh();
    return `(${id}) => ${go(child, id)}`;
  };
  function go(node: JmesNode, x: string): string {
    switch (node.type) {
      case "Current":
        return x;
      case "Literal":
        return literal(node.value);
      case "Field":
        return `${ref("jmesField")}(${x}, ${JSON.stringify(node.name)})`;
      case "Index":
        return `${ref("jmesIndex")}(${go(node.left, x)}, ${node.index})`;
      case "Subexpression":
      case "Pipe":
        return go(node.right, go(node.left, x));
      case "Flatten":
        return `${ref("jmesFlatten")}(${go(node.child, x)})`;
      case "Projection":
        return `${ref("jmesProject")}(${go(node.left, x)}, ${lambda(node.right)})`;
      case "ValueProjection":
        return `${ref("jmesProjectValues")}(${go(node.left, x)}, ${lambda(node.right)})`;
      case "FilterProjection":
        return `${ref("jmesFilter")}(${go(node.left, x)}, ${lambda(node.condition)}, ${lambda(node.right)})`;
      case "Not":
        return `!${ref("jmesTruthy")}(${go(node.child, x)})`;
      case "Or":
      case "And":
        return bind(x, (id) => `${ref(node.type === "Or" ? "jmesOr" : "jmesAnd")}(${go(node.left, id)}, () => ${go(node.right, id)})`);
      case "Comparator":
        return bind(x, (id) => {
          const l = go(node.left, id);
          const r = go(node.right, id);
          if (node.op === "==") return `${ref("jmesEqual")}(${l}, ${r})`;
          if (node.op === "!=") return `!${ref("jmesEqual")}(${l}, ${r})`;
          return `${ref("jmesCompare")}(${l}, ${JSON.stringify(node.op)}, ${r})`;
        });
      case "Function":
        if (node.name === "length") return `${ref("jmesLength")}(${go(node.args[0]!, x)})`;
        return bind(x, (id) => `${ref("jmesContains")}(${go(node.args[0]!, id)}, ${go(node.args[1]!, id)})`);
    }
  }
  return go(node, input);
}
