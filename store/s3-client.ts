/**
 * The adapter to the AWS SDK (the one file that imports it): an S3 client configured from the usual AWS variables
 * (AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL for MinIO and other S3-compatible servers, then path-style addressing;
 * AWS_REGION; credentials from the default chain), with checksums only where required (S3-compatible servers reject
 * the SDK's default aws-chunked CRC32 bodies) and the SDK's standard retries: 5xx, throttling, timeouts and dropped
 * connections are retried with exponential backoff and jitter, up to GQ_S3_MAX_ATTEMPTS (default 6).
 */
import { createReadStream } from 'node:fs';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

export type S3 = {
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, body: string | Uint8Array): Promise<void>;
  /** Uploads a local file (multipart above 8 MiB, parts in parallel). */
  upload(key: string, path: string): Promise<void>;
  list(prefix: string): Promise<string[]>;
  remove(key: string): Promise<void>;
  close(): void;
};

/** A client for `bucket` from the environment. */
export function s3Client(bucket: string, env: Record<string, string | undefined> = process.env): S3 {
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  const client = new S3Client({
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(endpoint === undefined ? {} : { endpoint, forcePathStyle: true }),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: Number(env.GQ_S3_MAX_ATTEMPTS ?? 6),
    requestHandler: { connectionTimeout: 5_000, requestTimeout: Number(env.GQ_S3_TIMEOUT_MS ?? 30_000) },
  });
  return {
    async get(key) {
      try {
        const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return await r.Body!.transformToByteArray();
      } catch (e) {
        if (e instanceof NoSuchKey || (e as { name?: string }).name === 'NoSuchKey') return undefined;
        throw e;
      }
    },
    async put(key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    async upload(key, path) {
      await new Upload({ client, params: { Bucket: bucket, Key: key, Body: createReadStream(path) }, partSize: 8 << 20, queueSize: 4 }).done();
    },
    async list(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const r = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        for (const o of r.Contents ?? []) if (o.Key !== undefined) keys.push(o.Key);
        token = r.IsTruncated === true ? r.NextContinuationToken : undefined;
      } while (token !== undefined);
      return keys;
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    close: () => client.destroy(),
  };
}
