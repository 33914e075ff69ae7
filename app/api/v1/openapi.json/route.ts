import { getOpenApiRoute } from "@/lib/api/v1/operations";

export const GET = getOpenApiRoute;
