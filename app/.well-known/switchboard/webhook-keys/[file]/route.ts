import { NextResponse } from "next/server";
import { AppError } from "@/lib/core/errors";
import { publicRoute } from "@/lib/entry/route";
import { publishedWebhookKeySet } from "@/lib/webhooks/signing-keys";

/**
 * A workspace's webhook signing keys as a JWKS (SPEC §4, decision 049): the URL a
 * `standard-ed25519` endpoint names as `signing_keys_url`. Public and cacheable for 5 minutes;
 * a rotation publishes the new key at once and keeps the previous one signing (second) for
 * its grace window, so a receiver's cached copy keeps verifying. Unknown workspace: 404.
 */
export const GET = publicRoute({
  method: "GET",
  handler: async ({ param }) => {
    const file = /^(.+)\.json$/.exec(param("file"));
    if (!file?.[1]) throw new AppError("NOT_FOUND", "No such workspace key set.");
    return NextResponse.json(await publishedWebhookKeySet(file[1]), { headers: { "content-type": "application/jwk-set+json", "cache-control": "public, max-age=300" } });
  },
});
