// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/testing/match.ts; do not edit.
// The matching rule of `mock.on(operation, partialInput)`, as aws-sdk-client-mock states it: a
// call matches when every member the partial input names is there and matches. Objects match
// partially at every depth (members the partial leaves out may have any value); lists match item
// by item and must have the same length; dates by time, bytes by content, anything else by `===`.
// Own enumerable keys only: a key like `__proto__` or `constructor` in either side is data.

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date) && !ArrayBuffer.isView(value);
}

/** Whether `actual` matches the partial `expected` (see above). Depth is bounded by the expected value's own depth. */
export function matchesPartial(expected: unknown, actual: unknown): boolean {
  if (expected === actual) return true;
  if (expected instanceof Date) return actual instanceof Date && actual.getTime() === expected.getTime();
  if (expected instanceof Uint8Array) {
    if (!(actual instanceof Uint8Array) || actual.length !== expected.length) return false;
    for (let i = 0; i < expected.length; i++) if (actual[i] !== expected[i]) return false;
    return true;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false;
    for (let i = 0; i < expected.length; i++) if (!matchesPartial(expected[i], actual[i])) return false;
    return true;
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return false;
    for (const key of Object.keys(expected)) {
      const want = expected[key];
      if (want === undefined) continue;
      if (!Object.hasOwn(actual, key) || !matchesPartial(want, actual[key])) return false;
    }
    return true;
  }
  // NaN matches NaN, as in a deep-equality check.
  return typeof expected === "number" && typeof actual === "number" && Number.isNaN(expected) && Number.isNaN(actual);
}
