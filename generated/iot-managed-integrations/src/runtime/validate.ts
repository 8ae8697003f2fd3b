// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/validate.ts; do not edit.
// What the generated validators share: issue reporting, lazily built paths, code-point lengths,
// and "did you mean" suggestions. The checks themselves are generated per shape, so this file
// holds only what is too big to repeat or runs only once something is already wrong.
import type { ValidationIssue } from "./errors.js";

/**
 * A path segment: a member name (string), a list index (number >= 0), or a marker saying the
 * next segment is a map key ({@link MAP_KEY}) or a map key that must not be shown
 * ({@link SECRET_KEY}). `undefined` stands for the validated value itself.
 */
export type PathKey = string | number | undefined;

/**
 * The segments from the validated value down to the value being checked. Checkers push and pop
 * segments only when they descend into a list, map or structure, and render the path only when
 * they report an issue: a valid value costs no strings.
 */
export type Path = PathKey[];

/** Marks the next segment as a map key: rendered `["key"]`. */
export const MAP_KEY = -1;

/** Marks the next segment as a key of a sensitive map: rendered `[*]`, the key itself never shown. */
export const SECRET_KEY = -2;

const PLAIN_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function renderPath(path: Path, key: PathKey, member: PathKey): string {
  let out = "";
  let mark = 0;
  const add = (segment: PathKey): void => {
    if (segment === undefined) return;
    if (segment === MAP_KEY || segment === SECRET_KEY) {
      mark = segment;
      return;
    }
    if (mark === SECRET_KEY) out += "[*]";
    else if (mark === MAP_KEY) out += `[${JSON.stringify(String(segment))}]`;
    else if (typeof segment === "number") out += `[${segment}]`;
    else if (PLAIN_NAME.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
    mark = 0;
  };
  for (const segment of path) add(segment);
  add(key);
  add(member);
  return out;
}

/** A checker as generated: `input` is passed only to checkers whose rules depend on the mode. */
export type Checker = (value: unknown, path: Path, key: PathKey, issues: ValidationIssue[], input: boolean) => void;

/** Runs a checker on a whole value; the issues it found, empty when valid. */
export function collect(check: Checker, value: unknown, input = false): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  check(value, [], undefined, issues, input);
  return issues;
}

/** Records an issue at `path`, then `key`, then `member` (either may be undefined). */
export function report(issues: ValidationIssue[], path: Path, key: PathKey, member: PathKey, constraint: string, message: string): void {
  issues.push({ path: renderPath(path, key, member), constraint, message });
}

/**
 * Reports a value of the wrong type, or null or undefined where a value is needed. `required`:
 * the value is a required member, so its absence breaks the "required" rule.
 */
export function reportValue(
  issues: ValidationIssue[],
  path: Path,
  key: PathKey,
  member: PathKey,
  value: unknown,
  expected: string,
  required: boolean,
): void {
  if (required && value === undefined) report(issues, path, key, member, "required", "is required");
  else if (value === null) report(issues, path, key, member, required ? "required" : "type", "must not be null");
  else report(issues, path, key, member, "type", `must be ${expected}`);
}

/** Reports a string outside its enum; lists what is allowed, never what was given. */
export function reportEnum(
  issues: ValidationIssue[],
  path: Path,
  key: PathKey,
  member: PathKey,
  values: ReadonlySet<string>,
  subject = "",
): void {
  report(issues, path, key, member, "enum", `${subject === "" ? "" : subject + " "}must be one of ${[...values].join(", ")}`);
}

/** Reports a number outside [min, max]. */
export function checkRange(
  issues: ValidationIssue[],
  path: Path,
  key: PathKey,
  member: PathKey,
  value: number,
  min: number,
  max: number,
): void {
  if (value < min) report(issues, path, key, member, "range", `must be at least ${min}`);
  else if (value > max) report(issues, path, key, member, "range", `must be at most ${max}`);
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Length of a string in Unicode code points: a surrogate pair counts once. */
export function codePoints(s: string): number {
  // The RegExp engine scans far faster than a charCodeAt loop, and most strings hold no surrogate.
  if (!SURROGATE.test(s)) return s.length;
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Reports a length (code points or bytes) outside [min, max]; says nothing of the value. */
export function checkLength(
  issues: ValidationIssue[],
  path: Path,
  key: PathKey,
  member: PathKey,
  length: number,
  min: number,
  max: number,
  subject = "length",
): void {
  if (length < min) report(issues, path, key, member, "length", `${subject} ${length} is below the minimum ${min}`);
  else if (length > max) report(issues, path, key, member, "length", `${subject} ${length} is above the maximum ${max}`);
}

/** Reports a list or map size outside [min, max]. */
export function checkSize(issues: ValidationIssue[], path: Path, key: PathKey, size: number, min: number, max: number): void {
  if (size < min) report(issues, path, key, undefined, "size", `must have at least ${min} entries`);
  else if (size > max) report(issues, path, key, undefined, "size", `must have at most ${max} entries`);
}

/**
 * A blob as an input may give it: bytes, or a string the client sends UTF-8 encoded (as the AWS
 * SDK v3 accepts for Lambda's `Payload`). Outputs always hold bytes.
 */
export function isBlobInput(v: unknown): v is Uint8Array | string {
  return v instanceof Uint8Array || typeof v === "string";
}

/** The length on the wire of a blob input: bytes as they are, a string's UTF-8 encoding. */
export function blobLength(v: Uint8Array | string): number {
  if (typeof v !== "string") return v.byteLength;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < v.length && (v.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3; // a lone surrogate is sent as U+FFFD, three bytes
  }
  return n;
}

/** A plain object (what JSON and object literals make), not an array, Date, byte array or class instance. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** An own property, for member names that plain objects inherit (`constructor`, `toString`, ...). */
export function own(v: Record<string, unknown>, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(v, name) ? v[name] : undefined;
}

/** Whether the object has any own enumerable key. */
export function hasKeys(v: Record<string, unknown>): boolean {
  for (const _ in v) return true;
  return false;
}

/** Any JSON value: null, boolean, finite number, string, array or plain object of JSON values. */
export function isJsonValue(v: unknown, depth = 0): boolean {
  if (v === null || typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v);
  // Deeper than any sensible document; also stops a cyclic value from overflowing the stack.
  if (depth > 512) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!isJsonValue(v[i], depth + 1)) return false;
    return true;
  }
  if (!isRecord(v)) return false;
  for (const k in v) if (!isJsonValue(v[k], depth + 1)) return false;
  return true;
}

/** Reports a member the model does not know, suggesting the closest known name. */
export function reportUnknown(issues: ValidationIssue[], path: Path, key: PathKey, name: string, known: Iterable<string>): void {
  const hint = closest(name, known);
  const message = `unknown member ${JSON.stringify(name)}` + (hint === undefined ? "" : `; did you mean ${JSON.stringify(hint)}?`);
  report(issues, path, key, name, "unknown", message);
}

/** Names longer than this get no suggestion: the distance costs length × length. */
const MAX_SUGGEST_LENGTH = 256;

/** The known name closest to `name` (case-insensitive edit distance ≤ max(2, length / 3)), if any. */
export function closest(name: string, known: Iterable<string>): string | undefined {
  if (name.length > MAX_SUGGEST_LENGTH) return undefined;
  const target = name.toLowerCase();
  let limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  for (const candidate of known) {
    if (candidate.length > MAX_SUGGEST_LENGTH || Math.abs(candidate.length - name.length) > limit) continue;
    const d = editDistance(target, candidate.toLowerCase());
    if (d <= limit) {
      best = candidate;
      // A later candidate must be strictly closer to win, so ties go to the model's order.
      limit = d - 1;
    }
    if (limit < 0) break;
  }
  return best;
}

/** Levenshtein distance with one row of memory. */
function editDistance(a: string, b: string): number {
  const row: number[] = [];
  for (let j = 0; j <= b.length; j++) row.push(j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length]!;
}
