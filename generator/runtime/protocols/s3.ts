// S3: restXml (rest-xml.ts) with the behaviours every S3 client adds to what the model says,
// each as the AWS SDKs do it. A package gets this module only when its model is S3.
// - `200 OK` that is an error: the operations the AWS SDK v3 checks (ERROR_200_OPERATIONS) may
//   answer 200 with an `<Error>` document (a copy or a multipart completion that failed after the
//   status was sent); that is the error it names, with status 503 as the SDK reports it, so it is
//   retried like a server error. CopyObject, UploadPartCopy and CompleteMultipartUpload answering
//   200 with no body at all are an `InternalError` (503), also retried.
// - GetBucketLocation: the body's root element is `<LocationConstraint>` itself, not a wrapper;
//   an empty one (us-east-1) leaves `LocationConstraint` unset, as the SDK returns it.
// - ListObjects, ListObjectsV2, ListObjectVersions: without an `EncodingType` of the caller's, the
//   request asks for `encoding-type=url` (a key may hold characters XML 1.0 cannot carry) and,
//   when the response says it is URL-encoded, the keys, prefixes, markers and delimiter are
//   decoded before the caller sees them (botocore's behaviour; the caller sees plain keys either
//   way). With the caller's own `EncodingType` nothing is decoded.
// - `x-id=<Operation>` in the query of the operations whose AWS SDK v3 URI carries it, so
//   requests and presigned URLs are the SDK's own.
// - `Expect: 100-continue` on a request body of 2 MiB or more (the SDK's threshold): the Node
//   transport waits for the server's go-ahead before sending the body; fetch sends no such header.
// - Presigned URLs sign `UNSIGNED-PAYLOAD`, leave content-type unsigned and keep the
//   server-side-encryption headers as headers, as the SDK's S3 presigner does.
import { utf8Decode, utf8Encode } from "../codecs/encoding.js";
import { parseXml } from "../codecs/xml.js";
import type { ResponseMetadata, ServiceException } from "../errors.js";
import type { OperationSchema } from "../schema.js";
import type { HttpRequestParts, HttpResponseParts, Protocol, ProtocolFacts } from "./protocol.js";
import { restXml } from "./rest-xml.js";
import { rawResponse } from "./shared.js";

/** Bodies this large or larger are sent after `100 Continue` (the AWS SDK v3's `expectContinueHeader` default). */
export const EXPECT_CONTINUE_THRESHOLD = 2 * 1024 * 1024;

/** Operations whose 200 responses the AWS SDK v3 (3.1169) checks for an `<Error>` body. */
export const ERROR_200_OPERATIONS: ReadonlySet<string> = new Set(
  (
    "AbortMultipartUpload CompleteMultipartUpload CopyObject CreateBucket CreateMultipartUpload CreateSession DeleteObject " +
    "DeleteObjectAnnotation DeleteObjectTagging DeleteObjects GetBucketAbac GetBucketAccelerateConfiguration GetBucketAcl " +
    "GetBucketAnalyticsConfiguration GetBucketCors GetBucketEncryption GetBucketIntelligentTieringConfiguration " +
    "GetBucketInventoryConfiguration GetBucketLifecycleConfiguration GetBucketLocation GetBucketLogging " +
    "GetBucketMetadataConfiguration GetBucketMetadataTableConfiguration GetBucketMetricsConfiguration " +
    "GetBucketNotificationConfiguration GetBucketOwnershipControls GetBucketPolicyStatus GetBucketReplication " +
    "GetBucketRequestPayment GetBucketTagging GetBucketVersioning GetBucketWebsite GetObjectAcl GetObjectAttributes " +
    "GetObjectLegalHold GetObjectLockConfiguration GetObjectRetention GetObjectTagging GetPublicAccessBlock HeadBucket " +
    "HeadObject ListBucketAnalyticsConfigurations ListBucketIntelligentTieringConfigurations ListBucketInventoryConfigurations " +
    "ListBucketMetricsConfigurations ListBuckets ListDirectoryBuckets ListMultipartUploads ListObjectAnnotations ListObjects " +
    "ListObjectsV2 ListObjectVersions ListParts PutBucketLifecycleConfiguration PutObject PutObjectAcl PutObjectAnnotation " +
    "PutObjectLegalHold PutObjectLockConfiguration PutObjectRetention PutObjectTagging RenameObject RestoreObject " +
    "UpdateObjectEncryption UploadPart UploadPartCopy"
  ).split(" "),
);

/** A 200 with no body at all is a failure for these (the copy or completion was cut off). */
const EMPTY_200_FAILS: ReadonlySet<string> = new Set(["CopyObject", "UploadPartCopy", "CompleteMultipartUpload"]);

/** Operations whose AWS SDK v3 request URI carries `x-id=<name>`. */
const X_ID_OPERATIONS: ReadonlySet<string> = new Set(
  (
    "AbortMultipartUpload CopyObject DeleteObject GetBucketAnalyticsConfiguration GetBucketIntelligentTieringConfiguration " +
    "GetBucketInventoryConfiguration GetBucketMetricsConfiguration GetObject GetObjectAnnotation ListBucketAnalyticsConfigurations " +
    "ListBucketIntelligentTieringConfigurations ListBucketInventoryConfigurations ListBucketMetricsConfigurations ListBuckets " +
    "ListDirectoryBuckets ListObjectAnnotations ListParts PutObject UploadPart UploadPartCopy"
  ).split(" "),
);

/** The listing operations and the output members `encoding-type=url` encodes (lists: the member of each entry). */
const URL_ENCODED_MEMBERS: ReadonlyMap<
  string,
  { readonly top: readonly string[]; readonly lists: ReadonlyArray<readonly [string, string]> }
> = new Map([
  [
    "ListObjects",
    {
      top: ["Delimiter", "Marker", "NextMarker", "Prefix"],
      lists: [
        ["Contents", "Key"],
        ["CommonPrefixes", "Prefix"],
      ],
    },
  ],
  [
    "ListObjectsV2",
    {
      top: ["Delimiter", "Prefix", "StartAfter"],
      lists: [
        ["Contents", "Key"],
        ["CommonPrefixes", "Prefix"],
      ],
    },
  ],
  [
    "ListObjectVersions",
    {
      top: ["Delimiter", "KeyMarker", "NextKeyMarker", "Prefix"],
      lists: [
        ["Versions", "Key"],
        ["DeleteMarkers", "Key"],
        ["CommonPrefixes", "Prefix"],
      ],
    },
  ],
]);

/** The request as the SDK's presigner sees it: the model's, with `x-id`. */
function serializePresignRequest(service: ProtocolFacts, op: OperationSchema, input: Readonly<Record<string, unknown>>): HttpRequestParts {
  const parts = restXml.serializeRequest(service, op, input);
  if (X_ID_OPERATIONS.has(op.name)) parts.query.unshift(["x-id", op.name]);
  return parts;
}

/** The request a call sends: the presigner's, asking for url-encoded listings and 100-continue on large bodies. */
function serializeRequest(service: ProtocolFacts, op: OperationSchema, input: Readonly<Record<string, unknown>>): HttpRequestParts {
  const parts = serializePresignRequest(service, op, input);
  if (URL_ENCODED_MEMBERS.has(op.name) && !parts.query.some(([key]) => key === "encoding-type")) parts.query.push(["encoding-type", "url"]);
  const length = bodyLength(parts);
  if (length !== undefined && length >= EXPECT_CONTINUE_THRESHOLD) parts.headers["expect"] = "100-continue";
  return parts;
}

/** The body's length when it is known before sending: bytes, text, a Blob, or a stream with its ContentLength. */
function bodyLength(parts: HttpRequestParts): number | undefined {
  const body = parts.body;
  if (typeof body === "string") return utf8Encode(body).byteLength;
  if (body instanceof Uint8Array) return body.byteLength;
  if (typeof Blob === "function" && body instanceof Blob) return body.size;
  const declared = parts.headers["content-length"];
  return body === undefined || declared === undefined ? undefined : Number(declared);
}

/** S3's form encoding of names: `+` is a space, then %XX escapes. A malformed escape leaves the text as sent. */
export function decodeS3Name(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

function decodeListing(op: OperationSchema, out: Record<string, unknown>): void {
  const members = URL_ENCODED_MEMBERS.get(op.name);
  if (members === undefined || out["EncodingType"] !== "url") return;
  for (const name of members.top) {
    const value = out[name];
    if (typeof value === "string") out[name] = decodeS3Name(value);
  }
  for (const [list, member] of members.lists) {
    const entries = out[list];
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      if (typeof entry === "object" && entry !== null && typeof (entry as Record<string, unknown>)[member] === "string") {
        const record = entry as Record<string, unknown>;
        record[member] = decodeS3Name(record[member] as string);
      }
    }
  }
}

function deserializeOutput(
  service: ProtocolFacts,
  op: OperationSchema,
  res: HttpResponseParts,
  $metadata: ResponseMetadata,
  input?: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out = restXml.deserializeOutput(service, op, res, $metadata);
  if (op.name === "GetBucketLocation") {
    // Parsed already by restXml (an unreadable body failed there): only the root's text is new.
    const root = parseXml(res.body);
    const region = root?.local === "LocationConstraint" ? root.text.trim() : "";
    if (region !== "") out["LocationConstraint"] = region;
  } else if (input?.["EncodingType"] === undefined) {
    // Only what this module asked to be encoded is decoded: a caller's own EncodingType gets the encoded names.
    decodeListing(op, out);
  }
  return out;
}

const CLOSING_ERROR = "</Error>";

function successError(
  service: ProtocolFacts,
  op: OperationSchema,
  res: HttpResponseParts,
  $metadata: ResponseMetadata,
): ServiceException | undefined {
  if (res.statusCode < 200 || res.statusCode >= 300 || !ERROR_200_OPERATIONS.has(op.name)) return undefined;
  const metadata = { ...$metadata, httpStatusCode: 503 };
  if (res.body.length === 0) {
    if (!EMPTY_200_FAILS.has(op.name)) return undefined;
    return new service.baseException({
      name: "InternalError",
      message: `${op.name}: S3 answered 200 with an empty body: the request was cut off`,
      $fault: "server",
      $metadata: metadata,
      $response: rawResponse(res),
    });
  }
  // As the SDK decides: the last 16 bytes end the document with </Error>.
  if (!utf8Decode(res.body.subarray(Math.max(0, res.body.length - 16))).endsWith(CLOSING_ERROR)) return undefined;
  return restXml.deserializeError(service, op, { ...res, statusCode: 503 }, metadata);
}

export const s3RestXml: Protocol = {
  name: "rest-xml",
  serializeRequest,
  deserializeOutput,
  deserializeError: restXml.deserializeError,
  successError,
  serializePresignRequest,
  presignRules: {
    unsignedPayload: true,
    unsignedHeaders: ["content-type"],
    keepAsHeaders: ["x-amz-server-side-encryption"],
  },
};
