// The services compared, each a corpus model and the official client package built from it.
import fc from "fast-check";

/**
 * S3 bucket names as S3 accepts them (3 to 63 lower-case letters, digits, dots and hyphens,
 * beginning and ending with a letter or digit, no `..`): the model leaves them a bare string, and
 * the official client refuses a name with `/` before sending.
 */
const BUCKET_NAME = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9]$/),
    fc.array(fc.stringMatching(/^[a-z0-9-]{1,12}$/), { minLength: 1, maxLength: 3 }),
    fc.stringMatching(/^[a-z0-9]$/),
  )
  .map(([first, parts, last]) => `${first}${parts.join(".")}${last}`);
export interface ServiceTarget {
  /** The short name used on the command line and in reports. */
  readonly name: string;
  /** The model folder under the corpus's botocore/models, or (`fixture:`) under test/differential/models. */
  readonly model: string;
  readonly sdkPackage: string;
  /** The bare client class the package exports. */
  readonly sdkClient: string;
  /** It speaks query, ec2 or rest-xml: judged by the XML assertion set (differential.test.ts). */
  readonly xml?: true;
  /** Only these operations (model names), when given: the XML services start with a few. */
  readonly operations?: readonly string[];
  /**
   * Both clients resolve the endpoint by their own rules from `endpoint` (with these options)
   * instead of being pinned to it: S3 puts the bucket in the path that way (`forcePathStyle`).
   */
  readonly rules?: Readonly<Record<string, unknown>>;
  /**
   * Why the endpoint comparison is left out, when it is: a fixture model written for the test
   * has no endpoint rule set to compare.
   */
  readonly noEndpointRules?: string;
  /** Also walk each compared operation's paginator over canned pages (pages.ts), as often as half its single calls. */
  readonly paginators?: boolean;
  /** Input values for shapes whose rules the model does not state, by shape name. */
  readonly inputs?: Readonly<Record<string, fc.Arbitrary<unknown>>>;
}

export const SERVICES: readonly ServiceTarget[] = [
  {
    name: "dynamodb",
    model: "dynamodb/2012-08-10",
    sdkPackage: "@aws-sdk/client-dynamodb",
    sdkClient: "DynamoDBClient",
  },
  { name: "kinesis", model: "kinesis/2013-12-02", sdkPackage: "@aws-sdk/client-kinesis", sdkClient: "KinesisClient" },
  { name: "lambda", model: "lambda/2015-03-31", sdkPackage: "@aws-sdk/client-lambda", sdkClient: "LambdaClient" },
  { name: "iot", model: "iot/2015-05-28", sdkPackage: "@aws-sdk/client-iot", sdkClient: "IoTClient" },
  {
    name: "apigateway",
    model: "apigateway/2015-07-09",
    sdkPackage: "@aws-sdk/client-api-gateway",
    sdkClient: "APIGatewayClient",
  },
  {
    name: "secretsmanager",
    model: "secretsmanager/2017-10-17",
    sdkPackage: "@aws-sdk/client-secrets-manager",
    sdkClient: "SecretsManagerClient",
  },
  { name: "ssm", model: "ssm/2014-11-06", sdkPackage: "@aws-sdk/client-ssm", sdkClient: "SSMClient" },

  {
    name: "iam",
    xml: true,
    model: "iam/2010-05-08",
    sdkPackage: "@aws-sdk/client-iam",
    sdkClient: "IAMClient",
    operations: ["CreateRole", "ListRoles"],
    paginators: true,
  },
  {
    name: "s3",
    xml: true,
    model: "s3/2006-03-01",
    sdkPackage: "@aws-sdk/client-s3",
    sdkClient: "S3Client",
    operations: ["ListObjectsV2", "PutBucketTagging", "GetBucketTagging", "DeleteObjects"],
    rules: { forcePathStyle: true },
    paginators: true,
    inputs: { BucketName: BUCKET_NAME },
  },
  {
    name: "ec2",
    xml: true,
    model: "ec2/2016-11-15",
    sdkPackage: "@aws-sdk/client-ec2",
    sdkClient: "EC2Client",
    operations: ["DescribeInstances", "RunInstances"],
    paginators: true,
  },
  {
    name: "sts",
    xml: true,
    model: "fixture:sts",
    sdkPackage: "@aws-sdk/client-sts",
    sdkClient: "STSClient",
    operations: ["AssumeRole", "GetCallerIdentity"],
    noEndpointRules: "the STS model is a fixture written for this test (the corpus has no STS) and carries no endpoint rule set",
  },
  {
    name: "ses",
    xml: true,
    model: "ses/2010-12-01",
    sdkPackage: "@aws-sdk/client-ses",
    sdkClient: "SESClient",
    // SES takes no map in any input; these read maps of attributes (`entry` key/value pairs) back,
    // and SendEmail sends nested structures and lists.
    operations: ["SendEmail", "GetIdentityNotificationAttributes", "GetIdentityVerificationAttributes", "GetIdentityPolicies"],
  },
  {
    name: "route53",
    xml: true,
    model: "route53/2013-04-01",
    sdkPackage: "@aws-sdk/client-route-53",
    sdkClient: "Route53Client",
    operations: ["ChangeResourceRecordSets"],
  },
  {
    name: "cloudfront",
    xml: true,
    model: "cloudfront/2020-05-31",
    sdkPackage: "@aws-sdk/client-cloudfront",
    sdkClient: "CloudFrontClient",
    operations: ["CreateDistribution"],
  },
];
