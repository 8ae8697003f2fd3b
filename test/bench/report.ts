// Statistics and output for the benchmark: every figure is printed as `name: value unit` with the
// median, min and max of its rounds, and kept for results.json and the README table.
import os from "node:os";

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error("no samples to summarize");
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, n: sorted.length };
}

export interface Figure extends Summary {
  readonly name: string;
  readonly unit: string;
}

/** One line of the README table: our figure against the peer's, with the target it is held to. */
export interface Row {
  readonly section: string;
  readonly what: string;
  readonly svcgen: string;
  readonly peer: string;
  readonly ratio: string;
  readonly target: string;
  /** undefined: no target, the figure could not be measured, or an estimate's range straddles the target. */
  readonly met: boolean | undefined;
  /** The same row's figure in the results this run replaced (`npm run bench -- --write`), with its date. */
  readonly previous?: string | undefined;
}

/** A row's identity across runs: its section and text with the numbers taken out. */
export function rowKey(row: Pick<Row, "section" | "what">): string {
  return `${row.section}|${row.what.replace(/[0-9][0-9.,]*/g, "#")}`;
}

/** Each row with the figure the previous results had for it (its ratio when it has one, else its value). */
export function withPrevious(rows: readonly Row[], previous: Results | undefined): Row[] {
  const before = new Map((previous?.rows ?? []).map((r) => [rowKey(r), r]));
  return rows.map((r) => {
    const old = before.get(rowKey(r));
    if (old === undefined) return { ...r, previous: undefined };
    const figure = old.ratio !== "" ? `${old.ratio} (${old.svcgen})` : old.svcgen;
    return { ...r, previous: `${figure}, ${previous!.date}` };
  });
}

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly platform: string;
  readonly loadAverage: readonly number[];
}

export interface Results {
  readonly date: string;
  readonly mode: "full" | "quick";
  readonly machine: Machine;
  readonly figures: readonly Figure[];
  readonly rows: readonly Row[];
  readonly notes: readonly string[];
  readonly failures: readonly string[];
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** Up to 4 significant digits, no exponent: what a reader compares at a glance. */
export function fmt(v: number): string {
  if (!Number.isFinite(v) || Number.isInteger(v)) return String(v);
  const abs = Math.abs(v);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 10 ? 2 : 3;
  return v.toFixed(digits);
}

export function bytes(n: number): string {
  return n >= 1024 ? `${fmt(n / 1024)} KB` : `${n} B`;
}

export class Reporter {
  readonly figures: Figure[] = [];
  readonly rows: Row[] = [];
  readonly notes: string[] = [];
  readonly failures: string[] = [];
  readonly #out: (line: string) => void;

  constructor(out: (line: string) => void = (line) => process.stdout.write(line + "\n")) {
    this.#out = out;
  }

  section(title: string): void {
    this.#out(`== ${title} ==`);
  }

  /** A measured figure over rounds. */
  figure(name: string, unit: string, samples: readonly number[]): Figure {
    const s = summarize(samples);
    const figure: Figure = { name, unit, ...s };
    this.figures.push(figure);
    this.#out(
      s.n === 1
        ? `${name}: ${fmt(s.median)} ${unit} (n=1)`
        : `${name}: ${fmt(s.median)} ${unit} (median; min ${fmt(s.min)}, max ${fmt(s.max)}, n=${s.n})`,
    );
    return figure;
  }

  /** An exact figure (a size), not a sample of a distribution. */
  exact(name: string, unit: string, value: number): Figure {
    const figure: Figure = { name, unit, median: value, min: value, max: value, n: 1 };
    this.figures.push(figure);
    this.#out(`${name}: ${fmt(value)} ${unit}`);
    return figure;
  }

  /** A ratio of two figures of the same run; `target` decides whether it is met. */
  ratio(name: string, value: number, target?: { readonly text: string; readonly met: (v: number) => boolean }): boolean | undefined {
    this.figures.push({ name, unit: "x", median: value, min: value, max: value, n: 1 });
    const met = target === undefined ? undefined : target.met(value);
    this.#out(`${name}: ${fmt(value)} x${target === undefined ? "" : ` (target ${target.text}: ${met ? "met" : "not met"})`}`);
    return met;
  }

  row(row: Row): void {
    this.rows.push(row);
  }

  /** Progress for the console only: not a fact about the figures, so not kept for the README. */
  info(text: string): void {
    this.#out(`# ${text}`);
  }

  note(text: string): void {
    this.notes.push(text);
    this.#out(`# ${text}`);
  }

  /** A measurement that did not run; `counts` false for ones known to fail while others work on them. */
  failed(name: string, error: unknown, counts = true): void {
    const first = (error instanceof Error ? error.message : String(error)).split("\n").find((l) => l.trim() !== "") ?? "unknown error";
    this.#out(`${name}: failed (${first.trim()})`);
    if (counts) this.failures.push(`${name}: ${first.trim()}`);
    else this.notes.push(`${name} failed: ${first.trim()}`);
  }
}

/** Runs each body once per round, rotating the order so no body always runs first (or last). */
export async function interleave<K extends string>(
  rounds: number,
  bodies: Readonly<Record<K, () => Promise<number> | number>>,
): Promise<Record<K, number[]>> {
  const keys = Object.keys(bodies) as K[];
  const out = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[(i + r) % keys.length]!;
      out[key].push(await bodies[key]());
    }
  }
  return out;
}
