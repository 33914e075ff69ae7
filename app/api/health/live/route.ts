import { defineRoute } from "@/lib/api/define-route";

// Liveness: the process answers. Checks no dependency (that is /api/health's job), so an
// orchestrator does not restart healthy instances when the database blips.
export const GET = defineRoute({
  access: "public",
  handler: async () => ({ status: "ok" }),
});
