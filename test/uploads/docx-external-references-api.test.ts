import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { useObjectStoreForTests } from "@/lib/storage/object-store";
import { resetUploadConfigForTests } from "@/lib/uploads";
import { call, insertKey } from "../support/api";
import { callsWorkspace } from "../support/calls";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { hyperlink, linkedDocx, paragraph, picture } from "./support/docx-links";

/**
 * Issue 16 item 15 through the API: a DOCX that makes Word fetch files from elsewhere is
 * refused (415) with the reason as a security event and a rejected-document webhook event,
 * as macros are; nothing is stored. A DOCX with plain hyperlinks is stored.
 */

let database: TestDatabase;
let ws: Awaited<ReturnType<typeof callsWorkspace>>;
let key: string;

beforeAll(async () => {
  await useTestEnv();
  useObjectStoreForTests(undefined);
  delete process.env.CLAMAV_HOST;
  resetUploadConfigForTests();
  database = await createTestDatabase();
  ws = await callsWorkspace("kb-links");
  key = (await insertKey(ws.workspace.id, { mode: "live", scopes: ["knowledge:manage"] })).key;
});
afterAll(async () => database.close());

function upload(name: string, bytes: Buffer) {
  const form = new FormData();
  form.set("file", new File([new Uint8Array(bytes)], name));
  return call("POST /knowledge-base/documents", { key, form });
}

const rejectionEvents = async () =>
  (await db().securityEvent.findMany({ where: { workspaceId: ws.workspace.id, type: "upload_rejected" }, orderBy: { occurredAt: "asc" } })).map(
    (e) => e.details as { reason: string; detail?: string },
  );

describe("POST /api/v1/knowledge-base/documents with external references", () => {
  it("refuses an attached template, a linked picture and both, each 415 with an external_reference security event, storing nothing", async () => {
    const template = [{ id: "rId1", type: "attachedTemplate", target: "https://attacker.example/t.dotm", mode: "External" }];
    const image = [{ id: "rId5", type: "image", target: "http://tracker.example/p.png", mode: "External" }];
    const files = {
      "template.docx": await linkedDocx({ settingsRels: template }),
      "picture.docx": await linkedDocx({ body: picture("rId5"), documentRels: image }),
      "both.docx": await linkedDocx({ body: picture("rId5"), documentRels: image, settingsRels: template }),
    };
    for (const [name, bytes] of Object.entries(files)) {
      const res = await upload(name, bytes);
      expect(res.status, name).toBe(415);
      expect(res.json.error).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE", message: expect.stringMatching(/Word would fetch/) });
    }
    const events = await rejectionEvents();
    expect(events.map((e) => e.reason)).toEqual(["external_reference", "external_reference", "external_reference"]);
    expect(events[0]?.detail).toMatch(/attachedTemplate → https:\/\/attacker\.example\/t\.dotm/);
    expect(events[1]?.detail).toMatch(/image → http:\/\/tracker\.example\/p\.png/);
    const webhooks = await db().webhookEvent.findMany({ where: { workspaceId: ws.workspace.id, type: "knowledge_base.document.rejected" } });
    expect(webhooks).toHaveLength(3);
    expect(await db().knowledgeDocument.count({ where: { workspaceId: ws.workspace.id } })).toBe(0);
  });

  // Decided: accepted — a hyperlink is followed only when the reader clicks it (see lib/uploads/docx-relationships.ts).
  it("accepts a DOCX whose only external relationships are plain https hyperlinks in the text, and records no rejection", async () => {
    const before = (await rejectionEvents()).length;
    const bytes = await linkedDocx({
      body: `${paragraph("Refunds within 30 days.")}${hyperlink("rId7", "Full policy")}`,
      documentRels: [{ id: "rId7", type: "hyperlink", target: "https://example.com/refunds", mode: "External" }],
    });
    const res = await upload("policy.docx", bytes);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ type: "docx", status: "ready" });
    expect((await rejectionEvents()).length).toBe(before);
  });
});
