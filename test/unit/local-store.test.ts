import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { localObjectStore } from "@/lib/storage/local-store";
import { InvalidObjectKeyError, objectStore, useObjectStoreForTests } from "@/lib/storage/object-store";

let root: string;
beforeEach(() => {
  root = path.join(mkdtempSync(path.join(tmpdir(), "sb-objects-")), "objects");
  useObjectStoreForTests(localObjectStore(root));
});
afterAll(() => useObjectStoreForTests(undefined));

/** Every file under a directory, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe("local object store", () => {
  it("round-trips an object into a private file, leaving no temp file behind", async () => {
    const store = objectStore();
    expect(store.name).toBe("local");
    await store.put("recordings/ws/call.wav.sealed", Buffer.from("sealed bytes"));
    expect((await store.get("recordings/ws/call.wav.sealed"))?.toString()).toBe("sealed bytes");
    const file = path.join(root, "recordings/ws/call.wav.sealed");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o077).toBe(0);
    expect(filesUnder(root)).toEqual(["recordings/ws/call.wav.sealed"]);
  });

  it("overwrites atomically, answers null for a missing object, and deletes idempotently", async () => {
    const store = objectStore();
    await store.put("a/b", Buffer.from("one"));
    await store.put("a/b", Buffer.from("two"));
    expect((await store.get("a/b"))?.toString()).toBe("two");
    expect(await store.get("a/missing")).toBeNull();
    await store.delete("a/b");
    await store.delete("a/b");
    expect(await store.get("a/b")).toBeNull();
  });

  it("deletePrefix removes and counts everything under a folder, and nothing beside it", async () => {
    const store = objectStore();
    await store.put("recordings/w1/a.sealed", Buffer.from("1"));
    await store.put("recordings/w1/nested/b.sealed", Buffer.from("2"));
    await store.put("recordings/w10/c.sealed", Buffer.from("3"));
    expect(await store.deletePrefix("recordings/w1/")).toBe(2);
    expect(await store.get("recordings/w1/a.sealed")).toBeNull();
    expect((await store.get("recordings/w10/c.sealed"))?.toString()).toBe("3");
    expect(await store.deletePrefix("recordings/none/")).toBe(0);
  });

  it("refuses traversal, absolute and malformed keys before touching the disk", async () => {
    const store = objectStore();
    const bad = [
      "../outside",
      "a/../../outside",
      "a/../b",
      "..",
      "/etc/passwd",
      "a//b",
      "a/",
      "",
      "A/upper",
      "a\\b",
      "a\0b",
      "a b",
      `a${"x".repeat(200)}`,
      "recordings/%2e%2e/x",
    ];
    for (const key of bad) {
      await expect(store.put(key, Buffer.from("x")), key).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(store.get(key), key).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(store.delete(key), key).rejects.toBeInstanceOf(InvalidObjectKeyError);
    }
    for (const prefix of ["recordings", "../", "/", "a//"]) {
      await expect(store.deletePrefix(prefix), prefix).rejects.toBeInstanceOf(InvalidObjectKeyError);
    }
  });

  it("on its own, still refuses any key that resolves outside its root", async () => {
    const raw = localObjectStore(root);
    for (const key of ["../outside", "a/../../outside", "/tmp/outside", "..", "."]) {
      await expect(raw.put(key, Buffer.from("x")), key).rejects.toThrow(/refused key|leaves the store/);
      await expect(raw.get(key), key).rejects.toThrow(/refused key|leaves the store/);
    }
    await expect(raw.deletePrefix("../")).rejects.toThrow(/leaves the store/);
  });
});
