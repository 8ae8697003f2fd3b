// svcgen's package for a compared service, generated from the corpus model, and the names its
// index exports for the compared client and operation.
import { readFileSync } from "node:fs";
import path from "node:path";
import { generate } from "../../generator/generate.js";
import type { Service } from "./services.js";

/** A generated package and the names its index exports for the compared operation. */
export interface GeneratedClient {
  readonly service: Service;
  readonly index: string;
  readonly clientClass: string;
  readonly operationFunction: string;
}

/** Generates the package (unformatted: formatting changes no byte that esbuild keeps) and finds its names. */
export async function generateClient(service: Service, out: string): Promise<GeneratedClient> {
  const result = await generate({ model: service.model, out, format: false });
  const pkg = result.packages[0];
  if (pkg === undefined) throw new Error(`${service.model}: no package generated`);
  const index = path.join(out, pkg.ir.packageName, "src", "index.ts");
  const text = readFileSync(index, "utf8");
  const clientClass = /export \{ (\w+Client) \} from "\.\/client\.js"/.exec(text)?.[1];
  if (clientClass === undefined) throw new Error(`${index}: no client class exported from ./client.js`);
  const operationFunction = service.operation[0]!.toLowerCase() + service.operation.slice(1);
  if (!new RegExp(`export \\{ ${operationFunction} \\} from "\\./operations/`).test(text)) {
    throw new Error(`${index}: no operation function ${operationFunction} exported`);
  }
  return { service, index, clientClass, operationFunction };
}
