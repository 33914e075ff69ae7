import { config } from "../lib/config";
import { disconnectDb, db } from "../lib/db/client";
import { rotateDataKey } from "../lib/crypto/workspace-keys";
import { rotateSigningKey } from "../lib/evidence/signing-keys";
import { exitOnConfigError } from "./lib/exit-on-config-error";

// `npm run keys:rotate -- <workspace-slug> | --all`: new data-key version for new writes;
// existing ciphertexts name their version and stay readable.
// `npm run keys:rotate -- --audit-signing-key`: a new checkpoint signing key (decision 036);
// the old ones are retired but stay published, so what they signed keeps verifying.
exitOnConfigError(config);
const target = process.argv[2];
if (!target) {
  console.error("usage: npm run keys:rotate -- <workspace-slug> | --all | --audit-signing-key");
  process.exit(2);
}
try {
  const signingKey = target === "--audit-signing-key";
  if (signingKey) {
    const { kid, retired } = await rotateSigningKey("npm run keys:rotate");
    console.log(`audit checkpoints are now signed by ${kid}; retired (still published): ${retired.join(", ") || "none"}`);
  }
  const workspaces = signingKey ? [] : await db().workspace.findMany({ where: target === "--all" ? {} : { slug: target }, select: { id: true, slug: true } });
  if (!signingKey && workspaces.length === 0) {
    console.error(`No workspace "${target}".`);
    process.exitCode = 1;
  }
  for (const w of workspaces) console.log(`${w.slug}: data key v${await rotateDataKey(w.id)}`);
} finally {
  await disconnectDb();
}
