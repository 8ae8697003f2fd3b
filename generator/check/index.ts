// Model checks: everything the IR builder relies on is verified here first, so the builder
// can assume a well-formed model. Each finding names the file, the JSON pointer and the problem.
import { joinPointer, type Finding } from "../diagnostics.js";
import { checkEndpoints } from "../ir/endpoints.js";
import type { RawModel } from "../load/index.js";
import { camelCase, fileStem, toIdentifier } from "../naming.js";
import { SUPPORTED_PROTOCOLS, listedProtocols, pickProtocol, uriLabels } from "../ir/protocol.js";

export const SHAPE_TYPES = new Set([
  "structure",
  "list",
  "map",
  "string",
  "boolean",
  "byte",
  "short",
  "integer",
  "long",
  "float",
  "double",
  "bigdecimal",
  "biginteger",
  "timestamp",
  "blob",
  "character",
]);

const LOCATIONS = new Set(["uri", "querystring", "header", "headers", "statusCode"]);

const HTTP_METHODS = new Set(["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"]);

const TIMESTAMP_FORMATS = new Set(["iso8601", "rfc822", "unixTimestamp"]);

/**
 * Why a shape or operation name cannot name generated code, if it cannot. Names reach file names,
 * comments and one-line messages, so no control character; structures, enums and operations
 * become identifiers, so they need a character an identifier keeps (else each becomes `_`).
 */
function nameProblem(name: string, becomesIdentifier: boolean): string | undefined {
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return "contains a control character";
  if (becomesIdentifier && !/[A-Za-z0-9_$]/.test(name)) return "has no letter, digit, _ or $, so it would become an empty identifier";
  return undefined;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const own = (o: Obj, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export function checkModel(model: RawModel): Finding[] {
  const doc = model.document;
  const findings: Finding[] = [];
  const at = (pointer: string, message: string) => {
    const origin = model.sources.locate(pointer);
    findings.push({ file: origin.file, pointer: origin.pointer, message });
  };

  const metadata = doc.metadata;
  if (!isObj(metadata)) {
    at("/metadata", "the model has no metadata object");
  } else {
    const protocol = pickProtocol(metadata);
    if (protocol === undefined) at("/metadata/protocol", "metadata names no protocol");
    else if (!SUPPORTED_PROTOCOLS.has(protocol)) {
      at("/metadata/protocol", `protocol "${protocol}" is not supported (supported: ${[...SUPPORTED_PROTOCOLS].join(", ")})`);
    }
    for (const key of ["apiVersion", "endpointPrefix"]) {
      if (typeof metadata[key] !== "string" || metadata[key] === "") at(`/metadata/${key}`, `metadata.${key} must be a non-empty string`);
    }
    if (typeof metadata.serviceId !== "string" && typeof metadata.serviceFullName !== "string") {
      at("/metadata/serviceId", "metadata needs a serviceId (or serviceFullName) to name the client");
    }
    if (protocol === "json" && typeof metadata.targetPrefix !== "string") {
      at("/metadata/targetPrefix", "the json protocol needs metadata.targetPrefix for the X-Amz-Target header");
    }
    if (listedProtocols(metadata).includes("smithy-rpc-v2-cbor") && typeof metadata.targetPrefix !== "string") {
      at("/metadata/targetPrefix", "the smithy-rpc-v2-cbor protocol needs metadata.targetPrefix, the service name of its request paths");
    }
    // The uid names the package folder of a botocore model: it must not point anywhere else.
    if (metadata.uid !== undefined && (typeof metadata.uid !== "string" || /[/\\]|\.\./.test(metadata.uid))) {
      at("/metadata/uid", `metadata.uid ${JSON.stringify(metadata.uid)} names the package folder, so it may not hold a path`);
    }
  }

  const shapes = isObj(doc.shapes) ? doc.shapes : undefined;
  if (!shapes) at("/shapes", "the model has no shapes object");
  const operations = isObj(doc.operations) ? doc.operations : undefined;
  if (!operations) at("/operations", "the model has no operations object");
  if (!shapes || !operations) return findings;

  const shapeOf = (name: unknown): Obj | undefined =>
    typeof name === "string" && own(shapes, name) && isObj(shapes[name]) ? (shapes[name] as Obj) : undefined;
  const ref = (pointer: string, value: unknown, what: string): Obj | undefined => {
    if (!isObj(value) || typeof value.shape !== "string") {
      at(pointer, `${what} must be an object with a "shape" name`);
      return undefined;
    }
    const target = shapeOf(value.shape);
    if (!target) at(joinPointer(pointer, "shape"), `${what} refers to shape "${value.shape}", which the model does not define`);
    return target;
  };

  // Shapes.
  const typeNames = new Map<string, string>();
  for (const name of Object.keys(shapes).sort()) {
    const p = joinPointer("/shapes", name);
    const shape = shapes[name];
    if (!isObj(shape)) {
      at(p, `shape "${name}" must be an object`);
      continue;
    }
    if (typeof shape.type !== "string" || !SHAPE_TYPES.has(shape.type)) {
      at(joinPointer(p, "type"), `shape "${name}" has unknown type ${JSON.stringify(shape.type)} (known: ${[...SHAPE_TYPES].join(", ")})`);
      continue;
    }
    const badName = nameProblem(
      name,
      (shape.type === "structure" && shape.document !== true) || (shape.type === "string" && shape.enum !== undefined),
    );
    if (badName) at(p, `shape name ${JSON.stringify(name)} ${badName}`);
    for (const key of ["min", "max"]) {
      if (shape[key] !== undefined && (typeof shape[key] !== "number" || !Number.isFinite(shape[key]))) {
        at(joinPointer(p, key), `${key} must be a number, not ${JSON.stringify(shape[key])}`);
      }
    }
    if (typeof shape.min === "number" && typeof shape.max === "number" && shape.min > shape.max) {
      at(joinPointer(p, "min"), `min ${shape.min} is greater than max ${shape.max}: no value of ${name} could be valid`);
    }
    if (shape.type === "string" && shape.enum !== undefined) {
      if (!Array.isArray(shape.enum)) at(joinPointer(p, "enum"), "enum must be a list of strings");
      else {
        const seen = new Set<string>();
        shape.enum.forEach((v, i) => {
          if (typeof v !== "string") at(joinPointer(p, "enum", i), `enum value ${JSON.stringify(v)} is not a string`);
          else if (seen.has(v)) at(joinPointer(p, "enum", i), `enum value ${JSON.stringify(v)} is listed twice`);
          else seen.add(v);
        });
      }
    }
    if (shape.type === "timestamp" && shape.timestampFormat !== undefined && !TIMESTAMP_FORMATS.has(String(shape.timestampFormat))) {
      at(
        joinPointer(p, "timestampFormat"),
        `unknown timestampFormat ${JSON.stringify(shape.timestampFormat)} (known: ${[...TIMESTAMP_FORMATS].join(", ")})`,
      );
    }
    // Documents are not named types (they are DocumentValue), so only structures and enums can clash.
    if ((shape.type === "structure" && shape.document !== true) || (shape.type === "string" && Array.isArray(shape.enum))) {
      const id = toIdentifier(name);
      const other = typeNames.get(id);
      if (other !== undefined && other !== name) {
        at(p, `shape "${name}" and shape "${other}" both become the TypeScript name ${id}; rename one`);
      } else typeNames.set(id, name);
    }
    if (shape.type === "structure") {
      const members = shape.members ?? {};
      if (!isObj(members)) {
        at(joinPointer(p, "members"), "members must be an object");
        continue;
      }
      for (const [mName, member] of Object.entries(members)) {
        const mp = joinPointer(p, "members", mName);
        ref(mp, member, `member ${name}.${mName}`);
        if (isObj(member) && member.location !== undefined && !LOCATIONS.has(String(member.location))) {
          at(joinPointer(mp, "location"), `member ${name}.${mName} has unknown location ${JSON.stringify(member.location)}`);
        }
      }
      if (shape.required !== undefined) {
        if (!Array.isArray(shape.required)) at(joinPointer(p, "required"), "required must be a list of member names");
        else
          shape.required.forEach((r, i) => {
            if (typeof r !== "string" || !own(members, r)) {
              at(joinPointer(p, "required", i), `required member ${JSON.stringify(r)} is not a member of ${name}`);
            }
          });
      }
      if (typeof shape.payload === "string" && !own(members, shape.payload)) {
        at(joinPointer(p, "payload"), `payload "${shape.payload}" is not a member of ${name}`);
      }
    } else if (shape.type === "list") {
      ref(joinPointer(p, "member"), shape.member, `list ${name}'s member`);
    } else if (shape.type === "map") {
      ref(joinPointer(p, "key"), shape.key, `map ${name}'s key`);
      ref(joinPointer(p, "value"), shape.value, `map ${name}'s value`);
    }
  }

  checkRecursion(shapes, at);

  // Operations.
  const protocol = isObj(metadata) ? pickProtocol(metadata) : undefined;
  const fnNames = new Map<string, string>();
  const fileNames = new Map<string, string>();
  for (const name of Object.keys(operations).sort()) {
    const p = joinPointer("/operations", name);
    const op = operations[name];
    if (!isObj(op)) {
      at(p, `operation "${name}" must be an object`);
      continue;
    }
    const badName = nameProblem(name, true);
    if (badName) at(p, `operation name ${JSON.stringify(name)} ${badName}`);
    for (const [table, value] of [
      [fnNames, camelCase(name)],
      [fileNames, fileStem(name)],
    ] as const) {
      const other = table.get(value);
      if (other !== undefined) at(p, `operations "${other}" and "${name}" both become ${value}; rename one`);
      else table.set(value, name);
    }
    const http = isObj(op.http) ? op.http : undefined;
    // The json protocol always posts to "/": its models may leave requestUri out.
    if (
      !http ||
      typeof http.method !== "string" ||
      (typeof http.requestUri !== "string" && !(protocol === "json" && http.requestUri === undefined))
    ) {
      at(joinPointer(p, "http"), protocol === "json" ? "http must give a method" : "http must give a method and a requestUri");
    } else if (!HTTP_METHODS.has(http.method)) {
      at(
        joinPointer(p, "http", "method"),
        `HTTP method ${JSON.stringify(http.method)} is not one a client can send (${[...HTTP_METHODS].join(", ")})`,
      );
    }
    const input = op.input === undefined ? undefined : ref(joinPointer(p, "input"), op.input, `${name}'s input`);
    if (op.output !== undefined) ref(joinPointer(p, "output"), op.output, `${name}'s output`);
    if (input && input.type !== "structure") at(joinPointer(p, "input", "shape"), `${name}'s input must be a structure`);
    if (op.errors !== undefined) {
      if (!Array.isArray(op.errors)) at(joinPointer(p, "errors"), "errors must be a list");
      else
        op.errors.forEach((e, i) => {
          const target = ref(joinPointer(p, "errors", i), e, `${name}'s error`);
          if (target && (target.type !== "structure" || target.exception !== true)) {
            at(
              joinPointer(p, "errors", i, "shape"),
              `error "${(e as Obj).shape as string}" is not an exception structure (it needs "type": "structure" and "exception": true)`,
            );
          }
        });
    }

    // URI labels ⇄ members bound to the URI.
    if (http && typeof http.requestUri === "string") {
      const labels = uriLabels(http.requestUri);
      const members = input && isObj(input.members) ? input.members : {};
      const inputPtr = input ? joinPointer("/shapes", (op.input as Obj).shape as string) : joinPointer(p, "input");
      const bound = new Map<string, string>();
      for (const [mName, m] of Object.entries(members)) {
        if (isObj(m) && m.location === "uri") bound.set(typeof m.locationName === "string" ? m.locationName : mName, mName);
      }
      for (const label of labels) {
        if (!bound.has(label.name)) {
          at(
            joinPointer(p, "http", "requestUri"),
            `URI label {${label.name}} of ${name} has no input member with "location": "uri" and that locationName`,
          );
        }
      }
      for (const [wire, mName] of bound) {
        if (!labels.some((l) => l.name === wire)) {
          at(
            joinPointer(inputPtr, "members", mName),
            `member ${mName} is bound to URI label {${wire}}, which ${name}'s requestUri "${http.requestUri}" does not have`,
          );
        }
      }
    }
  }

  // Paginators.
  const pagination = doc.pagination;
  if (pagination !== undefined) {
    if (!isObj(pagination)) at("/pagination", "pagination must be an object");
    else
      for (const [opName, pg] of Object.entries(pagination)) {
        const p = joinPointer("/pagination", opName);
        const op = own(operations, opName) ? operations[opName] : undefined;
        if (!isObj(op)) {
          at(p, `paginator for "${opName}", which is not an operation of the model`);
          continue;
        }
        if (!isObj(pg)) {
          at(p, "a paginator must be an object");
          continue;
        }
        const input = isObj(op.input) ? shapeOf(op.input.shape) : undefined;
        const output = isObj(op.output) ? shapeOf(op.output.shape) : undefined;
        // Paths as botocore writes them: `A.B`, an index into a list (`Items[-1].Id`), `A || B`.
        const hasPath = (shape: Obj | undefined, expression: string): boolean =>
          expression.split("||").every((alternative) => {
            let current = shape;
            for (const part of alternative.trim().split(".")) {
              const m = /^([^[\]]+)((?:\[-?\d+\])*)$/.exec(part);
              if (!m || !current || !isObj(current.members) || !own(current.members, m[1]!)) return false;
              const member = current.members[m[1]!];
              current = isObj(member) ? shapeOf(member.shape) : undefined;
              for (let n = (m[2]!.match(/\[/g) ?? []).length; n > 0; n--) {
                if (current?.type !== "list" || !isObj(current.member)) return false;
                current = shapeOf(current.member.shape);
              }
            }
            return true;
          });
        // Each token key holds a string or a list of strings; a finding points at the one entry.
        const eachToken = (key: string, shape: Obj | undefined, side: string) => {
          const value = pg[key];
          if (value === undefined) return;
          (Array.isArray(value) ? value : [value]).forEach((t, i) => {
            if (!hasPath(shape, String(t))) {
              at(joinPointer(p, key, ...(Array.isArray(value) ? [i] : [])), `${key} "${String(t)}" is not a member of ${opName}'s ${side}`);
            }
          });
        };
        eachToken("input_token", input, "input");
        eachToken("output_token", output, "output");
        eachToken("limit_key", input, "input");
        eachToken("result_key", output, "output");
        eachToken("more_results", output, "output");
      }
  }
  checkEndpoints(doc, at);
  return findings;
}

/**
 * Recursion no generated package can hold: a list or map that contains itself with no structure
 * in between (list and map types are written inline, so that type would never end), and
 * structures whose required members lead back to themselves (no finite value could be built).
 */
function checkRecursion(shapes: Obj, at: (pointer: string, message: string) => void): void {
  const shapeOf = (name: unknown): Obj | undefined =>
    typeof name === "string" && own(shapes, name) && isObj(shapes[name]) ? (shapes[name] as Obj) : undefined;
  const target = (ref: unknown): string | undefined =>
    isObj(ref) && typeof ref.shape === "string" && shapeOf(ref.shape) ? ref.shape : undefined;
  const names = Object.keys(shapes).sort();

  // Lists and maps: depth-first along their elements; each cycle is reported once, at the
  // reference that closes it.
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (name: string) => {
    state.set(name, "open");
    path.push(name);
    const s = shapeOf(name);
    const key = s?.type === "list" ? "member" : s?.type === "map" ? "value" : undefined;
    const to = key === undefined ? undefined : target(s![key]);
    if (to !== undefined && state.get(to) === "open") {
      const cycle = [...path.slice(path.indexOf(to)), to];
      at(
        joinPointer("/shapes", name, key!, "shape"),
        `${String(s!.type)} ${name} contains itself with no structure in between (${cycle.join(" → ")})`,
      );
    } else if (to !== undefined && !state.has(to)) visit(to);
    path.pop();
    state.set(name, "done");
  };
  for (const name of names) if (!state.has(name)) visit(name);

  // Required members: a structure can be built when every required member can; a union when
  // one member can. Scalars, lists and maps (empty) always can. Fixpoint from the bottom.
  const required = (s: Obj): Array<[index: number, member: string, to: string]> => {
    if (!Array.isArray(s.required) || !isObj(s.members)) return [];
    const members = s.members;
    return s.required.flatMap((r, i) => {
      const to = typeof r === "string" && own(members, r) ? target(members[r]) : undefined;
      return to === undefined ? [] : [[i, r as string, to] as [number, string, string]];
    });
  };
  const buildable = new Set(names.filter((n) => shapeOf(n)?.type !== "structure" || shapeOf(n)!.document === true));
  for (let changed = true; changed;) {
    changed = false;
    for (const name of names) {
      const s = shapeOf(name);
      if (buildable.has(name) || !s) continue;
      const members = isObj(s.members) ? Object.values(s.members).map(target) : [];
      const ok =
        s.union === true
          ? members.length === 0 || members.some((t) => t !== undefined && buildable.has(t))
          : required(s).every(([, , to]) => buildable.has(to));
      if (ok) {
        buildable.add(name);
        changed = true;
      }
    }
  }
  for (const name of names) {
    const s = shapeOf(name);
    if (!s || buildable.has(name) || s.union === true) continue;
    const first = required(s).find(([, , to]) => !buildable.has(to));
    if (!first) continue;
    // Follow the first unbuildable required member until a name repeats: that closes the cycle.
    const chain = [name];
    let next: string | undefined = first[2];
    while (next !== undefined && !chain.includes(next)) {
      chain.push(next);
      const ns = shapeOf(next);
      next = ns && ns.union !== true ? required(ns).find(([, , to]) => !buildable.has(to))?.[2] : undefined;
    }
    chain.push(next ?? "…");
    at(
      joinPointer("/shapes", name, "required", first[0]),
      `required member ${JSON.stringify(first[1])} of ${name} leads to a cycle of required members (${chain.join(" → ")}): no value of ${name} can ever be built`,
    );
  }
}
