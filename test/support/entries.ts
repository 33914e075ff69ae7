import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { entryInfo, type EntryInfo } from "@/lib/entry/marker";

/** Every entry point of the app, as the structural and read-only tests enumerate them. */
export interface EntryExport {
  file: string;
  name: string;
  handler: unknown;
  info: EntryInfo | undefined;
}

const ROOT = path.resolve(import.meta.dirname, "../..");
const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(rel)));
    else out.push(rel);
  }
  return out;
}

/** Source files of app/, lib/ and components/ (what Next can serve or bundle). */
export async function sourceFiles(): Promise<string[]> {
  const all = [...(await walk("app")), ...(await walk("lib")), ...(await walk("components"))];
  return all.filter((f) => /\.(ts|tsx)$/.test(f) && !f.includes(`${path.sep}generated${path.sep}`)).sort();
}

export const routeFiles = async () => (await sourceFiles()).filter((f) => f.startsWith(`app${path.sep}`) && /route\.tsx?$/.test(path.basename(f)));

export const pageFiles = async () => (await sourceFiles()).filter((f) => f.startsWith(`app${path.sep}`) && /^(page|layout)\.tsx?$/.test(path.basename(f)));

/** Modules whose first statement is "use server": every export is a server action. */
export async function actionFiles(): Promise<string[]> {
  const out: string[] = [];
  for (const file of await sourceFiles()) {
    const text = await readFile(path.join(ROOT, file), "utf8");
    if (/^\s*(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*["']use server["']/.test(text)) out.push(file);
  }
  return out;
}

export const readSource = (file: string) => readFile(path.join(ROOT, file), "utf8");

async function exportsOf(file: string, pick: (name: string, value: unknown) => boolean): Promise<EntryExport[]> {
  const mod = (await import(path.join(ROOT, file))) as Record<string, unknown>;
  return Object.entries(mod)
    .filter(([name, value]) => pick(name, value))
    .map(([name, handler]) => ({ file, name, handler, info: entryInfo(handler) }));
}

/** Each route file's exported HTTP method handlers. */
export async function routeExports(files?: string[]): Promise<EntryExport[]> {
  const out: EntryExport[] = [];
  for (const file of files ?? (await routeFiles())) out.push(...(await exportsOf(file, (name) => HTTP_METHODS.has(name))));
  return out;
}

/** Each server-action module's exported functions. */
export async function actionExports(files?: string[]): Promise<EntryExport[]> {
  const out: EntryExport[] = [];
  for (const file of files ?? (await actionFiles())) out.push(...(await exportsOf(file, (_name, value) => typeof value === "function")));
  return out;
}

/** A signed-in session of `user` (a real row), and request facts that carry it into lib/entry. */
export async function sessionFactsOf(user: { id: string; email: string; name: string }, cookies: Record<string, string> = {}) {
  const { db } = await import("@/lib/db/client");
  const { client } = await import("./users");
  const now = new Date();
  const expiresAt = new Date(now.getTime() + 86_400_000);
  const row = await db().session.create({ data: { userId: user.id, createdAt: now, lastSeenAt: now, expiresAt }, select: { id: true } });
  const session = { sessionId: row.id, user: { id: user.id, email: user.email, name: user.name }, createdAt: now, expiresAt };
  const facts = {
    session: async () => session,
    cookie: async (name: string) => cookies[name],
    header: async () => null,
    meta: async () => ({ ...client }),
  };
  return { session, facts };
}
