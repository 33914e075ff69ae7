import { generateKey, hashKey, parseKey } from "../../lib/api-keys/format";
import type { Member } from "./processes";
import type { ThrowawayPostgres } from "./services";

/**
 * What must behave as on one instance (issue 22 item 1), each step on one instance and the
 * check on the other, directly (not through the balancer): a session, a step-up (sudo mode),
 * a rate limit. (Delivery without double sends is the reconciliation's, after every run.)
 */
class Jar {
  readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1));
    }
  }
  get header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

async function signIn(base: string, appUrl: string, email: string, password: string): Promise<Jar> {
  const jar = new Jar();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  jar.take(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: appUrl, cookie: jar.header },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: "/" }),
  });
  jar.take(response);
  if (response.status !== 302) throw new Error(`sign-in on ${base} answered ${response.status}`);
  return jar;
}

/** React's attribute escaping (escapeTextForBrowser), undone. */
const unescapeAttribute = (value: string) =>
  value.replace(/&(quot|amp|lt|gt|#x27);/g, (_, name: string) => ({ quot: '"', amp: "&", lt: "<", gt: ">", "#x27": "'" })[name]!);

/**
 * The password confirmation (sudo mode), submitted as a browser without JavaScript does: the
 * account page's confirmation form as rendered (its hidden action fields), plus the password.
 * Answers whether the step-up cookie came back.
 */
async function stepUp(base: string, appUrl: string, jar: Jar, password: string): Promise<string> {
  const page = await fetch(`${base}/account`, { headers: { cookie: jar.header }, redirect: "manual" });
  jar.take(page);
  const html = await page.text();
  const form = [...html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)].map((m) => m[1]!).find((f) => /name="password"/.test(f) && /\$ACTION_/.test(f));
  if (!form) return `${page.status}: no password confirmation form on /account`;
  const body = new FormData();
  for (const [input] of form.matchAll(/<input\b[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input)?.[1];
    if (name) body.set(unescapeAttribute(name), unescapeAttribute(/value="([^"]*)"/.exec(input)?.[1] ?? ""));
  }
  body.set("password", password);
  const before = jar.cookies.size;
  // As through the balancer: Next compares the Origin with the forwarded host for actions.
  const headers = { origin: appUrl, "x-forwarded-host": new URL(appUrl).host, cookie: jar.header };
  const response = await fetch(`${base}/account`, { method: "POST", headers, body, redirect: "manual" });
  jar.take(response);
  const text = await response.text();
  const stepUpCookie = [...jar.cookies.keys()].some((name) => /step.?up/i.test(name));
  return `${response.status} ${stepUpCookie ? "confirmed" : `no step-up cookie (${before} → ${jar.cookies.size} cookies): ${text.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").slice(0, 160)}`}`;
}

export async function checkAcrossInstances(c: { apps: Member[]; appUrl: string; password: string; pg: ThrowawayPostgres; database: string }) {
  const [a, b] = [c.apps[0]!, c.apps[1]!];
  const rows: Record<string, string>[] = [];
  let ok = true;
  const record = (check: string, pass: boolean | "unverified", detail: string) => {
    rows.push({ check, result: pass === "unverified" ? "UNVERIFIED" : pass ? "PASS" : "FAIL", detail });
    if (pass === false) ok = false;
  };

  // A session made on one instance works on the other.
  const owner = await signIn(a.url, c.appUrl, "owner@demo.test", c.password);
  const onB = await fetch(`${b.url}/demo`, { headers: { cookie: owner.header }, redirect: "manual" });
  await onB.arrayBuffer();
  record("session made on app1, used on app2", onB.status === 200, `GET /demo on app2: ${onB.status}`);

  // Sudo mode confirmed on one instance is honoured by the other; without it, refused.
  const admin = await signIn(b.url, c.appUrl, "owner@demo.test", c.password);
  const before = await fetch(`${a.url}/demo/settings/export`, { headers: { cookie: admin.header }, redirect: "manual" });
  await before.arrayBuffer();
  const confirmed = await stepUp(b.url, c.appUrl, admin, c.password);
  const after = await fetch(`${a.url}/demo/settings/export`, { headers: { cookie: admin.header }, redirect: "manual" });
  const afterText = after.status === 200 ? "" : (await after.text()).slice(0, 120);
  if (after.status === 200) await after.body?.cancel();
  record("step-up on app2, sensitive export on app1", before.status !== 200 && confirmed.includes("confirmed") && after.status === 200, `before: ${before.status}; confirm on app2: ${confirmed}; after, on app1: ${after.status} ${afterText}`);

  // One limit: a fresh key's requests on app1 then app2 count in one window.
  const key = generateKey("live", "sk");
  const parsed = parseKey(key)!;
  await c.pg.query(
    c.database,
    `INSERT INTO api_keys (id, workspace_id, name, type, mode, key_hash, prefix, last4, scopes, created_by_id)
     SELECT gen_random_uuid(), workspace_id, 'cluster limit check', type, mode, $1, $2, $3, scopes, created_by_id FROM api_keys WHERE key_hash <> $1 AND mode = 'live' LIMIT 1`,
    [hashKey(key), parsed.prefix, parsed.last4],
  );
  const remaining: number[] = [];
  for (const m of [a, b, a, b]) {
    const response = await fetch(`${m.url}/api/v1/phone-numbers`, { headers: { "x-api-key": key } });
    await response.arrayBuffer();
    remaining.push(Number(response.headers.get("ratelimit-remaining")));
  }
  const shared = remaining.every((r, i) => i === 0 || r === remaining[0]! - i);
  record("a key's rate limit shared by app1 and app2", shared, `RateLimit-Remaining a,b,a,b: ${remaining.join(", ")}`);

  // The load's dashboard session, made through the balancer.
  const load = await signIn(c.appUrl, c.appUrl, "owner@demo.test", c.password);
  return { rows, ok, ownerCookie: load.header };
}
