// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/endpoints/resolve.ts; do not edit.
// Where a call goes: the rule parameters configuration decides (options, then the environment,
// then the shared config profile; read once per client), the operation's own parameters, the
// rules' result cached per client by those parameters, and that result checked and taken apart
// into the form the transport and the signer take.
import { authSchemeOf } from "../auth/scheme.js";
import { envSetting, profileSettings, resolveRegion } from "../auth/credentials.js";
import type { ClientConfig } from "../client/config.js";
import { ClientConfigError } from "../errors.js";
import type { OperationSchema } from "../schema.js";
import type { ServiceSchema } from "../service.js";
import { isValidHostLabel, type EndpointResult } from "./endpoints.js";

/** What endpoint resolution keeps per client. */
export interface EndpointState {
  readonly service: ServiceSchema;
  readonly config: ClientConfig;
  region: string | undefined;
  regionLoading: Promise<string> | undefined;
  /** The shared config profile's settings, once something needed them. */
  profileLoading: Promise<Readonly<Record<string, string>> | undefined> | undefined;
  /** The rule parameters that come from configuration, read once (environment and shared config included). */
  endpointBase: Readonly<Record<string, unknown>> | undefined;
  endpointBaseLoading: Promise<Readonly<Record<string, unknown>>> | undefined;
  /** Resolved endpoints by the per-operation parameters that produced them. */
  readonly endpointCache: Map<string, ResolvedEndpoint>;
  lastEndpoint: ResolvedEndpoint | undefined;
}

/** The region: the option (or its provider's answer), the environment, then the shared config profile; read once per client. */
export function loadRegion(state: EndpointState): Promise<string> {
  state.regionLoading ??= regionOf(state).then(
    (region) => (state.region = region),
    (error: unknown) => {
      // A provider that failed (or no region anywhere) is asked again by the next call.
      state.regionLoading = undefined;
      throw error;
    },
  );
  return state.regionLoading;
}

async function regionOf(state: EndpointState): Promise<string> {
  const serviceId = state.service.serviceId;
  const option = state.config.region;
  let region: unknown = option;
  if (typeof option === "function") {
    try {
      region = await option();
    } catch (error) {
      throw new ClientConfigError(`${serviceId}: the region provider failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    if (typeof region !== "string" || region === "") {
      throw new ClientConfigError(
        `${serviceId}: the region provider returned ${typeof region === "string" ? "an empty string" : typeof region}, not a region`,
      );
    }
  }
  if (region !== undefined && typeof region !== "string") {
    throw new ClientConfigError(
      `${serviceId}: \`region\` must be a string or a function returning a Promise of one, not ${describeValue(region)}`,
    );
  }
  region = resolveRegion(region) ?? (await sharedProfile(state))?.["region"];
  if (typeof region !== "string" || region === "") {
    throw new ClientConfigError(
      `${serviceId}: no region. Pass \`region\` in the client config, set AWS_REGION, or set \`region\` in the shared config profile.`,
    );
  }
  // A region becomes part of a host name: anything else ("US EAST", "us-east-1/../x") is refused
  // here, before it can reach a URL.
  if (!isValidHostLabel(region, false)) {
    throw new ClientConfigError(
      `${serviceId}: invalid region ${JSON.stringify(region.length > 64 ? `${region.slice(0, 64)}...` : region)}: a region is one DNS label such as "us-east-1"`,
    );
  }
  return region;
}

function describeValue(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}

/** The client's shared config profile (the `profile` option, else AWS_PROFILE, else default), read at most once per client. */
function sharedProfile(state: EndpointState): Promise<Readonly<Record<string, string>> | undefined> {
  state.profileLoading ??= profileSettings(undefined, state.config.profile);
  return state.profileLoading;
}

/** Where one call goes, and how it is signed: the endpoint rules' result in the form the transport takes. */
export interface ResolvedEndpoint {
  readonly protocol: "https:" | "http:";
  /** As in a URL: an IPv6 literal keeps its brackets. */
  readonly hostname: string;
  readonly port?: number | undefined;
  /** "" or "/prefix" (no trailing slash), put before every operation's path. */
  readonly basePath: string;
  /** Headers the endpoint asks for. */
  readonly headers?: Readonly<Record<string, string>>;
  /** From the endpoint's auth scheme, when it overrides the service's. */
  readonly signingName?: string | undefined;
  readonly signingRegion?: string | undefined;
  /** Set when the endpoint asks for SigV4a: the regions the signature is valid in. */
  readonly signingRegionSet?: readonly string[] | undefined;
}

/** Resolved endpoints kept per client; beyond this many distinct parameter sets the cache starts over. */
const ENDPOINT_CACHE_LIMIT = 128;

export function callEndpoint(
  state: EndpointState,
  operation: OperationSchema,
  input: object,
  base: Readonly<Record<string, unknown>>,
): ResolvedEndpoint {
  // Operations without parameters of their own share one entry; others key by their values.
  const extra = operation.endpointParams?.(input);
  const key = extra === undefined ? "" : JSON.stringify(extra);
  const cache = state.endpointCache;
  let endpoint = cache.get(key);
  if (endpoint === undefined) {
    const params = extra === undefined ? base : Object.assign(Object.create(null) as Record<string, unknown>, base, extra);
    const resolve = state.config.endpointResolver ?? state.service.endpoints.resolve;
    endpoint = toResolvedEndpoint(resolve(params), operation.name, state.service.sigv4a !== undefined);
    if (cache.size >= ENDPOINT_CACHE_LIMIT) cache.clear();
    cache.set(key, endpoint);
  }
  state.lastEndpoint = endpoint;
  return endpoint;
}

/** The URL the rules chose, checked and taken apart; the auth scheme they name (auth/scheme.ts) picks the signer's name and region. */
function toResolvedEndpoint(result: EndpointResult, operation: string, signsV4a: boolean): ResolvedEndpoint {
  let url: URL;
  try {
    url = new URL(result.url);
  } catch {
    throw new ClientConfigError(`${operation}: the endpoint is not an absolute URL such as https://example.com`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ClientConfigError(`${operation}: the endpoint's scheme must be https: or http:, not ${url.protocol}`);
  }
  const scheme = authSchemeOf(result.properties?.["authSchemes"], operation, signsV4a);
  let headers: Record<string, string> | undefined;
  if (result.headers !== undefined) {
    headers = {};
    for (const name of Object.keys(result.headers)) headers[name.toLowerCase()] = result.headers[name]!.join(",");
  }
  return {
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port === "" ? undefined : Number(url.port),
    basePath: url.pathname.replace(/\/+$/, ""),
    ...(headers === undefined ? {} : { headers }),
    signingName: scheme?.signingName,
    signingRegion: scheme?.signingRegion,
    signingRegionSet: scheme?.signingRegionSet,
  };
}

export function loadEndpointBase(state: EndpointState): Promise<Readonly<Record<string, unknown>>> {
  state.endpointBaseLoading ??= endpointBase(state).then(
    (base) => (state.endpointBase = base),
    (error: unknown) => {
      state.endpointBaseLoading = undefined;
      throw error;
    },
  );
  return state.endpointBaseLoading;
}

/** "true" / "false" in any case; anything else is unset. */
function boolSetting(value: string | undefined): boolean | undefined {
  const v = value?.trim().toLowerCase();
  return v === "true" ? true : v === "false" ? false : undefined;
}

/**
 * The rule parameters configuration decides: builtins from the config, else the environment,
 * else the shared config profile (read only when something is still open), and client options.
 */
async function endpointBase(state: EndpointState): Promise<Readonly<Record<string, unknown>>> {
  const { service, config } = state;
  const rules = service.endpoints;
  const builtins = rules.builtins;
  const params = Object.create(null) as Record<string, unknown>;
  const fromProfile = async (key: string): Promise<string | undefined> => (await sharedProfile(state))?.[key];
  if (builtins.region !== undefined) params[builtins.region] = state.region;
  for (const [name, option, variable, setting] of [
    [builtins.useFips, config.useFipsEndpoint, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint"],
    [builtins.useDualStack, config.useDualstackEndpoint, "AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint"],
  ] as const) {
    if (name === undefined) continue;
    const value = option ?? boolSetting(envSetting(variable)) ?? boolSetting(await fromProfile(setting));
    if (value !== undefined) params[name] = value;
  }
  if (builtins.endpoint !== undefined) {
    let endpoint = endpointOption(config.endpoint, service.serviceId);
    const ignore =
      boolSetting(envSetting("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) ?? boolSetting(await fromProfile("ignore_configured_endpoint_urls"));
    if (endpoint === undefined && ignore !== true) {
      const specific = `AWS_ENDPOINT_URL_${service.serviceId.toUpperCase().replace(/ /g, "_")}`;
      const configured = envSetting(specific) ?? envSetting("AWS_ENDPOINT_URL") ?? (await fromProfile("endpoint_url"));
      endpoint = endpointOption(configured, service.serviceId);
    }
    if (endpoint !== undefined) params[builtins.endpoint] = endpoint;
  }
  const options = rules.options;
  if (options !== undefined) {
    const values = config as Readonly<Record<string, unknown>>;
    for (const option of Object.keys(options)) {
      const value = Object.prototype.hasOwnProperty.call(values, option) ? values[option] : undefined;
      if (value !== undefined) params[options[option]!] = value;
    }
  }
  return params;
}

/**
 * A custom endpoint as the rules take it: an absolute http(s) URL without credentials, query or
 * fragment. Errors never repeat what could be a user:password in it.
 */
function endpointOption(value: ClientConfig["endpoint"] | string | undefined, serviceId: string): string | undefined {
  if (value === undefined) return undefined;
  const raw = typeof value === "string" || value instanceof URL ? value : value.url;
  let url: URL;
  try {
    url = typeof raw === "string" ? new URL(raw.trim()) : raw;
  } catch {
    throw new ClientConfigError(`${serviceId}: invalid endpoint: not an absolute URL such as https://example.com`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new ClientConfigError(`${serviceId}: invalid endpoint ${url.protocol}//${url.host}: credentials in the URL are not allowed`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ClientConfigError(`${serviceId}: invalid endpoint: the scheme must be https: or http:, not ${url.protocol}`);
  }
  if (url.search !== "" || url.hash !== "") {
    throw new ClientConfigError(
      `${serviceId}: invalid endpoint ${url.protocol}//${url.host}${url.pathname}: a query or fragment is not allowed`,
    );
  }
  // The rules take the URL as written; a bare origin is given without the slash URL adds.
  return typeof raw === "string" ? raw.trim() : url.pathname === "/" ? url.origin : url.href;
}
