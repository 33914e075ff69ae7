import { NextResponse } from "next/server";
import { defineRoute } from "@/lib/api/define-route";
import { checkHealth } from "@/lib/health";

export const GET = defineRoute({
  access: "public",
  handler: async () => {
    const health = await checkHealth();
    return NextResponse.json(health, {
      status: health.status === "unavailable" ? 503 : 200,
      headers: { "cache-control": "no-store" },
    });
  },
});
