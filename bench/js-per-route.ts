import { gzipSync } from "node:zlib";
import { parseArgs } from "node:util";
import { startAppServer } from "./lib/app-server";

/**
 * The JavaScript each page ships on its first load, gzipped: the built app on a fresh demo
 * database, the owner signed in, every <script src> of each page's HTML fetched once and
 * gzipped (level 6, as a server or CDN would). Prints one row per route, and a JSON line
 * for comparing two builds (issue 18: no page may grow by more than 30 %).
 */
const { values } = parseArgs({ options: { port: { type: "string", default: "3400" } } });
const PASSWORD = "bench-password-js-per-route";
const ROUTES = [
  "/sign-in",
  "/account",
  "/demo",
  "/demo/calls",
  "/demo/test-calls",
  "/demo/numbers",
  "/demo/config",
  "/demo/knowledge",
  "/demo/billing",
  "/demo/team",
  "/demo/groups",
  "/demo/developers/api-keys",
  "/demo/developers/webhooks",
  "/demo/developers/docs",
  "/demo/audit",
  "/demo/security",
  "/demo/settings",
];

// A demo database in a production build: the guard wants it said (lib/config).
const server = await startAppServer(Number(values.port), { DEMO_PASSWORD: PASSWORD, ALLOW_DEMO_IN_PRODUCTION: "true" });
try {
  const cookies = new Map<string, string>();
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...rest] = (pair ?? "").split("=");
      if (name) cookies.set(name.trim(), rest.join("="));
    }
  };
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(`${server.url}/api/auth/csrf`);
  remember(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signedIn = await fetch(`${server.url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url, cookie: cookieHeader() },
    body: new URLSearchParams({ csrfToken, email: "owner@demo.test", password: PASSWORD, callbackUrl: "/" }),
  });
  remember(signedIn);
  if (signedIn.status !== 302) throw new Error(`sign-in answered ${signedIn.status}`);

  const sizes = new Map<string, number>();
  const gzipped = async (src: string) => {
    const known = sizes.get(src);
    if (known !== undefined) return known;
    const body = Buffer.from(await (await fetch(new URL(src, server.url))).arrayBuffer());
    const size = gzipSync(body, { level: 6 }).length;
    sizes.set(src, size);
    return size;
  };
  const results: Record<string, number> = {};
  console.log("route                          first-load JS (gzip)  scripts");
  for (const route of ROUTES) {
    // The sign-in page as a visitor sees it (a signed-in user is sent on); the rest as the owner.
    const headers: Record<string, string> = route === "/sign-in" ? {} : { cookie: cookieHeader() };
    const response = await fetch(`${server.url}${route}`, { headers, redirect: "manual" });
    if (response.status !== 200) throw new Error(`${route} answered ${response.status}`);
    const html = await response.text();
    const scripts = [...new Set([...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!))];
    let total = 0;
    for (const src of scripts) total += await gzipped(src);
    results[route] = total;
    console.log(`${route.padEnd(30)} ${(total / 1024).toFixed(1).padStart(8)} KiB            ${scripts.length}`);
  }
  console.log(JSON.stringify({ bench: "js-per-route", kib: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Number((v / 1024).toFixed(1))])) }));
} finally {
  await server.stop();
}
