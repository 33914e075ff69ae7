import { randomBytes } from "node:crypto";
import { config } from "../lib/config";
import { revealCredentials } from "../lib/config/credentials-file";
import { disconnectDb, db } from "../lib/db/client";
import { upsertStaffAccount } from "../lib/operator/staff-auth";
import { exitOnConfigError } from "./lib/exit-on-config-error";

// Platform staff accounts for the operator console (SPEC §11):
//   npm run staff -- add <email> [--name "Full Name"]   create, or reset the password of, an account
//   npm run staff -- disable <email>                     sign it out everywhere and refuse it
// The password comes from STAFF_PASSWORD, else it is generated and printed once; a new
// authenticator (TOTP) secret is generated and printed once either way.
exitOnConfigError(config);
const [command, email, ...rest] = process.argv.slice(2);
const nameAt = rest.indexOf("--name");
const name = nameAt >= 0 ? rest[nameAt + 1] : undefined;
try {
  if (command === "add" && email) {
    const password = process.env.STAFF_PASSWORD || randomBytes(18).toString("base64url");
    // The password is temporary (decision 031): changed at first sign-in, dead after 24 hours unchanged.
    const result = await upsertStaffAccount({ email, name: name ?? email.split("@")[0] ?? email, password }, { temporary: true });
    console.log(`${result.created ? "Created" : "Reset"} staff account ${email.toLowerCase()}.`);
    // Every sign-in needs a code from an authenticator app holding this secret. Like every
    // generated credential: into DATA_DIR's credentials file, on a terminal only (decision 035).
    const account = email.trim().toLowerCase();
    revealCredentials(`Staff account ${account}`, [
      ...(process.env.STAFF_PASSWORD ? [] : [{ label: "Temporary password", value: password }]),
      { label: "Authenticator secret", value: result.totp.secret },
      { label: "Authenticator link", value: result.totp.uri },
      { label: "Sign in at (within 24 hours; the first sign-in asks for a new password)", value: `${config().APP_URL}${config().ADMIN_PATH}/sign-in` },
    ], { dataDir: config().DATA_DIR });
    if (config().OPERATOR_REQUIRE_PASSKEY) {
      // A passkey can only be made in a browser, after signing in (decision 029).
      console.log("Note: OPERATOR_REQUIRE_PASSKEY is on, so this account cannot sign in until it has a passkey. Turn the flag off while its owner signs in and adds one under Passkeys.");
    }
  } else if (command === "disable" && email) {
    const { count } = await db().staffAccount.updateMany({
      where: { email: email.trim().toLowerCase() },
      data: { disabledAt: new Date(), sessionEpoch: { increment: 1 } },
    });
    console.log(count ? `Disabled ${email}.` : `No staff account ${email}.`);
    if (!count) process.exitCode = 1;
  } else {
    console.error('usage: npm run staff -- add <email> [--name "Full Name"] | disable <email>');
    process.exitCode = 2;
  }
} finally {
  await disconnectDb();
}
