// Error responses of the XML protocols (query, ec2, rest-xml): an `<Error>` element with `Code`,
// `Message` and (query, rest-xml) `Type`, found where the protocol puts it (`<ErrorResponse>`,
// `<Response><Errors>`, or bare for S3); the modelled error its code names (the operation's, then
// the service's; custom `awsQueryError` codes are the ErrorSchema's `code`); its members read
// from that element (and, for rest-xml, the headers). The code lookup is the JSON protocols'
// (json-errors.ts), repeated here so XML packages do not carry the JSON error module.
import { ServiceException, type RawResponse, type ResponseMetadata } from "../errors.js";
import type { ErrorSchema, OperationSchema, StructureSchema } from "../schema.js";
import { structurePlan } from "../codecs/members.js";
import { childNamed, parseXml, type XmlElement } from "../codecs/xml.js";
import type { HttpResponseParts, ProtocolFacts } from "./protocol.js";
import { findError, uncodedMessage } from "./error-lookup.js";
import { rawResponse } from "./shared.js";

/** Where a protocol's error document keeps the error and the request id. */
export interface XmlErrorParts {
  readonly error: XmlElement | undefined;
  readonly requestId: string | undefined;
}

/** Reads an error structure's members from the response and its `<Error>` element into `out`. */
export type XmlErrorMemberReader = (
  schema: StructureSchema,
  res: HttpResponseParts,
  error: XmlElement | undefined,
  out: Record<string, unknown>,
) => void;

/** `<ErrorResponse><Error>…</Error><RequestId/></ErrorResponse>` (query, rest-xml) or a bare `<Error>` (S3). */
export function errorResponseParts(root: XmlElement): XmlErrorParts {
  if (root.local === "Error") return { error: root, requestId: childText(root, "RequestId") };
  return { error: childNamed(root, "Error"), requestId: childText(root, "RequestId") };
}

/** `<Response><Errors><Error>…</Error></Errors><RequestID/></Response>` (ec2). */
export function ec2ErrorParts(root: XmlElement): XmlErrorParts {
  const errors = childNamed(root, "Errors");
  return {
    error: errors === undefined ? childNamed(root, "Error") : childNamed(errors, "Error"),
    requestId: childText(root, "RequestID") ?? childText(root, "RequestId"),
  };
}

function childText(element: XmlElement | undefined, name: string): string | undefined {
  const child = element === undefined ? undefined : childNamed(element, name);
  return child === undefined || child.text.trim() === "" ? undefined : child.text.trim();
}

const ENVELOPE = new Set(["Code", "Message", "Type", "RequestId", "HostId", "Resource"]);

/**
 * Turns an error response of an XML protocol into an exception; never throws. A known code gives
 * its modelled class with its members; an unknown one the service's base exception named after
 * it (keeping the error's other simple fields); no code at all (empty or unreadable body, a
 * proxy's page) `Http<status>Error`. Every one keeps the raw response in `$response`, and the
 * body's request id fills `$metadata.requestId` when the headers had none.
 */
export function deserializeXmlError(
  service: ProtocolFacts,
  op: OperationSchema,
  res: HttpResponseParts,
  $metadata: ResponseMetadata,
  locate: (root: XmlElement) => XmlErrorParts,
  readMembers: XmlErrorMemberReader,
): ServiceException {
  let raw: RawResponse = { statusCode: res.statusCode, headers: res.headers, body: "" };
  const statusFault: "client" | "server" = res.statusCode >= 500 ? "server" : "client";
  try {
    raw = rawResponse(res);
    let parts: XmlErrorParts = { error: undefined, requestId: undefined };
    try {
      const root = parseXml(raw.body);
      if (root !== undefined) parts = locate(root);
    } catch {
      // An unreadable body (a proxy's HTML page, a refused DOCTYPE) is an error without a code.
    }
    const metadata: ResponseMetadata =
      $metadata.requestId === undefined && parts.requestId !== undefined ? { ...$metadata, requestId: parts.requestId } : $metadata;
    const code = childText(parts.error, "Code");
    const message = parts.error === undefined ? undefined : childNamed(parts.error, "Message")?.text;
    const type = childText(parts.error, "Type");
    const fault = type === "Receiver" ? "server" : type === "Sender" ? "client" : statusFault;
    if (code === undefined) {
      return new service.baseException({
        name: `Http${res.statusCode}Error`,
        message: uncodedMessage(res, raw.body, message),
        $fault: statusFault,
        $metadata: metadata,
        $response: raw,
      });
    }
    const known = findError(service, op, code);
    if (known === undefined) {
      // An error the model does not list keeps its simple fields, the way a modelled one would.
      const fields: Record<string, string> = {};
      for (const child of parts.error?.children ?? []) {
        if (!ENVELOPE.has(child.local) && child.children.length === 0) fields[child.local] = child.text;
      }
      return new service.baseException({
        name: code,
        message: message ?? `${code} (HTTP ${res.statusCode})`,
        $fault: fault,
        $metadata: metadata,
        $response: raw,
        members: fields,
      });
    }
    let members: Record<string, unknown> | undefined;
    // Services write the envelope's `<Message>`; a body that only has the modelled member
    // (`<message>`, as the model spells it) still gives the error its message.
    let text = message;
    try {
      members = {};
      readMembers(known.schema, res, parts.error, members);
      const messageMember = structurePlan(known.schema).messageMember;
      if (messageMember !== undefined && members[messageMember] === undefined && message !== undefined) members[messageMember] = message;
      const modelled = messageMember === undefined ? undefined : members[messageMember];
      if (text === undefined && typeof modelled === "string") text = modelled;
    } catch {
      // Members of the wrong type are dropped rather than hiding the error itself.
      members = undefined;
    }
    return new known.ctor({
      message: text ?? `${code} (HTTP ${res.statusCode})`,
      $fault: known.fault,
      $metadata: metadata,
      $response: raw,
      ...(members === undefined ? {} : { members }),
    });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new ServiceException({
      name: `Http${res.statusCode}Error`,
      message: `HTTP ${res.statusCode}: the error response could not be read (${reason})`,
      $fault: statusFault,
      $metadata,
      $response: raw,
    });
  }
}
