import "server-only";
import { config } from "../config";
import { signPath, SignedUrlError, SIGNED_URL_TTL_SECONDS, UUID, verifyPath, type SignedUrlFailure } from "../security/signed-path";

/**
 * Short-lived signed recording URLs (SPEC §5, decision 011), on lib/security/signed-path:
 *
 *   /api/recordings/<callId>?w=<workspaceId>&exp=<unix seconds>&sig=<base64url>
 */

export const RECORDING_URL_TTL_SECONDS = SIGNED_URL_TTL_SECONDS;
const LABEL = "recording-url";

export type RecordingUrlFailure = SignedUrlFailure;
export { SignedUrlError as RecordingUrlError };

export function recordingPath(callId: string): string {
  return `/api/recordings/${callId}`;
}

/**
 * A URL for one call's recording, valid for 60 seconds from `now`. `url` is a path: the
 * dashboard's <audio> uses it as is (same origin, whatever host name the browser used);
 * an API answer read by another server should pass it through `absoluteUrl`.
 */
export async function signRecordingUrl(
  target: { workspaceId: string; callId: string },
  now: Date = new Date(),
): Promise<{ url: string; expires_at: string }> {
  if (!UUID.test(target.workspaceId) || !UUID.test(target.callId)) throw new Error("signRecordingUrl: ids must be lower-case UUIDs");
  return signPath(LABEL, target.workspaceId, recordingPath(target.callId), now);
}

/** Checks a request for `/api/recordings/<callId>`: the workspace the URL grants, or a RecordingUrlError. */
export async function verifyRecordingUrl(callId: string, params: URLSearchParams, now: Date = new Date()): Promise<{ workspaceId: string }> {
  if (!UUID.test(callId)) throw new SignedUrlError("malformed");
  return verifyPath(LABEL, recordingPath(callId), params, now);
}

/**
 * `APP_URL` + path. No such helper existed in lib/ (other modules inline
 * `${config().APP_URL}/…`). APP_URL is always set (it defaults to http://localhost:PORT) and
 * is the public origin, so API answers for other servers can carry absolute recording URLs.
 */
export function absoluteUrl(path: string): string {
  if (!path.startsWith("/") || path.startsWith("//")) throw new Error("absoluteUrl: expected an absolute path");
  return `${config().APP_URL}${path}`;
}
