// Differences where svcgen follows the protocol and the official client does something else, or
// where the protocol leaves a choice open and both choices mean the same to the service. Each
// entry names the rule that decides it; the comparison uses them to explain a difference, never
// to hide one without a reason. A difference no entry explains fails the run.
import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { ABSENT, type Difference } from "./compare.js";
import type { CapturedRequest } from "./capture-server.js";
import { canonicalXml, formPairs, memberOrderFree, type Canonical } from "./xml.js";

export interface Context {
  readonly service: string;
  readonly operation: string;
  readonly sdkRequest: CapturedRequest | undefined;
  readonly ourRequest: CapturedRequest | undefined;
  /**
   * The member the difference is about, when the official client's own model (its exported
   * schemas) does not have it: "Shape.member".
   */
  readonly missingFromSdkModel: (diff: Difference) => string | undefined;
  /** The operation's output member bound to the whole response body, if any. */
  readonly outputPayload: string | undefined;
  /** The response the server sent had no body. */
  readonly emptyResponseBody: boolean;
  /** The request differs in something besides its signature, and every such difference is explained. */
  readonly otherRequestDifferencesExplained: boolean;
  /** The reference signer accepts both requests' signatures as sent. */
  readonly signaturesHold: boolean;
  /** svcgen's error, as `Name: message`, when it sent nothing. */
  readonly ourRefusal?: string | undefined;
  /** Whether the input sets this top-level member. */
  readonly inputHas?: ((member: string) => boolean) | undefined;
  /** Headers (lower case) that input list members given as [] are bound to. */
  readonly emptyListHeaders?: ReadonlySet<string> | undefined;
}

export interface KnownDifference {
  readonly id: string;
  /** What differs, in a sentence. */
  readonly summary: string;
  /** The protocol rule that decides it, and which side it favours. */
  readonly rule: string;
  matches(diff: Difference, context: Context): boolean;
}

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  {
    id: "model-drift",
    summary:
      "A member the corpus model has and the official client's (older or newer) model does not: that client neither sends nor reads it.",
    rule: "Both clients follow their own model; svcgen's is the corpus model under test. Checked against the official client's exported schema, not assumed.",
    matches: (diff, context) => context.missingFromSdkModel(diff) !== undefined,
  },
  {
    id: "uri-trailing-slash",
    summary: "The model's requestUri ends in `/` (e.g. IoT ListAuthorizers `/authorizers/`); the official client's model drops the slash.",
    rule: "Smithy HTTP bindings, literal character sequences: trailing slashes are always optional when matching, so both paths select the operation; svcgen sends the requestUri as the model writes it.",
    matches: (diff) => diff.aspect === "path" && diff.svcgen === `${diff.sdk}/`,
  },
  {
    id: "content-type-without-body",
    summary: "An unset blob payload: the official client still sends its media type as Content-Type with no body; svcgen sends neither.",
    rule: "RFC 9110 §8.3: Content-Type describes the content, and there is none. restJson1 test RestJsonHttpPayloadTraitsWithNoBlobBody requires only the bound headers for this case.",
    matches: (diff, context) =>
      diff.aspect === "header" &&
      diff.where === "content-type" &&
      diff.svcgen === ABSENT &&
      context.sdkRequest?.body.length === 0 &&
      context.ourRequest?.body.length === 0,
  },
  {
    id: "content-length-without-body",
    summary: "A request with no body: the official client sends `Content-Length: 0`; svcgen's node transport sends no framing header.",
    rule: "RFC 9110 §8.6: a user agent should not send Content-Length when the request has no content and the method does not anticipate any; svcgen favours sending none (README, protocol rules).",
    matches: (diff, context) =>
      diff.aspect === "header" &&
      diff.where === "content-length" &&
      diff.sdk === "0" &&
      diff.svcgen === ABSENT &&
      context.sdkRequest?.body.length === 0 &&
      context.ourRequest?.body.length === 0,
  },
  {
    id: "empty-blob-payload",
    summary:
      "A blob payload member (e.g. Lambda Invoke's Payload) with an empty response body: the official client sets it to null (its own type says Uint8Array | undefined); svcgen leaves it out.",
    rule: "restJson1 output test RestJsonHttpPayloadTraitsWithNoBlobBody: an empty body gives no blob member; the expected result has only the header-bound member.",
    matches: (diff, context) =>
      diff.aspect === "output" &&
      diff.where === context.outputPayload &&
      diff.sdk === "null" &&
      diff.svcgen === ABSENT &&
      context.emptyResponseBody,
  },
  {
    id: "error-message-placeholder",
    summary:
      "An error body without a message (or with an empty one): the official client says `UnknownError` (JSON, rest-xml) or `Unknown` (awsQuery, ec2), svcgen keeps the body's empty text or names the code and status.",
    rule: 'No protocol rule: the message is not on the wire, so its stand-in is each client\'s choice. Where the body says "", svcgen keeps "" as the model\'s member value.',
    matches: (diff) => diff.aspect === "error" && diff.where === "message" && (diff.sdk === "UnknownError" || diff.sdk === "Unknown"),
  },
  {
    id: "error-Message-member",
    summary:
      "An error shape with a `Message` member: the official client copies it into `message` and deletes the member; svcgen keeps the member as modelled and uses it as `message` too.",
    rule: "awsJson / restJson1: error structures deserialise like any structure, member by member; the official client's own type declares `Message` and then removes it at run time.",
    matches: (diff) => diff.aspect === "error" && diff.where === "Message" && diff.sdk === ABSENT && diff.svcgen !== ABSENT,
  },
  {
    id: "dot-segment-label",
    summary:
      "A URI label of `.` or `..` (random strings sometimes are): the official client sends it as a path segment; svcgen refuses the input before sending.",
    rule: "RFC 3986 §5.2.4 and the WHATWG URL parser remove dot-segments (`%2E` included), and SigV4 normalises the path, so the request would reach and be signed for another resource; svcgen favours refusing (README, Reliability).",
    matches: (diff, context) =>
      ((diff.aspect === "sent" || diff.aspect === "outcome") &&
        diff.svcgen.includes("RequestValidationError") &&
        diff.svcgen.includes("must not be `.` or `..`")) ||
      // The server's error to the official client against svcgen's refusal: every part of the error differs.
      (diff.aspect === "error" && dotSegmentRefusal(context.ourRefusal)),
  },
  {
    id: "json-member-order",
    summary:
      "Equal JSON bodies whose object members come in a different order: each client writes its own model's member order, and the corpus model orders some structures differently.",
    rule: "RFC 8259 §4: the order of object members is not significant. Accepted only when both bodies are exactly what JSON.stringify writes for the parsed value, so order is the only difference.",
    matches: (diff, context) =>
      diff.aspect === "body" && diff.where === "(bytes)" && onlyMemberOrderDiffers(context.sdkRequest, context.ourRequest),
  },
  {
    id: "form-pair-order",
    summary:
      "awsQuery / ec2 form bodies with the same decoded key/value pairs in another order: each client writes its own model's member order.",
    rule: "awsQuery and ec2 serialise the input as flat key/value pairs that the service reads by name; their order carries nothing. Accepted only when both bodies are forms and their decoded pair multisets are equal (xml.ts formPairs).",
    matches: (diff, context) => diff.aspect === "body" && diff.where === "(bytes)" && sameFormPairs(context.sdkRequest, context.ourRequest),
  },
  {
    id: "form-content-type-charset",
    summary:
      "awsQuery / ec2 requests: svcgen sends `application/x-www-form-urlencoded; charset=utf-8` (as botocore does), the official client the bare media type.",
    rule:
      "Both spellings name one media type (the WHATWG URL standard defines application/x-www-form-urlencoded as UTF-8 and gives it no parameters, so the charset says nothing new). " +
      "The suites disagree byte for byte: botocore's legacy query and ec2 suites expect `; charset=utf-8` (25 cases), the Smithy-derived awsQuery and ec2 suites the bare type (39 cases). " +
      "svcgen keeps botocore's spelling, which meets the first exactly and the second by media type; the bare one would fail the legacy cases.",
    matches: (diff) =>
      diff.aspect === "header" &&
      diff.where === "content-type" &&
      diff.sdk === "application/x-www-form-urlencoded" &&
      diff.svcgen === "application/x-www-form-urlencoded; charset=utf-8",
  },
  {
    id: "xml-equal-bodies",
    summary:
      "rest-xml request bodies that are the same XML tree in other bytes: the official client opens with an XML declaration and writes `'` as `&apos;`, svcgen writes neither.",
    rule: "XML 1.0 §2.8 makes the declaration optional (a document without one is UTF-8, §4.3.3) and §2.4 lets `'` stand as itself in text; no restXml suite case (38 Smithy-derived, 18 legacy) expects a declaration. Accepted only when both bodies parse to equal canonical trees (xml.ts canonicalXml).",
    matches: (diff, context) => diff.aspect === "body" && diff.where === "(bytes)" && sameXmlTree(context.sdkRequest, context.ourRequest),
  },
  {
    id: "xml-member-order",
    summary:
      "rest-xml request bodies whose structure members come in another order (Route 53 ChangeBatch: Comment then Changes in the corpus model, Changes then Comment in the official client's).",
    rule: "Each client writes its own model's member order and services read members by name: botocore, which writes the corpus model's order, is the reference client for these same services. Accepted only when the trees are equal once siblings are sorted by name with a stable sort, so list items keep their order (xml.ts memberOrderFree).",
    matches: (diff, context) => diff.aspect === "body" && sameXmlTree(context.sdkRequest, context.ourRequest, memberOrderFree),
  },
  {
    id: "checksum-algorithm-unknown-to-both",
    summary:
      "A ChecksumAlgorithm the corpus model lists and neither client computes (SHA512, XXHASH64, XXHASH3, XXHASH128): both refuse the call before sending; the official client throws a plain Error, svcgen a ClientConfigError.",
    rule: "The corpus model is newer than both clients' checksum implementations. Refusing before sending is the behaviour both share; the error class is each client's own. Accepted only when svcgen refused for that reason and, for the message, the official client's text is its own refusal.",
    matches: (diff, context) =>
      context.ourRefusal !== undefined &&
      /checksum algorithm "(SHA512|XXHASH\w*)" is not one this client computes/.test(context.ourRefusal) &&
      ((diff.aspect === "sent" && SDK_CHECKSUM_REFUSAL.test(diff.sdk)) ||
        (diff.aspect === "error" &&
          (diff.where === "name" || diff.where === "$fault" || (diff.where === "message" && SDK_CHECKSUM_REFUSAL.test(diff.sdk))))),
  },
  {
    id: "checksum-follows-body",
    summary:
      "A different x-amz-checksum-* (or Content-MD5) value where the bodies differ only in an explained way (XML declaration, escapes, member order): each client checksums what it sends.",
    rule: "A flexible checksum is of the content sent. Accepted only when each value is the named algorithm's checksum of its own client's body and every other difference of the request is explained.",
    matches: (diff, context) =>
      diff.aspect === "header" &&
      isChecksumHeader(diff.where) &&
      context.otherRequestDifferencesExplained &&
      context.sdkRequest !== undefined &&
      context.ourRequest !== undefined &&
      diff.sdk === referenceChecksum(checksumName(diff.where), context.sdkRequest.body) &&
      diff.svcgen === referenceChecksum(checksumName(diff.where), context.ourRequest.body),
  },
  {
    id: "framing-follows-body",
    summary:
      "A different Content-Length where the bodies differ only in an explained way (XML declaration, escapes): each client frames what it sends.",
    rule: "RFC 9110 §8.6: Content-Length is the length of the content sent. Accepted only when each value is its own body's length and every other difference of the request is explained.",
    matches: (diff, context) =>
      diff.aspect === "header" &&
      diff.where === "content-length" &&
      context.otherRequestDifferencesExplained &&
      diff.sdk === String(context.sdkRequest?.body.length) &&
      diff.svcgen === String(context.ourRequest?.body.length),
  },
  {
    id: "empty-list-header",
    summary:
      "A list bound to a header, given as an empty list (S3 ListObjectsV2's OptionalObjectAttributes): the official client sends the header with an empty value; svcgen sends no header.",
    rule: 'botocore\'s legacy rest-xml input case "List in header" sends ListParam: [] and forbids the x-amz-list-param header (issue 16, JSON rule 3). Accepted only for an empty value against an absent header that an input list given as [] is bound to.',
    matches: (diff, context) =>
      diff.aspect === "header" && diff.sdk === "" && diff.svcgen === ABSENT && context.emptyListHeaders?.has(diff.where) === true,
  },
  {
    id: "s3-listing-url-encoding",
    summary:
      "S3 listings (ListObjectsV2) called without an EncodingType: svcgen asks for `encoding-type=url` and decodes the names of a listing that says it is URL-encoded; the official client asks for nothing and decodes nothing.",
    rule: "botocore's S3 behaviour (a key may hold characters XML 1.0 cannot carry, so the listing is asked for encoded and handed back decoded), which svcgen's S3 module follows (generator/runtime/protocols/s3.ts). Accepted only for the added query pair when the input has no EncodingType, and for output names where svcgen's value is the official client's `+`-and-%XX-decoded.",
    matches: (diff, context) =>
      context.service === "s3" &&
      LISTINGS.has(context.operation) &&
      ((diff.aspect === "query" &&
        diff.where === "encoding-type" &&
        diff.sdk === "encoding-type=url ×0" &&
        diff.svcgen === "encoding-type=url ×1" &&
        context.inputHas?.("EncodingType") === false) ||
        (diff.aspect === "output" && diff.sdk !== diff.svcgen && diff.svcgen === formDecoded(diff.sdk))),
  },
  {
    id: "route53-invalid-change-batch",
    summary:
      "Route 53's InvalidChangeBatch error: the official client fills its `messages` list (here with []) by a Route 53 customisation; svcgen reads the error like any other and leaves an absent list absent.",
    rule: "Route 53 answers InvalidChangeBatch in a document of its own (`<InvalidChangeBatch><Messages><Message>`), not the restXml `<ErrorResponse>` form, and the official clients special-case it; the canned reply here is the protocol's form, where an absent list stays absent. svcgen has no Route 53 customisation: a known gap (the code of such a real response is not read).",
    matches: (diff, context) =>
      context.service === "route53" && diff.aspect === "error" && diff.where === "messages" && diff.sdk === "[]" && diff.svcgen === ABSENT,
  },
  {
    id: "xml-whitespace-text",
    summary:
      "An XML response string member whose text is only whitespace (`<Description>&#xA;</Description>`): the official client reads it as an empty string, svcgen keeps the text.",
    rule: "XML 1.0 §2.10: every character that is not markup is passed to the application. restXml output test SimpleScalarPropertiesPureWhiteSpace expects `<stringValue>  </stringValue>` to read as two spaces; awsQuery and ec2 read text the same way.",
    matches: (diff) => diff.aspect === "output" && diff.sdk === "" && diff.svcgen !== "" && diff.svcgen.trim() === "",
  },
  {
    id: "xml-whitespace-map-key",
    summary:
      "The same for a map key (SES GetIdentityPolicies' PolicyMap): a key of only whitespace is an empty key to the official client, so the entry sits under another key; svcgen keeps the key.",
    rule: "As xml-whitespace-text: the key's text is its characters (XML 1.0 §2.10). Accepted only for a whitespace-only or empty last key that one side has and the other lacks.",
    matches: (diff) => diff.aspect === "output" && /\.\s*$/.test(diff.where) && (diff.sdk === ABSENT) !== (diff.svcgen === ABSENT),
  },
  {
    id: "signature-follows-request",
    summary:
      "Different payload hashes and Authorization headers where the requests differ in an explained way (path, member order): each client signs what it sends.",
    rule: "SigV4 signs the canonical request and the payload hash; requests that differ sign differently. Accepted only when the reference signer verifies both signatures and every other difference of the request is explained.",
    matches: (diff, context) =>
      (diff.aspect === "authorization" || (diff.aspect === "header" && diff.where === "x-amz-content-sha256")) &&
      context.signaturesHold &&
      context.otherRequestDifferencesExplained,
  },
];

/**
 * What the comparison leaves out by design, printed with every run so it stays in view. Each
 * is a svcgen limitation, not a difference the protocol decides.
 */
export const NOT_COMPARED: readonly string[] = [
  "Endpoint resolution inside the wire comparison: both clients are pinned to the capture server (endpointProvider / endpointResolver). " +
    "Where each sends a request by its own compiled rules is compared apart, without sending: one operation per service in " +
    "us-east-1, eu-west-1, cn-north-1, us-gov-west-1 and eu-isoe-west-1, each with FIPS and dual-stack on and off (report.endpoints).",
  "Event-stream operations and streaming blob payloads: svcgen rejects event streams with UnsupportedOperationError; both are skipped with the reason printed.",
  "Service customisations the official clients carry beyond the model (S3: SSE-C keys base64-encoded with their MD5 added, ExpiresString, bucket-name checks; " +
    "Route 53: `/hostedzone/` prefixes stripped, the InvalidChangeBatch document): the S3 and Route 53 operations compared meet only the ones " +
    "known-differences.ts lists (flexible checksums, route53-invalid-change-batch), and S3 inputs use valid bucket names.",
];

/** Both bodies are JSON in JSON.stringify's own spelling: then equal values differ in member order alone. */
function onlyMemberOrderDiffers(a: CapturedRequest | undefined, b: CapturedRequest | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const canonical = (bytes: Uint8Array) => {
    const text = Buffer.from(bytes).toString("utf8");
    try {
      return JSON.stringify(JSON.parse(text)) === text;
    } catch {
      return false;
    }
  };
  return canonical(a.body) && canonical(b.body);
}

/** Both bodies are forms with the same decoded pairs, counted: then only their order differs. */
function sameFormPairs(a: CapturedRequest | undefined, b: CapturedRequest | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const form = (r: CapturedRequest) => (r.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
  if (!form(a) || !form(b)) return false;
  const pa = formPairs(a.body);
  const pb = formPairs(b.body);
  return pa.size === pb.size && [...pa].every(([pair, n]) => pb.get(pair) === n);
}

/** The rule that explains a difference, if any. */
export function explain(diff: Difference, context: Context): KnownDifference | undefined {
  return KNOWN_DIFFERENCES.find((rule) => rule.matches(diff, context));
}

/** The official client's refusal of a checksum algorithm it does not compute. */
const SDK_CHECKSUM_REFUSAL = /The checksum algorithm "[A-Z0-9]+" is not supported by the client/;

/** Bit-by-bit reflected CRC of `width` bits (32 or 64): a reference independent of the runtime's tables. */
function reflectedCrc(bytes: Uint8Array, polynomial: bigint, width: number): bigint {
  const mask = (1n << BigInt(width)) - 1n;
  let crc = mask;
  for (const byte of bytes) {
    crc ^= BigInt(byte);
    for (let k = 0; k < 8; k++) crc = crc & 1n ? (crc >> 1n) ^ polynomial : crc >> 1n;
  }
  return crc ^ mask;
}

/** A header that carries a checksum of the body: x-amz-checksum-<algorithm>, or content-md5. */
export function isChecksumHeader(name: string): boolean {
  return name.startsWith("x-amz-checksum-") || name === "content-md5";
}

function checksumName(header: string): string {
  return header === "content-md5" ? "md5" : header.slice("x-amz-checksum-".length);
}

/** The base64 checksum an x-amz-checksum-<name> header carries for `body`; undefined for an algorithm this reference lacks. */
function referenceChecksum(name: string, body: Uint8Array): string | undefined {
  const bigEndian = (value: bigint, bytes: number) => {
    const out = Buffer.alloc(bytes);
    for (let i = bytes - 1; i >= 0; i--, value >>= 8n) out[i] = Number(value & 0xffn);
    return out.toString("base64");
  };
  switch (name) {
    case "crc32":
      return bigEndian(reflectedCrc(body, 0xedb88320n, 32), 4);
    case "crc32c":
      return bigEndian(reflectedCrc(body, 0x82f63b78n, 32), 4);
    case "crc64nvme":
      return bigEndian(reflectedCrc(body, 0x9a6c9329ac4bc9b5n, 64), 8);
    case "md5":
    case "sha1":
    case "sha256":
      return createHash(name).update(body).digest("base64");
    default:
      return undefined;
  }
}

/** Both bodies are XML that parses to the same canonical tree (after `view`): then only their spelling differs. */
function sameXmlTree(
  a: CapturedRequest | undefined,
  b: CapturedRequest | undefined,
  view: (tree: Canonical[]) => (Canonical | string)[] = (tree) => tree,
): boolean {
  if (a === undefined || b === undefined || a.body.length === 0 || b.body.length === 0) return false;
  try {
    const ta = view(canonicalXml(Buffer.from(a.body).toString("utf8")));
    const tb = view(canonicalXml(Buffer.from(b.body).toString("utf8")));
    return ta.length > 0 && isDeepStrictEqual(ta, tb);
  } catch {
    return false;
  }
}

function dotSegmentRefusal(refusal: string | undefined): boolean {
  return refusal !== undefined && refusal.startsWith("RequestValidationError") && refusal.includes("must not be `.` or `..`");
}

const LISTINGS = new Set(["ListObjects", "ListObjectsV2", "ListObjectVersions"]);

/** S3's form decoding of a name (`+` a space, then %XX), or undefined when the escapes are malformed. */
function formDecoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return undefined;
  }
}
