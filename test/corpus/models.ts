// The corpus models svcgen generates: every service version whose protocol svcgen supports
// (rest-json, json, query, ec2, rest-xml, smithy-rpc-v2-cbor), and once more with the protocol
// option for every model that lists rpc-v2-cbor beside its default (`cloudwatch/2010-08-01+cbor`).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { SUPPORTED_PROTOCOLS, listedProtocols, pickProtocol } from "../../generator/ir/protocol.js";
import { CORPUS_MODELS } from "../helpers.js";

export interface CorpusModel {
  /** `service/version`, with `+cbor` for the rpc-v2-cbor variant of a model whose default is another protocol. */
  readonly name: string;
  readonly dir: string;
  readonly protocol: string;
  /** Size of service-2.json in bytes (big models go first, so workers end together). */
  readonly bytes: number;
  /** The `protocol` package option the variant is generated with. */
  readonly protocolOption?: string;
}

const CBOR = "smithy-rpc-v2-cbor";

/** A fixed, diverse sample (`--sample`): the largest model, every protocol, models with Java-style patterns, legacy forms and paginator expressions. */
export const SAMPLE = [
  "sagemaker",
  "dynamodb",
  "kinesis",
  "lambda",
  "iot",
  "apigateway",
  "secretsmanager",
  "ssm",
  "glue",
  "quicksight",
  "iot-managed-integrations",
  "amplify",
  "budgets",
  "cognito-idp",
  "lexv2-models",
  "iot-data",
  "logs",
  "ecs",
  "transcribe",
  "s3tables",
  "bedrock-runtime",
  "mediaconvert",
  // XML and query protocols: query (iam, the small sdb), ec2 (its oldest, smallest version), rest-xml (s3, route53).
  "iam",
  "sdb",
  "ec2/2014-10-01",
  "s3",
  "route53",
];

/**
 * The small sample `npm test` runs (`--quick`): rest-json, json 1.0 and 1.1, rpc-v2-cbor, Java-style patterns,
 * legacy forms (two lambda versions, iot-data, s3tables, bedrock-runtime's streams), and the full
 * IoT Managed Integrations model, a few MB in all. The full corpus, the largest models included,
 * is CI's `npm run test:corpus`.
 */
export const QUICK_SAMPLE = [
  "iot-managed-integrations",
  "lambda",
  "kinesis",
  "budgets",
  "iot-data",
  "s3tables",
  "amplify",
  "bedrock-runtime",
  "dynamodbstreams",
  "cloudcontrol",
  // rpc-v2-cbor: the corpus's one cbor-only service (small).
  "partnercentral-revenue-measurement",
];

export function listCorpusModels(root = CORPUS_MODELS): { models: CorpusModel[]; otherProtocols: number } {
  const models: CorpusModel[] = [];
  let otherProtocols = 0;
  if (!existsSync(root)) return { models, otherProtocols };
  for (const service of readdirSync(root).sort()) {
    const serviceDir = path.join(root, service);
    if (!statSync(serviceDir).isDirectory()) continue;
    for (const version of readdirSync(serviceDir).sort()) {
      const dir = path.join(serviceDir, version);
      const file = path.join(dir, "service-2.json");
      if (!existsSync(file)) continue;
      const doc = JSON.parse(readFileSync(file, "utf8")) as { metadata?: Record<string, unknown> };
      const protocol = pickProtocol(doc.metadata ?? {});
      if (protocol === undefined || !SUPPORTED_PROTOCOLS.has(protocol)) {
        otherProtocols++;
        continue;
      }
      const bytes = statSync(file).size;
      models.push({ name: `${service}/${version}`, dir, protocol, bytes });
      if (protocol !== CBOR && listedProtocols(doc.metadata ?? {}).includes(CBOR)) {
        models.push({ name: `${service}/${version}+cbor`, dir, protocol: CBOR, bytes, protocolOption: CBOR });
      }
    }
  }
  return { models, otherProtocols };
}
