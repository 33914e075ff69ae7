import { parseArgs } from "node:util";
import { openExport, readHeldCheckpoints, readTrustedJwks } from "../lib/evidence/verifier/read-export";
import { formatVerdict } from "../lib/evidence/verifier/verdict";
import { verifyExport } from "../lib/evidence/verifier/verify-export";

// `npm run audit:verify -- <export.zip | unpacked folder> [--jwks <file | https URL>] [--checkpoints <file>] [--json]`
// The offline verifier (docs/security/audit-verification.md): no database, no configuration,
// nothing of the server's. Exit 0: verified; 1: something failed, named; 2: could not run.
const USAGE =
  "usage: npm run audit:verify -- <export.zip | folder> [--jwks <file | URL of /.well-known/switchboard/audit-keys.json>] [--checkpoints <checkpoints you kept: JSON or JSON lines>] [--json]";

let args;
try {
  args = parseArgs({ allowPositionals: true, options: { jwks: { type: "string" }, checkpoints: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (args.values.help || args.positionals.length !== 1) {
  console.error(USAGE);
  process.exit(args.values.help ? 0 : 2);
}

try {
  const trustedJwks = args.values.jwks ? await readTrustedJwks(args.values.jwks) : undefined;
  const heldCheckpoints = args.values.checkpoints ? await readHeldCheckpoints(args.values.checkpoints) : undefined;
  const source = await openExport(args.positionals[0]!);
  try {
    const verdict = await verifyExport(source, { trustedJwks, heldCheckpoints });
    console.log(args.values.json ? JSON.stringify(verdict, null, 2) : formatVerdict(verdict));
    process.exitCode = verdict.ok ? 0 : 1;
  } finally {
    source.close();
  }
} catch (error) {
  console.error(`audit:verify could not run: ${(error as Error).message}`);
  process.exitCode = 2;
}
