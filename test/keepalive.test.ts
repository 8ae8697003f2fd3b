// Back-to-back calls on kept-alive connections with retries off (maxAttempts: 1, as the bench
// runs): a connection the server drops the moment it is reused fails before any response, and
// the Node transport sends that request once more on a new connection, so no call fails. Against
// a real server on 127.0.0.1, with the generated package of the embedded model.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IoTManagedIntegrationsClient, listAccountAssociations } from "../generated/iot-managed-integrations/src/index.js";

const BODY = Buffer.from(JSON.stringify({ Items: [{ AccountAssociationId: "a-1", AssociationState: "ASSOCIATION_SUCCEEDED" }] }));

describe("kept-alive connections, retries off", () => {
  let server: http.Server;
  let endpoint: string;
  const served = new WeakMap<Socket, number>();
  let dropped = 0;
  let answered = 0;
  let connections = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const socket = req.socket;
      const n = (served.get(socket) ?? 0) + 1;
      served.set(socket, n);
      // Every connection's second request finds it closed, as a server closing an idle connection would.
      if (n === 2) {
        dropped++;
        socket.destroy();
        return;
      }
      req.resume();
      req.on("end", () => {
        answered++;
        res.writeHead(200, { "content-type": "application/json", "content-length": BODY.length }).end(BODY);
      });
    });
    server.on("connection", () => void connections++);
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("every one of 60 sequential calls succeeds on the first attempt", async () => {
    const client = new IoTManagedIntegrationsClient({
      region: "us-east-1",
      endpoint,
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "not-a-real-secret" },
      maxAttempts: 1,
    });
    try {
      for (let i = 0; i < 60; i++) {
        const out = await listAccountAssociations(client, {});
        expect(out.Items?.[0]?.AccountAssociationId).toBe("a-1");
      }
    } finally {
      client.destroy();
    }
    // Connections were reused and dropped under the client, and each dropped request was sent again.
    expect(dropped).toBe(59);
    expect(answered).toBe(60);
    expect(connections).toBe(60);
  });
});
