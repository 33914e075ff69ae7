import { config } from "../../config";

/**
 * The WebAuthn relying party (decision 029): its id is APP_URL's host name, never a parent
 * domain, so a passkey made here works only here; the origin is APP_URL's, exactly. The
 * console uses the same one (it is served at ADMIN_PATH of the same origin).
 */
export function relyingParty(): { id: string; origin: string; name: string } {
  const url = new URL(config().APP_URL);
  return { id: url.hostname, origin: url.origin, name: "Switchboard" };
}
