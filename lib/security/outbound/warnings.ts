import { config, type Config } from "../../config";

/**
 * Start-up warnings for the outbound overrides (SPEC §13: the app warns while loopback is
 * allowed). Every process that sends outbound requests logs these once at start: the web
 * server (scripts/start.ts) and the stand-alone worker.
 */
export function outboundWarnings(cfg: Pick<Config, "OUTBOUND_ALLOW_LOOPBACK"> = config()): string[] {
  if (!cfg.OUTBOUND_ALLOW_LOOPBACK) return [];
  return [
    "OUTBOUND_ALLOW_LOOPBACK is on: webhooks and imports may reach loopback addresses (127.0.0.0/8, ::1). For local testing only; never in production.",
  ];
}
