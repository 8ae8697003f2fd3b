// Facts about the wire the IR owns once: which protocol a model uses and which labels its URI
// templates carry. The model checks and the IR builder both read them from here.

type Obj = Record<string, unknown>;

/** Protocols svcgen generates clients for. */
export const SUPPORTED_PROTOCOLS = new Set(["rest-json", "json", "query", "ec2", "rest-xml"]);

/** The protocol the generator will use for a model: `protocols` first, then `protocol`. */
export function pickProtocol(metadata: Obj): string | undefined {
  const list = Array.isArray(metadata.protocols) ? metadata.protocols.filter((p): p is string => typeof p === "string") : [];
  return list.find((p) => SUPPORTED_PROTOCOLS.has(p)) ?? (typeof metadata.protocol === "string" ? metadata.protocol : undefined);
}

/** Labels of a requestUri path (and host prefix): `{Name}` or `{Name+}`. */
export function uriLabels(template: string): Array<{ name: string; greedy: boolean }> {
  const path = template.split("?")[0] ?? "";
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => {
    const raw = m[1] ?? "";
    return raw.endsWith("+") ? { name: raw.slice(0, -1), greedy: true } : { name: raw, greedy: false };
  });
}
