// The loopback service for the cold-start and per-call figures, in a process of its own so its
// work never lands on the measured process's event loop. Prints `port <n>` once listening; exits
// when its parent closes stdin.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SERVICES, cannedBody } from "./services.js";

const routes = SERVICES.map((s) => ({
  service: s,
  body: Buffer.from(cannedBody(s)),
  contentType: s.key === "iot" ? "application/json" : "application/x-amz-json-1.0",
}));
let requestCount = 0;

const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const target = req.headers["x-amz-target"];
    const route = routes.find(
      (r) =>
        r.service.method === req.method &&
        (r.service.headers["x-amz-target"] === undefined
          ? req.url?.startsWith(r.service.path)
          : target === r.service.headers["x-amz-target"]),
    );
    requestCount++;
    if (route === undefined) {
      res.writeHead(404, { "content-type": "application/json" }).end(`{"message":"no route for ${req.method} ${req.url}"}`);
      return;
    }
    res.writeHead(200, {
      "content-type": route.contentType,
      "content-length": route.body.length,
      "x-amzn-requestid": `req-${requestCount}`,
    });
    res.end(route.body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`port ${(server.address() as AddressInfo).port}\n`);
});
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
