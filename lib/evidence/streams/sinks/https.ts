import "server-only";
import { signatureHeader, SIGNATURE_HEADER } from "../../../webhooks/signature";
import { postToReceiver } from "./post";
import { batchIdOf, type Sink } from "./types";

export const STREAM_ID_HEADER = "X-Switchboard-Stream-Id";
export const BATCH_ID_HEADER = "X-Switchboard-Batch-Id";
export const SOURCE_HEADER = "X-Switchboard-Source";

/** One record per line, each a JSON object; the body ends with a newline. */
export const jsonLines = (records: readonly { body: Record<string, unknown> }[]) => records.map((r) => JSON.stringify(r.body)).join("\n") + "\n";

/**
 * HTTPS JSON lines (decision 038): the batch as `application/x-ndjson`, signed exactly like a
 * webhook delivery (SPEC §4) — `X-Switchboard-Signature: t=<unix>,v1=<HMAC-SHA256 of
 * "<t>.<body>">` with the stream's `whsec_` secret — so a receiver that verifies our webhooks
 * verifies this too. The batch id names the source and seq range: a retried batch repeats it.
 */
export const sendHttps: Sink = (target, batch, ctx) => {
  const body = jsonLines(batch.records);
  return postToReceiver(
    target,
    target.url,
    {
      headers: {
        "content-type": "application/x-ndjson",
        "user-agent": "Switchboard-Evidence/1",
        [SIGNATURE_HEADER]: signatureHeader({ payload: body, secrets: [target.secret], timestamp: Math.floor(ctx.now.getTime() / 1000) }),
        [STREAM_ID_HEADER]: target.id,
        [BATCH_ID_HEADER]: batchIdOf(target, batch),
        [SOURCE_HEADER]: batch.source,
      },
      body,
    },
    ctx,
  );
};
