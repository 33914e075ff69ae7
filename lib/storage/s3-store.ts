import type { S3Client } from "@aws-sdk/client-s3";
import type { ObjectStore } from "./object-store";

/**
 * Objects in an S3-compatible bucket (AWS S3, MinIO, R2, …), used when S3_BUCKET is set.
 * Credentials come from the AWS SDK's default chain (environment, shared files, instance or
 * task role): none pass through our configuration. The SDK is loaded on first use only, so
 * deployments on local files never load it.
 */
export interface S3StoreOptions {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
}

type Sdk = typeof import("@aws-sdk/client-s3");

/** ListObjectsV2 pages hold at most 1,000 keys, which is also DeleteObjects' limit. */
const PAGE_SIZE = 1000;

export function s3ObjectStore(options: S3StoreOptions): ObjectStore {
  let loaded: Promise<{ sdk: Sdk; client: S3Client }> | undefined;
  const s3 = () =>
    (loaded ??= import("@aws-sdk/client-s3").then((sdk) => ({
      sdk,
      client: new sdk.S3Client({ region: options.region, endpoint: options.endpoint, forcePathStyle: options.forcePathStyle ?? false }),
    })));
  const Bucket = options.bucket;

  return {
    name: "s3",

    async put(key, body) {
      const { sdk, client } = await s3();
      await client.send(new sdk.PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: "application/octet-stream" }));
    },

    async get(key) {
      const { sdk, client } = await s3();
      try {
        const out = await client.send(new sdk.GetObjectCommand({ Bucket, Key: key }));
        if (!out.Body) return null;
        return Buffer.from(await out.Body.transformToByteArray());
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },

    async delete(key) {
      const { sdk, client } = await s3();
      // S3 answers 204 for a missing key too.
      await client.send(new sdk.DeleteObjectCommand({ Bucket, Key: key }));
    },

    async deletePrefix(prefix) {
      const { sdk, client } = await s3();
      let deleted = 0;
      let token: string | undefined;
      do {
        const page = await client.send(
          new sdk.ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: PAGE_SIZE }),
        );
        const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
        if (keys.length > 0) {
          const out = await client.send(new sdk.DeleteObjectsCommand({ Bucket, Delete: { Objects: keys, Quiet: true } }));
          // Quiet mode reports only failures; a partial failure must not pass as success.
          const errors = out.Errors ?? [];
          const [firstError] = errors;
          if (firstError) {
            throw new Error(`S3 DeleteObjects failed for ${errors.length} of ${keys.length} objects (${firstError.Code ?? "unknown"})`);
          }
          deleted += keys.length;
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return deleted;
    },
  };
}

/** A missing object (not a missing bucket: that is a misconfiguration and must surface). */
function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  if (e?.name === "NoSuchBucket") return false;
  return e?.name === "NoSuchKey" || e?.name === "NotFound" || e?.$metadata?.httpStatusCode === 404;
}
