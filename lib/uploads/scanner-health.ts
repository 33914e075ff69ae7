import "server-only";
import { describeClamdTarget, scanningMode, uploadConfig } from "./config";
import { pingScanner } from "./scan";

/**
 * The upload scanner's line in /api/health (issue 17 item 9). `degraded` when uploads are
 * being refused: clamd configured but not answering PING, or required (APP_URL https) and not
 * configured. Unscanned storage the operator allowed is reported, not degraded: it is their
 * stated choice, and start-up warned about it.
 */
export async function scannerHealth(): Promise<{ text: string; degraded: boolean }> {
  const mode = scanningMode();
  if (mode === "unscanned") return { text: "not configured: uploads stored marked not scanned", degraded: false };
  if (mode === "unscanned_allowed") return { text: "not configured: uploads stored NOT scanned (UPLOADS_ALLOW_UNSCANNED=true)", degraded: false };
  if (mode === "refused") return { text: "not configured: uploads refused (APP_URL is https)", degraded: true };
  const target = describeClamdTarget(uploadConfig().clamd!);
  try {
    await pingScanner();
    return { text: `clamd at ${target}`, degraded: false };
  } catch {
    return { text: `clamd at ${target} unreachable: uploads refused`, degraded: true };
  }
}
