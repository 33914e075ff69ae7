import { apiPreflight } from "@/lib/entry/api-route";
import { uploadKnowledgeDocumentRoute } from "@/lib/api/v1/operations";

export const POST = uploadKnowledgeDocumentRoute;
export const OPTIONS = apiPreflight;
