/**
 * A local S3-compatible server (s3rver) on a free loopback port with one empty bucket, for the
 * storage tests: the client is the real AWS SDK, pointed at it through AWS_ENDPOINT_URL_S3-style
 * settings. s3rver checks signatures against its own account, whose keys this sets in the
 * environment the SDK reads (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";

export const S3RVER_KEY = "S3RVER";

export interface TestS3Server {
  endpoint: string;
  bucket: string;
  /** Every key in the bucket, sorted. */
  listKeys(): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startS3Server(bucket = "qs-test"): Promise<TestS3Server> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "qs-s3-"));
  const server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  process.env.AWS_ACCESS_KEY_ID = S3RVER_KEY;
  process.env.AWS_SECRET_ACCESS_KEY = S3RVER_KEY;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ region: "us-east-1", endpoint, forcePathStyle: true });
  return {
    endpoint,
    bucket,
    async listKeys() {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
      return (listed.Contents ?? []).map((object) => object.Key ?? "").sort();
    },
    async stop() {
      client.destroy();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
