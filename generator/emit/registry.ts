// Every artifact of a generated package, one plugin each, in the order their contributions are
// gathered. A new artifact (waiters, mocks...) is one folder under emit/ exporting a Plugin and
// one line here; see the README's "Add an artifact".
import type { ServiceIR } from "../ir/types.js";
import { client } from "./client/index.js";
import { docs } from "./docs/index.js";
import { endpoints } from "./endpoints/index.js";
import { errors } from "./errors/index.js";
import type { EmitContext, PlannedFile } from "./kit/file.js";
import { collectContributions, type Plugin } from "./kit/plugin.js";
import { operations } from "./operations/index.js";
import { packageFiles } from "./package/index.js";
import { paginators } from "./paginators/index.js";
import { presign } from "./presign/index.js";
import { schemas } from "./schemas/index.js";
import { site } from "./site/index.js";
import { testing } from "./testing/index.js";
import { types } from "./types/index.js";
import { validators } from "./validators/index.js";
import { waiters } from "./waiters/index.js";

export const PLUGINS: readonly Plugin[] = [
  types,
  schemas,
  validators,
  errors,
  operations,
  paginators,
  waiters,
  endpoints,
  client,
  presign,
  docs,
  site,
  testing,
  packageFiles,
];

/** Every plugin's files for one IR, each handed what all the plugins contribute. */
export function emitAll(ir: ServiceIR, ctx: EmitContext, plugins: readonly Plugin[] = PLUGINS): PlannedFile[] {
  const full = { ...ctx, contributions: collectContributions(ir, plugins) };
  return plugins.flatMap((p) => p.emit(ir, full));
}

/** One artifact's files, with the registry's contributions (the docs index needs every plugin's sections). */
export function emitArtifact(name: string, ir: ServiceIR, ctx: EmitContext): PlannedFile[] {
  const plugin = PLUGINS.find((p) => p.name === name);
  if (!plugin) throw new Error(`internal: no artifact named ${name}`);
  return plugin.emit(ir, { ...ctx, contributions: collectContributions(ir, PLUGINS) });
}

/** The docs artifact alone: docs/index.md and a page per operation and named shape. */
export const emitDocs = (ir: ServiceIR, ctx: EmitContext): PlannedFile[] => emitArtifact("docs", ir, ctx);
