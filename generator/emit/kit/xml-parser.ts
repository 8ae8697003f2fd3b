// The XML parser a package depends on when its protocol reads or writes XML (query, ec2,
// rest-xml): the runtime's codecs/xml.ts imports it, package.json lists it.
import { readFileSync } from "node:fs";
import type { ServiceIR } from "../../ir/types.js";
import { usesXmlFacts } from "../protocols.js";

/** fast-xml-parser, in the range svcgen itself depends on (as for the linear-time engine). */
export const XML_PARSER = {
  name: "fast-xml-parser",
  range: (
    JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
      dependencies: Record<string, string>;
    }
  ).dependencies["fast-xml-parser"]!,
} as const;

/** Whether the package's runtime copy includes the XML codec: every protocol with XML facts does. */
export function usesXmlParser(ir: ServiceIR): boolean {
  return usesXmlFacts(ir);
}
