// Every problem with a model is reported as a Finding: the file it is in, the JSON pointer
// inside that file, and a sentence. ModelError carries one or more of them to the CLI.

export interface Finding {
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
}

export class ModelError extends Error {
  override readonly name = "ModelError";
  readonly findings: readonly Finding[];
  constructor(findings: readonly Finding[]) {
    super(findings.map(formatFinding).join("\n"));
    this.findings = findings;
  }
}

/** One line, whatever the model's names hold: control characters (terminal escapes, line breaks) as `\uXXXX`. */
export function formatFinding(f: Finding): string {
  return `${f.file}#${f.pointer}: ${f.message}`.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Escapes one reference token of a JSON pointer (RFC 6901). */
/**
 * A command's failure as its user reads it on stderr: a model's findings one per line and their
 * count (with `outcome` after it, e.g. "nothing was written"), else the error's message. Returns
 * the exit status, 1.
 */
export function reportFailure(err: unknown, print: (line: string) => void, outcome?: string): 1 {
  if (err instanceof ModelError) {
    for (const f of err.findings) print(`error: ${formatFinding(f)}`);
    print(`svcgen: the model has ${err.findings.length} error(s)${outcome === undefined ? "" : `; ${outcome}`}`);
  } else print(`svcgen: ${err instanceof Error ? err.message : String(err)}`);
  return 1;
}

export function pointerToken(token: string | number): string {
  return String(token).replace(/~/g, "~0").replace(/\//g, "~1");
}

export function joinPointer(base: string, ...tokens: Array<string | number>): string {
  return base + tokens.map((t) => "/" + pointerToken(t)).join("");
}
