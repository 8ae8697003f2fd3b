// Facts about the wire the IR owns once: which protocol a model uses and which labels its URI
// templates carry. The model checks and the IR builder both read them from here.

type Obj = Record<string, unknown>;

/** Protocols svcgen generates clients for. */
export const SUPPORTED_PROTOCOLS = new Set(["rest-json", "json", "query", "ec2", "rest-xml", "smithy-rpc-v2-cbor"]);

/**
 * Protocols taken only when the model lists no other supported one (or a package option asks for
 * them): rpc-v2-cbor, which models list first beside the awsJson protocol the AWS SDK for
 * JavaScript v3 still speaks to those services by default.
 */
const OPT_IN_PROTOCOLS: ReadonlySet<string> = new Set(["smithy-rpc-v2-cbor"]);

/** The protocols a model lists (`protocols`, else `protocol`), in its order. */
export function listedProtocols(metadata: Obj): string[] {
  const list = Array.isArray(metadata.protocols) ? metadata.protocols.filter((p): p is string => typeof p === "string") : [];
  if (list.length > 0) return list;
  return typeof metadata.protocol === "string" ? [metadata.protocol] : [];
}

/**
 * The protocol the generator will use for a model: `preferred` when the model lists it; else the
 * first supported one of `protocols` that is not opt-in, then an opt-in one; then `protocol`.
 */
export function pickProtocol(metadata: Obj, preferred?: string): string | undefined {
  const list = listedProtocols(metadata);
  if (preferred !== undefined && list.includes(preferred)) return preferred;
  return (
    list.find((p) => SUPPORTED_PROTOCOLS.has(p) && !OPT_IN_PROTOCOLS.has(p)) ??
    list.find((p) => SUPPORTED_PROTOCOLS.has(p)) ??
    (typeof metadata.protocol === "string" ? metadata.protocol : undefined)
  );
}

/** Labels of a requestUri path (and host prefix): `{Name}` or `{Name+}`. */
export function uriLabels(template: string): Array<{ name: string; greedy: boolean }> {
  const path = template.split("?")[0] ?? "";
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => {
    const raw = m[1] ?? "";
    return raw.endsWith("+") ? { name: raw.slice(0, -1), greedy: true } : { name: raw, greedy: false };
  });
}

/**
 * The endpoint rule parameter whose input member the rules place in the URL themselves (S3's
 * `Bucket`: in the host, `bucket.s3.region.amazonaws.com`, or first in the path with path-style
 * addressing). An operation that also binds that member to a `{Label}` of its requestUri would
 * send it twice, so, as the AWS SDKs do, that label's segment leaves the path.
 */
export const ENDPOINT_OWNED_PARAMS: ReadonlySet<string> = new Set(["Bucket"]);

/**
 * The requestUri without the `/{label}` segments of the given labels: `/{Bucket}/{Key+}` →
 * `/{Key+}`, `/{Bucket}` → `/`, `/{Bucket}?tagging` → `/?tagging`. The literal query stays.
 */
export function withoutLabels(template: string, labels: ReadonlySet<string>): string {
  if (labels.size === 0) return template;
  const queryStart = template.indexOf("?");
  const path = queryStart === -1 ? template : template.slice(0, queryStart);
  const query = queryStart === -1 ? "" : template.slice(queryStart);
  const kept = path.split("/").filter((segment) => {
    const label = /^\{([^}]+?)\+?\}$/.exec(segment)?.[1];
    return label === undefined || !labels.has(label);
  });
  let stripped = kept.join("/");
  if (!stripped.startsWith("/")) stripped = `/${stripped}`;
  // `/{Bucket}/` (a trailing slash after the label) keeps one slash, not two.
  stripped = stripped.replace(/^\/\/+/, "/");
  return stripped + query;
}
