// src/waiters/<waiter>.ts: for each waiter of the model, `waitUntil<Name>(params, input)`, which
// polls its operation until an acceptor says success or failure. The acceptors' JMESPath
// arguments are compiled to TypeScript here (compile.ts); the loop is the runtime's waitFor.
import type { AcceptorIR, WaiterIR } from "../../ir/waiters.js";
import type { OperationIR, ServiceIR } from "../../ir/types.js";
import { MODULES, docComment, literal } from "../kit/file.js";
import { Imports } from "../kit/imports.js";
import { code, codeBlock, text } from "../kit/markdown.js";
import { opLink } from "../kit/docs-site.js";
import type { AggregateMethod, IndexEntry, Plugin } from "../kit/plugin.js";
import { generatedNames, internalSymbols } from "../kit/symbols.js";
import { compileJmes } from "./compile.js";

const WAITER_RUNTIME = MODULES.runtime("client/waiter");
const waiterModule = (w: WaiterIR) => `src/waiters/${w.fileName}.ts`;

/** The operation's input type (waiters never name the output type). */
function inputType(op: OperationIR, imports: Imports): string {
  return op.inputShape ? imports.type(op.inputShape.typeName, MODULES.types) : "Record<string, never>";
}

function operationOf(ir: ServiceIR, w: WaiterIR): OperationIR {
  const op = ir.operations.find((o) => o.name === w.operation);
  if (!op) throw new Error(`internal: waiter ${w.name} polls unknown operation ${w.operation}`);
  return op;
}

/** One acceptor in plain words, for TSDoc and the docs page. */
export function describeAcceptor(a: AcceptorIR): string {
  const expected = JSON.stringify(a.expected);
  const then = a.state === "success" ? "the wait succeeds" : a.state === "failure" ? "the wait fails" : "it tries again";
  switch (a.matcher) {
    case "path":
      return `when \`${a.argument}\` of the output equals ${expected}, ${then}`;
    case "pathAll":
      return `when every value of \`${a.argument}\` equals ${expected} (and there is at least one), ${then}`;
    case "pathAny":
      return `when any value of \`${a.argument}\` equals ${expected}, ${then}`;
    case "status":
      return `when the HTTP status is ${expected}, ${then}`;
    case "error":
      if (a.expected === true) return `when the call fails with any error, ${then}`;
      if (a.expected === false) return `when the call succeeds, ${then}`;
      return `when the call fails with ${a.expected}, ${then}`;
  }
}

function emitWaiter(ir: ServiceIR, w: WaiterIR, banner: string) {
  const file = waiterModule(w);
  const op = operationOf(ir, w);
  const imports = new Imports(file, generatedNames(ir));
  const client = imports.type(ir.names.client, MODULES.client);
  const waitFor = imports.use("waitFor", WAITER_RUNTIME);
  const params = imports.type("WaiterParams", WAITER_RUNTIME);
  const result = imports.type("WaiterResult", WAITER_RUNTIME);
  const spec = imports.type("WaiterSpec", WAITER_RUNTIME);
  const operation = imports.use(internalSymbols(ir).operation.get(op.name)!, MODULES.operation(op.fileName));
  const input = inputType(op, imports);
  const acceptors = w.acceptors.map((a) => {
    const head = `state: ${literal(a.state)}, matcher: ${literal(a.matcher)}`;
    const select = a.expression
      ? `, select: (output) => ${compileJmes(a.expression, "output", (h) => imports.use(h, WAITER_RUNTIME))}`
      : "";
    return `    // ${describeAcceptor(a).replace(/[\r\n\u2028\u2029]/g, " ")}\n    { ${head}${select}, expected: ${JSON.stringify(a.expected)} },`;
  });
  const doc = docComment(
    `Waits until ${w.name}: polls ${op.name} (first at once, then with backoff from \`minDelay\`, default ${w.delay} s, to \`maxDelay\`) until an acceptor decides.` +
      (w.description ? ` ${text(w.description)}` : "") +
      `\n\n${w.acceptors.map((a, i) => `${i + 1}. ${describeAcceptor(a)}.`).join("\n")}\n\nAn error no acceptor matches fails the wait at once.`,
    [`@throws {@link WaiterError} with \`state\` FAILURE, TIMEOUT or ABORTED and the last response or error as \`reason\`.`],
  );
  const inputParam = op.input ? `input: ${input}` : `input: ${input} = {}`;
  const body = `const waiterSpec: ${spec} = {
  name: ${literal(w.name)},
  delay: ${w.delay},
  acceptors: [
${acceptors.join("\n")}
  ],
};

${doc}export function ${w.functionName}(params: ${params}<${client}>, ${inputParam}): Promise<${result}> {
  return ${waitFor}(${operation}, waiterSpec, params, input);
}
`;
  return { path: file, content: `${banner}\n${imports.render()}\n\n${body}` };
}

function aggregateMethods(ir: ServiceIR, imports: Imports): AggregateMethod[] {
  return ir.waiters.map((w) => {
    const op = operationOf(ir, w);
    const fn = imports.use(w.functionName, waiterModule(w));
    const options = imports.type("WaiterOptions", WAITER_RUNTIME);
    const result = imports.type("WaiterResult", WAITER_RUNTIME);
    const input = inputType(op, imports);
    const inputParam = op.input ? `input: ${input}` : `input: ${input} = {}`;
    return {
      operation: op.name,
      source: `${docComment(`Waits until ${w.name}; see {@link ${w.functionName}}.`)}${w.functionName}(options: ${options}, ${inputParam}): Promise<${result}> {\n    return ${fn}({ ...options, client: this }, input);\n  }`,
    };
  });
}

function exports(ir: ServiceIR): IndexEntry[] {
  if (ir.waiters.length === 0) return [];
  return [
    ...ir.waiters.map((w) => ({ module: waiterModule(w), name: w.functionName, typeOnly: false })),
    { module: WAITER_RUNTIME, name: "WaiterError", typeOnly: false },
    ...["WaiterParams", "WaiterOptions", "WaiterResult", "WaiterState"].map((name) => ({
      module: WAITER_RUNTIME,
      name,
      typeOnly: true,
    })),
  ];
}

export const waiters: Plugin = {
  name: "waiters",
  emit: (ir, ctx) => ir.waiters.map((w) => emitWaiter(ir, w, ctx.banner)),
  exports,
  aggregateMethods,
  docsSections(ir, site) {
    if (ir.waiters.length === 0) return [];
    const blocks: string[] = [
      "Each waiter polls one operation until its acceptors, tried in order, say success or failure. " +
        'It resolves `{ state: "SUCCESS", reason }` or throws `WaiterError` with `state` FAILURE, TIMEOUT or ABORTED; ' +
        "an error no acceptor matches fails at once. Sleeps back off exponentially with jitter from `minDelay` to `maxDelay` (seconds), never past `maxWaitTime`.",
    ];
    for (const w of ir.waiters) {
      const op = operationOf(ir, w);
      blocks.push(
        `### ${text(w.name)}\n\n${code(w.functionName)} polls ${opLink(site, op, "index")} (default delay ${w.delay} s).\n\n${w.acceptors.map((a, i) => `${i + 1}. ${text(describeAcceptor(a).replace(/`/g, ""))}.`).join("\n")}`,
      );
    }
    const first = ir.waiters[0]!;
    blocks.push(
      codeBlock(
        `import { ${ir.names.client}, ${first.functionName}, WaiterError } from "${ir.packageName}";\n\nconst client = new ${ir.names.client}({ region: "us-east-1" });\ntry {\n  await ${first.functionName}({ client, maxWaitTime: 300 }, { /* ${operationOf(ir, first).name} input */ });\n} catch (err) {\n  if (err instanceof WaiterError) console.log(err.state, err.reason);\n}`,
        "ts",
      ),
    );
    return [{ title: "Waiters", rank: 25, blocks }];
  },
};
