// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/endpoints/endpoints.ts; do not edit.
// The functions of the endpoint rule language, and what a resolved endpoint looks like. The rules
// themselves are compiled by the generator into plain code in each package's `src/endpoints.ts`,
// which calls these; nothing here reads rule JSON. Every function takes what the rules may hand it
// (unset values included) and answers `undefined` or false instead of throwing, as the rule
// language's semantics require: a function that cannot answer makes its condition fail.
import { brand } from "../brand.js";

/** What a rule set resolves to: the same shape as `expect.endpoint` in endpoint tests. */
export interface EndpointResult {
  readonly url: string;
  readonly headers?: Readonly<Record<string, readonly string[]>>;
  readonly properties?: Readonly<Record<string, unknown>>;
}

/** A rule set's error rule, or a parameter that is missing or of the wrong type. Nothing was sent. */
export class EndpointError extends Error {
  override readonly name = "EndpointError";
}
brand(EndpointError, "EndpointError");

/** The facts a partition gives the rules (`PartitionResult#dnsSuffix` and the rest). */
export interface Partition {
  readonly name: string;
  readonly dnsSuffix: string;
  readonly dualStackDnsSuffix: string;
  readonly supportsFIPS: boolean;
  readonly supportsDualStack: boolean;
  readonly implicitGlobalRegion: string;
}

/**
 * The partitions a package needs, carrying only the outputs its rules read. `regions` lists just
 * the region names that their partition's pattern would not find (`aws-global`, ...).
 */
export interface PartitionTable<K extends keyof Partition> {
  readonly partitions: ReadonlyArray<{
    readonly id: string;
    readonly regionRegex: RegExp;
    readonly regions: readonly string[];
    readonly outputs: Pick<Partition, K>;
  }>;
}

/**
 * `aws.partition`: the partition that lists the region by name, else the first whose pattern
 * matches it, else `aws` (new regions resolve as AWS SDKs resolve them). An unset region gets
 * `aws` too: older rule sets look the partition up before they test for a custom endpoint, and
 * their tests expect a custom endpoint to work without a region. (The client itself never sends
 * a request without a region unless an endpoint is configured.)
 */
export function partition<K extends keyof Partition>(table: PartitionTable<K>, region: string | undefined): Pick<Partition, K> | undefined {
  const list = table.partitions;
  if (region !== undefined) {
    for (const p of list) if (p.regions.includes(region)) return p.outputs;
    // Region names are short; a long value cannot be one, and is not worth running a pattern on.
    if (region.length <= 128) for (const p of list) if (p.regionRegex.test(region)) return p.outputs;
  }
  for (const p of list) if (p.id === "aws") return p.outputs;
  return list[0]?.outputs;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isLabel(value: string, start: number, end: number): boolean {
  const length = end - start;
  if (length < 1 || length > 63) return false;
  if (!isAlnum(value.charCodeAt(start))) return false;
  for (let i = start + 1; i < end; i++) {
    const c = value.charCodeAt(i);
    if (!isAlnum(c) && c !== 45) return false;
  }
  return true;
}

/** `isValidHostLabel`: one DNS label (letters, digits, hyphens; 1-63; not starting with a hyphen), or dot-separated labels. */
export function isValidHostLabel(value: string | undefined, allowSubDomains: boolean): boolean {
  if (value === undefined) return false;
  if (!allowSubDomains) return isLabel(value, 0, value.length);
  let start = 0;
  for (;;) {
    const dot = value.indexOf(".", start);
    const end = dot === -1 ? value.length : dot;
    if (!isLabel(value, start, end)) return false;
    if (dot === -1) return true;
    start = dot + 1;
  }
}

function isIPv4(host: string): boolean {
  const parts = host.split(".");
  if (parts.length !== 4) return false;
  for (const part of parts) {
    if (part.length === 0 || part.length > 3) return false;
    for (let i = 0; i < part.length; i++) {
      const c = part.charCodeAt(i);
      if (c < 48 || c > 57) return false;
    }
    if (Number(part) > 255) return false;
  }
  return true;
}

/** `aws.isVirtualHostableS3Bucket`: a bucket name that can be a host label (lowercase, 3-63, not an IP address). */
export function isVirtualHostableS3Bucket(value: string | undefined, allowSubDomains: boolean): boolean {
  if (value === undefined) return false;
  if (allowSubDomains) {
    for (const label of value.split(".")) if (!isVirtualHostableS3Bucket(label, false)) return false;
    return true;
  }
  if (value.length < 3 || value.length > 63) return false;
  if (!isLabel(value, 0, value.length)) return false;
  if (value !== value.toLowerCase()) return false;
  return !isIPv4(value);
}

export interface ParsedUrl {
  readonly scheme: string;
  readonly authority: string;
  readonly path: string;
  readonly normalizedPath: string;
  readonly isIp: boolean;
}

/** `parseURL`: an http(s) URL without a query, in parts; undefined for anything else. */
export function parseURL(value: string | undefined): ParsedUrl | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.search !== "" || value.includes("?")) return undefined;
  const scheme = url.protocol.slice(0, -1);
  if (scheme !== "http" && scheme !== "https") return undefined;
  // The authority as written: WHATWG URL drops a default port the user spelled out.
  const afterScheme = value.slice(value.indexOf("//") + 2);
  let end = afterScheme.length;
  for (const stop of ["/", "#"]) {
    const i = afterScheme.indexOf(stop);
    if (i !== -1 && i < end) end = i;
  }
  const authority = afterScheme.slice(0, end);
  if (authority.includes("@")) return undefined;
  const host = url.hostname;
  const isIp = isIPv4(host) || (host.startsWith("[") && host.endsWith("]"));
  const rest = afterScheme.slice(end);
  const hash = rest.indexOf("#");
  const path = hash === -1 ? rest : rest.slice(0, hash);
  return { scheme, authority, path, normalizedPath: path.endsWith("/") ? path : `${path}/`, isIp };
}

/** `substring`: characters start..stop (from the end when reverse); undefined when out of range or not ASCII. */
export function substring(value: string | undefined, start: number, stop: number, reverse: boolean): string | undefined {
  if (value === undefined || start >= stop || value.length < stop) return undefined;
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 127) return undefined;
  return reverse ? value.slice(value.length - stop, value.length - start) : value.slice(start, stop);
}

/** `uriEncode`: RFC 3986 percent-encoding of everything but the unreserved characters. */
export function uriEncode(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  readonly resourceId: readonly string[];
}

/** `aws.parseArn`: `arn:partition:service:region:account:resource`, the resource split at `:` and `/`. */
export function parseArn(value: string | undefined): Arn | undefined {
  if (value === undefined) return undefined;
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const colon = value.indexOf(":", start);
    if (colon === -1) return undefined;
    parts.push(value.slice(start, colon));
    start = colon + 1;
  }
  const resource = value.slice(start);
  const [arn, partitionName, service, region, accountId] = parts as [string, string, string, string, string];
  if (arn !== "arn" || partitionName === "" || service === "" || resource === "") return undefined;
  return { partition: partitionName, service, region, accountId, resourceId: resource.split(/[:/]/) };
}

/** A required parameter that is unset, or a value of the wrong type, fails before any rule runs. */
export function checkParam(name: string, value: unknown, type: "string" | "boolean" | "stringArray", required: boolean): void {
  if (value === undefined || value === null) {
    if (required) throw new EndpointError(`${name} is required`);
    return;
  }
  const ok = type === "stringArray" ? Array.isArray(value) && value.every((v) => typeof v === "string") : typeof value === type;
  if (!ok) throw new EndpointError(`${name} must be a ${type === "stringArray" ? "list of strings" : type}`);
}

/** An operation's string parameter taken from a path over its input: a string, else unset. */
export function stringParam(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** An operation's list parameter taken from a path over its input: its strings, else unset. */
export function stringListParam(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : undefined;
}
