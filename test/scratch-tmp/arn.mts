import { S3Client, DeleteObjectCommand } from "@aws-sdk/client-s3";
for (const useArnRegion of [undefined, false, true]) {
  const c = new S3Client({ region: "us-west-2", credentials: { accessKeyId: "a", secretAccessKey: "b" }, ...(useArnRegion === undefined ? {} : { useArnRegion }),
    requestHandler: { handle: async (req: any) => { console.log(useArnRegion, req.hostname, req.headers.authorization?.slice(0, 80)); throw new Error("stop"); } } as any });
  await c.send(new DeleteObjectCommand({ Bucket: "arn:aws:s3:eu-west-1:123456789012:accesspoint/my-ap", Key: "k" })).catch((e) => console.log(useArnRegion, String(e.message).slice(0, 150)));
}
