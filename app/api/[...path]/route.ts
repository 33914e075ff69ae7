import { ApiError } from "@/lib/api/errors";
import { defineRoute } from "@/lib/api/define-route";

// Any /api path no route claims answers the JSON 404 envelope, never an HTML page.
const notFound = defineRoute({
  access: "public",
  handler: async () => {
    throw new ApiError("NOT_FOUND", "No such API route.");
  },
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
