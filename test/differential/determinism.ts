// The two sources of variation both clients draw from, made fixed: the clock (SigV4 date) and
// crypto.randomUUID (idempotency tokens, the invocation id). With both pinned, two correct
// clients given the same input must put byte-identical signed requests on the wire.

/**
 * Makes `new Date()` and `Date.now()` return `at` until the returned function is called; every
 * other Date use is untouched. `instanceof Date` keeps working for dates made before and after.
 * setTimeout and friends are left alone: both clients need real timers for their deadlines.
 */
export function freezeClock(at: number): () => void {
  const RealDate = globalThis.Date;
  class FrozenDate extends RealDate {
    constructor(...args: ConstructorParameters<DateConstructor> | []) {
      if (args.length === 0) super(at);
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return at;
    }
  }
  Object.defineProperty(FrozenDate, Symbol.hasInstance, { value: (value: unknown) => value instanceof RealDate });
  globalThis.Date = FrozenDate as DateConstructor;
  return () => {
    globalThis.Date = RealDate;
  };
}

/** The nth UUID of a stream, in UUID v4 form: readable in a diff and unique per (stream, n). */
export function sequenceUuid(stream: number, n: number): string {
  const hex = (stream >>> 0).toString(16).padStart(8, "0");
  return `${hex}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

/**
 * Replaces crypto.randomUUID with a counter; `restart(stream)` begins a new sequence, so each
 * client's call draws the same UUIDs in the same order. Returns the undo function.
 */
export function pinRandomUuid(): { restart(stream: number): void; restore(): void } {
  const target = globalThis.crypto;
  let stream = 0;
  let n = 0;
  Object.defineProperty(target, "randomUUID", {
    configurable: true,
    writable: true,
    value: () => sequenceUuid(stream, n++),
  });
  return {
    restart(next) {
      stream = next;
      n = 0;
    },
    restore() {
      // The original lives on Crypto.prototype: removing the own property brings it back.
      delete (target as { randomUUID?: unknown }).randomUUID;
    },
  };
}
