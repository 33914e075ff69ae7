import { NextResponse } from "next/server";
import { publicRoute } from "@/lib/entry/route";
import { checkHealth } from "@/lib/health";

export const GET = publicRoute({
  method: "GET",
  handler: async () => {
    const health = await checkHealth();
    return NextResponse.json(health, {
      // Readiness (SPEC §12): not ready while the database is down or the instance drains.
      status: health.status === "unavailable" || health.status === "draining" ? 503 : 200,
      headers: { "cache-control": "no-store" },
    });
  },
});
