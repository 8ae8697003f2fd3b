// The official AWS SDK v3 client of a rest-json service (@aws-sdk/client-account) against the
// mock server started from that service's corpus model: the server speaks the protocol well
// enough for the SDK's own serialisers and error parser, its outputs are valid by the model's
// generated validators, a request missing a required member gets the modelled
// ValidationException, and a seed fixes the outputs.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AccountClient,
  GetContactInformationCommand,
  ListRegionsCommand,
  PutContactInformationCommand,
  ValidationException,
} from "@aws-sdk/client-account";
import { generate } from "../generator/generate.js";
import { CORPUS_MODELS, tempDir } from "./helpers.js";

type Module = Record<string, (...args: never[]) => unknown>;
interface Server {
  url: string;
  calls(op: string): object[];
  close(): Promise<void>;
}

let testing: Module;
let validators: Module;
let server: Server;

function sdk(url: string): AccountClient {
  return new AccountClient({
    region: "us-east-1",
    endpoint: url,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "any-secret" },
    maxAttempts: 1,
  });
}

beforeAll(async () => {
  const out = tempDir("mocks-sdk");
  const { packages } = await generate({ model: path.join(CORPUS_MODELS, "account"), out, format: false });
  const src = path.join(out, packages[0]!.ir.packageName, "src");
  testing = (await import(pathToFileURL(path.join(src, "testing.ts")).href)) as Module;
  validators = (await import(pathToFileURL(path.join(src, "validators.ts")).href)) as Module;
  server = (await (testing["startMockServer"] as (o: object) => Promise<Server>)({ seed: 42 })) as Server;
}, 60_000);
afterAll(async () => {
  await server?.close();
});

describe("an AWS SDK v3 client against the mock server", () => {
  it("gets model-valid output for a valid call", async () => {
    const client = sdk(server.url);
    const { $metadata, ...output } = await client.send(new GetContactInformationCommand({}));
    expect($metadata.httpStatusCode).toBe(200);
    expect(output.ContactInformation).toBeDefined();
    const validate = validators["validateGetContactInformationResponse"] as (v: unknown) => unknown[];
    expect(validate(output)).toEqual([]);
    const regions = await client.send(new ListRegionsCommand({ MaxResults: 10 }));
    expect((validators["validateListRegionsResponse"] as (v: unknown) => unknown[])({ Regions: regions.Regions })).toEqual([]);
    expect(regions.NextToken).toBeUndefined();
    expect(server.calls("ListRegions")).toEqual([{ MaxResults: 10 }]);
    client.destroy();
  });

  it("gets the modelled ValidationException for a call missing a required member", async () => {
    const client = sdk(server.url);
    const error = await client.send(new PutContactInformationCommand({} as never)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).message).toMatch(/PutContactInformation: invalid input: ContactInformation: is required/);
    expect((error as ValidationException).$metadata.httpStatusCode).toBe(400);
    client.destroy();
  });

  it("gives identical outputs for the same seed", async () => {
    const again = await (testing["startMockServer"] as (o: object) => Promise<Server>)({ seed: 42 });
    try {
      const a = sdk(server.url);
      const b = sdk(again.url);
      const { $metadata: _a, ...first } = await a.send(new GetContactInformationCommand({}));
      const { $metadata: _b, ...second } = await b.send(new GetContactInformationCommand({}));
      expect(second).toEqual(first);
      a.destroy();
      b.destroy();
    } finally {
      await again.close();
    }
  });
});
