import { chmodSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { noteCredential, revealCredentials, revealNotedCredentials } from "@/lib/config/credentials-file";

/** Issue 17 item 3 (decision 035): generated credentials go to a 0600 file, to the terminal only when it is one. */
const terminal = (isTTY: boolean) => {
  let text = "";
  return { isTTY, write: (t: string) => (text += t), text: () => text };
};

describe("the credentials file", () => {
  it("without a terminal: the file holds the values (mode 0600), the output only says where it is", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "sb-cred-"));
    const out = terminal(false);
    const file = revealCredentials("Demo", [{ label: "password", value: "s3cret-value-1" }], { dataDir, out });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toContain("password: s3cret-value-1");
    expect(out.text()).not.toContain("s3cret-value-1");
    expect(out.text()).toContain(file);
  });

  it("on a terminal the values are shown too; later runs append, and a loosened mode is tightened again", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "sb-cred-"));
    const out = terminal(true);
    const file = revealCredentials("First", [{ label: "key", value: "v-one" }], { dataDir, out });
    expect(out.text()).toContain("key: v-one");
    chmodSync(file, 0o644);
    noteCredential("key", "v-two");
    revealNotedCredentials("Second", { dataDir, out: terminal(false) });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toMatch(/key: v-one[\s\S]*# Second[\s\S]*key: v-two/);
    expect(revealNotedCredentials("Nothing", { dataDir, out })).toBeNull();
  });

  it("npm run secrets without a terminal writes .env lines to DATA_DIR (0600) and prints none of them", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "sb-cred-"));
    const out = execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/print-secrets.ts"], { env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir } as unknown as NodeJS.ProcessEnv, encoding: "utf8" });
    const file = path.join(dataDir, "generated-secrets.env");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const values = readFileSync(file, "utf8").split("\n").filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.slice(l.indexOf("=") + 2, -1));
    expect(values.length).toBeGreaterThanOrEqual(4);
    for (const value of values) expect(out).not.toContain(value.slice(0, 40));
    expect(out).toContain(file);
  }, 60_000);
});
