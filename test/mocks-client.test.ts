// mockClient from the generated package's testing entry point: behaviours, matching, output
// checks against the model, modelled errors, unmatched calls, paginators, restore.
import { afterEach, describe, expect, it } from "vitest";
import {
  IoTManagedIntegrations,
  IoTManagedIntegrationsClient,
  RequestValidationError,
  ResourceNotFoundException,
  ValidationException,
  createAccountAssociation,
  getAccountAssociation,
  listAccountAssociations,
  paginateListAccountAssociations,
} from "../generated/iot-managed-integrations/src/index.js";
import { MockUsageError, UnmatchedCallError, mockClient } from "../generated/iot-managed-integrations/src/testing.js";

const config = { region: "eu-west-1", credentials: { accessKeyId: "AKID", secretAccessKey: "SECRET" }, endpoint: "http://127.0.0.1:9" };
const item = { AccountAssociationId: "a1", AssociationState: "ASSOCIATION_SUCCEEDED" } as const;
const mocks: Array<{ restore(): void }> = [];
const track = <M extends { restore(): void }>(m: M): M => (mocks.push(m), m);

afterEach(() => {
  for (const m of mocks.splice(0)) m.restore();
});

describe("mockClient", () => {
  it("answers with resolves, adds $metadata, and records the inputs", async () => {
    const client = new IoTManagedIntegrationsClient(config);
    const mock = track(mockClient(client));
    mock.on("GetAccountAssociation").resolves({ ...item, OAuthAuthorizationUrl: "https://x.example" });
    const out = await getAccountAssociation(client, { AccountAssociationId: "a1" });
    expect(out.AssociationState).toBe("ASSOCIATION_SUCCEEDED");
    expect(out.$metadata).toMatchObject({ httpStatusCode: 200, attempts: 1 });
    expect(mock.calls("GetAccountAssociation")).toEqual([{ AccountAssociationId: "a1" }]);
    expect(mock.calls("ListAccountAssociations")).toEqual([]);
  });

  it("matches partial inputs; the most recently declared matching behaviour wins", async () => {
    const client = new IoTManagedIntegrationsClient(config);
    const mock = track(mockClient(client));
    mock.on("ListAccountAssociations").resolves({ Items: [] });
    mock.on("ListAccountAssociations", { ConnectorDestinationId: "d1" }).resolves({ Items: [item] });
    mock.on("ListAccountAssociations", { ConnectorDestinationId: "d1", MaxResults: 5 }).resolves({ Items: [item, item] });
    expect((await listAccountAssociations(client, { ConnectorDestinationId: "d1" })).Items).toHaveLength(1);
    expect((await listAccountAssociations(client, { ConnectorDestinationId: "d1", MaxResults: 5 })).Items).toHaveLength(2);
    expect((await listAccountAssociations(client, { ConnectorDestinationId: "d2" })).Items).toHaveLength(0);
    // A later catch-all shadows the specific ones.
    mock.on("ListAccountAssociations").resolves({ Items: [item, item, item] });
    expect((await listAccountAssociations(client, { ConnectorDestinationId: "d1" })).Items).toHaveLength(3);
  });

  it("uses once-answers first, in order, then the lasting one", async () => {
    const client = new IoTManagedIntegrationsClient(config);
    const mock = track(mockClient(client));
    mock
      .on("ListAccountAssociations")
      .resolvesOnce({ Items: [item] })
      .rejectsOnce("ThrottlingException")
      .resolves({ Items: [] });
    expect((await listAccountAssociations(client, {})).Items).toHaveLength(1);
    await expect(listAccountAssociations(client, {})).rejects.toMatchObject({ name: "ThrottlingException" });
    expect((await listAccountAssociations(client, {})).Items).toHaveLength(0);
    expect((await listAccountAssociations(client, {})).Items).toHaveLength(0);
  });

  it("rejects with the generated error class, members and $metadata", async () => {
    const client = new IoTManagedIntegrationsClient(config);
    const mock = track(mockClient(client));
    mock
      .on("GetAccountAssociation", { AccountAssociationId: "gone" })
      .rejects("ResourceNotFoundException", { Message: "no such association" });
    const error = await getAccountAssociation(client, { AccountAssociationId: "gone" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error).toMatchObject({ Message: "no such association", message: "no such association", $fault: "client" });
    expect((error as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
    const plain = new Error("boom");
    mock.on("GetAccountAssociation", { AccountAssociationId: "x" }).rejects(plain);
    await expect(getAccountAssociation(client, { AccountAssociationId: "x" })).rejects.toBe(plain);
  });

  it("runs callsFake with the input, and checks what it returns", async () => {
    const client = new IoTManagedIntegrationsClient(config);
    const mock = track(mockClient(client));
    mock
      .on("GetAccountAssociation")
      .callsFake((input) => ({ ...item, AccountAssociationId: input.AccountAssociationId, OAuthAuthorizationUrl: "" }));
    expect((await getAccountAssociation(client, { AccountAssociationId: "zz" })).AccountAssociationId).toBe("zz");
    mock.on("GetAccountAssociation", { AccountAssociationId: "bad" }).callsFake(() => ({ AccountAssociationId: "a" }) as never);
    await expect(getAccountAssociation(client, { AccountAssociationId: "bad" })).rejects.toThrow(/AssociationState: is required/);
  });

  it("refuses outputs the model rejects, naming each path", () => {
    expect(() => mockClient({} as never)).toThrow(TypeError);
    const mock = track(mockClient(new IoTManagedIntegrationsClient(config)));
    const bad = { Items: [{ AccountAssociationId: "a", AssociationState: "NOT_A_STATE" }] };
    expect(() => mock.on("ListAccountAssociations").resolves(bad as never)).toThrow(MockUsageError);
    expect(() => mock.on("ListAccountAssociations").resolves(bad as never)).toThrow(/Items\[0\]\.AssociationState: must be one of/);
    expect(() => mock.on("GetAccountAssociation").resolves({ AccountAssociationId: "a" } as never)).toThrow(
      /AssociationState: is required/,
    );
    expect(() => mock.on("GetAccountAssociation").rejects("NoSuchError" as never)).toThrow(/no error of that name/);
    expect(() => mock.on("GetAccountAssociation").rejects("ValidationException", { Nope: 1 } as never)).toThrow(/has no member "Nope"/);
    expect(() => mock.on("NoSuchOperation" as never)).toThrow(/has no operation "NoSuchOperation"/);
    expect(() => mock.on("ListAccountAssociations").resolves({ Items: [], Extra: 1 } as never)).toThrow(/Extra: is not a member/);
    expect(() => mock.on("DeleteAccountAssociation").resolves({ Anything: 1 })).toThrow(/no output members/);
  });

  it("fails an unmatched call naming the operation and showing the input, sensitive members redacted", async () => {
    const client = new IoTManagedIntegrationsClient(config);
    const mock = track(mockClient(client));
    mock.on("CreateAccountAssociation", { Name: "other" }).resolves({ ...item, OAuthAuthorizationUrl: "", Arn: undefined } as never);
    const error = await createAccountAssociation(client, {
      ConnectorDestinationId: "dest",
      Name: "mine",
      Tags: { secret: "tag-value-never-shown" },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnmatchedCallError);
    expect(String((error as Error).message)).toMatch(/^CreateAccountAssociation: no mocked behaviour matches this input: .*"Name":"mine"/);
    expect(String((error as Error).message)).not.toContain("tag-value-never-shown");
  });

  it("still validates the input before the mock sees it", async () => {
    const client = new IoTManagedIntegrationsClient(config);
    const mock = track(mockClient(client));
    mock.on("GetAccountAssociation").resolves({ ...item, OAuthAuthorizationUrl: "" });
    await expect(getAccountAssociation(client, { AccountAssociationId: "" })).rejects.toBeInstanceOf(RequestValidationError);
    expect(mock.calls("GetAccountAssociation")).toEqual([]);
  });

  it("mocks every instance of a class, the aggregated client's included, until restored", async () => {
    const mock = track(mockClient(IoTManagedIntegrationsClient));
    mock.on("GetAccountAssociation").rejects("ValidationException", { Message: "mocked" });
    const aggregated = new IoTManagedIntegrations(config);
    await expect(aggregated.getAccountAssociation({ AccountAssociationId: "a" })).rejects.toBeInstanceOf(ValidationException);
    mock.restore();
    // Restored: the call goes to the network again (a closed port here), so it is not the mock's error.
    const real = await getAccountAssociation(new IoTManagedIntegrationsClient({ ...config, maxAttempts: 1 }), {
      AccountAssociationId: "a",
    }).catch((e: unknown) => e);
    expect(real).not.toBeInstanceOf(ValidationException);
    expect((real as Error).name).toBe("NetworkError");
  });

  it("reset forgets behaviours and calls", async () => {
    const client = new IoTManagedIntegrationsClient(config);
    const mock = track(mockClient(client));
    mock.on("ListAccountAssociations").resolves({ Items: [] });
    await listAccountAssociations(client, {});
    mock.reset();
    expect(mock.calls("ListAccountAssociations")).toEqual([]);
    await expect(listAccountAssociations(client, {})).rejects.toBeInstanceOf(UnmatchedCallError);
  });

  it("drives paginators page by page", async () => {
    const client = new IoTManagedIntegrationsClient(config);
    const mock = track(mockClient(client));
    mock.on("ListAccountAssociations").resolves({ Items: [item], NextToken: "page-2" });
    mock.on("ListAccountAssociations", { NextToken: "page-2" }).resolves({ Items: [item, item] });
    const items: unknown[] = [];
    for await (const page of paginateListAccountAssociations(client, {})) items.push(...(page.Items ?? []));
    expect(items).toHaveLength(3);
    expect(mock.calls("ListAccountAssociations")).toEqual([{}, { NextToken: "page-2" }]);
  });
});
