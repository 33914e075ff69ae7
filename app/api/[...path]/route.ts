import { AppError } from "@/lib/core/errors";
import { defineRoute } from "@/lib/api/define-route";

// Any /api path no route claims answers the JSON 404 envelope, never an HTML page, whatever
// the method: every method Next routes is exported (HEAD and OPTIONS too, so Next implements
// neither itself), and the gate answers the 404 for the rest (lib/security/api-methods.ts).
const notFound = defineRoute({
  access: "public",
  handler: async () => {
    throw new AppError("NOT_FOUND", "No such API route.");
  },
});

export {
  notFound as GET,
  notFound as HEAD,
  notFound as POST,
  notFound as PUT,
  notFound as PATCH,
  notFound as DELETE,
  notFound as OPTIONS,
};
