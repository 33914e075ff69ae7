import { AppError } from "@/lib/core/errors";
import { publicRoute, type Method } from "@/lib/entry/route";

// Any /api path no route claims answers the JSON 404 envelope, never an HTML page, whatever
// the method: every method Next routes is exported (HEAD and OPTIONS too, so Next implements
// neither itself), and the gate answers the 404 for the rest (lib/security/api-methods.ts).
const notFound = (method: Method) =>
  publicRoute({
    method,
    handler: async () => {
      throw new AppError("NOT_FOUND", "No such API route.");
    },
  });

export const GET = notFound("GET");
export const HEAD = notFound("HEAD");
export const POST = notFound("POST");
export const PUT = notFound("PUT");
export const PATCH = notFound("PATCH");
export const DELETE = notFound("DELETE");
export const OPTIONS = notFound("OPTIONS");
