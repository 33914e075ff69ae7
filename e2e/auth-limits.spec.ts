import { expect, request as playwrightRequest, test, type APIResponse } from "@playwright/test";

const playwright = { request: playwrightRequest };
import { DEMO_PASSWORD } from "./support/auth";
import { STRICT_URL } from "./support/servers";

// The strict instance: APP_URL is https and the SPEC's sign-in limit (5 per IP per 15 min).
function setCookies(response: APIResponse): string[] {
  return response.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value);
}

/** One credentials POST from a fresh client (no cookies), as a scripted attacker would send it. */
async function credentialsPost(email: string, password: string) {
  const request = await playwright.request.newContext();
  const csrf = await request.get(`${STRICT_URL}/api/auth/csrf`);
  const { csrfToken } = await csrf.json();
  // The csrf cookie is Secure (https settings); send it explicitly over this http test link.
  const cookie = setCookies(csrf).map((c) => c.split(";")[0]).join("; ");
  const response = await request.post(`${STRICT_URL}/api/auth/callback/credentials`, {
    form: { csrfToken, email, password, callbackUrl: "/" },
    headers: { origin: STRICT_URL.replace("http:", "https:"), cookie },
    maxRedirects: 0,
  });
  await response.body();
  return { response, dispose: () => request.dispose() };
}

test.describe.serial("sign-in over https settings", () => {
  test("cookies are __Host-, Secure, HttpOnly, SameSite=Lax; after 5 failed sign-ins from one IP the right password gets 429", async () => {
    const { response: ok } = await credentialsPost("owner@demo.test", DEMO_PASSWORD);
    expect(ok.status()).toBe(302);
    const session = setCookies(ok).find((c) => c.startsWith("__Host-sb.session="));
    expect(session, "session cookie").toBeTruthy();
    expect(session).toMatch(/;\s*Secure/i);
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
    expect(session).toMatch(/;\s*Path=\//i);
    expect(session).not.toMatch(/Domain=/i);

    // Only failures count (SPEC §1): the right sign-in above spent nothing of the five.
    for (let i = 0; i < 5; i++) {
      const { response: failed } = await credentialsPost(`nobody${i}@demo.test`, "wrong password here");
      expect(failed.status()).toBe(302);
      expect(failed.headers()["location"]).toContain("error=");
    }
    const { response: sixth } = await credentialsPost("owner@demo.test", DEMO_PASSWORD);
    expect(sixth.status()).toBe(429);
    expect(Number(sixth.headers()["retry-after"])).toBeGreaterThan(0);
    expect((await sixth.json()).error.code).toBe("RATE_LIMITED");
  });
  // The console's sign-in shares this limit as an action, whatever URL it is posted to:
  // e2e/throttle-paths.spec.ts replays the real action (a plain form post here never was a sign-in).
});
