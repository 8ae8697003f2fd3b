// Peak memory of a process tree: the resident sets of this process and every descendant, summed
// and sampled on a timer (Linux /proc; elsewhere only this process's own maxRSS is known).
import { readFileSync, readdirSync } from "node:fs";

const PAGE = 4096;

/** Resident bytes of `pid` and its descendants, or undefined without /proc. */
export function treeRss(root = process.pid): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return undefined;
  }
  const children = new Map<number, number[]>();
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name (field 2) is in parentheses and may hold spaces: the parent id follows the last ")".
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      // the process ended while being listed
    }
  }
  let total = 0;
  const stack = [root];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    try {
      total += Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]) * PAGE;
    } catch {
      // ended
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Samples treeRss every `ms` until stopped; the peak in bytes (this process's maxRSS without /proc). */
export function sampleTreeRss(ms = 200): { stop: () => number; peak: () => number } {
  let peak = 0;
  const sample = () => {
    const now = treeRss();
    peak = Math.max(peak, now ?? process.resourceUsage().maxRSS * 1024);
  };
  sample();
  const timer = setInterval(sample, ms);
  timer.unref();
  return {
    peak: () => peak,
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
