import { NextResponse } from "next/server";
import { z } from "zod";
import { cookieValue } from "@/lib/auth/cookie-header";
import { cookieNames } from "@/lib/auth/cookies";
import { passkeySignInOptions } from "@/lib/auth/mfa/passkey-sign-in";
import { publicRoute } from "@/lib/entry/route";

/**
 * The first half of signing in with a passkey: the options for `navigator.credentials.get`
 * and the sealed challenge cookie. The assertion then goes to next-auth's credentials
 * callback as `passkey` (lib/auth/sign-in-request.ts), which sets the session cookie.
 */
export const POST = publicRoute({
  method: "POST",
  body: z.strictObject({ step: z.enum(["alone", "second", "console"]).default("alone") }),
  handler: async ({ request, body }) => {
    const cookies = request.headers.get("cookie") ?? undefined;
    const { options, cookie } = await passkeySignInOptions(body.step, cookieValue(cookies, cookieNames().pendingSignIn), { userAgent: request.headers.get("user-agent") });
    const response = NextResponse.json({ options });
    response.cookies.set(cookie.name, cookie.value, cookie.options);
    response.headers.set("Cache-Control", "no-store");
    return response;
  },
});
