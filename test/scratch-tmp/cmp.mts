import { S3Client, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
const s3 = await import("/work/wt-s3-presign/.vitest-tmp/s3p/s3/src/index.ts");
const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "tok/en+=" };
const signingDate = new Date("2026-12-01T12:00:00Z");
const cases: Array<[string, any, any]> = [
  ["GetObject", GetObjectCommand, { Bucket: "my-bucket", Key: "photos/a b+c.jpg", VersionId: "v1", Range: "bytes=0-9", ResponseContentType: "text/plain" }],
  ["PutObject", PutObjectCommand, { Bucket: "my-bucket", Key: "up/x.bin", ContentType: "application/octet-stream", ServerSideEncryption: "AES256", ACL: "private", Metadata: { a: "1" } }],
];
for (const cfg of [{}, { forcePathStyle: true }, {endpoint: "http://127.0.0.1:9000", forcePathStyle: true}]) {
  const sdk = new S3Client({ region: "eu-west-1", credentials, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED", ...cfg });
  const ours = new s3.S3Client({ region: "eu-west-1", credentials, ...cfg });
  for (const [name, Cmd, input] of cases) {
    const a = await getSignedUrl(sdk, new Cmd(input), { expiresIn: 3600, signingDate });
    const b = await s3.presign(ours, name, input, { expiresIn: 3600, signingDate });
    console.log(a === b.url ? "SAME" : "DIFF", name, JSON.stringify(cfg));
    if (a !== b.url) console.log(" sdk:", a, "\n ours:", b.url);
    console.log(" headers", b.headers);
  }
}
