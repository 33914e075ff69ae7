/** The two app instances the e2e suite runs against (see e2e/support/start-server.ts). */
export const MAIN_PORT = 3210;
/** Tiny rate limits and https settings (APP_URL https), so limits and HSTS can be seen. */
export const STRICT_PORT = 3211;

export const MAIN_URL = `http://127.0.0.1:${MAIN_PORT}`;
export const STRICT_URL = `http://127.0.0.1:${STRICT_PORT}`;
export const STRICT_API_LIMIT = 5;
