import { publicRoute } from "@/lib/entry/route";

// Liveness: the process answers. Checks no dependency (that is /api/health's job), so an
// orchestrator does not restart healthy instances when the database blips.
export const GET = publicRoute({
  method: "GET",
  handler: async () => ({ status: "ok" }),
});
