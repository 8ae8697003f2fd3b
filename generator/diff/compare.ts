// The API change report: what changed between two snapshots of a service's generated surface,
// and whether code written against the old package may stop compiling or start failing with the
// new one (breaking) or not. Rules, judged for the user of the generated TypeScript:
//   breaking:      an operation, member or exported type removed; a new required input member;
//                  an input member made required; a member's TypeScript type changed; an output
//                  member made optional; an enum value removed; an input constraint tightened
//                  (min up, max down, a pattern added or changed: any change of pattern counts); a paginator or waiter removed,
//                  or a paginator's items changed; an error dropped whose class is gone.
//   non-breaking:  operations, optional input members, output members, enum values, errors,
//                  exported types, paginators, waiters added; input constraints loosened;
//                  constraint changes on shapes only outputs reach; deprecations; an error
//                  dropped from an operation while its class is still exported.
//   documentation: docs-changed (non-breaking; alone it implies a patch release).
// Shapes inside other shapes are judged by the direction(s) operations reach them in (old or new
// model) and name those operations.
import type { ApiSnapshot, MemberFacts, ShapeFacts } from "./snapshot.js";

export type Severity = "breaking" | "non-breaking";
export type Semver = "major" | "minor" | "patch" | "none";

export interface Change {
  readonly kind: string;
  readonly severity: Severity;
  /** Where, in the package's names: `ListThings`, `ListThings.input.MaxResults`, `Thing.Status`. */
  readonly path: string;
  readonly message: string;
  /** The operations it affects (sorted); empty for the service as a whole. */
  readonly operations: readonly string[];
}

export interface ApiDiff {
  readonly semver: Semver;
  readonly changes: readonly Change[];
}

interface Usage {
  readonly input: Set<string>;
  readonly output: Set<string>;
}

/** For each shape, the operations that reach it through their input, and through output or errors. */
export function usageOf(snap: ApiSnapshot): Map<string, Usage> {
  const usage = new Map<string, Usage>();
  const visit = (name: string | undefined, op: string, dir: keyof Usage) => {
    const stack = name === undefined ? [] : [name];
    while (stack.length > 0) {
      const n = stack.pop()!;
      let u = usage.get(n);
      if (!u) usage.set(n, (u = { input: new Set(), output: new Set() }));
      if (u[dir].has(op)) continue;
      u[dir].add(op);
      const s = own(snap.shapes, n);
      if (!s) continue;
      for (const m of Object.values(s.members ?? {})) stack.push(m.target);
      for (const t of [s.element, s.key, s.value]) if (t !== undefined) stack.push(t);
    }
  };
  for (const [name, op] of Object.entries(snap.operations)) {
    visit(op.input, name, "input");
    visit(op.output, name, "output");
    for (const e of op.errors) visit(e, name, "output");
  }
  return usage;
}

/** A record's own entry: model names such as `toString` or `__proto__` are keys like any other. */
export const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
const keysOf = (o: object | undefined) => Object.keys(o ?? {});

export function diffSnapshots(a: ApiSnapshot, b: ApiSnapshot): ApiDiff {
  const changes: Change[] = [];
  const ua = usageOf(a);
  const ub = usageOf(b);
  /** Both models' usage of a shape: input-reached?, output-reached?, operations. */
  const reach = (name: string) => {
    const x = ua.get(name);
    const y = ub.get(name);
    const input = sorted([...(x?.input ?? []), ...(y?.input ?? [])]);
    const output = sorted([...(x?.output ?? []), ...(y?.output ?? [])]);
    return { input: input.length > 0, output: output.length > 0, operations: sorted([...input, ...output]) };
  };
  const add = (kind: string, breaking: boolean, path: string, message: string, operations: readonly string[]) =>
    changes.push({ kind, severity: breaking ? "breaking" : "non-breaking", path, message, operations });

  // Operations.
  const topLevel = new Set<string>();
  for (const snap of [a, b]) {
    for (const op of Object.values(snap.operations)) {
      if (op.input !== undefined) topLevel.add(op.input);
      if (op.output !== undefined) topLevel.add(op.output);
    }
  }
  for (const name of sorted([...keysOf(a.operations), ...keysOf(b.operations)])) {
    const o = own(a.operations, name);
    const n = own(b.operations, name);
    if (!n) {
      add("operation-removed", true, name, `Operation ${name} (${o!.functionName}) was removed.`, [name]);
      continue;
    }
    if (!o) {
      add("operation-added", false, name, `Operation ${name} (${n.functionName}) was added.`, [name]);
      continue;
    }
    const ops = [name];
    if (o.functionName !== n.functionName)
      add("operation-renamed", true, name, `${name}'s function ${o.functionName} is now ${n.functionName}.`, ops);
    if (o.deprecated !== n.deprecated)
      add(
        n.deprecated ? "operation-deprecated" : "operation-undeprecated",
        false,
        name,
        `Operation ${name} is ${n.deprecated ? "now" : "no longer"} deprecated.`,
        ops,
      );
    if (o.docs !== n.docs) add("docs-changed", false, name, `The documentation of ${name} changed.`, ops);
    compareStructure(own(a.shapes, o.input ?? ""), own(b.shapes, n.input ?? ""), `${name}.input`, {
      input: true,
      output: false,
      operations: ops,
    });
    compareStructure(own(a.shapes, o.output ?? ""), own(b.shapes, n.output ?? ""), `${name}.output`, {
      input: false,
      output: true,
      operations: ops,
    });
    for (const e of n.errors)
      if (!o.errors.includes(e))
        add(
          "error-added",
          false,
          `${name}.errors.${own(b.shapes, e)?.typeName ?? e}`,
          `${name} may now fail with ${own(b.shapes, e)?.typeName ?? e}.`,
          ops,
        );
    for (const e of o.errors) {
      if (n.errors.includes(e)) continue;
      const cls = own(a.shapes, e)?.typeName ?? e;
      const stillExported = Object.values(b.shapes).some((s) => s.error && s.typeName === cls);
      add(
        "error-removed",
        !stillExported,
        `${name}.errors.${cls}`,
        stillExported
          ? `${name} no longer lists ${cls} (the class is still exported).`
          : `${name} no longer fails with ${cls}, and the class ${cls} is gone.`,
        ops,
      );
    }
    if (o.paginator && !n.paginator)
      add("paginator-removed", true, name, `The paginator ${o.paginator.functionName} of ${name} was removed.`, ops);
    else if (!o.paginator && n.paginator)
      add("paginator-added", false, name, `${name} has a new paginator, ${n.paginator.functionName}.`, ops);
    else if (o.paginator && n.paginator) {
      if (o.paginator.functionName !== n.paginator.functionName)
        add(
          "paginator-renamed",
          true,
          name,
          `The paginator ${o.paginator.functionName} of ${name} is now ${n.paginator.functionName}.`,
          ops,
        );
      if (o.paginator.resultKey.join() !== n.paginator.resultKey.join() || o.paginator.itemShape !== n.paginator.itemShape) {
        // Items of another shape, or a result key gone, break loops over them; a key added does not.
        const breaks =
          o.paginator.itemShape !== n.paginator.itemShape ||
          o.paginator.resultKey[0] !== n.paginator.resultKey[0] ||
          o.paginator.resultKey.some((k) => !n.paginator!.resultKey.includes(k));
        add(
          "paginator-changed",
          breaks,
          name,
          `The paginator ${n.paginator.functionName} now yields ${n.paginator.resultKey.join(", ") || "pages"} (was ${o.paginator.resultKey.join(", ") || "pages"}).`,
          ops,
        );
      }
    }
  }

  // Waiters (the model's; by name).
  for (const w of a.waiters) if (!b.waiters.includes(w)) add("waiter-removed", true, `waiters.${w}`, `The waiter ${w} was removed.`, []);
  for (const w of b.waiters) if (!a.waiters.includes(w)) add("waiter-added", false, `waiters.${w}`, `A waiter ${w} was added.`, []);

  // Exported types, by TypeScript name.
  const exported = (snap: ApiSnapshot) =>
    new Map(
      Object.values(snap.shapes)
        .filter((s) => s.exported)
        .map((s) => [s.typeName, s] as const),
    );
  const ea = exported(a);
  const eb = exported(b);
  const shapeNamed = (snap: ApiSnapshot, typeName: string) =>
    Object.keys(snap.shapes).find((k) => own(snap.shapes, k)!.typeName === typeName && own(snap.shapes, k)!.exported) ?? typeName;
  for (const [t, s] of ea) {
    if (!eb.has(t))
      add(
        "type-removed",
        true,
        t,
        `The exported ${s.error ? "error class" : "type"} ${t} was removed.`,
        reach(shapeNamed(a, t)).operations,
      );
  }
  for (const [t, s] of eb)
    if (!ea.has(t))
      add(
        "type-added",
        false,
        t,
        `The package now exports the ${s.error ? "error class" : "type"} ${t}.`,
        reach(shapeNamed(b, t)).operations,
      );

  // Shapes present in both, by model name.
  for (const name of sorted(keysOf(a.shapes))) {
    const o = own(a.shapes, name)!;
    const n = own(b.shapes, name);
    if (!n) continue;
    const r = reach(name);
    // Named as the package names it; by model name when the two packages name it differently.
    const path = o.typeName === n.typeName ? n.typeName : name;
    if (o.kind === "structure" && n.kind === "structure") {
      if (!topLevel.has(name)) compareStructure(o, n, path, r);
      else if (o.docs !== n.docs) add("docs-changed", false, path, `The documentation of ${path} changed.`, r.operations);
      continue;
    }
    if (o.docs !== n.docs) add("docs-changed", false, path, `The documentation of ${path} changed.`, r.operations);
    if (o.deprecated !== n.deprecated) deprecation(n.deprecated, path, r.operations);
    if (o.enum && n.enum) {
      for (const v of o.enum)
        if (!n.enum.includes(v)) add("enum-value-removed", true, `${path}.${v}`, `${path} no longer has the value "${v}".`, r.operations);
      for (const v of n.enum)
        if (!o.enum.includes(v)) add("enum-value-added", false, `${path}.${v}`, `${path} has a new value "${v}".`, r.operations);
    }
    compareConstraints(o, n, path, r);
  }

  function deprecation(now: boolean, path: string, ops: readonly string[]): void {
    add(now ? "deprecated" : "undeprecated", false, path, `${path} is ${now ? "now" : "no longer"} deprecated.`, ops);
  }

  function compareStructure(o: ShapeFacts | undefined, n: ShapeFacts | undefined, path: string, r: ReturnType<typeof reach>): void {
    const om: Readonly<Record<string, MemberFacts>> = o?.members ?? {};
    const nm: Readonly<Record<string, MemberFacts>> = n?.members ?? {};
    const ops = r.operations;
    if (o && n && o.union !== n.union)
      add("type-changed", true, path, `${path} is ${n.union ? "now a union (exactly one member set)" : "no longer a union"}.`, ops);
    if (o && n && o.deprecated !== n.deprecated) deprecation(n.deprecated, path, ops);
    for (const m of sorted([...keysOf(om), ...keysOf(nm)])) {
      const x = own(om, m);
      const y = own(nm, m);
      const p = `${path}.${m}`;
      if (!y) {
        add("member-removed", true, p, `${p} was removed.`, ops);
        continue;
      }
      if (!x) {
        if (y.required && r.input) add("required-member-added", true, p, `${p} was added, and it is required.`, ops);
        else add("member-added", false, p, `${p} was added${y.required ? " (always present)" : " (optional)"}.`, ops);
        continue;
      }
      if (x.type !== y.type) add("member-type-changed", true, p, `${p} is now ${y.type} (was ${x.type}).`, ops);
      if (!x.required && y.required) add("member-now-required", r.input, p, `${p} is now required.`, ops);
      if (x.required && !y.required) add("member-now-optional", r.output, p, `${p} is now optional.`, ops);
      if (x.deprecated !== y.deprecated) deprecation(y.deprecated, p, ops);
      if (x.docs !== y.docs) add("docs-changed", false, p, `The documentation of ${p} changed.`, ops);
      // Same TypeScript type, another model shape: its constraints are this member's now.
      if (x.type === y.type && x.target !== y.target) {
        const xs = own(a.shapes, x.target);
        const ys = own(b.shapes, y.target);
        if (xs && ys) compareConstraints(xs, ys, p, r);
      }
    }
  }

  function compareConstraints(o: ShapeFacts, n: ShapeFacts, path: string, r: ReturnType<typeof reach>): void {
    const bound = (which: "min" | "max", was: number | undefined, now: number | undefined) => {
      if (was === now) return;
      // A lower bound tightens when it appears or rises; an upper one when it appears or falls.
      const tighter =
        which === "min" ? now !== undefined && (was === undefined || now > was) : now !== undefined && (was === undefined || now < was);
      const desc = (v: number | undefined) => (v === undefined ? "none" : String(v));
      constraint(tighter, path, `${path}'s ${which} went from ${desc(was)} to ${desc(now)}`);
    };
    const constraint = (tighter: boolean, p: string, what: string, kind = tighter ? "constraint-tightened" : "constraint-loosened") =>
      add(kind, tighter && r.input, p, `${what}${tighter && !r.input ? " (outputs only)" : ""}.`, r.operations);
    bound("min", o.min, n.min);
    bound("max", o.max, n.max);
    if (o.pattern !== n.pattern) {
      // Whether one pattern accepts less than another is not decided here: any change counts as tighter.
      if (n.pattern === undefined) constraint(false, path, `${path} no longer has a pattern`, "pattern-removed");
      else if (o.pattern === undefined) constraint(true, path, `${path} now has the pattern ${n.pattern}`, "pattern-added");
      else
        constraint(
          true,
          path,
          `${path}'s pattern changed from ${o.pattern} to ${n.pattern} (it may reject values the old one accepted)`,
          "pattern-changed",
        );
    }
  }

  changes.sort((x, y) =>
    x.severity !== y.severity
      ? x.severity === "breaking"
        ? -1
        : 1
      : x.path < y.path
        ? -1
        : x.path > y.path
          ? 1
          : x.kind < y.kind
            ? -1
            : x.kind > y.kind
              ? 1
              : 0,
  );
  return { semver: semverOf(changes), changes };
}

export function semverOf(changes: readonly Change[]): Semver {
  if (changes.some((c) => c.severity === "breaking")) return "major";
  if (changes.some((c) => c.kind !== "docs-changed")) return "minor";
  return changes.length > 0 ? "patch" : "none";
}

/** `1.2.3` bumped by `semver` (pre-1.0 packages bump the next digit down, as npm's caret reads them: a breaking change to 0.x is 0.(x+1).0). */
export function bumpVersion(version: string, semver: Semver): string {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m || semver === "none") return version;
  let [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const level = major === 0 && semver !== "patch" ? (semver === "major" ? "minor" : "patch") : semver;
  if (level === "major") [major, minor, patch] = [major + 1, 0, 0];
  else if (level === "minor") [minor, patch] = [minor + 1, 0];
  else patch += 1;
  return `${major}.${minor}.${patch}`;
}
