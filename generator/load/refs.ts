// Resolves JSON References across the files of one model folder. Parsing goes through the
// ref parser library (with `yaml` for YAML); the walk is ours so that every node of the merged
// document remembers the file and pointer it came from, and so that a reference can be refused
// before anything outside the model folder is read.
import path from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import $RefParser from "@apidevtools/json-schema-ref-parser";
import YAML from "yaml";
import { ModelError, joinPointer, type Finding } from "../diagnostics.js";

/** Where a node of the merged document was written: a file and a pointer inside it. */
export interface Origin {
  readonly file: string;
  readonly pointer: string;
}

/** Origins of merged-document pointers, for the nodes that start a new file or a $ref. */
export class SourceMap {
  readonly #origins = new Map<string, Origin>();
  constructor(readonly rootFile: string) {}

  set(mergedPointer: string, origin: Origin): void {
    this.#origins.set(mergedPointer, origin);
  }

  /** Maps a pointer of the merged document back to the file and pointer that wrote it. */
  locate(mergedPointer: string): Origin {
    let prefix = mergedPointer;
    for (;;) {
      const origin = this.#origins.get(prefix);
      if (origin) return { file: origin.file, pointer: origin.pointer + mergedPointer.slice(prefix.length) };
      if (prefix === "") return { file: this.rootFile, pointer: mergedPointer };
      prefix = prefix.slice(0, prefix.lastIndexOf("/"));
    }
  }
}

const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Models nest a dozen levels; far deeper input is hostile and would exhaust the stack. */
export const MAX_DEPTH = 256;

/**
 * Budgets for resolving references. The largest corpus model (ec2, 4 MB) has 64,368 JSON nodes
 * and models follow one or two references in a row, so a model past these limits is references
 * multiplying (a few KB naming one another ten times over expands to gigabytes) or chaining
 * without end: refused before it exhausts memory, the stack or the user's patience.
 */
export const MAX_EXPANDED_NODES = 1_000_000;
export const MAX_REF_CHAIN = 64;
export const MAX_RESOLVE_MS = 10_000;

/** JSON.parse, with the error's offset given as a line and column and no file URL around it. */
function parseJson(file: { data: Buffer | string }): unknown {
  const text = (typeof file.data === "string" ? file.data : file.data.toString("utf8")).replace(/^\uFEFF/, "");
  if (text.trim() === "") throw new Error("the file is empty");
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const offset = /at position (\d+)/.exec(message);
    if (!offset) throw new Error(message);
    const before = text.slice(0, Number(offset[1]));
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    throw new Error(`${message.replace(/ in JSON at position \d+.*$/s, "")} at line ${line}, column ${column}`);
  }
}

function parserOptions(root: string) {
  return {
    parse: {
      json: { order: 1, canParse: /\.json$/i, parse: parseJson },
      yaml: {
        order: 2,
        canParse: /\.ya?ml$/i,
        parse(file: { data: Buffer | string; url: string }) {
          const text = typeof file.data === "string" ? file.data : file.data.toString("utf8");
          const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true });
          if (doc.errors.length > 0) throw new Error(doc.errors[0]!.message);
          return doc.toJS({ maxAliasCount: 100 }) as unknown;
        },
      },
      text: false,
      binary: false,
    },
    resolve: {
      external: true,
      http: false,
      file: {
        order: 1,
        canRead: true,
        async read(file: { url: string }) {
          const target = urlToPath(file.url);
          if (target === undefined) throw new Error(`only files inside the model folder can be read, not ${file.url}`);
          if (!inside(root, target)) throw new Error(`${target} is outside the model folder ${root}`);
          const { readFile, realpath, stat } = await import("node:fs/promises");
          // A symbolic link inside the folder may still lead out of it.
          const real = await realpath(target);
          if (!inside(await realpath(root), real)) throw new Error(`it is a link to ${real}, outside the model folder`);
          // A named pipe, socket or device would block the read (or never end): regular files only.
          const info = await stat(real);
          if (!info.isFile()) throw new Error(`it is ${kindOf(info)}, not a regular file`);
          if (info.size > MAX_FILE_BYTES) throw new Error(`file is larger than ${MAX_FILE_BYTES} bytes`);
          return readFile(real);
        },
      },
    },
  };
}

function kindOf(info: import("node:fs").Stats): string {
  if (info.isDirectory()) return "a folder";
  if (info.isFIFO()) return "a named pipe";
  if (info.isSocket()) return "a socket";
  if (info.isCharacterDevice() || info.isBlockDevice()) return "a device";
  return "not a file";
}

function urlToPath(url: string): string | undefined {
  if (/^file:/i.test(url)) return fileURLToPath(url);
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^[a-z]:[\\/]/i.test(url)) return undefined;
  return path.resolve(url);
}

export function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

function decodePointer(fragment: string): string[] {
  if (fragment === "" || fragment === "/") return fragment === "/" ? [""] : [];
  if (!fragment.startsWith("/")) throw new Error(`"${fragment}" is not a JSON pointer`);
  return fragment
    .slice(1)
    .split("/")
    .map((t) => decodeURIComponent(t).replace(/~1/g, "/").replace(/~0/g, "~"));
}

export interface Loaded {
  readonly document: unknown;
  readonly sources: SourceMap;
  /** Every file that went into the model, relative to the model folder, sorted. */
  readonly files: readonly string[];
}

/** Reads `file` (JSON or YAML) and resolves every `$ref` inside `root`. */
export async function loadWithRefs(file: string, root: string): Promise<Loaded> {
  const absRoot = path.resolve(root);
  const rel = (p: string) => path.relative(absRoot, p).split(path.sep).join("/") || path.basename(p);
  const cache = new Map<string, unknown>();
  const options = parserOptions(absRoot);

  async function readDoc(abs: string, from: Origin | undefined): Promise<unknown> {
    const cached = cache.get(abs);
    if (cached !== undefined) return cached;
    if (!inside(absRoot, abs)) {
      throw new ModelError([
        {
          ...(from ?? { file: rel(abs), pointer: "" }),
          message: `$ref leaves the model folder (${abs}); references must stay inside ${absRoot}`,
        },
      ]);
    }
    try {
      const parsed = await $RefParser.parse(pathToFileURL(abs).href, options as never);
      cache.set(abs, parsed);
      return parsed;
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      const finding: Finding = from
        ? { ...from, message: `cannot load $ref target ${rel(abs)}: ${cleanMessage(why)}` }
        : { file: rel(abs), pointer: "", message: `cannot read the model: ${cleanMessage(why)}` };
      throw new ModelError([finding]);
    }
  }

  const sources = new SourceMap(rel(path.resolve(file)));
  const rootAbs = path.resolve(file);
  const rootDoc = await readDoc(rootAbs, undefined);

  // Load every file the references reach first (async), then resolve synchronously.
  function refTarget(ref: string, fileAbs: string, here: Origin): { abs: string; fragment: string } {
    if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) {
      throw new ModelError([
        {
          ...here,
          message: `$ref "${ref}" is a URL; only relative files inside the model folder are allowed (no network)`,
        },
      ]);
    }
    const hash = ref.indexOf("#");
    const refPath = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? "" : ref.slice(hash + 1);
    const abs = refPath === "" ? fileAbs : path.resolve(path.dirname(fileAbs), decodeURIComponent(refPath));
    if (!inside(absRoot, abs)) {
      throw new ModelError([{ ...here, message: `$ref "${ref}" leaves the model folder; references must stay inside it` }]);
    }
    return { abs, fragment };
  }

  async function preload(node: unknown, fileAbs: string, filePtr: string, depth = 0, chain = 0): Promise<void> {
    if (node === null || typeof node !== "object") return;
    if (depth >= MAX_DEPTH) {
      throw new ModelError([
        {
          file: rel(fileAbs),
          pointer: filePtr,
          message: `nested more than ${MAX_DEPTH} levels deep; a model never is`,
        },
      ]);
    }
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) await preload(node[i], fileAbs, joinPointer(filePtr, i), depth + 1, chain);
      return;
    }
    const obj = node as Record<string, unknown>;
    if (typeof obj.$ref === "string") {
      const here: Origin = { file: rel(fileAbs), pointer: joinPointer(filePtr, "$ref") };
      const { abs } = refTarget(obj.$ref, fileAbs, here);
      if (cache.has(abs)) return;
      if (chain >= MAX_REF_CHAIN) throw new ModelError([{ ...here, message: chainMessage() }]);
      await preload(await readDoc(abs, here), abs, "", 0, chain + 1);
      return;
    }
    for (const [k, v] of Object.entries(obj)) await preload(v, fileAbs, joinPointer(filePtr, k), depth + 1, chain);
  }

  // The merged document is counted as it is built: references that multiply are stopped at the
  // budget, long before the expansion would fill memory.
  let expanded = 0;
  const deadline = performance.now() + MAX_RESOLVE_MS;
  /** The innermost $ref being expanded: where a budget finding points. */
  let lastRef: Origin = { file: rel(path.resolve(file)), pointer: "" };
  const spend = (depth: number, fileAbs: string, filePtr: string) => {
    if (++expanded > MAX_EXPANDED_NODES) {
      throw new ModelError([
        {
          ...lastRef,
          message: `expanding $ref references gives more than ${MAX_EXPANDED_NODES.toLocaleString("en")} JSON nodes (the largest real model has about 65,000): references multiply`,
        },
      ]);
    }
    if ((expanded & 0xfff) === 0 && performance.now() > deadline) {
      throw new ModelError([
        {
          ...lastRef,
          message: `resolving $ref references took more than ${MAX_RESOLVE_MS / 1000} s; references multiply`,
        },
      ]);
    }
    if (depth > MAX_DEPTH) {
      throw new ModelError([
        {
          file: rel(fileAbs),
          pointer: filePtr,
          message: `nested more than ${MAX_DEPTH} levels deep once references are followed; a model never is`,
        },
      ]);
    }
  };

  function resolve(node: unknown, fileAbs: string, filePtr: string, mergedPtr: string, stack: string[], depth = 0): unknown {
    spend(depth, fileAbs, filePtr);
    if (node === null || typeof node !== "object") return node;
    if (Array.isArray(node)) {
      return node.map((item, i) => resolve(item, fileAbs, joinPointer(filePtr, i), joinPointer(mergedPtr, i), stack, depth + 1));
    }
    const obj = node as Record<string, unknown>;
    if (typeof obj.$ref === "string") {
      const here: Origin = { file: rel(fileAbs), pointer: joinPointer(filePtr, "$ref") };
      lastRef = here;
      const ref = obj.$ref;
      const { abs: targetAbs, fragment } = refTarget(ref, fileAbs, here);
      const key = `${targetAbs}#${fragment}`;
      if (stack.includes(key)) throw new ModelError([{ ...here, message: `$ref "${ref}" is circular (${stack.length} references deep)` }]);
      if (stack.length >= MAX_REF_CHAIN) throw new ModelError([{ ...here, message: chainMessage() }]);
      const siblings = Object.keys(obj).filter((k) => k !== "$ref");
      if (siblings.length > 0) {
        throw new ModelError([{ ...here, message: `$ref may not have sibling keys (${siblings.join(", ")}): they would be ignored` }]);
      }
      let tokens: string[];
      try {
        tokens = decodePointer(fragment);
      } catch (err) {
        throw new ModelError([{ ...here, message: `$ref "${ref}": ${(err as Error).message}` }]);
      }
      let target: unknown = cache.get(targetAbs);
      for (const t of tokens) {
        if (target !== null && typeof target === "object" && Object.prototype.hasOwnProperty.call(target, t)) {
          target = (target as Record<string, unknown>)[t];
        } else {
          throw new ModelError([{ ...here, message: `$ref "${ref}" points at nothing: ${rel(targetAbs)} has no "${fragment}"` }]);
        }
      }
      const targetPtr = tokens.reduce((p, t) => joinPointer(p, t), "");
      sources.set(mergedPtr, { file: rel(targetAbs), pointer: targetPtr });
      const value = resolve(target, targetAbs, targetPtr, mergedPtr, [...stack, key], depth);
      lastRef = here;
      return value;
    }
    // Defined, not assigned: a shape or member named `__proto__` must stay a key, not a prototype.
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      const value = resolve(v, fileAbs, joinPointer(filePtr, k), joinPointer(mergedPtr, k), stack, depth + 1);
      Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  await preload(rootDoc, rootAbs, "");
  const document = resolve(rootDoc, rootAbs, "", "", []);
  return { document, sources, files: [...cache.keys()].map(rel).sort() };
}

function chainMessage(): string {
  return `$ref leads to a $ref more than ${MAX_REF_CHAIN} times in a row; a model needs one or two`;
}

function cleanMessage(message: string): string {
  // The parser library prefixes the file's URL, which the finding already names.
  return message
    .replace(/^Error parsing \S+: /, "")
    .replace(/\s+/g, " ")
    .trim();
}
