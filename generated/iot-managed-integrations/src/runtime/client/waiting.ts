// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/client/waiting.ts; do not edit.
// Waiting that a call's cancellation cuts short: a credential provider's promise, a backoff sleep;
// and a streamed body that the call's signal keeps stopping after the call has returned.
import type { Cancellation } from "../http/transport.js";

/** Settles with `promise`, or rejects as soon as the call is cancelled (a credential call may hang). */
export function untilCancelled<T>(promise: Promise<T>, cancel: Cancellation): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (cancel.aborted) {
      reject(cancel.reason);
      return;
    }
    cancel.on(reject);
    promise.then(
      (value) => {
        cancel.off(reject);
        resolve(value);
      },
      (error: unknown) => {
        cancel.off(reject);
        reject(error);
      },
    );
  });
}

export function sleep(ms: number, cancel: Cancellation): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (cancel.aborted) {
      reject(cancel.reason);
      return;
    }
    const onCancel = (reason: unknown): void => {
      clearTimeout(timer);
      reject(reason);
    };
    const timer = setTimeout(() => {
      cancel.off(onCancel);
      resolve();
    }, ms);
    cancel.on(onCancel);
  });
}

/** Aborts `cancel` with `error(reason)` when `signal` aborts (at once if it has); returns the detach. */
export function followSignal(signal: AbortSignal, cancel: Cancellation, error: (reason: unknown) => Error): () => void {
  const onAbort = (): void => cancel.abort(error(signal.reason));
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort, { once: true });
  return () => signal.removeEventListener("abort", onAbort);
}
