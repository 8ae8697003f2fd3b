// The partition data every rule set's `aws.partition` reads, embedded into a package as small as
// its rules allow: only the outputs the rules read, and only the region names that a partition's
// own pattern would not find (`aws-global`, or a region another partition's pattern would claim).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { literal } from "../kit/file.js";

export interface PartitionsData {
  readonly partitions: ReadonlyArray<{
    readonly id: string;
    readonly regionRegex: string;
    readonly regions: Readonly<Record<string, unknown>>;
    readonly outputs: Readonly<Record<string, string | boolean>>;
  }>;
}

const FILE = fileURLToPath(new URL("../../data/partitions.json", import.meta.url));
let cached: PartitionsData | undefined;

/** svcgen's own copy of the partitions (generator/data/partitions.json). */
export function loadPartitions(): PartitionsData {
  return (cached ??= JSON.parse(readFileSync(FILE, "utf8")) as PartitionsData);
}

/** `const PARTITIONS: PartitionTable<...> = {...};` for the outputs in `fields`. */
export function partitionTableSource(data: PartitionsData, fields: ReadonlySet<string>): string {
  const keys = [...fields].sort();
  const patterns = data.partitions.map((p) => new RegExp(p.regionRegex));
  const entries = data.partitions.map((p, index) => {
    // A listed region needs its name only where the patterns, tried in order, would not find it.
    const explicit = Object.keys(p.regions)
      .filter((region) => patterns.findIndex((re) => re.test(region)) !== index)
      .sort();
    const outputs = keys.map((k) => `${k}: ${JSON.stringify(p.outputs[k])}`).join(", ");
    return `    { id: ${literal(p.id)}, regionRegex: new RegExp(${literal(p.regionRegex)}), regions: [${explicit.map(literal).join(", ")}], outputs: { ${outputs} } },`;
  });
  const type = keys.length === 0 ? "never" : keys.map((k) => literal(k)).join(" | ");
  return [
    `// AWS partitions (botocore's partitions.json, Apache-2.0): only what these rules read.`,
    `const PARTITIONS: PartitionTable<${type}> = {`,
    `  partitions: [`,
    ...entries,
    `  ],`,
    `};`,
  ].join("\n");
}
