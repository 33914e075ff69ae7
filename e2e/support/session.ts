import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { test as base, type BrowserContext } from "@playwright/test";
import { importPKCS8, SignJWT, type CryptoKey } from "jose";
import pg from "pg";
import { DEMO_PASSWORD, signInViaApi } from "./auth";
import { MAIN_INSTANCE_FILE, MAIN_URL, type MainInstanceInfo } from "./servers";

/**
 * Signing in as setup, for specs about something else: a session made directly, the way
 * lib/auth/sessions.ts createSession makes one — a row in `sessions` and an RS256 JWT naming
 * it (lib/auth/session-token.ts), set as the `sb.session` cookie (lib/auth/cookies.ts, plain
 * http on the main instance) — so no test but the sign-in specs drives the sign-in form or
 * pays for a password hash. auth.spec, auth-limits.spec and the console's member sign-in
 * still sign in for real.
 *
 * This needs the main instance's database from outside the app: PostgreSQL (TEST_DATABASE_URL,
 * as in CI), whose URL and signing key e2e/support/start-server.ts leaves in MAIN_INSTANCE_FILE.
 * The embedded PGlite database of a plain local run is open in the app's own process and
 * only one process may open it (lib/db/adapter.ts), so there the fixture signs in through
 * next-auth's credentials endpoint (signInViaApi): still no form, but a real sign-in.
 */
const SESSION_COOKIE = "sb.session";
const AUDIENCE = "switchboard:session";
/** Long enough for any test; within the app's absolute session lifetime (12 h by default). */
const LIFETIME_MS = 60 * 60_000;

export interface SignInOptions {
  /** The browser context to sign in (default: the test's own). */
  context?: BrowserContext;
  /** Used only where the session cannot be made directly (embedded database). */
  password?: string;
}

export type SignIn = (email: string, options?: SignInOptions) => Promise<void>;

class SessionMaker {
  private constructor(
    private readonly info: MainInstanceInfo,
    private readonly pool: pg.Pool,
    private readonly key: CryptoKey,
  ) {}

  static async open(): Promise<SessionMaker | null> {
    if (!existsSync(MAIN_INSTANCE_FILE)) return null;
    const info = JSON.parse(readFileSync(MAIN_INSTANCE_FILE, "utf8")) as MainInstanceInfo;
    const key = await importPKCS8(info.sessionSigningPrivateKey, "RS256");
    return new SessionMaker(info, new pg.Pool({ connectionString: info.databaseUrl, max: 1 }), key);
  }

  async signIn(context: BrowserContext, email: string): Promise<void> {
    const now = new Date();
    const expiresAt = new Date(now.getTime() + LIFETIME_MS);
    const { rows } = await this.pool.query<{ id: string; user_id: string }>(
      // The id is Prisma's to make (@default(uuid()) is client-side), so ours here.
      `INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, ip, user_agent)
       SELECT $4, id, $2, $2, $3, '127.0.0.1', 'Playwright (e2e session fixture)' FROM users WHERE email = $1
       RETURNING id, user_id`,
      [email.trim().toLowerCase(), now, expiresAt, randomUUID()],
    );
    const [row] = rows;
    if (rows.length !== 1 || !row) throw new Error(`session fixture: no user ${email} on the main instance`);
    const { id: sessionId, user_id: userId } = row;
    const token = await new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: "RS256", typ: "JWT" })
      .setSubject(userId)
      .setIssuer(this.info.appUrl)
      .setAudience(AUDIENCE)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    await context.addCookies([
      { name: SESSION_COOKIE, value: token, url: this.info.appUrl, httpOnly: true, sameSite: "Lax", expires: Math.floor(expiresAt.getTime() / 1000) },
    ]);
  }

  close() {
    return this.pool.end();
  }
}

export const test = base.extend<{ signIn: SignIn }, { sessionMaker: SessionMaker | null }>({
  sessionMaker: [
    async ({}, provide) => {
      const maker = await SessionMaker.open();
      await provide(maker);
      await maker?.close();
    },
    { scope: "worker" },
  ],
  // (`provide` is Playwright's `use`, renamed so the React hooks lint rule leaves it alone.)
  signIn: async ({ context, sessionMaker }, provide) => {
    await provide(async (email, options = {}) => {
      const target = options.context ?? context;
      if (sessionMaker) await sessionMaker.signIn(target, email);
      else await signInViaApi(target.request, MAIN_URL, email, options.password ?? DEMO_PASSWORD);
    });
  },
});

export { expect } from "@playwright/test";
