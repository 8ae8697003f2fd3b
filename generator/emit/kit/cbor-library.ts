// The CBOR library a package depends on when its protocol is rpc-v2-cbor: the runtime's
// codecs/cbor.ts imports it, package.json lists it.
import { readFileSync } from "node:fs";

/** cborg, in the range svcgen itself depends on (as for the XML parser). */
export const CBOR_LIBRARY = {
  name: "cborg",
  range: (
    JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
      dependencies: Record<string, string>;
    }
  ).dependencies["cborg"]!,
} as const;
