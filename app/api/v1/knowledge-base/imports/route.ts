import { apiPreflight } from "@/lib/entry/api-route";
import { importKnowledgeDocumentRoute } from "@/lib/api/v1/operations";

export const POST = importKnowledgeDocumentRoute;
export const OPTIONS = apiPreflight;
