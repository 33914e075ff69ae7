import { NextResponse } from "next/server";
import { apiPreflight, defineApiRoute } from "@/lib/api/api-route";
import { documentJson, addDocument } from "@/lib/knowledge/documents";
import { readUploadedFile } from "@/lib/knowledge/multipart";

/** POST /api/v1/knowledge-base/documents — multipart/form-data with one `file` field. */
export const POST = defineApiRoute({
  permission: "knowledge:manage",
  handler: async ({ api, request }) => {
    const file = await readUploadedFile(request);
    const doc = await addDocument(api, file);
    return NextResponse.json(documentJson(doc), { status: 201 });
  },
});

export const OPTIONS = apiPreflight;
