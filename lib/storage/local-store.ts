import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, rmdir, unlink } from "node:fs/promises";
import path from "node:path";
import type { ObjectStore } from "./object-store";

/**
 * Objects as files under `root` (DATA_DIR/objects), for the embedded mode and single-machine
 * deployments. Files are private to the server's user (0600, directories 0700) and written
 * atomically, so a reader never sees half an object. Keys are checked by objectStore();
 * here every key is also resolved and must stay strictly under the root (defence in depth:
 * this module may be used directly).
 */
export function localObjectStore(root: string): ObjectStore {
  const base = path.resolve(root);

  function resolveUnderRoot(key: string): string {
    if (typeof key !== "string" || key === "" || path.isAbsolute(key) || key.includes("\0")) {
      throw new Error("local object store: refused key");
    }
    const full = path.resolve(base, key);
    if (!full.startsWith(base + path.sep)) throw new Error("local object store: key leaves the store");
    return full;
  }

  return {
    name: "local",

    async put(key, body) {
      const file = resolveUnderRoot(key);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      // Temp file in the same directory, then rename: atomic on one filesystem.
      const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
      const handle = await open(temp, "wx", 0o600);
      try {
        await handle.writeFile(body);
        await handle.sync();
        await handle.close();
        await rename(temp, file);
      } catch (error) {
        await handle.close().catch(() => {});
        await unlink(temp).catch(() => {});
        throw error;
      }
    },

    async get(key) {
      try {
        return await readFile(resolveUnderRoot(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },

    async delete(key) {
      await rm(resolveUnderRoot(key), { force: true });
    },

    async deletePrefix(prefix) {
      return deleteTree(resolveUnderRoot(prefix));
    },
  };
}

/** Unlinks every file under `dir` (counting them), then the emptied directories. */
async function deleteTree(dir: string): Promise<number> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw error;
  }
  let count = 0;
  for (const entry of entries) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      count += await deleteTree(child);
    } else {
      await unlink(child).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw error;
      });
      // Interrupted writes' temp files are not objects.
      if (!entry.name.endsWith(".tmp") || !entry.name.startsWith(".")) count += 1;
    }
  }
  // A concurrent put may have added a file meanwhile: then the directory stays.
  await rmdir(dir).catch(() => {});
  return count;
}
