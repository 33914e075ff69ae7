import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { dataDir } from "../lib/config";
import { revealCredentials } from "../lib/config/credentials-file";
import { loadGeneratedSecrets } from "../lib/config/generated-secrets";

// A fresh set of the generated secrets as .env lines, for deployments that set DATABASE_URL
// (where nothing is generated at start-up). Like every generated credential (decision 035)
// they are written to a file in DATA_DIR (mode 0600) and shown only on a terminal; with
// `--stdout` they are printed as they are, for piping into a secret store
// (`npm run --silent secrets -- --stdout | vault kv put …`): the operator asked for it by name.
const toStdout = process.argv.includes("--stdout");
const dir = mkdtempSync(path.join(tmpdir(), "switchboard-secrets-"));
try {
  const secrets = loadGeneratedSecrets(dir, {}, { generateMissing: true, problems: [] });
  const lines = Object.entries(secrets).map(([name, value]) => ({ label: name, value: `"${value.replace(/\n/g, "\\n")}"` }));
  if (toStdout) for (const { label, value } of lines) console.log(`${label}=${value}`);
  else revealCredentials("Generated secrets (.env lines)", lines, { dataDir: dataDir(), file: "generated-secrets.env", separator: "=" });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
