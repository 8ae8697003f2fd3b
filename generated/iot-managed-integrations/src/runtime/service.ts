// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/service.ts; do not edit.
// The service constant a generated package hands its client (src/service.ts): the wire facts of
// the service, its protocol object and its endpoint rules.
import type { SigV4aSigner } from "./auth/scheme.js";
import type { EndpointResult } from "./endpoints/endpoints.js";
import type { Protocol, ProtocolFacts } from "./protocols/protocol.js";

/** The service's endpoint rules (compiled in src/endpoints.ts) and what feeds their parameters. */
export interface EndpointRules {
  resolve(params: object): EndpointResult;
  /** Rule parameter names of the builtins the client fills from its own settings. */
  readonly builtins: {
    readonly region?: string;
    readonly useFips?: string;
    readonly useDualStack?: string;
    readonly endpoint?: string;
  };
  /** Client options that set rule parameters (`forcePathStyle` → `ForcePathStyle`). */
  readonly options?: Readonly<Record<string, string>>;
}

export interface ServiceSchema extends ProtocolFacts {
  readonly serviceId: string;
  readonly apiVersion: string;
  /** How requests and responses look on the wire (restJson1, awsJson...): one object per protocol. */
  readonly protocol: Protocol;
  readonly signingName: string;
  readonly endpointPrefix: string;
  readonly endpoints: EndpointRules;
  /** Headers every request carries unless an input member sets them (facts the model leaves out). */
  readonly defaultHeaders?: Readonly<Record<string, string>>;
  /** Send no amz-sdk-invocation-id / amz-sdk-request: the service refuses them. */
  readonly omitRetryHeaders?: true;
  /** Loads the SigV4a signer: present only where the endpoint rules can ask for SigV4a. */
  readonly sigv4a?: () => Promise<SigV4aSigner>;
  /** The product token sent in the user agent: `svcgen/<generator version>`. */
  readonly userAgent?: string;
}
