import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, parseConfig, resetConfigForTests } from "@/lib/config";
import { objectStore, useObjectStoreForTests } from "@/lib/storage/object-store";
import { s3ObjectStore } from "@/lib/storage/s3-store";
import { first, nth } from "../support/items";

const s3 = mockClient(S3Client);
beforeEach(() => s3.reset());
afterAll(() => s3.restore());

const store = () => s3ObjectStore({ bucket: "sb-recordings", region: "eu-west-1" });
/** What GetObject's streaming body offers; the store only needs the byte array. */
const body = (bytes: Buffer) => ({ transformToByteArray: async () => new Uint8Array(bytes) }) as never;

describe("S3 object store", () => {
  it("put sends the bytes to the bucket under the key", async () => {
    s3.on(PutObjectCommand).resolves({});
    await store().put("recordings/w/c.wav.sealed", Buffer.from("sealed"));
    const call = first(s3.commandCalls(PutObjectCommand), "PutObject call");
    expect(call.args[0].input).toMatchObject({ Bucket: "sb-recordings", Key: "recordings/w/c.wav.sealed" });
    expect(Buffer.from(call.args[0].input.Body as Buffer).toString()).toBe("sealed");
  });

  it("get returns the bytes, null for a missing key, and surfaces a missing bucket", async () => {
    s3.on(GetObjectCommand, { Key: "there" }).resolves({ Body: body(Buffer.from("bytes")) });
    s3.on(GetObjectCommand, { Key: "gone" }).rejects(new NoSuchKey({ message: "missing", $metadata: { httpStatusCode: 404 } }));
    s3.on(GetObjectCommand, { Key: "no-bucket" }).rejects(new NoSuchBucket({ message: "no bucket", $metadata: { httpStatusCode: 404 } }));
    expect((await store().get("there"))?.toString()).toBe("bytes");
    expect(await store().get("gone")).toBeNull();
    await expect(store().get("no-bucket")).rejects.toBeInstanceOf(NoSuchBucket);
    expect(first(s3.commandCalls(GetObjectCommand), "GetObject call").args[0].input.Bucket).toBe("sb-recordings");
  });

  it("delete removes one key", async () => {
    s3.on(DeleteObjectCommand).resolves({});
    await store().delete("recordings/w/c.wav.sealed");
    expect(first(s3.commandCalls(DeleteObjectCommand), "DeleteObject call").args[0].input).toEqual({ Bucket: "sb-recordings", Key: "recordings/w/c.wav.sealed" });
  });

  it("deletePrefix follows ListObjectsV2 pages and deletes each page in one DeleteObjects", async () => {
    const keys = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ Key: `recordings/w/${from + i}.sealed` }));
    s3.on(ListObjectsV2Command)
      .resolvesOnce({ Contents: keys(1000), IsTruncated: true, NextContinuationToken: "page-2" })
      .resolvesOnce({ Contents: keys(3, 1000), IsTruncated: false });
    s3.on(DeleteObjectsCommand).resolves({});
    expect(await store().deletePrefix("recordings/w/")).toBe(1003);

    const lists = s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input);
    expect(lists).toEqual([
      { Bucket: "sb-recordings", Prefix: "recordings/w/", ContinuationToken: undefined, MaxKeys: 1000 },
      { Bucket: "sb-recordings", Prefix: "recordings/w/", ContinuationToken: "page-2", MaxKeys: 1000 },
    ]);
    const deletes = s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input);
    expect(deletes.map((d) => d.Delete?.Objects?.length)).toEqual([1000, 3]);
    expect(nth(deletes, 1, "DeleteObjects call").Delete?.Objects?.[2]).toEqual({ Key: "recordings/w/1002.sealed" });
    expect(deletes.every((d) => d.Bucket === "sb-recordings" && d.Delete?.Quiet === true)).toBe(true);
  });

  it("deletePrefix on an empty prefix deletes nothing, and a partial failure is an error", async () => {
    s3.on(ListObjectsV2Command).resolvesOnce({ KeyCount: 0, IsTruncated: false });
    expect(await store().deletePrefix("recordings/empty/")).toBe(0);
    expect(s3.commandCalls(DeleteObjectsCommand)).toHaveLength(0);

    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: "recordings/w/a" }, { Key: "recordings/w/b" }], IsTruncated: false });
    s3.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: "recordings/w/b", Code: "AccessDenied" }] });
    await expect(store().deletePrefix("recordings/w/")).rejects.toThrow(/1 of 2 objects \(AccessDenied\)/);
  });

  it("passes endpoint and path-style addressing to the client (MinIO, R2)", async () => {
    s3.on(DeleteObjectCommand).resolves({});
    await s3ObjectStore({ bucket: "b-1", region: "auto", endpoint: "http://127.0.0.1:9000", forcePathStyle: true }).delete("k");
    const client = first(s3.commandCalls(DeleteObjectCommand), "DeleteObject call").thisValue as S3Client;
    expect(client.config.forcePathStyle).toBe(true);
    const endpoint = await client.config.endpoint!();
    expect(`${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`).toBe("http://127.0.0.1:9000");
    expect(await client.config.region()).toBe("auto");
  });
});

describe("S3 configuration", () => {
  const dataDir = () => mkdtempSync(path.join(tmpdir(), "sb-config-"));

  it("S3_REGION defaults to us-east-1; S3_FORCE_PATH_STYLE is a boolean; bad values are named", () => {
    const c = parseConfig({ DATA_DIR: dataDir(), S3_BUCKET: "sb-recordings" });
    expect(c.S3_BUCKET).toBe("sb-recordings");
    expect(c.S3_REGION).toBe("us-east-1");
    expect(c.S3_ENDPOINT).toBeUndefined();
    expect(c.S3_FORCE_PATH_STYLE).toBe(false);
    expect(parseConfig({ DATA_DIR: dataDir(), S3_FORCE_PATH_STYLE: "true", S3_ENDPOINT: "https://r2.example.com" }).S3_FORCE_PATH_STYLE).toBe(true);
    for (const [name, value] of [
      ["S3_BUCKET", "Not_A_Bucket"],
      ["S3_ENDPOINT", "ftp://x"],
      ["S3_FORCE_PATH_STYLE", "yes"],
    ] as const) {
      try {
        parseConfig({ DATA_DIR: dataDir(), [name]: value });
        expect.unreachable(`${name}=${value} was accepted`);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).problems.join()).toMatch(new RegExp(`^${name}:`));
      }
    }
  });

  it("objectStore() is S3 when S3_BUCKET is set, local files otherwise", () => {
    const saved = { DATA_DIR: process.env.DATA_DIR, S3_BUCKET: process.env.S3_BUCKET };
    try {
      process.env.DATA_DIR = dataDir();
      process.env.S3_BUCKET = "sb-recordings";
      resetConfigForTests();
      useObjectStoreForTests(undefined);
      expect(objectStore().name).toBe("s3");
      delete process.env.S3_BUCKET;
      resetConfigForTests();
      useObjectStoreForTests(undefined);
      expect(objectStore().name).toBe("local");
    } finally {
      Object.assign(process.env, saved);
      if (saved.S3_BUCKET === undefined) delete process.env.S3_BUCKET;
      resetConfigForTests();
      useObjectStoreForTests(undefined);
    }
  });
});
