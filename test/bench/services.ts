// The two services compared with their official clients, the request each comparison sends and
// the canned response the loopback server gives it. Kept free of generator imports: the server
// process loads it.
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const CORPUS_MODELS = path.resolve(ROOT, "..", "shared", "corpus", "botocore", "models");

export interface Service {
  readonly key: "iot" | "dynamodb";
  readonly model: string;
  readonly operation: string;
  readonly sdkPackage: string;
  readonly sdkClient: string;
  readonly sdkCommand: string;
  /** The request the floors send, and the response the loopback server gives every caller. */
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  /** JS source of a predicate over the parsed output: the call really returned the canned page. */
  readonly check: string;
}

export const SERVICES: readonly Service[] = [
  {
    key: "iot",
    model: path.join(CORPUS_MODELS, "iot", "2015-05-28"),
    operation: "ListThings",
    sdkPackage: "@aws-sdk/client-iot",
    sdkClient: "IoTClient",
    sdkCommand: "ListThingsCommand",
    method: "GET",
    path: "/things",
    headers: {},
    body: undefined,
    check: "(r) => Array.isArray(r.things) && r.things.length === 10 && r.things[9].thingName === 'thing-9'",
  },
  {
    key: "dynamodb",
    model: path.join(CORPUS_MODELS, "dynamodb", "2012-08-10"),
    operation: "ListTables",
    sdkPackage: "@aws-sdk/client-dynamodb",
    sdkClient: "DynamoDBClient",
    sdkCommand: "ListTablesCommand",
    method: "POST",
    path: "/",
    headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.ListTables" },
    body: "{}",
    check: "(r) => Array.isArray(r.TableNames) && r.TableNames.length === 10 && r.TableNames[9] === 'table-9'",
  },
];

export const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
export const REGION = "us-east-1";

/** The canned response bodies the loopback server returns. */
export function cannedBody(service: Service): string {
  if (service.key === "iot") {
    const things = Array.from({ length: 10 }, (_, i) => ({
      thingName: `thing-${i}`,
      thingTypeName: "sensor",
      thingArn: `arn:aws:iot:us-east-1:123456789012:thing/thing-${i}`,
      attributes: { colour: "red", floor: String(i) },
      version: i + 1,
    }));
    return JSON.stringify({ things, nextToken: "token-1" });
  }
  return JSON.stringify({
    TableNames: Array.from({ length: 10 }, (_, i) => `table-${i}`),
    LastEvaluatedTableName: "table-9",
  });
}
