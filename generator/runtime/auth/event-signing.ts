// SigV4 for the events a client sends on an event stream. Each event (an encoded message) travels
// as the payload of an envelope message with two headers: `:date` (a timestamp) and
// `:chunk-signature` (32 bytes). The signature covers
//   AWS4-HMAC-SHA256-PAYLOAD \n <date> \n <scope> \n <prior signature, hex> \n
//   <SHA-256 of the encoded :date header> \n <SHA-256 of the payload>
// chained from the request's own signature; the stream ends with a signed envelope whose payload is empty.
import { encodeHeaders, encodeMessage, type EventHeaderValue } from "../codecs/eventstream.js";
import type { Credentials } from "./credentials.js";
import { sha256Hex, signatureOf as hmacSignature } from "./sigv4.js";

export interface EventSigningOptions {
  readonly credentials: Credentials;
  readonly region: string;
  readonly service: string;
  /** The signature of the request that opened the stream (hex, from its Authorization header). */
  readonly seedSignature: string;
  /** The clock; now when absent. */
  readonly now?: () => Date;
}

/** The request's payload hash when its body is a stream of signed events. */
export const SIGNED_EVENTS_PAYLOAD = "STREAMING-AWS4-HMAC-SHA256-EVENTS";

/** The hex signature in an Authorization header (`..., Signature=<hex>`). */
export function signatureOf(authorization: string): string | undefined {
  const at = authorization.lastIndexOf("Signature=");
  if (at === -1) return undefined;
  const hex = authorization.slice(at + "Signature=".length);
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Signs one payload after another, each signature chained on the last. */
export class EventSigner {
  readonly #options: EventSigningOptions;
  #prior: string;

  constructor(options: EventSigningOptions) {
    this.#options = options;
    this.#prior = options.seedSignature;
  }

  /** The signature the next envelope chains on (the last one made). */
  get priorSignature(): string {
    return this.#prior;
  }

  /** The envelope message carrying `payload` (an encoded event, or empty to end the stream). */
  async sign(payload: Uint8Array): Promise<Uint8Array> {
    const { credentials, region, service } = this.#options;
    // Whole seconds: the :date header and the date in the string to sign then name the same instant.
    const date = new Date(Math.floor((this.#options.now?.() ?? new Date()).getTime() / 1000) * 1000);
    const datetime = date.toISOString().replace(/[-:]|\.\d{3}/g, "");
    const day = datetime.slice(0, 8);
    const dateHeader: [string, EventHeaderValue] = [":date", { type: "timestamp", value: date }];
    const stringToSign = [
      "AWS4-HMAC-SHA256-PAYLOAD",
      datetime,
      `${day}/${region}/${service}/aws4_request`,
      this.#prior,
      await sha256Hex(encodeHeaders([dateHeader])),
      await sha256Hex(payload),
    ].join("\n");
    const signature = await hmacSignature(credentials.secretAccessKey, day, region, service, stringToSign);
    this.#prior = signature;
    return encodeMessage({ headers: [dateHeader, [":chunk-signature", { type: "binary", value: fromHex(signature) }]], body: payload });
  }
}
