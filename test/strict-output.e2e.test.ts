// The generated package's schemas carry the members the model marks required, so the client's
// output check works in a real package: against a loopback server, an output lacking a required
// member fails under `strictOutput` and is a `warn` line otherwise.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  IoTManagedIntegrationsClient,
  ResponseParseError,
  listAccountAssociations,
} from "../generated/iot-managed-integrations/src/index.js";

const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
let server: http.Server;
let endpoint = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      // AssociationState is required in AccountAssociationItem; the second item lacks it.
      const body = JSON.stringify({
        Items: [{ AccountAssociationId: "a1", AssociationState: "ASSOCIATION_SUCCEEDED" }, { AccountAssociationId: "a2" }],
      });
      res.writeHead(200, { "content-type": "application/json", "x-amzn-requestid": "r1" }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it("strictOutput: a missing required output member fails the call with ResponseParseError", async () => {
  const client = new IoTManagedIntegrationsClient({
    region: "eu-west-1",
    endpoint,
    credentials: CREDENTIALS,
    strictOutput: true,
  });
  const error = await listAccountAssociations(client, {}).catch((e: unknown) => e);
  client.destroy();
  expect(error).toBeInstanceOf(ResponseParseError);
  expect(String((error as Error).message)).toContain("Items[1].AssociationState");
});

it("without strictOutput the output is returned and the logger gets a warning naming the member", async () => {
  const warnings: string[] = [];
  const client = new IoTManagedIntegrationsClient({
    region: "eu-west-1",
    endpoint,
    credentials: CREDENTIALS,
    logger: { warn: (line: string) => warnings.push(line) },
  });
  const out = await listAccountAssociations(client, {});
  client.destroy();
  expect(out.Items).toHaveLength(2);
  expect(warnings.join("\n")).toContain("Items[1].AssociationState");
});
