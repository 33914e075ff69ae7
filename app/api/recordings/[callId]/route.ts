import { AppError } from "@/lib/core/errors";
import { defineRoute } from "@/lib/api/define-route";
import { recordSecurityEventCoalesced } from "@/lib/audit/security-events";
import { audioResponse } from "@/lib/calls/recording-response";
import { readRecording } from "@/lib/calls/recordings";
import { RecordingUrlError, verifyRecordingUrl } from "@/lib/calls/recording-url";
import { config } from "@/lib/config";
import { inWorkspace } from "@/lib/db/scoped";
import { clientIp } from "@/lib/security/client-ip";

/**
 * GET /api/recordings/<callId>?w=…&exp=…&sig=… — a call's recording through a 60-second
 * signed URL (decision 011). No session or API key: the signature is the authorisation,
 * and it grants one call of one workspace. The call is then read through the
 * workspace-scoped layer, so a valid signature for workspace A never reaches B's rows.
 */

const REFUSALS = {
  malformed: "This recording link is not valid.",
  invalid_signature: "This recording link is not valid.",
  expired: "This recording link has expired. Request a new one.",
} as const;

export const GET = defineRoute({
  access: "public",
  handler: async ({ request, params }) => {
    const callId = params.callId ?? "";
    let workspaceId: string;
    try {
      ({ workspaceId } = await verifyRecordingUrl(callId, request.nextUrl.searchParams));
    } catch (error) {
      if (!(error instanceof RecordingUrlError)) throw error;
      // Expiry is ordinary (a paused player); anything else was made up or altered.
      if (error.reason !== "expired") {
        const ip = clientIp(request.headers, config().TRUST_PROXY_HOPS);
        // A well-formed URL names a workspace: its owners see the attempt in their events.
        const claimed = error.reason === "invalid_signature" ? request.nextUrl.searchParams.get("w") : null;
        await recordSecurityEventCoalesced(`recording-url:${ip}`, {
          type: "invalid_signature",
          ip,
          workspaceId: claimed,
          details: { kind: "recording_url", reason: error.reason },
        });
      }
      throw new AppError("FORBIDDEN", REFUSALS[error.reason]);
    }

    const call = await inWorkspace(workspaceId, (tx) =>
      tx.call.findFirst({ where: { id: callId, workspaceId }, select: { recordingKey: true } }),
    );
    if (!call?.recordingKey) throw new AppError("NOT_FOUND", "No recording for this call.");
    const wav = await readRecording(workspaceId, callId, call.recordingKey);
    return audioResponse(wav, request.headers.get("range"));
  },
});
