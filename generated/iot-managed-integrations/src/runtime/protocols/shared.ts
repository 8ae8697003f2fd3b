// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/protocols/shared.ts; do not edit.
// What every protocol does the same way: idempotency tokens, the endpoint trait's host prefix,
// the raw response kept on errors, and the ResponseParseError a body that cannot be read becomes.
import { RequestValidationError, ResponseParseError, type RawResponse, type ResponseMetadata } from "../errors.js";
import type { OperationSchema, SchemaRef } from "../schema.js";
import { utf8Decode } from "../codecs/encoding.js";
import { ownMember, setEntry, structurePlan, type MemberInfo, type MemberTable } from "../codecs/members.js";
import { ReadError, toBytes } from "../codecs/values.js";
import type { HttpResponseParts, StreamingPayload } from "./protocol.js";

export interface LabelPart {
  /** The URI member the label names (unused for host labels, which are member names). */
  readonly member: MemberInfo | undefined;
  readonly label: string;
  readonly greedy: boolean;
}

const TEMPLATE_LABEL = /\{([^{}]+?)(\+)?\}/g;

/** Splits a template into literal text and labels, resolving labels against the given members. */
export function templateParts(template: string, members: MemberTable | undefined): (string | LabelPart)[] {
  const parts: (string | LabelPart)[] = [];
  let last = 0;
  for (const match of template.matchAll(TEMPLATE_LABEL)) {
    if (match.index > last) parts.push(template.slice(last, match.index));
    const label = match[1]!;
    parts.push({ label, greedy: match[2] === "+", member: members?.[label] });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}

export function fillIdempotencyTokens(
  tokens: readonly MemberInfo[],
  input: Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>> {
  let filled: Record<string, unknown> | undefined;
  for (const token of tokens) {
    if (ownMember(input, token.name) !== undefined) continue;
    filled ??= { ...input };
    setEntry(filled, token.name, crypto.randomUUID());
  }
  return filled ?? input;
}

const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export function fillHostPrefixParts(
  op: OperationSchema,
  parts: readonly (string | LabelPart)[],
  input: Readonly<Record<string, unknown>>,
): string {
  let host = "";
  for (const part of parts) {
    if (typeof part === "string") {
      host += part;
      continue;
    }
    const value = ownMember(input, part.label);
    if (typeof value !== "string" || !HOST_LABEL.test(value)) {
      throw new RequestValidationError(op.name, [
        {
          path: part.label,
          constraint: value === undefined ? "required" : "pattern",
          message:
            value === undefined
              ? "is required: it is part of the host name"
              : "must be a valid host label (letters, digits and inner hyphens, at most 63 characters)",
        },
      ]);
    }
    host += value;
  }
  return host;
}

export function rawResponse(res: HttpResponseParts): RawResponse {
  return { statusCode: res.statusCode, headers: res.headers, body: utf8Decode(res.body) };
}

const hostPlans = new WeakMap<OperationSchema, readonly (string | LabelPart)[]>();

/** The operation's host prefix with its labels filled from the input, or undefined when it has none. */
export function hostPrefix(op: OperationSchema, input: Readonly<Record<string, unknown>>): string | undefined {
  if (op.hostPrefix === undefined) return undefined;
  let parts = hostPlans.get(op);
  // Host labels name their members directly.
  if (parts === undefined) hostPlans.set(op, (parts = templateParts(op.hostPrefix, undefined)));
  return fillHostPrefixParts(op, parts, input);
}

/** The input with its unset idempotency tokens filled (the same object when there are none). */
export function withTokens(op: OperationSchema, input: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  if (op.input === undefined) return input;
  const tokens = structurePlan(op.input).tokens;
  return tokens.length > 0 ? fillIdempotencyTokens(tokens, input) : input;
}

/**
 * Runs a protocol's output reader; whatever it throws becomes a ResponseParseError naming the
 * member's path (`Items[3].Count: expected an integer...`) and keeping the status and raw text.
 */
export function readOutput(
  op: OperationSchema,
  res: HttpResponseParts,
  $metadata: ResponseMetadata,
  read: (schema: NonNullable<OperationSchema["output"]>, out: Record<string, unknown>) => void,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const schema = op.output;
  if (schema === undefined) return out;
  try {
    read(schema, out);
    return out;
  } catch (caught) {
    // A value that could not be read is named by its path: `Items[3].Count: expected an integer...`.
    const where = caught instanceof ReadError ? caught.path + ": " : "";
    const cause: unknown = caught instanceof ReadError ? caught.cause : caught;
    // The JSON parser quotes the text around a syntax error, and that text may be a value the
    // model marks sensitive: such a message (and its error) stays out; $response keeps the body.
    const quoting = cause instanceof SyntaxError && cause.message.includes('"');
    const reason = quoting ? "the body is not valid JSON" : cause instanceof Error ? cause.message : String(cause);
    throw new ResponseParseError(
      `${op.name}: could not read the HTTP ${res.statusCode} response as ${schema.name}: ${where}${reason}`,
      $metadata,
      rawResponse(res),
      quoting ? undefined : { cause },
    );
  }
}

/** The target is a streaming blob (a streaming payload). */
export function isStreaming(target: SchemaRef): boolean {
  return typeof target === "object" && target.type === "blob" && "streaming" in target;
}

/** A streaming payload: bytes as bytes, anything else as the input gave it (client/payload.ts checks it). */
export function streamingBody(value: unknown): Uint8Array | StreamingPayload {
  if (value instanceof Uint8Array || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return toBytes(value);
  return value as StreamingPayload;
}
