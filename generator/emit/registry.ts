// Every artifact of a generated package, one emitter each. A new artifact is one new emitter
// module, one line here, and its snapshot.
import type { Emitter } from "./context.js";
import { emitTypes } from "./types.js";
import { emitSchemas } from "./schemas.js";
import { emitValidators } from "./validators.js";
import { emitErrors } from "./errors.js";
import { emitOperations } from "./operations.js";
import { emitPaginators } from "./paginators.js";
import { emitClient } from "./client.js";
import { emitEndpoints } from "./endpoints/index.js";
import { emitDocs } from "./docs.js";
import { emitPackage } from "./package.js";

export const EMITTERS: ReadonlyArray<readonly [name: string, emitter: Emitter]> = [
  ["types", emitTypes],
  ["schemas", emitSchemas],
  ["validators", emitValidators],
  ["errors", emitErrors],
  ["operations", emitOperations],
  ["paginators", emitPaginators],
  ["endpoints", emitEndpoints],
  ["client", emitClient],
  ["docs", emitDocs],
  ["package", emitPackage],
];
