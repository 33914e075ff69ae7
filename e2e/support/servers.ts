import { tmpdir } from "node:os";
import path from "node:path";

/**
 * The app instances the e2e suite runs against (see e2e/support/start-server.ts), on four
 * ports from E2E_PORT_BASE (3210), so two checkouts can run their suites side by side.
 */
const BASE = Number(process.env.E2E_PORT_BASE ?? 3210);
export const MAIN_PORT = BASE;
/** https settings (APP_URL https) and the SPEC's own sign-in limits: HSTS, secure cookies, 429s. */
export const STRICT_PORT = BASE + 1;
/** A 5-request API limit per IP, for the gate's rate-limit test alone. */
export const LIMITS_PORT = BASE + 2;
/** APP_URL on `localhost`: a WebAuthn RP id must be a domain name, never 127.0.0.1 (decision 029). */
export const PASSKEYS_PORT = BASE + 3;
/**
 * A customer's page embedding the widget (e2e/support/customer-page.ts), served by the widget
 * spec itself: on `localhost` it is the main instance's demo embed domain; on 127.0.0.1 the
 * same page is another origin, which the browser must refuse to let frame the widget.
 */
export const WIDGET_PAGE_PORT = BASE + 5;
export const WIDGET_ALLOWED_ORIGIN = `http://localhost:${WIDGET_PAGE_PORT}`;
export const WIDGET_REFUSED_ORIGIN = `http://127.0.0.1:${WIDGET_PAGE_PORT}`;
/** The main instance trusts this header for the visitor's country (TRUST_PROXY_COUNTRY_HEADER), as behind a CDN. */
export const WIDGET_COUNTRY_HEADER = "x-e2e-country";

export const MAIN_URL = `http://127.0.0.1:${MAIN_PORT}`;
export const STRICT_URL = `http://127.0.0.1:${STRICT_PORT}`;
export const LIMITS_URL = `http://127.0.0.1:${LIMITS_PORT}`;
export const PASSKEYS_URL = `http://localhost:${PASSKEYS_PORT}`;
export const LIMITS_API_LIMIT = 5;
/** The operator console's secret path on the main instance (SPEC §11); random in real deployments. */
export const E2E_ADMIN_PATH = "/ops-e2e-console-path-4f9c2a";
/** The demo staff account's authenticator secret on the main instance (base32). */
export const E2E_STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
/** secure@demo.test's authenticator secret on the main instance (SPEC §13), so specs compute its codes. */
export const E2E_SECURE_TOTP_SECRET = "KRUGS4ZANFZSAYJAORSXG5BAONSWG4TF";
/**
 * What e2e/support/start-server.ts tells the specs about the main instance when it runs on
 * a PostgreSQL database of its own (TEST_DATABASE_URL): that database's URL and the session
 * signing key it generated, so e2e/support/session.ts can sign in without the form. Absent
 * on the embedded database. Mode 0600; removed when the instance stops.
 */
export const MAIN_INSTANCE_FILE = path.join(tmpdir(), `switchboard-e2e-main-${MAIN_PORT}.json`);

export interface MainInstanceInfo {
  appUrl: string;
  databaseUrl: string;
  sessionSigningPrivateKey: string;
}
