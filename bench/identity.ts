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
process.env.SESSION_MAX_PER_USER ??= "1000";
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
  // Sign-in, interleaved so machine load falls on every row alike: a right password, a wrong
  // one (a fresh account each time, so the lockout never short-cuts it) and an unknown email.
  // SESSION_MAX_PER_USER is lifted for the right-password row: a typical sign-in evicts nothing.
  const runs = Number(process.env.BENCH_SIGN_IN_RUNS ?? 40);
  const rows = { right: [] as number[], wrong: [] as number[], unknown: [] as number[], verify: [] as number[] };
  const timeOne = async (into: number[], run: () => Promise<unknown>) => {
    const t = performance.now();
    await run().catch(() => {});
    into.push(performance.now() - t);
  };
  for (let i = -3; i < runs; i++) {
    const target = i < 0 ? { right: [], wrong: [], unknown: [], verify: [] } : rows;
    const other = `bench-wrong-${i + 3}@example.com`;
    await db().user.create({ data: { email: other, name: "Bench", passwordHash: user.passwordHash, emailVerifiedAt: new Date() } });
    // An argon2id verify just before, so the pair's difference is sign-in's own work whatever the machine's load.
    await timeOne(target.verify, () => verifyPassword(user.passwordHash, password));
    await timeOne(target.right, () => authenticate("bench@example.com", password, client));
    await timeOne(target.wrong, () => authenticate(other, "not the password at all", client));
    await timeOne(target.unknown, () => authenticate(`ghost${i + 3}@example.com`, "not the password at all", client));
  }
  console.log(`\nSign-in on ${where} (${runs} of each, interleaved)`);
  console.table({
    "argon2id verify alone": summarise(hashOnly),
    "sign-in, right password (verify + session + token + audit)": summarise(rows.right),
    "sign-in, wrong password (known email)": summarise(rows.wrong),
    "sign-in, unknown email (dummy verify)": summarise(rows.unknown),
    "right-password sign-in minus the verify just before it (paired)": summarise(rows.right.map((t, k) => t - rows.verify[k]!)),
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
