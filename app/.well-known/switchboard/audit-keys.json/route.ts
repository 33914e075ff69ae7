import { NextResponse } from "next/server";
import { publicRoute } from "@/lib/entry/route";
import { publishedKeySet } from "@/lib/evidence/signing-keys";

/**
 * The audit checkpoint keys as a JWKS (decision 036): a stable public URL a customer saves
 * once and hands to `npm run audit:verify -- --jwks`, so an export's own keys need not be
 * trusted. Retired keys stay listed; a key is listed from the moment it exists.
 */
export const GET = publicRoute({
  method: "GET",
  handler: async () =>
    NextResponse.json(await publishedKeySet(), { headers: { "content-type": "application/jwk-set+json", "cache-control": "public, max-age=300" } }),
});
