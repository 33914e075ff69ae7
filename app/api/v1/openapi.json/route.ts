import { getOpenApiRoute } from "@/lib/api/v1/operations/openapi";

export const GET = getOpenApiRoute;
