import { Writable } from "node:stream";
import { authorizeMember, type WorkspaceContext } from "@/lib/authz/context";
import { db } from "@/lib/db/client";
import { createLogger } from "@/lib/log/logger";
import { client, createUser } from "./users";

/** A workspace with an owner, an admin and an agent, and a live and a test number. */
export async function callsWorkspace(slug: string) {
  const owner = await createUser(`owner@${slug}.test`, { workspaceSlug: slug, role: "owner" });
  const admin = await createUser(`admin@${slug}.test`, { workspaceSlug: slug, role: "admin" });
  const agent = await createUser(`agent@${slug}.test`, { workspaceSlug: slug, role: "agent" });
  const workspace = await db().workspace.findUniqueOrThrow({ where: { slug } });
  await db().phoneNumber.createMany({
    data: [
      { workspaceId: workspace.id, number: "+14155550100", mode: "live", label: "Main line" },
      { workspaceId: workspace.id, number: "+14155550199", mode: "test", label: "Test line" },
    ],
  });
  const member = async (user: { id: string; email: string; name: string }): Promise<WorkspaceContext> => (await authorizeMember(user, slug, client))!;
  return { workspace, owner, admin, agent, member };
}

/** Everything the app logs from now on, as text (the app's own logger, redaction and all). */
export function captureAppLogs(): { text: () => string; restore: () => void } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const holder = globalThis as unknown as { __switchboardLog?: unknown };
  const previous = holder.__switchboardLog;
  holder.__switchboardLog = createLogger({ level: "trace", destination });
  return { text: () => chunks.join(""), restore: () => void (holder.__switchboardLog = previous) };
}

/** Every row of every table in the public schema, as JSON text: a full logical dump. */
export async function dumpDatabase(): Promise<string> {
  const tables = await db().$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  const out: string[] = [];
  for (const { table_name } of tables) {
    const rows = await db().$queryRawUnsafe<{ row: string }[]>(`SELECT row_to_json(t)::text AS row FROM "${table_name.replace(/"/g, "")}" t`);
    out.push(`-- ${table_name}`, ...rows.map((r) => r.row));
  }
  return out.join("\n");
}

/** Every 6-digit window of a number's digits: none may appear anywhere once it is masked. */
export function digitWindows(e164: string, size = 6): string[] {
  const digits = e164.replace(/\D/g, "");
  return Array.from({ length: digits.length - size + 1 }, (_, i) => digits.slice(i, i + size));
}
