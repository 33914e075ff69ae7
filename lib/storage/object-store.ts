import "server-only";
import path from "node:path";
import { config } from "../config";
import { localObjectStore } from "./local-store";
import { s3ObjectStore } from "./s3-store";

/**
 * Object storage for large blobs (call recordings). Bodies are sealed by the caller
 * (lib/crypto/envelope) before they get here: a store never sees plaintext, so a leaked
 * bucket or data directory leaks nothing readable.
 */
export interface ObjectStore {
  readonly name: "local" | "s3";
  put(key: string, body: Buffer): Promise<void>;
  /** The object's bytes, or null when there is none. */
  get(key: string): Promise<Buffer | null>;
  /** Deleting a missing object is not an error. */
  delete(key: string): Promise<void>;
  /** Deletes every object under `prefix` (which ends with "/"); returns how many. */
  deletePrefix(prefix: string): Promise<number>;
}

// Keys are made by us (`recordings/<workspace>/<call>.wav.sealed`), but they become file
// paths and URLs: anything outside this shape is refused, so no key can climb out of the
// store's root, whatever a future caller passes in.
const KEY = /^[a-z0-9][a-z0-9/_.-]{0,199}$/;

export class InvalidObjectKeyError extends Error {
  constructor() {
    super("invalid object key");
    this.name = "InvalidObjectKeyError";
  }
}

function checkShape(key: string): void {
  if (typeof key !== "string" || !KEY.test(key) || key.includes("..") || key.includes("//")) {
    throw new InvalidObjectKeyError();
  }
}

/** A key naming one object: the allowed shape, no `..`, no empty segment, no trailing `/`. */
export function assertObjectKey(key: string): void {
  checkShape(key);
  if (key.endsWith("/")) throw new InvalidObjectKeyError();
}

/**
 * A prefix to delete under: the same shape, and it must end with "/" so that
 * `recordings/<a>/` can never also match `recordings/<a>bc/…`.
 */
export function assertObjectPrefix(prefix: string): void {
  checkShape(prefix);
  if (!prefix.endsWith("/")) throw new InvalidObjectKeyError();
}

/** Wraps a store so every key and prefix is checked before the store sees it. */
function withKeyChecks(store: ObjectStore): ObjectStore {
  return {
    name: store.name,
    put: async (key, body) => (assertObjectKey(key), store.put(key, body)),
    get: async (key) => (assertObjectKey(key), store.get(key)),
    delete: async (key) => (assertObjectKey(key), store.delete(key)),
    deletePrefix: async (prefix) => (assertObjectPrefix(prefix), store.deletePrefix(prefix)),
  };
}

let store: ObjectStore | undefined;

/** The configured store: S3 when S3_BUCKET is set, otherwise files under DATA_DIR/objects. */
export function objectStore(): ObjectStore {
  if (!store) {
    const c = config();
    store = withKeyChecks(
      c.S3_BUCKET
        ? s3ObjectStore({ bucket: c.S3_BUCKET, region: c.S3_REGION, endpoint: c.S3_ENDPOINT, forcePathStyle: c.S3_FORCE_PATH_STYLE })
        : localObjectStore(path.join(c.DATA_DIR, "objects")),
    );
  }
  return store;
}

/** Tests: use this store (key checks still apply), or undefined to go back to the configured one. */
export function useObjectStoreForTests(replacement: ObjectStore | undefined): void {
  store = replacement ? withKeyChecks(replacement) : undefined;
}
