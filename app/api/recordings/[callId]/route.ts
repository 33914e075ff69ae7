import { AppError } from "@/lib/core/errors";
import { audioResponse } from "@/lib/calls/recording-response";
import { readRecording } from "@/lib/calls/recordings";
import { verifyRecordingUrl } from "@/lib/calls/recording-url";
import { signedUrlRoute } from "@/lib/entry/route";

/**
 * GET /api/recordings/<callId>?w=…&exp=…&sig=… — a call's recording through a 60-second
 * signed URL (decision 011). No session or API key: the signature is the authorisation,
 * and it grants one call of one workspace. The call is then read through the
 * workspace-scoped layer, so a valid signature for workspace A never reaches B's rows.
 */
export const GET = signedUrlRoute({
  method: "GET",
  param: "callId",
  kind: "recording_url",
  verify: verifyRecordingUrl,
  refusals: { expired: "This recording link has expired. Request a new one.", invalid: "This recording link is not valid." },
  handler: async ({ request, id, workspaceId, data }) => {
    const call = await data((tx) => tx.call.findFirst({ where: { id, workspaceId }, select: { recordingKey: true } }));
    if (!call?.recordingKey) throw new AppError("NOT_FOUND", "No recording for this call.");
    const wav = await readRecording(workspaceId, id, call.recordingKey);
    return audioResponse(wav, request.headers.get("range"));
  },
});
