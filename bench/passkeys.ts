import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { authenticationOptions, memberRegistrationOptions } from "../lib/auth/mfa/passkey-options";
import { signInWithPasskey } from "../lib/auth/mfa/passkey-sign-in";
import { addPasskey } from "../lib/auth/mfa/passkeys";
import { hashPassword } from "../lib/auth/passwords";
import { createSession, resolveSession } from "../lib/auth/sessions";
import { authenticate } from "../lib/auth/sign-in";
import { createTestDatabase } from "../test/support/database";
import { SoftAuthenticator } from "../test/support/soft-authenticator";
import { benchOwner } from "./lib/sign-in-users";
import { summarise } from "./lib/stats";

/**
 * Server time of a sign-in with a passkey assertion (issue 15) next to password-only, both
 * through the functions next-auth's callback calls, interleaved so load falls on every row
 * alike. The assertion is made by the software authenticator of the tests (ES256), outside
 * the timed part; the timed part is everything the server does: the challenge cookie,
 * signature, counter and single-use update, the lockout's attempt, session and audit.
 */
process.env.DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "sb-bench-"));
process.env.LOG_LEVEL = "silent";
process.env.APP_URL ??= "http://localhost:3000";
process.env.SESSION_MAX_PER_USER ??= "1000";
const database = await createTestDatabase();
const where = database.kind === "postgresql" ? "PostgreSQL" : "PGlite (in memory)";
const client = { ip: "203.0.113.8", userAgent: "bench", requestId: null };

try {
  const password = "bench passphrase for sign-in";
  const passwordHash = await hashPassword(password);
  const make = (email: string) => benchOwner(email, passwordHash);
  await make("plain@example.com");
  const owner = await make("passkey@example.com");
  const session = (await resolveSession((await createSession(owner.id, client)).token))!;
  const auth = new SoftAuthenticator(process.env.APP_URL);
  const registration = await memberRegistrationOptions(session);
  await addPasskey(session, auth.register(registration.options), "Bench key", registration.sealed, client);

  const runs = Number(process.env.BENCH_SIGN_IN_RUNS ?? 40);
  const rows = { plain: [] as number[], passkey: [] as number[], options: [] as number[] };
  for (let i = -3; i < runs; i++) {
    const into = i < 0 ? { plain: [], passkey: [], options: [] } : rows;
    let t = performance.now();
    await authenticate("plain@example.com", password, client);
    into.plain.push(performance.now() - t);
    t = performance.now();
    const { options, sealed } = await authenticationOptions("sign_in");
    into.options.push(performance.now() - t);
    const assertion = auth.assert(options);
    t = performance.now();
    await signInWithPasskey(assertion, { ...client, challenge: sealed });
    into.passkey.push(performance.now() - t);
  }
  const plain = summarise(rows.plain);
  const passkey = summarise(rows.passkey);
  console.log(`\nSign-in with a passkey on ${where} (${runs} of each, interleaved)`);
  console.table({
    "password only (argon2id)": plain,
    "passkey alone: verify assertion + session + audit": passkey,
    "passkey options (challenge + sealed cookie)": summarise(rows.options),
  });
  console.log(`A passkey sign-in takes ${(plain.p50Ms - passkey.p50Ms).toFixed(2)} ms less than a password at the median (${(plain.p95Ms - passkey.p95Ms).toFixed(2)} ms at p95): no argon2.`);
} finally {
  await database.close();
}
