import { closeSync, fchmodSync, mkdirSync, openSync, writeSync } from "node:fs";
import path from "node:path";

/**
 * Generated credentials (the demo password and keys, staff passwords and authenticator
 * secrets, the console's generated path) never go to a log stream (issue 17 item 3, decision
 * 035): stdout is the log of every container. They are appended to a file in DATA_DIR that
 * only the server's user can read (mode 0600, re-applied on every write), and shown in the
 * terminal only when stdout is one; otherwise the terminal is told where the file is.
 */
export interface Credential {
  label: string;
  value: string;
}

export interface RevealOptions {
  dataDir: string;
  /** The file's name inside DATA_DIR. */
  file?: string;
  /** Between a label and its value, in the file and on the terminal (`=` for .env lines). */
  separator?: string;
  /** Where the terminal is (tests pass a fake). */
  out?: { isTTY?: boolean; write(text: string): unknown };
  now?: Date;
}

export const CREDENTIALS_FILE = "credentials.txt";

const pending: Credential[] = [];

/** Notes a generated credential for the next `revealNotedCredentials` (seeding collects several). */
export function noteCredential(label: string, value: string): void {
  pending.push({ label, value });
}

/** Writes what was noted (if anything) under one heading; see `revealCredentials`. */
export function revealNotedCredentials(title: string, options: RevealOptions): string | null {
  const items = pending.splice(0, pending.length);
  return items.length > 0 ? revealCredentials(title, items, options) : null;
}

/** Appends `items` to the credentials file (0600) and shows them only on a terminal. Returns the file's path. */
export function revealCredentials(title: string, items: Credential[], options: RevealOptions): string {
  const file = path.resolve(options.dataDir, options.file ?? CREDENTIALS_FILE);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const sep = options.separator ?? ": ";
  const body = [`# ${title} (${(options.now ?? new Date()).toISOString()})`, ...items.map((c) => `${c.label}${sep}${c.value}`), ""].join("\n");
  const fd = openSync(file, "a", 0o600);
  try {
    // An existing file keeps its mode on open: make sure it is still the owner's alone.
    fchmodSync(fd, 0o600);
    writeSync(fd, `${body}\n`);
  } finally {
    closeSync(fd);
  }
  const out = options.out ?? process.stdout;
  if (out.isTTY) out.write(`\n${title}:\n${items.map((c) => `  ${c.label}${sep}${c.value}`).join("\n")}\n(also written to ${file})\n\n`);
  else out.write(`${title}: written to ${file} (mode 0600); not printed because the output is not a terminal.\n`);
  return file;
}
