// The typed surface of the testing entry point, checked by the compiler under the generated
// packages' strict flags: correct uses compile, and each wrong one (a field the output type lacks,
// a wrongly typed value, an unknown operation or error, a wrong partial input) must be an error:
// each carries `@ts-expect-error`, which is itself an error when nothing is wrong on its line.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir, typecheck } from "./helpers.js";

const USAGE = `import { IoTManagedIntegrationsClient } from "PKG/index.js";
import { mockClient, startMockServer } from "PKG/testing.js";

const mock = mockClient(new IoTManagedIntegrationsClient({ region: "eu-west-1" }));
mock.on("ListAccountAssociations", { MaxResults: 5 }).resolves({ Items: [{ AccountAssociationId: "a", AssociationState: "ASSOCIATION_FAILED" }] });
mock.on("GetAccountAssociation").rejects("ResourceNotFoundException", { Message: "gone" });
mock.on("GetAccountAssociation").callsFake((input) => ({
  AccountAssociationId: input.AccountAssociationId,
  AssociationState: "ASSOCIATION_SUCCEEDED",
  OAuthAuthorizationUrl: "",
}));
const inputs: Array<{ AccountAssociationId: string }> = mock.calls("GetAccountAssociation");
mockClient(IoTManagedIntegrationsClient).restore();

// @ts-expect-error: a member the output does not have
mock.on("ListAccountAssociations").resolves({ Items: [], Unknown: 1 });
// @ts-expect-error: a value of the wrong type
mock.on("ListAccountAssociations").resolves({ NextToken: 5 });
// Output enums are open in the types (a newer service may send more values); the run-time check refuses unknown ones.
mock.on("ListAccountAssociations").resolves({ Items: [{ AccountAssociationId: "a", AssociationState: "ASSOCIATION_DELETING" }] });
// @ts-expect-error: a required member missing
mock.on("GetAccountAssociation").resolvesOnce({ AccountAssociationId: "a" });
// @ts-expect-error: an operation the service does not have
mock.on("ListThings");
// @ts-expect-error: a partial input with a member of the wrong type
mock.on("ListAccountAssociations", { MaxResults: "5" });
// @ts-expect-error: an error the model does not have
mock.on("GetAccountAssociation").rejects("NoSuchException");
// @ts-expect-error: a member the error does not have
mock.on("GetAccountAssociation").rejects("ValidationException", { Reason: "x" });
// @ts-expect-error: a fake returning the wrong output
mock.on("GetAccountAssociation").callsFake(() => ({ Items: [] }));

const server = await startMockServer({ seed: 1 });
server.on("ListAccountAssociations").resolves({ Items: [] });
// @ts-expect-error: the server's stubs are typed the same way
server.on("ListAccountAssociations").resolves({ Items: 1 });
await server.close();
export { inputs };
`;

describe("testing entry point types", () => {
  it("accepts correct uses and rejects each wrongly typed one", () => {
    const dir = tempDir("mocks-types");
    const pkg = path
      .relative(dir, path.join(ROOT, "generated", "iot-managed-integrations", "src"))
      .split(path.sep)
      .join("/");
    writeFileSync(path.join(dir, "usage.ts"), USAGE.replaceAll("PKG", pkg));
    const config = {
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2023", "DOM"],
        types: ["node"],
        typeRoots: [path.join(ROOT, "node_modules", "@types")],
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        verbatimModuleSyntax: true,
        noEmit: true,
        skipLibCheck: true,
      },
      files: ["usage.ts"],
    };
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(config));
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
    const result = typecheck(dir);
    expect(result.output).toBe("");
    expect(result.ok).toBe(true);
  }, 120_000);
});
