import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

/**
 * Issue 17 items 3 and 4 (decision 035), against a real `npm start` whose stdout and stderr are
 * pipes (no TTY), on a fresh DATA_DIR and a port of its own, from the suite's build:
 *   - none of the generated first-run credentials appears in its output; they are in
 *     DATA_DIR/credentials.txt, mode 0600, and the output names that file;
 *   - stdout holds JSON log lines and the start banner, nothing else;
 *   - a server-action error is one JSON log line with the request id, the digest and a
 *     scrubbed message.
 */
const PORT = Number(process.env.E2E_PORT_BASE ?? 3210) + 6;
const APP_URL = `http://127.0.0.1:${PORT}`;

let child: ChildProcess;
let dataDir: string;
let stdout = "";
let stderr = "";

test.describe.configure({ mode: "serial", timeout: 240_000 });

test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "sb-start-output-"));
  const env: Record<string, string | undefined> = { ...process.env, PORT: String(PORT), APP_URL, DATA_DIR: dataDir, LOG_LEVEL: "info", NEXT_TELEMETRY_DISABLED: "1" };
  // A first start that generates everything: no configured credentials, the embedded database.
  for (const name of Object.keys(env)) if (name.startsWith("DEMO_") || name === "DATABASE_URL" || name === "NODE_ENV" || name === "ADMIN_PATH" || name === "REDIS_URL") delete env[name];
  // Its own process group: npm does not pass SIGTERM on to the server it runs, so the group is signalled.
  child = spawn("npm", ["start"], { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
  child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const deadline = Date.now() + 200_000;
  // A server left on this port by an earlier run would answer for this one.
  if (await fetch(`${APP_URL}/api/health`).then(() => true, () => false)) throw new Error(`port ${PORT} is already serving`);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${stdout}\n${stderr}`);
    const ok = await fetch(`${APP_URL}/api/health`).then((r) => r.status === 200, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`npm start did not serve /api/health:\n${stdout}\n${stderr}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
});

test.afterAll(async () => {
  if (child?.pid && child.exitCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(-child.pid, "SIGTERM");
    await exited;
  }
});

/** `label: value` lines of the credentials file. */
function credentials(): string[] {
  return readFileSync(path.join(dataDir, "credentials.txt"), "utf8")
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.slice(l.indexOf(": ") + 2));
}

test("no generated credential reaches the output; they are in a 0600 file it names", async () => {
  const file = path.join(dataDir, "credentials.txt");
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const values = credentials();
  // The demo password, the live and test keys, secure@demo.test's password and TOTP secret, the staff TOTP secret and link.
  expect(values.length).toBeGreaterThanOrEqual(5);
  expect(values.some((v) => /^sb_live_sk_/.test(v))).toBe(true);
  const adminPath = (JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as { ADMIN_PATH: string }).ADMIN_PATH;
  const secrets = JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as Record<string, string>;
  for (const value of [...values, adminPath, ...Object.values(secrets)]) {
    expect(stdout, "stdout").not.toContain(value);
    expect(stderr, "stderr").not.toContain(value);
  }
  expect(stdout).toContain(file);
});

test("stdout holds JSON log lines and the start banner, nothing else", async () => {
  const banner = [/^> /, /^Switchboard is running at /, /^Operator console: its path is ADMIN_PATH in /, /: written to .* \(mode 0600\); not printed because the output is not a terminal\.$/];
  const others = stdout
    .split("\n")
    .filter((l) => l.trim())
    .filter((l) => {
      try {
        JSON.parse(l);
        return false;
      } catch {
        return !banner.some((b) => b.test(l));
      }
    });
  expect(others).toEqual([]);
});

test("a server action's error is one JSON log line with request id, digest and a scrubbed message", async () => {
  const manifest = JSON.parse(readFileSync(path.join(".next", "server", "server-reference-manifest.json"), "utf8")) as { node: Record<string, { exportedName?: string }> };
  const actionId = Object.entries(manifest.node).find(([, v]) => v.exportedName === "forgotPasswordAction")?.[0];
  expect(actionId).toBeTruthy();
  // Letters only: the logger's phone-number scrubber blanks any run of 7+ digits, ids included.
  const requestId = `req_e2e_action_error_${Math.random().toString(36).replace(/[^a-z]/g, "")}`;
  // The action expects (state, form): called with no arguments, it throws reading the form.
  const response = await fetch(`${APP_URL}/forgot-password`, {
    method: "POST",
    headers: { "next-action": actionId!, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: APP_URL, "x-request-id": requestId },
    body: "[]",
  });
  expect(response.status).toBeGreaterThanOrEqual(500);
  let line: Record<string, unknown> | undefined;
  for (let i = 0; i < 50 && !line; i++) {
    line = stdout
      .split("\n")
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch {
          return [];
        }
      })
      .find((l) => l.request_id === requestId && l.route_type === "action");
    if (!line) await new Promise((r) => setTimeout(r, 100));
  }
  expect(line, stdout.slice(-4000)).toMatchObject({ level: 50, msg: "action error", method: "POST", path: "/forgot-password", service: "switchboard" });
  expect(typeof line!.digest).toBe("number");
  expect((line!.err as { message: string }).message).toMatch(/\S/);
  expect(JSON.stringify(line)).not.toMatch(/at .*\.(?:js|ts):\d+/);
});
