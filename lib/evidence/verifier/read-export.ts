import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import yauzl from "yauzl";
import type { ExportSource } from "./verify-export";

/**
 * An export as the verifier reads it: the ZIP the server produced, or a folder it was
 * unpacked into. The ZIP is read through its central directory (yauzl), each file streamed
 * when asked for, so the chain file is never held in memory whole. Two entries with one name
 * are refused: which of them a person's unzip tool shows is not the verifier's to guess.
 */
export async function openExport(path: string): Promise<ExportSource & { close(): void }> {
  if ((await stat(path)).isDirectory()) {
    return {
      text: (name) => readFile(join(path, name), "utf8").catch(() => null),
      lines: (name) => lineStream(createReadStream(join(path, name))),
      close: () => {},
    };
  }
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, strictFileNames: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on("error", reject);
    zip.on("end", () => resolve());
    zip.on("entry", (entry: yauzl.Entry) => {
      if (entries.has(entry.fileName)) return reject(new Error(`the export has two entries named ${entry.fileName}`));
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.readEntry();
  });
  const open = (name: string) => {
    const entry = entries.get(name);
    if (!entry) return Promise.resolve(null);
    return new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))));
  };
  return {
    async text(name) {
      const stream = await open(name);
      if (!stream) return null;
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    async *lines(name) {
      const stream = await open(name);
      if (stream) yield* lineStream(stream);
    },
    close: () => zip.close(),
  };
}

function lineStream(input: Readable): AsyncIterable<string> {
  return createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
}

/** A JWKS the user trusts: a saved file, or the published URL fetched now. */
export async function readTrustedJwks(where: string): Promise<unknown> {
  if (/^https?:\/\//i.test(where)) {
    const response = await fetch(where, { headers: { accept: "application/json" }, redirect: "error" });
    if (!response.ok) throw new Error(`${where} answered ${response.status}`);
    return response.json();
  }
  return JSON.parse(await readFile(where, "utf8"));
}

/**
 * Checkpoints the user kept (`--checkpoints`): a JSON array, an API page (`{"data": [...]}`),
 * an export's checkpoints file (`{"checkpoints": [...]}`), or JSON lines, one checkpoint (or
 * `{"checkpoint": {...}}`) a line.
 */
export async function readHeldCheckpoints(file: string): Promise<unknown[]> {
  const text = await readFile(file, "utf8");
  try {
    const whole = JSON.parse(text) as unknown;
    if (Array.isArray(whole)) return whole;
    const o = whole as { data?: unknown; checkpoints?: unknown };
    if (Array.isArray(o.data)) return o.data;
    if (Array.isArray(o.checkpoints)) return o.checkpoints;
    return [whole];
  } catch {
    return text
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => {
        const v = JSON.parse(l) as { checkpoint?: unknown };
        return v.checkpoint ?? v;
      });
  }
}
