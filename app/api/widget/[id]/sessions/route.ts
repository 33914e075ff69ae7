import { NextResponse } from "next/server";
import { requestMeta } from "@/lib/auth/request-meta";
import { publicRoute } from "@/lib/entry/route";
import { startSessionBody, startWidgetSession } from "@/lib/widget/start-session";

// SPEC §14: a visitor starts a chat from the widget's frame page (same origin). The checks
// and their order are lib/widget/start-session.ts's.
export const POST = publicRoute({
  method: "POST",
  body: startSessionBody,
  bodyLimitBytes: 2 * 1024,
  handler: async ({ request, requestId, param, body }) => {
    const meta = requestMeta(request.headers);
    const started = await startWidgetSession(param("id"), body, { ip: meta.ip, userAgent: meta.userAgent, requestId, headers: request.headers });
    return NextResponse.json(started, { status: 201, headers: { "Cache-Control": "no-store" } });
  },
});
