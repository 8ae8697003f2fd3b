// The package artifact: package options in package.json, and an index that exports every type a
// user meets in the signatures of what it exports.
import path from "node:path";
import { Node, Project, SyntaxKind } from "ts-morph";
import { expect, it } from "vitest";
import { checkModel } from "../generator/check/index.js";
import { emitArtifact } from "../generator/emit/registry.js";
import { buildIR } from "../generator/ir/build.js";
import type { ServiceIR } from "../generator/ir/types.js";
import { loadModels } from "../generator/load/index.js";
import { DEFAULT_MODEL, ROOT } from "./helpers.js";

const CTX = { generatorVersion: "0.0.0-test", banner: "" };

async function irOf(dir: string): Promise<ServiceIR> {
  const models = await loadModels(dir);
  expect(checkModel(models[0]!)).toEqual([]);
  return buildIR(models[0]!);
}

function packageJsonOf(ir: ServiceIR, packageOptions?: Record<string, string>): Record<string, unknown> {
  const files = emitArtifact("package", ir, {
    ...CTX,
    ...(packageOptions ? { packageOptions: { ...packageOptions, folder: "x" } } : {}),
  } as typeof CTX);
  return JSON.parse(files.find((f) => f.path === "package.json")!.content) as Record<string, unknown>;
}

it("package options reach package.json; without them the version is 0.0.0 and nothing else is set", async () => {
  const ir = await irOf(DEFAULT_MODEL);
  const bare = packageJsonOf(ir);
  expect(bare.version).toBe("0.0.0");
  expect(bare).not.toHaveProperty("license");
  expect(bare).not.toHaveProperty("repository");
  expect(bare).not.toHaveProperty("author");
  const full = packageJsonOf(ir, {
    packageName: ir.packageName,
    packageVersion: "1.2.3",
    license: "MIT",
    repository: "https://example.com/acme/iot.git",
    author: "Acme",
  });
  expect(full).toMatchObject({
    version: "1.2.3",
    license: "MIT",
    repository: { type: "git", url: "https://example.com/acme/iot.git" },
    author: "Acme",
  });
});

// ---- Every type a user meets is exported

/**
 * The nodes a user of `decl` sees: signatures, public members, heritage and type bodies; never
 * function bodies or private members.
 */
function surfaceNodes(decl: Node): Node[] {
  if (Node.isFunctionDeclaration(decl))
    return [...decl.getTypeParameters(), ...decl.getParameters(), ...(decl.getReturnTypeNode() ? [decl.getReturnTypeNode()!] : [])];
  if (Node.isClassDeclaration(decl)) {
    const out: Node[] = [...decl.getHeritageClauses(), ...decl.getTypeParameters()];
    for (const member of decl.getMembers()) {
      if (
        Node.isConstructorDeclaration(member) ||
        Node.isMethodDeclaration(member) ||
        Node.isPropertyDeclaration(member) ||
        Node.isGetAccessorDeclaration(member) ||
        Node.isSetAccessorDeclaration(member)
      ) {
        if (member.hasModifier(SyntaxKind.PrivateKeyword) || member.hasModifier(SyntaxKind.ProtectedKeyword)) continue;
        if (!Node.isConstructorDeclaration(member) && Node.isPrivateIdentifier(member.getNameNode())) continue;
        if (Node.isPropertyDeclaration(member)) {
          const t = member.getTypeNode();
          if (t) out.push(t);
        } else {
          out.push(...member.getParameters());
          if (!Node.isConstructorDeclaration(member) && !Node.isSetAccessorDeclaration(member) && member.getReturnTypeNode())
            out.push(member.getReturnTypeNode()!);
        }
      }
    }
    return out;
  }
  if (Node.isInterfaceDeclaration(decl) || Node.isTypeAliasDeclaration(decl)) return [decl];
  return [];
}

it("every type named in the signatures of the index's exports is exported too (schema types excepted)", () => {
  const pkg = path.join(ROOT, "generated", "iot-managed-integrations");
  const project = new Project({ tsConfigFilePath: path.join(pkg, "tsconfig.json") });
  const src = path.join(pkg, "src") + path.sep;
  const index = project.getSourceFileOrThrow(path.join(pkg, "src", "index.ts"));
  const exported = new Set<Node>();
  for (const decls of index.getExportedDeclarations().values()) decls.forEach((d) => exported.add(d));
  // The schema types generated code hands the runtime (a client's ServiceSchema, operation and
  // shape schemas) are internal: users never write them.
  const internal = new Set(["schema.ts", "service.ts"].map((f) => path.join(pkg, "src", "runtime", f)));
  const missing = new Set<string>();
  const seen = new Set<Node>();
  const pending = [...exported];
  while (pending.length > 0) {
    const decl = pending.pop()!;
    if (seen.has(decl)) continue;
    seen.add(decl);
    for (const surface of surfaceNodes(decl)) {
      const refs = [surface, ...surface.getDescendants()].filter((n) => Node.isTypeReference(n) || Node.isExpressionWithTypeArguments(n));
      for (const ref of refs) {
        const nameNode = Node.isTypeReference(ref) ? ref.getTypeName() : (ref as Node & { getExpression(): Node }).getExpression();
        const symbol = nameNode.getSymbol();
        const target = symbol?.isAlias() ? symbol.getAliasedSymbol() : symbol;
        for (const d of target?.getDeclarations() ?? []) {
          const file = d.getSourceFile().getFilePath();
          if (!path.normalize(file).startsWith(src) || Node.isTypeParameterDeclaration(d)) continue;
          if (internal.has(path.normalize(file))) continue;
          if (!exported.has(d))
            missing.add(
              `${(d as Node & { getName?(): string }).getName?.() ?? d.getText().slice(0, 40)} (from ${path.relative(src, file)}, named by ${decl.getSymbol()?.getName()})`,
            );
          else pending.push(d);
        }
      }
    }
  }
  expect([...missing].sort()).toEqual([]);
});
