// The AWS SigV4 test suite in the corpus (botocore's aws4_testsuite): where it is, its keys, and
// each vector's request as signer input. Shared by the header-signing and the presigning tests.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { SignableRequest, SigningOptions } from "../generator/runtime/auth/sigv4.js";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
export const suiteDir = `${repoRoot}../shared/corpus/botocore/aws4_testsuite`;

// The suite's credential scope is in every .authz; the secret key is the one AWS documents for the
// suite ("Signature Version 4 Test Suite" page of the AWS General Reference).
export const SUITE_KEYS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
export const SUITE_REGION = "us-east-1";
export const SUITE_SERVICE = "service";

/** Folders holding a `<name>.req`, as paths relative to the suite. */
export function vectorFolders(dir: string, prefix = ""): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const rel = `${prefix}${entry.name}`;
    if (existsSync(`${dir}/${entry.name}/${entry.name}.req`)) found.push(rel);
    found.push(...vectorFolders(`${dir}/${entry.name}`, `${rel}/`));
  }
  return found.sort();
}

export interface ParsedRequest {
  method: string;
  target: string;
  headers: Array<[string, string]>;
  body: string | undefined;
}

/** An HTTP/1.1 message as the suite writes it; folded header lines are unfolded with one space. */
export function parseMessage(text: string): ParsedRequest {
  const lines = text.split("\n");
  const requestLine = lines[0]!;
  // The target may contain spaces (get-space), so the method and version are cut from the ends.
  const method = requestLine.slice(0, requestLine.indexOf(" "));
  const target = requestLine.slice(method.length + 1, requestLine.lastIndexOf(" "));
  const headers: Array<[string, string]> = [];
  let i = 1;
  for (; i < lines.length && lines[i] !== ""; i++) {
    const line = lines[i]!;
    const last = headers[headers.length - 1];
    if (/^[ \t]/.test(line) && last) last[1] += ` ${line}`;
    else headers.push([line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1)]);
  }
  const body = i < lines.length ? lines.slice(i + 1).join("\n") : undefined;
  return { method, target, headers, body };
}

export function headerValue(headers: Array<[string, string]>, name: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name)?.[1].trim();
}

export function parseAmzDate(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) throw new Error(`bad X-Amz-Date ${value}`);
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/** Turns a suite request into signer input: the signer itself adds Host, X-Amz-Date and the token. */
export function toSignable(folder: string): { req: SignableRequest; opts: SigningOptions } {
  const name = folder.slice(folder.lastIndexOf("/") + 1);
  const parsed = parseMessage(readFileSync(`${suiteDir}/${folder}/${name}.req`, "utf8"));
  const signed = parseMessage(readFileSync(`${suiteDir}/${folder}/${name}.sreq`, "utf8"));
  const queryStart = parsed.target.indexOf("?");
  const path = queryStart < 0 ? parsed.target : parsed.target.slice(0, queryStart);
  const queryText = queryStart < 0 ? "" : parsed.target.slice(queryStart + 1);
  const query = queryText
    .split("&")
    .filter((p) => p !== "")
    .map((pair): [string, string] => {
      const eq = pair.indexOf("=");
      const [k, v] = eq < 0 ? [pair, ""] : [pair.slice(0, eq), pair.slice(eq + 1)];
      return [decodeURIComponent(k), decodeURIComponent(v)];
    });
  // A Record holds one value per name: repeated lines become one comma-separated list, as in HTTP.
  const headers: Record<string, string> = {};
  for (const [n, v] of parsed.headers) {
    if (["host", "x-amz-date", "x-amz-security-token"].includes(n.toLowerCase())) continue;
    headers[n] = headers[n] === undefined ? v.trim() : `${headers[n]},${v.trim()}`;
  }
  const sessionToken = headerValue(signed.headers, "x-amz-security-token");
  return {
    req: {
      method: parsed.method,
      protocol: "https:",
      hostname: headerValue(parsed.headers, "host")!,
      path,
      query,
      headers,
      body: parsed.body,
    },
    opts: {
      credentials: sessionToken === undefined ? SUITE_KEYS : { ...SUITE_KEYS, sessionToken },
      region: SUITE_REGION,
      service: SUITE_SERVICE,
      date: parseAmzDate(headerValue(parsed.headers, "x-amz-date")!),
    },
  };
}
