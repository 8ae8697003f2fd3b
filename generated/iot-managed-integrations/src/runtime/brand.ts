// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/brand.ts; do not edit.
// `instanceof` across copies of the runtime. Every package carries its own copy, so an error made
// by one package's runtime is not an instance of another package's class of the same name. A
// branded class answers `instanceof` by a registry symbol (`Symbol.for("svcgen.<Name>")`) that
// every copy shares, set on its prototype; subclasses without a brand of their own (a service's
// generated errors) keep the ordinary prototype check.

/** Whether `value` carries the brand `name` (any copy of the runtime). */
export function hasBrand(value: unknown, name: string): boolean {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    (value as Record<symbol, unknown>)[Symbol.for(`svcgen.${name}`)] === true
  );
}

/** Brands `cls` as `name`: its instances, and its subclasses', pass `instanceof` in every copy. */
export function brand(cls: abstract new (...args: never[]) => unknown, name: string): void {
  Object.defineProperty(cls.prototype, Symbol.for(`svcgen.${name}`), { value: true });
  Object.defineProperty(cls, Symbol.hasInstance, {
    value(this: unknown, value: unknown): boolean {
      return this === cls ? hasBrand(value, name) : Function.prototype[Symbol.hasInstance].call(this, value);
    },
  });
}
