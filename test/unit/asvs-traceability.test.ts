import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * docs/security/asvs-l2.md is the ASVS 5.0.0 Level 2 record of V4, V5, V6, V7, V8 and V16:
 * one table row per requirement. This test keeps it honest: every requirement is there once,
 * every test it names exists (file, describe and test titles, not skipped), every file it
 * names as the implementation exists, and at least 95 % of the applicable requirements pass.
 *
 * Row format (docs/security/asvs-l2.md, "How to read this"):
 *   | V6.2.1 | 1 | paraphrase | pass | `lib/auth/passwords.ts` | test/unit/passwords.test.ts › password rules › needs 12 characters | note |
 * Tests are separated by `<br>`; a test is its file, then its describe titles and its own
 * title, each after ` › `.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const DOC = "docs/security/asvs-l2.md";
const PASS_RATIO = 0.95;

/** ASVS 5.0.0 (OWASP/ASVS tag v5.0.0_release, 5.0/en): every Level 1 and 2 requirement of the six chapters. */
const REQUIRED: Record<string, 1 | 2> = {
  // V4 API and Web Service
  "V4.1.1": 1, "V4.1.2": 2, "V4.1.3": 2, "V4.2.1": 2, "V4.3.1": 2, "V4.3.2": 2, "V4.4.1": 1, "V4.4.2": 2, "V4.4.3": 2, "V4.4.4": 2,
  // V5 File Handling
  "V5.1.1": 2, "V5.2.1": 1, "V5.2.2": 1, "V5.2.3": 2, "V5.3.1": 1, "V5.3.2": 1, "V5.4.1": 2, "V5.4.2": 2, "V5.4.3": 2,
  // V6 Authentication
  "V6.1.1": 1, "V6.1.2": 2, "V6.1.3": 2,
  "V6.2.1": 1, "V6.2.2": 1, "V6.2.3": 1, "V6.2.4": 1, "V6.2.5": 1, "V6.2.6": 1, "V6.2.7": 1, "V6.2.8": 1, "V6.2.9": 2, "V6.2.10": 2, "V6.2.11": 2, "V6.2.12": 2,
  "V6.3.1": 1, "V6.3.2": 1, "V6.3.3": 2, "V6.3.4": 2,
  "V6.4.1": 1, "V6.4.2": 1, "V6.4.3": 2, "V6.4.4": 2,
  "V6.5.1": 2, "V6.5.2": 2, "V6.5.3": 2, "V6.5.4": 2, "V6.5.5": 2,
  "V6.6.1": 2, "V6.6.2": 2, "V6.6.3": 2,
  "V6.8.1": 2, "V6.8.2": 2, "V6.8.3": 2, "V6.8.4": 2,
  // V7 Session Management
  "V7.1.1": 2, "V7.1.2": 2, "V7.1.3": 2,
  "V7.2.1": 1, "V7.2.2": 1, "V7.2.3": 1, "V7.2.4": 1,
  "V7.3.1": 2, "V7.3.2": 2,
  "V7.4.1": 1, "V7.4.2": 1, "V7.4.3": 2, "V7.4.4": 2, "V7.4.5": 2,
  "V7.5.1": 2, "V7.5.2": 2,
  "V7.6.1": 2, "V7.6.2": 2,
  // V8 Authorization
  "V8.1.1": 1, "V8.1.2": 2, "V8.2.1": 1, "V8.2.2": 1, "V8.2.3": 2, "V8.3.1": 1, "V8.4.1": 2,
  // V16 Security Logging and Error Handling
  "V16.1.1": 2,
  "V16.2.1": 2, "V16.2.2": 2, "V16.2.3": 2, "V16.2.4": 2, "V16.2.5": 2,
  "V16.3.1": 2, "V16.3.2": 2, "V16.3.3": 2, "V16.3.4": 2,
  "V16.4.1": 2, "V16.4.2": 2, "V16.4.3": 2,
  "V16.5.1": 2, "V16.5.2": 2, "V16.5.3": 2,
};

const STATUSES = ["pass", "n/a", "accepted", "fail"] as const;
type Status = (typeof STATUSES)[number];

interface Row {
  id: string;
  level: string;
  requirement: string;
  status: Status;
  implementation: string[];
  tests: string[];
  note: string;
}

function cells(line: string): string[] {
  // A pipe inside a cell is written \| (none are expected, but a test title could hold one).
  return line
    .trim()
    .replace(/^\||\|$/g, "")
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, "|"));
}

function parseRecord(markdown: string): Row[] {
  const rows: Row[] = [];
  for (const line of markdown.split("\n")) {
    if (!/^\|\s*V\d+\.\d+\.\d+\s*\|/.test(line)) continue;
    const c = cells(line);
    if (c.length !== 7) throw new Error(`${DOC}: a row needs 7 cells, found ${c.length}: ${line.slice(0, 80)}`);
    const [id, level, requirement, status, implementation, tests, note] = c as [string, string, string, string, string, string, string];
    if (!(STATUSES as readonly string[]).includes(status)) throw new Error(`${DOC}: ${id} has status "${status}"`);
    rows.push({
      id,
      level,
      requirement,
      status: status as Status,
      implementation: [...implementation.matchAll(/`([^`]+)`/g)].map((m) => m[1]!),
      tests: tests === "—" || tests === "" ? [] : tests.split(/\s*<br>\s*/).filter(Boolean),
      note,
    });
  }
  return rows;
}

interface Title {
  kind: "describe" | "test";
  title: string;
  at: number;
  /** .skip, .fixme, .todo: a title that proves nothing. */
  skipped: boolean;
}

const titleCache = new Map<string, Title[]>();

/** The literal titles of describe/test/it calls in a spec file, with where they start. */
function titlesOf(file: string): Title[] {
  const cached = titleCache.get(file);
  if (cached) return cached;
  const found = titlesIn(readFileSync(path.join(ROOT, file), "utf8"));
  titleCache.set(file, found);
  return found;
}

function titlesIn(source: string): Title[] {
  const found: Title[] = [];
  // describe.skipIf(cond)("…") and it.runIf(cond)("…") run where their condition holds (CI has
  // PostgreSQL, Redis and clamd), so they count; .skip, .fixme and .todo never do.
  const call = /\b(describe|test|it)((?:\.\w+)*)(?:\([^()]*\))?\(\s*(["'`])((?:\\.|(?!\3)[^\\])*)\3/g;
  for (const m of source.matchAll(call)) {
    const modifiers = (m[2] ?? "").split(".").filter(Boolean);
    // test.describe(...) is a describe; test.fixme / it.skip / .todo prove nothing.
    const kind = m[1] === "describe" || modifiers.includes("describe") ? "describe" : "test";
    const title = (m[4] ?? "").replace(/\\(["'`\\])/g, "$1");
    found.push({ kind, title, at: m.index, skipped: modifiers.some((x) => ["skip", "fixme", "todo"].includes(x)) });
  }
  return found;
}

/** Why a reference `file › describe… › test` does not name a real, running test, or null. */
function brokenReference(reference: string): string | null {
  const [file, ...names] = reference.split(" › ").map((s) => s.trim());
  if (!file || !/^(test|e2e)\/.+\.(test|spec)\.ts$/.test(file)) return `not a test file path: ${file}`;
  if (!existsSync(path.join(ROOT, file))) return `no such file: ${file}`;
  if (names.length === 0) return `names no test: ${reference}`;
  const titles = titlesOf(file);
  const testName = names.at(-1)!;
  const tests = titles.filter((t) => t.kind === "test" && t.title === testName);
  if (tests.length === 0) return `${file} has no test titled "${testName}"`;
  if (tests.every((t) => t.skipped)) return `${file}: "${testName}" is skipped or fixme`;
  // Describe titles must open, in order, before the test.
  let before = Math.max(...tests.filter((t) => !t.skipped).map((t) => t.at));
  for (const name of names.slice(0, -1).reverse()) {
    const d = titles.filter((t) => t.kind === "describe" && t.title === name && t.at < before);
    if (d.length === 0) return `${file} has no describe titled "${name}" around "${testName}"`;
    if (d.every((t) => t.skipped)) return `${file}: describe "${name}" is skipped`;
    before = Math.max(...d.map((t) => t.at));
  }
  return null;
}

const record = readFileSync(path.join(ROOT, DOC), "utf8");
const rows = parseRecord(record);

describe("ASVS 5.0.0 L2 traceability (docs/security/asvs-l2.md)", () => {
  it("lists every Level 1 and 2 requirement of V4, V5, V6, V7, V8 and V16 once, at its level", () => {
    const ids = rows.map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i), "listed twice").toEqual([]);
    expect(ids.filter((id) => !(id in REQUIRED)), "not an L1/L2 requirement of these chapters").toEqual([]);
    expect(Object.keys(REQUIRED).filter((id) => !ids.includes(id)), "missing").toEqual([]);
    for (const r of rows) expect(r.level, r.id).toBe(String(REQUIRED[r.id]));
  });

  it("every row paraphrases its requirement, and every status but pass says why", () => {
    for (const r of rows) {
      expect(r.requirement.length, r.id).toBeGreaterThan(15);
      if (r.status !== "pass") expect(r.note.length, `${r.id} (${r.status}) needs a rationale`).toBeGreaterThan(20);
    }
  });

  it("every pass names the code that implements it and at least one test that proves it", () => {
    for (const r of rows.filter((x) => x.status === "pass")) {
      expect(r.implementation.length, `${r.id}: implementation`).toBeGreaterThan(0);
      expect(r.tests.length, `${r.id}: tests`).toBeGreaterThan(0);
    }
  });

  it("every file named as an implementation exists", () => {
    const missing = rows.flatMap((r) => r.implementation.filter((p) => !existsSync(path.join(ROOT, p.replace(/[#:].*$/, "")))).map((p) => `${r.id}: ${p}`));
    expect(missing, missing.join("\n")).toEqual([]);
  });

  it("every referenced test file exists and holds the named describe and test titles, not skipped", () => {
    const broken = rows.flatMap((r) => r.tests.map((t) => brokenReference(t)).filter((x): x is string => x !== null).map((why) => `${r.id}: ${why}`));
    expect(broken, broken.join("\n")).toEqual([]);
  });

  it(`at least ${PASS_RATIO * 100} % of the applicable requirements pass`, () => {
    const applicable = rows.filter((r) => r.status !== "n/a");
    const passed = applicable.filter((r) => r.status === "pass");
    const ratio = passed.length / applicable.length;
    const stated = record.match(/pass (\d+) of (\d+) applicable/);
    expect(stated, "the summary states 'pass N of M applicable'").not.toBeNull();
    expect([Number(stated![1]), Number(stated![2])], "the summary's counts").toEqual([passed.length, applicable.length]);
    expect(ratio, `${passed.length}/${applicable.length}; not passing: ${applicable.filter((r) => r.status !== "pass").map((r) => `${r.id} ${r.status}`).join(", ")}`).toBeGreaterThanOrEqual(PASS_RATIO);
  });
});

describe("the checker itself", () => {
  it("finds titles, describe prefixes and skipped tests, and refuses what is not there", () => {
    expect(brokenReference("test/unit/asvs-traceability.test.ts › the checker itself › finds titles, describe prefixes and skipped tests, and refuses what is not there")).toBeNull();
    expect(brokenReference("test/unit/asvs-traceability.test.ts › no such describe › finds titles, describe prefixes and skipped tests, and refuses what is not there")).toMatch(/no describe/);
    expect(brokenReference("test/unit/asvs-traceability.test.ts › a test that does not exist")).toMatch(/no test titled/);
    expect(brokenReference("test/unit/no-such-file.test.ts › x")).toMatch(/no such file/);
    const titles = titlesIn('describe("a", () => { test.fixme("b", () => {}); it.skip(`c`, () => {}); test.describe.serial("d", () => { it("e", () => {}); it.skipIf(!db)("f", () => {}) }) })');
    expect(titles.map((t) => [t.kind, t.title, t.skipped])).toEqual([["describe", "a", false], ["test", "b", true], ["test", "c", true], ["describe", "d", false], ["test", "e", false], ["test", "f", false]]);
    expect(parseRecord("| V6.2.1 | 1 | at least eight characters | pass | `lib/auth/passwords.ts` | a.test.ts › x<br>b.test.ts › y | |")[0]).toMatchObject({ tests: ["a.test.ts › x", "b.test.ts › y"], implementation: ["lib/auth/passwords.ts"] });
  });
});

/**
 * Requirements whose proof is the absence of something, a document, or a property of a
 * component no other test looks at. Kept here, beside the record that cites them.
 */
describe("evidence the other suites do not give", () => {
  const read = (p: string) => readFileSync(path.join(ROOT, p), "utf8");
  const sourceFiles = (dir: string, ext = /\.(ts|tsx)$/): string[] =>
    readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) return e.name === "generated" || e.name === "node_modules" ? [] : sourceFiles(p, ext);
      return ext.test(e.name) ? [p] : [];
    });

  it("the logging inventory and the authentication pathways are written down (V16.1.1, V6.1.3)", () => {
    const logging = read("docs/decisions/039-logging-inventory.md");
    const missingSinks = ["pino", "audit_logs", "security_events", "request_logs", "X-Request-Id", "outbox_emails", "Splunk", "Datadog", "S3", "retention", "clock_skew_ms"].filter((sink) => !logging.includes(sink));
    expect(missingSinks, "sinks and facts of 039").toEqual([]);
    const pathways = read("docs/decisions/040-authentication-pathways.md").toLowerCase();
    const pathwayNames = ["member password", "password + totp", "passkey", "recovery code", "password reset link", "email verification link", "invitation link", "api secret key", "api publishable key", "stripe", "operator console", "widget session"];
    expect(pathwayNames.filter((p) => !pathways.includes(p)), "pathways of 040").toEqual([]);
    for (const doc of ["039-logging-inventory.md", "040-authentication-pathways.md"]) expect(read(`docs/decisions/${doc}`)).toMatch(/^Date: 2026-12-04\nStatus: Accepted/m);
  });

  it("every password field is type=password, and nothing blocks paste or password managers (V6.2.6, V6.2.7)", () => {
    const ui = [...sourceFiles("components"), ...sourceFiles("app")].filter((f) => f.endsWith(".tsx"));
    let fields = 0;
    for (const file of ui) {
      const source = read(file);
      for (const m of source.matchAll(/<(?:Field|input)\b[^>]*\bname="([^"]*)"[^>]*>/gs)) {
        if (!/password|^confirm$/i.test(m[1]!)) continue;
        fields++;
        expect(m[0], `${file}: ${m[1]}`).toMatch(/type="password"/);
        expect(m[0], `${file}: ${m[1]}`).not.toMatch(/autoComplete="off"/);
      }
      expect(source, file).not.toMatch(/\bon(Paste|Copy|Cut|Drop)\s*=/);
    }
    expect(fields).toBeGreaterThanOrEqual(8);
  });

  it("passwords of 64 and 128 characters of any composition are accepted, with no character-class rule (V6.2.5, V6.2.9)", async () => {
    const { passwordProblem, PASSWORD_MAX_LENGTH } = await import("@/lib/auth/passwords");
    expect(PASSWORD_MAX_LENGTH).toBeGreaterThanOrEqual(64);
    const words = "violet lamp orbit tundra quill harbour sprocket meadow ";
    for (const length of [64, PASSWORD_MAX_LENGTH]) expect(passwordProblem(words.repeat(4).slice(0, length)), String(length)).toBeNull();
    // Lower case only, digits only, symbols only, non-Latin scripts: none is refused for what it lacks.
    for (const p of ["only lower case words here", "8302749165730284", "¡¿~^%$#@!*()[]{}<>", "пароль из слов далеко", "密码是一句很长的话不会重复"]) {
      expect(passwordProblem(p), p).toBeNull();
    }
  });

  it("no password hint, secret question or password expiry exists for members (V6.4.2, V6.2.10)", () => {
    const schema = read("prisma/schema.prisma");
    expect(schema).not.toMatch(/hint|security_?question|secret_?question|secretAnswer/i);
    const user = schema.match(/^model User \{[\s\S]*?^\}/m)?.[0];
    expect(user, "model User").toBeDefined();
    expect(user).toMatch(/passwordHash/);
    // passwordChangedAt ends older lockouts and reset links; nothing may make it an expiry.
    expect(user).not.toMatch(/password\w*(Expires|Expiry|Rotat)|mustChange/i);
    for (const file of sourceFiles("lib/auth")) {
      expect(read(file), file).not.toMatch(/passwordChangedAt[^\n]*(DAY_MS|86_?400|days)/i);
    }
    for (const file of sourceFiles("components")) expect(read(file), file).not.toMatch(/password hint|security question|secret question/i);
  });

  it("every text/* Content-Type the app sets names its charset (V4.1.1)", () => {
    const files = [...sourceFiles("lib"), ...sourceFiles("app"), "proxy.ts"].filter((f) => !f.includes("/seed/"));
    const found: string[] = [];
    for (const file of files) {
      const source = read(file);
      const typed = /(?:["']content-type["']\s*[:,]\s*|\bmime:\s*)["'`](text\/[^"'`]*)["'`]/gi;
      for (const m of source.matchAll(typed)) {
        found.push(m[1]!);
        expect(m[1], file).toMatch(/;\s*charset=utf-8$/i);
      }
    }
    expect(found.length).toBeGreaterThanOrEqual(5);
  });

  it("recovery codes carry at least 112 random bits, so a SHA-256 of them cannot be searched (V6.5.2, V6.5.4)", async () => {
    const { RECOVERY_CODE_BITS, looksLikeRecoveryCode, newRecoveryCode } = await import("@/lib/auth/mfa/recovery-codes");
    expect(RECOVERY_CODE_BITS).toBeGreaterThanOrEqual(112);
    const codes = Array.from({ length: 200 }, newRecoveryCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(code.replace(/-/g, "").length * 5).toBe(RECOVERY_CODE_BITS);
      expect(code.length).toBeLessThanOrEqual(32);
      expect(looksLikeRecoveryCode(code)).toBe(true);
      expect(looksLikeRecoveryCode(code.toUpperCase().replace(/-/g, ""))).toBe(true);
    }
    // A shorter code (the 60-bit codes before 2026-12-04) is not one any more.
    expect(looksLikeRecoveryCode("abcd-efgh-jkmn")).toBe(false);
  });

  it("every account action that changes a factor or ends sessions runs in sudo mode (V7.5.1, V7.5.2)", async () => {
    const { entryInfo } = await import("@/lib/entry/marker");
    const twoFactor = await import("@/app/account/two-factor-actions");
    const passkeys = await import("@/app/account/passkey-actions");
    const account = await import("@/app/account/actions");
    const guarded = {
      beginTotpAction: twoFactor.beginTotpAction,
      confirmTotpAction: twoFactor.confirmTotpAction,
      removeTotpAction: twoFactor.removeTotpAction,
      regenerateRecoveryCodesAction: twoFactor.regenerateRecoveryCodesAction,
      addPasskeyAction: passkeys.addPasskeyAction,
      removePasskeyAction: passkeys.removePasskeyAction,
      revokeSessionAction: account.revokeSessionAction,
      revokeOtherSessionsAction: account.revokeOtherSessionsAction,
    };
    for (const [name, action] of Object.entries(guarded)) expect(entryInfo(action), name).toMatchObject({ stepUp: true });
  });

  it("authentication secrets come from the CSPRNG: no Math.random in identity, keys, crypto or sessions (V6.5.3)", () => {
    const dirs = ["lib/auth", "lib/crypto", "lib/api-keys", "lib/operator", "lib/security", "lib/webhooks"];
    const offenders = dirs.flatMap((d) => sourceFiles(d)).filter((f) => /Math\.random\(/.test(read(f)) && !f.endsWith("lib/webhooks/backoff.ts"));
    expect(offenders).toEqual([]);
    expect(read("lib/auth/mfa/recovery-codes.ts")).toMatch(/randomInt|randomBytes/);
  });

  it("the Node HTTP server keeps the strict parser: a request with both Content-Length and Transfer-Encoding is refused (V4.2.1)", async () => {
    expect(read("scripts/lib/http-server.ts")).not.toMatch(/insecureHTTPParser/);
    expect(read("scripts/start.ts")).not.toMatch(/insecure-http-parser|insecureHTTPParser/);
    const { createServer } = await import("node:http");
    const { connect } = await import("node:net");
    const server = createServer((_req, res) => res.end("reached the handler"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n");
      });
      let data = "";
      socket.on("data", (d) => (data += d.toString()));
      socket.on("close", () => resolve(data));
      socket.setTimeout(3000, () => socket.destroy());
    });
    server.close();
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).not.toContain("reached the handler");
  });

  it("a served file's name is encoded per RFC 6266: no quote, CR, LF or non-ASCII byte in the header (V5.4.1, V5.4.2)", async () => {
    const { downloadHeaders } = await import("@/lib/knowledge/download");
    for (const name of ['report".pdf', "a\r\nSet-Cookie: x=1.pdf", "résumé 2026 ‮fdp.exe.pdf", "back\\slash.pdf"]) {
      const disposition = downloadHeaders({ name, mime: "application/pdf", size: 1 }).get("content-disposition")!;
      expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%!'()*._~-]+$/);
      const quoted = disposition.match(/filename="([^"]*)"/)![1]!;
      expect(quoted).not.toMatch(/["\\\r\n]/);
      expect(decodeURIComponent(disposition.split("''")[1]!)).toBe(name);
    }
  });

  it("a log line is one JSON object whatever the message holds: line breaks cannot forge entries (V16.4.1, V16.2.4)", async () => {
    const { createLogger } = await import("@/lib/log/logger");
    const lines: string[] = [];
    const logger = createLogger({ level: "info", destination: { write: (s: string) => void lines.push(s) } });
    logger.info({ note: 'x"}\n{"level":60,"msg":"forged' }, 'sign-in failed\n{"level":30,"msg":"admin signed in"}\r\n');
    expect(lines).toHaveLength(1);
    const text = lines[0]!.replace(/\n$/, "");
    expect(text).not.toMatch(/[\r\n]/);
    const entry = JSON.parse(text) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 30, service: "switchboard" });
    expect(String(entry.msg)).toContain("admin signed in");
    expect(typeof entry.time).toBe("number");
  });
});
