import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { recordAudit } from "../lib/audit/record";
import { verifyChain } from "../lib/audit/verify";
import { hashPassword, verifyPassword } from "../lib/auth/passwords";
import { authenticate } from "../lib/auth/sign-in";
import { db } from "../lib/db/client";
import { createTestDatabase } from "../test/support/database";
import { summarise } from "./lib/stats";

/**
 * Sign-in latency (argon2id included) and audit-log append throughput with 8 concurrent
 * writers in one workspace. Runs on an in-memory PGlite, or on PostgreSQL when
 * TEST_DATABASE_URL is set (a fresh database, dropped afterwards).
 */
process.env.DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "sb-bench-"));
process.env.LOG_LEVEL = "silent";
const database = await createTestDatabase();
const where = database.kind === "postgresql" ? "PostgreSQL" : "PGlite (in memory)";
const client = { ip: "203.0.113.5", userAgent: "bench", requestId: null };

try {
  const password = "bench passphrase for sign-in";
  const user = await db().user.create({ data: { email: "bench@example.com", name: "Bench", passwordHash: await hashPassword(password), emailVerifiedAt: new Date() } });
  const workspace = await db().workspace.create({ data: { slug: "bench", name: "Bench" } });
  await db().membership.create({ data: { userId: user.id, workspaceId: workspace.id, role: "owner" } });

  const hashOnly: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await verifyPassword(user.passwordHash, password);
    hashOnly.push(performance.now() - t);
  }
  const signIn: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    await authenticate("bench@example.com", password, client);
    signIn.push(performance.now() - t);
  }
  const wrong: number[] = [];
  for (let i = 0; i < 4; i++) {
    const t = performance.now();
    await authenticate(`ghost${i}@example.com`, "not the password", client).catch(() => {});
    wrong.push(performance.now() - t);
  }
  console.log(`\nSign-in on ${where}`);
  console.table({
    "argon2id verify alone": summarise(hashOnly),
    "authenticate(): verify + session + audit": summarise(signIn),
    "unknown email (dummy verify)": summarise(wrong),
  });

  const writers = 8;
  const perWriter = Number(process.env.BENCH_AUDIT_PER_WRITER ?? 250);
  const ctx = { actor: { type: "system" as const, label: "bench" }, workspaceId: workspace.id, ip: "203.0.113.5" };
  const start = performance.now();
  await Promise.all(
    Array.from({ length: writers }, (_, w) =>
      (async () => {
        for (let i = 0; i < perWriter; i++) await recordAudit(ctx, "user.signed_in", { type: "writer", id: String(w) }, { after: { i } });
      })(),
    ),
  );
  const seconds = (performance.now() - start) / 1000;
  const total = writers * perWriter;
  const verdict = await verifyChain(workspace.id);
  console.log(`\nAudit append on ${where}: ${total} rows by ${writers} concurrent writers in ${seconds.toFixed(2)} s = ${Math.round(total / seconds)} rows/s; chain ${verdict.ok ? "verifies" : "BROKEN"} (${verdict.checked} rows incl. sign-ins)`);
} finally {
  await database.close();
}
