import { config } from "../lib/config";
import { disconnectDb, db } from "../lib/db/client";
import { rotateDataKey } from "../lib/crypto/workspace-keys";
import { exitOnConfigError } from "./lib/exit-on-config-error";

// `npm run keys:rotate -- <workspace-slug> | --all`: new data-key version for new writes;
// existing ciphertexts name their version and stay readable.
exitOnConfigError(config);
const target = process.argv[2];
if (!target) {
  console.error("usage: npm run keys:rotate -- <workspace-slug> | --all");
  process.exit(2);
}
try {
  const workspaces = await db().workspace.findMany({ where: target === "--all" ? {} : { slug: target }, select: { id: true, slug: true } });
  if (workspaces.length === 0) {
    console.error(`No workspace "${target}".`);
    process.exitCode = 1;
  }
  for (const w of workspaces) console.log(`${w.slug}: data key v${await rotateDataKey(w.id)}`);
} finally {
  await disconnectDb();
}
