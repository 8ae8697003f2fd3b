// Flexible checksums for the operations whose model has the `httpChecksum` trait (S3's
// PutObject, GetObject, UploadPart, DeleteObjects...). The operation module imports
// `httpChecksum`, so only packages with such operations carry this file and the checksum code.
//
// Requests: the algorithm the input names (its `requestAlgorithmMember`), else CRC32 when the
// operation takes a checksum and the client computes them `WHEN_SUPPORTED` (the default) or the
// operation requires one. A checksum the input already gives (`ChecksumCRC32`...) is sent as is.
// Responses: with `WHEN_SUPPORTED` (the default) the request asks for checksums
// (`requestValidationModeMember` = ENABLED) and the first checksum of the response this runtime
// computes is checked as the body is read; a mismatch fails the read with ResponseChecksumError.
import {
  CHECKSUM_ALGORITHMS,
  CHECKSUM_TEXT_LENGTH,
  REQUEST_CHECKSUM_ALGORITHMS,
  checksumHeader,
  createChecksum,
  isChecksumAlgorithm,
  type ChecksumAlgorithm,
} from "../codecs/checksums.js";
import { ClientConfigError, ResponseChecksumError } from "../errors.js";
import type { ChecksumMode, OperationChecksum } from "../schema.js";

export interface ChecksumTraits {
  /** The header of the input member naming the request's algorithm (`x-amz-sdk-checksum-algorithm`). */
  readonly requestAlgorithmHeader?: string;
  readonly requestChecksumRequired?: true;
  /** The header of the input member that asks for response checksums (`x-amz-checksum-mode`). */
  readonly requestValidationModeHeader?: string;
  readonly responseAlgorithms?: readonly string[];
}

export function httpChecksum(traits: ChecksumTraits): OperationChecksum {
  const responseAlgorithms = CHECKSUM_ALGORITHMS.filter((algorithm) => traits.responseAlgorithms?.includes(algorithm) === true);
  return {
    requestAlgorithm(headers: Record<string, string>, mode: ChecksumMode): ChecksumAlgorithm | undefined {
      const header = traits.requestAlgorithmHeader;
      const named = header === undefined ? undefined : headers[header];
      let algorithm: ChecksumAlgorithm | undefined;
      if (named !== undefined) {
        const upper = named.toUpperCase();
        if (!isChecksumAlgorithm(upper)) {
          throw new ClientConfigError(
            `checksum algorithm ${JSON.stringify(named)} is not one this client computes (${REQUEST_CHECKSUM_ALGORITHMS.join(", ")})`,
          );
        }
        algorithm = upper;
      } else if (traits.requestChecksumRequired === true || (mode === "WHEN_SUPPORTED" && header !== undefined)) {
        algorithm = "CRC32";
        if (header !== undefined) headers[header] = algorithm;
      }
      if (algorithm === undefined) return undefined;
      // The input gave a checksum of its own: it is sent as is.
      if (headers[checksumHeader(algorithm)] !== undefined) return undefined;
      for (const name of CHECKSUM_ALGORITHMS) if (headers[checksumHeader(name)] !== undefined) return undefined;
      return algorithm;
    },
    askForResponseChecksum(headers: Record<string, string>, mode: ChecksumMode): void {
      const header = traits.requestValidationModeHeader;
      if (header !== undefined && mode === "WHEN_SUPPORTED" && headers[header] === undefined) headers[header] = "ENABLED";
    },
    responseChecksum(requestHeaders, responseHeaders) {
      const header = traits.requestValidationModeHeader;
      if (header === undefined || requestHeaders[header] !== "ENABLED") return undefined;
      for (const algorithm of responseAlgorithms) {
        const expected = responseHeaders[checksumHeader(algorithm)];
        // A checksum of checksums (a multipart object's, "…-3") is not the body's: not checked.
        if (expected !== undefined && !expected.includes("-")) return { algorithm, expected };
      }
      return undefined;
    },
    header: (algorithm) => checksumHeader(algorithm as ChecksumAlgorithm),
    textLength: (algorithm) => CHECKSUM_TEXT_LENGTH[algorithm as ChecksumAlgorithm],
    create: (algorithm) => createChecksum(algorithm as ChecksumAlgorithm),
    check: (source, algorithm, expected, operation) => checkedStream(source, algorithm as ChecksumAlgorithm, expected, operation),
  };
}

/** Passes `source` through, checking its checksum once it ends. */
async function* checkedStream(
  source: AsyncIterable<Uint8Array>,
  algorithm: ChecksumAlgorithm,
  expected: string,
  operation: string,
): AsyncGenerator<Uint8Array, void, undefined> {
  const checksum = await createChecksum(algorithm);
  for await (const chunk of source) {
    checksum.update(chunk);
    yield chunk;
  }
  const actual = await checksum.digest();
  if (actual !== expected) throw new ResponseChecksumError(operation, algorithm, expected, actual);
}
