// The loopback S3 stand-in for the streaming figures, in a process of its own so its buffers
// never count in the measured process. GET /<bucket>/<n> answers n bytes of a fixed pattern,
// written as the socket takes them; PUT reads and discards the body, answering 200 when it
// arrived whole (its raw length matches Content-Length, and an aws-chunked body's declared
// decoded length is the object's) and 400 otherwise. Prints `port <n>`; exits when stdin closes.
import http from "node:http";
import type { AddressInfo } from "node:net";

const CHUNK = Buffer.alloc(256 * 1024);
for (let i = 0; i < CHUNK.length; i++) CHUNK[i] = (i * 31 + 7) & 0xff;

const server = http.createServer((req, res) => {
  const size = Number(new URL(req.url ?? "/", "http://x").pathname.split("/").pop());
  if (req.method === "GET") {
    req.resume();
    res.writeHead(200, { "content-length": String(size), "content-type": "application/octet-stream" });
    let left = size;
    const next = (): void => {
      while (left > 0) {
        const piece = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
        left -= piece.length;
        if (!res.write(piece)) return void res.once("drain", next);
      }
      res.end();
    };
    next();
    return;
  }
  let received = 0;
  req.on("data", (chunk: Buffer) => (received += chunk.length));
  req.on("end", () => {
    const declared = Number(req.headers["x-amz-decoded-content-length"] ?? req.headers["content-length"]);
    const whole = declared === size && (req.headers["content-length"] === undefined || Number(req.headers["content-length"]) === received);
    res.writeHead(whole ? 200 : 400, { etag: '"bench"' }).end();
  });
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`port ${(server.address() as AddressInfo).port}\n`));
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
