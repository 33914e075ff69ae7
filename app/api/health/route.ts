import { NextResponse } from "next/server";
import { publicRoute } from "@/lib/entry/route";
import { checkHealth } from "@/lib/health";

export const GET = publicRoute({
  method: "GET",
  handler: async () => {
    const health = await checkHealth();
    return NextResponse.json(health, {
      status: health.status === "unavailable" ? 503 : 200,
      headers: { "cache-control": "no-store" },
    });
  },
});
