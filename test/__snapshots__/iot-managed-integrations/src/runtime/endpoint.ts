// Where requests go: https://{endpointPrefix}.{region}.{dnsSuffix}, or a URL the user gives.

export interface Endpoint {
  protocol: "https:" | "http:";
  /** As in a URL: an IPv6 literal keeps its brackets. */
  hostname: string;
  port?: number | undefined;
  /** "" or "/prefix" (no trailing slash), put before every operation's path. */
  basePath: string;
}

interface Partition {
  readonly id: string;
  readonly regions: RegExp;
  readonly dnsSuffix: string;
}

// The partitions AWS publishes: which region names belong to each, and its DNS suffix.
const PARTITIONS: readonly Partition[] = [
  { id: "aws", regions: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/, dnsSuffix: "amazonaws.com" },
  { id: "aws-cn", regions: /^cn-\w+-\d+$/, dnsSuffix: "amazonaws.com.cn" },
  { id: "aws-us-gov", regions: /^us-gov-\w+-\d+$/, dnsSuffix: "amazonaws.com" },
  { id: "aws-iso", regions: /^us-iso-\w+-\d+$/, dnsSuffix: "c2s.ic.gov" },
  { id: "aws-iso-b", regions: /^us-isob-\w+-\d+$/, dnsSuffix: "sc2s.sgov.gov" },
  { id: "aws-iso-e", regions: /^eu-isoe-\w+-\d+$/, dnsSuffix: "cloud.adc-e.uk" },
  { id: "aws-iso-f", regions: /^us-isof-\w+-\d+$/, dnsSuffix: "csp.hci.ic.gov" },
  { id: "aws-eusc", regions: /^eusc-de-\w+-\d+$/, dnsSuffix: "amazonaws.eu" },
];

/** Unknown regions (new ones, local test names) fall into the aws partition, as AWS SDKs do. */
const DEFAULT_DNS_SUFFIX = "amazonaws.com";

// One DNS label: letters are lowercase in every AWS region name, so uppercase is a mistake.
const REGION_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const HOST_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** The DNS suffix of the region's partition; each partition's "<id>-global" pseudo-region included. */
export function dnsSuffix(region: string): string {
  for (const partition of PARTITIONS) {
    if (partition.regions.test(region) || region === `${partition.id}-global`) return partition.dnsSuffix;
  }
  return DEFAULT_DNS_SUFFIX;
}

function parseOverride(override: string | URL): Endpoint {
  let url: URL;
  try {
    url = typeof override === "string" ? new URL(override) : override;
  } catch {
    throw new TypeError(`Invalid endpoint "${String(override)}": not an absolute URL such as https://example.com`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new TypeError(`Invalid endpoint "${url.protocol}//${url.host}": credentials in the URL are not allowed`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`Invalid endpoint "${url.href}": the scheme must be https: or http:`);
  }
  if (url.search !== "" || url.hash !== "") {
    throw new TypeError(`Invalid endpoint "${url.href}": a query or fragment is not allowed`);
  }
  return {
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port === "" ? undefined : Number(url.port),
    basePath: url.pathname.replace(/\/+$/, ""),
  };
}

/** The endpoint for a service in a region, or the parsed `override` (whose path becomes basePath). */
export function resolveEndpoint(endpointPrefix: string, region: string, override?: string | URL): Endpoint {
  if (override !== undefined) return parseOverride(override);
  if (!REGION_LABEL.test(region)) {
    throw new TypeError(
      `Invalid region ${JSON.stringify(region)}: a region is one lowercase DNS label such as "us-east-1"`,
    );
  }
  if (!HOST_NAME.test(endpointPrefix)) {
    throw new TypeError(`Invalid endpoint prefix ${JSON.stringify(endpointPrefix)}: not a DNS name`);
  }
  return { protocol: "https:", hostname: `${endpointPrefix}.${region}.${dnsSuffix(region)}`, basePath: "" };
}
