// Waiters over mockClient: the corpus's Kinesis (StreamExists / StreamNotExists), generated in
// process; the waiter polls the mocked DescribeStream as it would the service.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { generate } from "../generator/generate.js";
import { CORPUS_MODELS, tempDir } from "./helpers.js";

type Fn = (...args: never[]) => unknown;
let index: Record<string, Fn>;
let testing: Record<string, Fn>;

beforeAll(async () => {
  const out = tempDir("mocks-waiters");
  const { packages } = await generate({ model: path.join(CORPUS_MODELS, "kinesis"), out, format: false });
  const src = path.join(out, packages[0]!.ir.packageName, "src");
  index = (await import(pathToFileURL(path.join(src, "index.ts")).href)) as Record<string, Fn>;
  testing = (await import(pathToFileURL(path.join(src, "testing.ts")).href)) as Record<string, Fn>;
}, 60_000);

const description = (status: string) => ({
  StreamDescription: {
    StreamName: "s",
    StreamARN: "arn:aws:kinesis:us-east-1:123456789012:stream/s",
    StreamStatus: status,
    Shards: [],
    HasMoreShards: false,
    RetentionPeriodHours: 24,
    StreamCreationTimestamp: new Date(0),
    EnhancedMonitoring: [],
  },
});

interface Stub {
  resolvesOnce(output: object): Stub;
  resolves(output: object): Stub;
  rejects(error: string): Stub;
}
interface Mock {
  on(op: string, input?: object): Stub;
  calls(op: string): object[];
  restore(): void;
}

describe("waiters over mockClient", () => {
  it("polls the mocked operation until its acceptor matches", async () => {
    const Client = index["KinesisClient"] as unknown as new (config: object) => object;
    const client = new Client({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    const mock = (testing["mockClient"] as (c: object) => Mock)(client);
    try {
      mock.on("DescribeStream").resolvesOnce(description("CREATING")).resolvesOnce(description("UPDATING")).resolves(description("ACTIVE"));
      const wait = index["waitUntilStreamExists"] as (params: object, input: object) => Promise<{ state: string }>;
      const result = await wait({ client, maxWaitTime: 10, minDelay: 0.01, maxDelay: 0.01 }, { StreamName: "s" });
      expect(result.state).toBe("SUCCESS");
      expect(mock.calls("DescribeStream")).toHaveLength(3);
      mock.on("DescribeStream", { StreamName: "gone" }).rejects("ResourceNotFoundException");
      const gone = index["waitUntilStreamNotExists"] as (params: object, input: object) => Promise<{ state: string }>;
      expect((await gone({ client, maxWaitTime: 10, minDelay: 0.01, maxDelay: 0.01 }, { StreamName: "gone" })).state).toBe("SUCCESS");
    } finally {
      mock.restore();
    }
  });
});
