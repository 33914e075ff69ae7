import { config } from "../config";

/**
 * What this deployment accepts as a webhook URL, for the forms' hint: the same two settings
 * checkOutboundUrl applies (https is required in production unless loopback receivers are
 * allowed; loopback only with OUTBOUND_ALLOW_LOOPBACK).
 */
export function webhookUrlHint(): string {
  const { isProduction, OUTBOUND_ALLOW_LOOPBACK: loopback } = config();
  const scheme = isProduction && !loopback ? "https only" : "https, or http on this deployment";
  const refused = loopback ? "private and metadata addresses are refused; loopback (127.0.0.1) is allowed for local testing" : "private, loopback and metadata addresses are refused";
  return `${scheme}; ${refused}. Checked when saved and at every delivery.`;
}
