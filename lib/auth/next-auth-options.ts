import type { AuthOptions } from "next-auth";
import { cookies } from "next/headers";
import CredentialsProvider from "next-auth/providers/credentials";
import { config } from "../config";
import { safeCallbackPath } from "./callback-url";
import { cookieNames, cookieOptions } from "./cookies";
import { themeCookieFor } from "./theme-preference";
import { deviceCookieAfterSignIn, readDeviceFromCookieHeader } from "./device-cookie";
import { AuthError, SecondFactorRequired } from "./errors";
import { PENDING_TTL_SECONDS, sealPendingSignIn } from "./mfa/pending";
import { requestMeta } from "./request-meta";
import { signSessionToken } from "./session-token";
import { resolveSession, revokePresentedSession, revokeSession } from "./sessions";
import { signInFromRequest } from "./sign-in-request";
import { recordUserAudit } from "./user-events";

/**
 * next-auth v4 runs the standard credentials flow (GET /api/auth/csrf, POST
 * /api/auth/callback/credentials, POST /api/auth/signout) and sets the cookie. The token it
 * stores is ours: an RS256 JWT naming a server-side session row (lib/auth/sessions.ts), and
 * decoding it re-checks that row, so next-auth's own endpoints honour revocation too.
 */
export function authOptions(): AuthOptions {
  const c = config();
  const names = cookieNames();
  return {
    secret: c.secrets.NEXTAUTH_SECRET,
    useSecureCookies: c.isHttps,
    session: { strategy: "jwt", maxAge: c.SESSION_ABSOLUTE_HOURS * 3600 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    cookies: {
      sessionToken: { name: names.session, options: cookieOptions() },
      csrfToken: { name: names.csrf, options: cookieOptions() },
      callbackUrl: { name: names.callbackUrl, options: cookieOptions() },
    },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
          otp: { label: "Code", type: "text" },
          step: { label: "Step", type: "hidden" },
          passkey: { label: "Passkey", type: "hidden" },
        },
        async authorize(credentials, req) {
          const meta = requestMeta(req.headers ?? {});
          const store = await cookies();
          try {
            const device = await readDeviceFromCookieHeader(req.headers?.cookie);
            const signedIn = await signInFromRequest(credentials ?? {}, req.headers?.cookie, { ...meta, device });
            store.delete(names.pendingSignIn);
            await revokePresentedSession(req.headers?.cookie); // the session this browser held ends (decision 030)
            // This browser has now signed in to the account: failures from elsewhere cannot lock it out (decision 026).
            const cookie = await deviceCookieAfterSignIn(device, signedIn.user.id);
            (await cookies()).set(cookie.name, cookie.value, cookie.options);
            // The theme the user pinned follows them to this browser (issue 18).
            const theme = await themeCookieFor(signedIn.user.id);
            if (theme) store.set(theme.name, theme.value, theme.options);
            return { id: signedIn.user.id, email: signedIn.user.email, name: signedIn.user.name, sid: signedIn.sessionId, token: signedIn.token };
          } catch (error) {
            // The password was right and a second factor is next: this browser gets the pending note (never a session).
            if (error instanceof SecondFactorRequired) {
              store.set(names.pendingSignIn, await sealPendingSignIn(error.userId, meta), cookieOptions(PENDING_TTL_SECONDS));
            }
            // next-auth sends the message to the sign-in page as ?error=…; only our codes go there.
            if (error instanceof AuthError) throw new Error(error.code);
            throw new Error("invalid_credentials");
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          const u = user as typeof user & { sid: string; token: string };
          return { sub: u.id, sid: u.sid, signed: u.token };
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub } } as typeof session;
      },
      async redirect({ url, baseUrl }) {
        // The form's callbackUrl (or next-auth's cookie of it): the one same-origin rule.
        return `${baseUrl}${safeCallbackPath(url)}`;
      },
    },
    jwt: {
      async encode({ token }) {
        if (!token) return "";
        if (typeof token.signed === "string") return token.signed;
        // Re-encoding an existing session (next-auth refreshes its cookie): same claims, same expiry.
        const exp = typeof token.exp === "number" ? new Date(token.exp * 1000) : new Date(Date.now() + 60_000);
        return signSessionToken({ sub: String(token.sub), sid: String(token.sid) }, exp);
      },
      async decode({ token }) {
        const active = await resolveSession(token ?? undefined);
        if (!active) return null;
        return { sub: active.user.id, sid: active.sessionId, email: active.user.email, name: active.user.name, exp: Math.floor(active.expiresAt.getTime() / 1000) };
      },
    },
    events: {
      async signOut({ token }) {
        if (!token?.sid || !token.sub) return;
        const revoked = await revokeSession(String(token.sub), String(token.sid), "signed_out");
        if (revoked && token.email) {
          await recordUserAudit({ id: String(token.sub), email: String(token.email) }, "user.signed_out", {}, { type: "session", id: String(token.sid) });
        }
      },
    },
  };
}
