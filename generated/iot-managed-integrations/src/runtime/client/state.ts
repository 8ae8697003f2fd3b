// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/client/state.ts; do not edit.
// What a client keeps between calls (configuration, credentials, endpoint cache, connections):
// private to the runtime, never shown by printing a client.
import type { CredentialProvider } from "../auth/credentials.js";
import type { EndpointState } from "../endpoints/resolve.js";
import type { Transport } from "../http/transport.js";
import type { BackoffPolicy, RetryQuota } from "./retry.js";
import type { ClientHooks } from "./config.js";

export interface ClientState extends EndpointState {
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly backoff: BackoffPolicy;
  readonly quota: RetryQuota;
  readonly userAgent: string;
  readonly hooks: ClientHooks | undefined;
  credentials: CredentialProvider | undefined;
  transport: Transport | undefined;
  transportLoading: Promise<Transport> | undefined;
}
