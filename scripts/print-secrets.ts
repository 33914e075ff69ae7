import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadGeneratedSecrets } from "../lib/config/generated-secrets";

// Prints a fresh set of the generated secrets as .env lines, for deployments that set
// DATABASE_URL (where nothing is generated at start-up).
const dir = mkdtempSync(path.join(tmpdir(), "switchboard-secrets-"));
try {
  const secrets = loadGeneratedSecrets(dir, {}, { generateMissing: true, problems: [] });
  for (const [name, value] of Object.entries(secrets)) {
    console.log(`${name}="${value.replace(/\n/g, "\\n")}"`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
