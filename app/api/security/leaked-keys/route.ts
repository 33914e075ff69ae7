import { readBodyBytes } from "@/lib/core/request-shape";
import { config } from "@/lib/config";
import { signedBodyRoute } from "@/lib/entry/route";
import { clientIp } from "@/lib/security/client-ip";
import { handleLeakReport, LEAK_REPORT_BODY_LIMIT_BYTES } from "@/lib/api-keys/leak-reports/report";

/**
 * Leaked-key reports in GitHub's secret-scanning partner format (SPEC §3, decision 042). The
 * ECDSA signature over the raw body is the authorisation; the answer is GitHub's feedback array.
 */
export const POST = signedBodyRoute({
  method: "POST",
  signer: "github_secret_scanning",
  handler: async ({ request, requestId }) =>
    handleLeakReport(() => readBodyBytes(request, LEAK_REPORT_BODY_LIMIT_BYTES), request.headers, {
      ip: clientIp(request.headers, config().TRUST_PROXY_HOPS),
      requestId,
      userAgent: request.headers.get("user-agent")?.slice(0, 512) ?? null,
    }),
});
