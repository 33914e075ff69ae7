import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { enrolTotpFromSecret } from "../lib/auth/mfa/totp";
import { sealPendingSignIn } from "../lib/auth/mfa/pending";
import { hashPassword } from "../lib/auth/passwords";
import { authenticate, authenticateSecondStep } from "../lib/auth/sign-in";
import { currentCode, TOTP_PERIOD_S } from "../lib/crypto/totp";
import { createTestDatabase } from "../test/support/database";
import { benchOwner } from "./lib/sign-in-users";
import { summarise } from "./lib/stats";

/**
 * What the second factor costs a sign-in (issue 15: at most 5 ms of server time): a
 * password-only sign-in next to password + TOTP in one request (the `otp` field) and the
 * form's second step (pending note + code), interleaved so load falls on every row alike.
 * argon2id dominates every row; the difference of medians is the factor's cost. Each TOTP
 * sign-in runs on its own 30-second step (a step is accepted once), on a simulated clock.
 */
process.env.DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "sb-bench-"));
process.env.LOG_LEVEL = "silent";
process.env.SESSION_MAX_PER_USER ??= "1000";
const database = await createTestDatabase();
const where = database.kind === "postgresql" ? "PostgreSQL" : "PGlite (in memory)";
const client = { ip: "203.0.113.7", userAgent: "bench", requestId: null };
const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const STEP_MS = TOTP_PERIOD_S * 1000;

try {
  const password = "bench passphrase for sign-in";
  const passwordHash = await hashPassword(password);
  const make = (email: string) => benchOwner(email, passwordHash);
  await make("plain@example.com");
  const withOtp = await make("otp@example.com");
  const twoStep = await make("steps@example.com");
  await enrolTotpFromSecret(withOtp, SECRET);
  await enrolTotpFromSecret(twoStep, SECRET);

  const runs = Number(process.env.BENCH_SIGN_IN_RUNS ?? 40);
  const rows = { plain: [] as number[], otp: [] as number[], second: [] as number[] };
  const base = Date.now();
  for (let i = -3; i < runs; i++) {
    const into = i < 0 ? { plain: [], otp: [], second: [] } : rows;
    const now = new Date(base + (i + 4) * STEP_MS);
    const code = currentCode(SECRET, now.getTime());
    let t = performance.now();
    await authenticate("plain@example.com", password, client, now);
    into.plain.push(performance.now() - t);
    t = performance.now();
    await authenticate("otp@example.com", password, client, now, code);
    into.otp.push(performance.now() - t);
    const note = await sealPendingSignIn(twoStep.id, client, now);
    t = performance.now();
    await authenticateSecondStep(note, code, client, now);
    into.second.push(performance.now() - t);
  }
  const plain = summarise(rows.plain);
  const otp = summarise(rows.otp);
  console.log(`\nSign-in with a second factor on ${where} (${runs} of each, interleaved)`);
  console.table({
    "password only": plain,
    "password + TOTP (otp field, one request)": otp,
    "second step alone (pending note + TOTP, no argon2)": summarise(rows.second),
  });
  console.log(`TOTP adds ${(otp.p50Ms - plain.p50Ms).toFixed(2)} ms at the median and ${(otp.p95Ms - plain.p95Ms).toFixed(2)} ms at p95 (target: ≤ 5 ms).`);
} finally {
  await database.close();
}
