import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Reader, type Response } from "mmdb-lib";
import { config } from "../config";
import { log } from "../log/logger";

/**
 * The visitor's country for the widget's country lists (SPEC §14, decision 047): from the
 * trusted proxy's header when TRUST_PROXY_COUNTRY_HEADER names one, else from the bundled
 * IP-to-country database (@ip-location-db/geo-whois-asn-country-mmdb: CC0, RIR delegations
 * and WHOIS, refreshed with each package release; read in-process, never over the network).
 * null: unknown (a private or unannounced address, or no database) — an allow list then
 * refuses and a deny list lets through, and the refusal says so.
 */

const DB_FILE = path.join("node_modules", "@ip-location-db", "geo-whois-asn-country-mmdb", "geo-whois-asn-country.mmdb");

/** The package's records are `{ country_code }`, not MaxMind's shape: read as the library's base type. */
type CountryRecord = Response & { country_code?: string };

let reader: Reader<Response> | null | undefined;

function database(): Reader<Response> | null {
  if (reader !== undefined) return reader;
  try {
    reader = new Reader<Response>(readFileSync(path.join(process.cwd(), DB_FILE)));
  } catch (error) {
    log().error({ err: error }, "the IP-to-country database could not be read; widget country lists see every visitor as unknown");
    reader = null;
  }
  return reader;
}

/** Country code of an address from the bundled database, or null. */
export function countryOfIp(ip: string): string | null {
  const db = database();
  if (!db || ip === "unknown") return null;
  try {
    const code = (db.get(ip) as CountryRecord | null)?.country_code;
    return code && /^[A-Z]{2}$/.test(code) ? code : null;
  } catch {
    return null;
  }
}

/** The visitor's country: the trusted proxy's header when configured, else the database. */
export function visitorCountry(headers: Headers, ip: string): string | null {
  const header = config().TRUST_PROXY_COUNTRY_HEADER;
  if (header) {
    const value = headers.get(header)?.trim().toUpperCase() ?? "";
    // Cloudflare says XX for unknown and T1 for Tor: neither is a country.
    return /^[A-Z]{2}$/.test(value) && value !== "XX" && value !== "T1" ? value : null;
  }
  return countryOfIp(ip);
}
