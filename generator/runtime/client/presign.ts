// presign(client, "GetObject", input, { expiresIn }): one operation's request, built as a call
// would build it (validation, the endpoint rules, the protocol's serialiser, the client's
// credentials and region), then signed in the query string (auth/presign.ts) instead of sent.
import { presignRequest, type PresignedRequest } from "../auth/presign.js";
import { defaultCredentials } from "../auth/credentials.js";
import { percentEncode, utf8Encode } from "../codecs/encoding.js";
import { callEndpoint, loadEndpointBase, loadRegion } from "../endpoints/resolve.js";
import { RequestValidationError, UnsupportedOperationError } from "../errors.js";
import { scrubError, secretTexts } from "../redact.js";
import type { OperationSchema } from "../schema.js";
import { clientState, type ServiceClient } from "./client.js";

export type { PresignedRequest } from "../auth/presign.js";

export interface PresignOptions {
  /** Seconds the URL stays valid: a whole number from 1 to 604800 (seven days). Default 900, as the AWS SDK v3's presigner. */
  readonly expiresIn?: number;
  /** The signing time; now when absent (a fixed one makes the URL reproducible). */
  readonly signingDate?: Date;
  /** The region to sign for, when not the endpoint's or the client's. */
  readonly signingRegion?: string;
  /** The signing name, when not the endpoint's or the service's. */
  readonly signingService?: string;
}

const DEFAULT_EXPIRES_IN = 900;

/** Presigns one operation of `client` (the runtime side of a package's `presign`). */
export async function presignOperation(
  client: ServiceClient,
  operation: OperationSchema,
  input: object | undefined,
  options: PresignOptions = {},
): Promise<PresignedRequest> {
  const state = clientState(client);
  const service = state.service;
  const values = input ?? {};
  if (operation.eventStream !== undefined) {
    throw new UnsupportedOperationError(`${operation.name} uses an event stream, which cannot be presigned`);
  }
  const issues = state.config.validateInput === false ? undefined : operation.validateInput?.(values);
  if (issues !== undefined && issues.length > 0) throw new RequestValidationError(operation.name, issues);
  const region = state.region ?? (await loadRegion(state));
  const endpoint = callEndpoint(state, operation, values, state.endpointBase ?? (await loadEndpointBase(state)));
  if (endpoint.signingRegionSet !== undefined) {
    throw new UnsupportedOperationError(`${operation.name}: the endpoint asks for SigV4a, which presign does not support yet`);
  }
  const credentials = await (state.credentials ??= defaultCredentials({ profile: state.config.profile }))();
  const protocol = service.protocol;
  const wire = (protocol.serializePresignRequest ?? protocol.serializeRequest)(
    service,
    operation,
    values as Readonly<Record<string, unknown>>,
  );
  const headers: Record<string, string> = { ...service.defaultHeaders, ...endpoint.headers, ...wire.headers };
  // A presigned URL carries no body: a stream given for one (a Blob, a Readable) is not read.
  const body = typeof wire.body === "string" ? utf8Encode(wire.body) : wire.body instanceof Uint8Array ? wire.body : undefined;
  try {
    return await presignRequest(
      {
        method: wire.method,
        protocol: endpoint.protocol,
        hostname: wire.hostPrefix ? wire.hostPrefix + endpoint.hostname : endpoint.hostname,
        port: endpoint.port,
        path: endpoint.basePath + wire.path,
        query: wire.query,
        headers,
        body,
      },
      {
        credentials,
        region: options.signingRegion ?? endpoint.signingRegion ?? region,
        service: options.signingService ?? endpoint.signingName ?? service.signingName,
        expiresIn: options.expiresIn ?? DEFAULT_EXPIRES_IN,
        signingDate: options.signingDate,
        rules: service.protocol.presignRules,
      },
    );
  } catch (error) {
    const secrets = [credentials.secretAccessKey, ...(credentials.sessionToken === undefined ? [] : [credentials.sessionToken])];
    throw scrubError(error, secretTexts(secrets, percentEncode), () => false);
  }
}
