import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as download } from "@/app/api/knowledge/documents/[documentId]/route";
import { ForbiddenError } from "@/lib/authz/errors";
import { decryptText } from "@/lib/crypto/envelope";
import { db } from "@/lib/db/client";
import { addDocument } from "@/lib/knowledge/documents";
import { signDocumentUrl } from "@/lib/knowledge/download";
import { importFromUrl } from "@/lib/knowledge/import";
import { objectStore, useObjectStoreForTests } from "@/lib/storage/object-store";
import { resetUploadConfigForTests } from "@/lib/uploads";
import { call, insertKey } from "../support/api";
import { callsWorkspace } from "../support/calls";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { first } from "../support/items";
import { docxParts, eicarBytes, EXECUTABLE_HEADERS, makeDocx, makePdf, zeros, zip } from "../uploads/support/files";
import { findClamd, startClamd, type RunningClamd } from "../uploads/support/clamd";

let database: TestDatabase;
let ws: Awaited<ReturnType<typeof callsWorkspace>>;
let key: string;
let readOnlyKey: string;
let server: Server;
let base: string;

/** A loopback file server: each path answers as scripted. */
const ROUTES: Record<string, (res: import("node:http").ServerResponse) => void> = {
  "/handbook.md": (res) => res.writeHead(200, { "content-type": "text/markdown" }).end("# Refunds\n\nWithin <b>30 days</b>."),
  "/page.html": (res) => res.writeHead(200, { "content-type": "text/html" }).end("<html><body>hi</body></html>"),
  "/big.txt": (res) => res.writeHead(200, { "content-type": "text/plain" }).end(Buffer.alloc(6 * 1024 * 1024, 0x61)),
  "/slow.txt": (res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.write("starting…");
  },
  "/to-metadata": (res) => res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end(),
  "/renamed.pdf": (res) => res.writeHead(200, { "content-type": "application/pdf" }).end(Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 0x90)])),
};

function upload(name: string, bytes: Uint8Array | string, apiKey = key) {
  const form = new FormData();
  form.set("file", new File([typeof bytes === "string" ? bytes : new Uint8Array(bytes)], name));
  return call("POST /knowledge-base/documents", { key: apiKey, form });
}

const events = (type: string) => db().securityEvent.findMany({ where: { workspaceId: ws.workspace.id, type }, orderBy: { occurredAt: "asc" } });
const webhookTypes = async () => (await db().webhookEvent.findMany({ where: { workspaceId: ws.workspace.id }, select: { type: true, body: true } }));

beforeAll(async () => {
  await useTestEnv({ OUTBOUND_ALLOW_LOOPBACK: "true" });
  useObjectStoreForTests(undefined);
  delete process.env.CLAMAV_HOST;
  resetUploadConfigForTests();
  database = await createTestDatabase();
  ws = await callsWorkspace("kb-a");
  key = (await insertKey(ws.workspace.id, { mode: "live", scopes: ["knowledge:manage"] })).key;
  readOnlyKey = (await insertKey(ws.workspace.id, { mode: "live", scopes: ["calls:read"] })).key;
  server = createServer((req, res) => (ROUTES[(req.url ?? "").split("?")[0] ?? ""] ?? ((r) => r.writeHead(404).end()))(res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await database.close();
});

describe("uploads through POST /api/v1/knowledge-base/documents", () => {
  it("stores an accepted file sealed under its id, with sanitised text, and serves it only through a 60-second signed URL", async () => {
    const pdf = makePdf(["Opening hours are nine to five"]);
    const res = await upload("../../etc/passwd.pdf", pdf);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ type: "pdf", status: "ready", scan_status: "not_scanned", source: "upload" });
    const id = String(res.json.id);
    const row = await db().knowledgeDocument.findUniqueOrThrow({ where: { id } });
    expect(row.name).not.toMatch(/[/\\]|\.\./);
    expect(row.objectKey).toBe(`knowledge/${ws.workspace.id}/${id}.sealed`);
    const stored = (await objectStore().get(row.objectKey))!;
    expect(stored.includes(Buffer.from("Opening hours"))).toBe(false);
    expect(await decryptText({ workspaceId: ws.workspace.id, column: "document_text", rowId: id }, row.textEnc!)).toContain("Opening hours are nine to five");

    const now = new Date();
    const { url } = await signDocumentUrl(ws.workspace.id, id, now);
    const get = (u: string) => download(new NextRequest(`http://localhost${u}`), { params: Promise.resolve({ documentId: id }) });
    const ok = await get(url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(ok.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await ok.arrayBuffer()).equals(pdf)).toBe(true);
    const sig = new URL(url, "http://x").searchParams.get("sig")!;
    const tampered = url.replace(sig, `${sig.slice(0, 10)}${sig[10] === "A" ? "B" : "A"}${sig.slice(11)}`);
    expect((await get(tampered)).status).toBe(403);
    const { url: old } = await signDocumentUrl(ws.workspace.id, id, new Date(now.getTime() - 61_000));
    expect((await get(old)).status).toBe(403);

    const ready = (await webhookTypes()).filter((e) => e.type === "knowledge_base.document.ready");
    expect(ready).toHaveLength(1);
    expect(await db().auditLog.count({ where: { chainKey: ws.workspace.id, action: "knowledge.document_added", targetId: id } })).toBe(1);
  });

  it("refuses a renamed executable, an SVG with script, script in Markdown and an empty file with clear errors, each a security event and a webhook event", async () => {
    const exe = await upload("invoice.pdf", first(Object.values(EXECUTABLE_HEADERS), "executable header"));
    expect(exe.status).toBe(415);
    expect(exe.json.error?.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const svg = await upload("logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect(svg.status).toBe(415);
    const scripted = await upload("notes.md", '# Notes\n<script>alert("x")</script> [link](javascript:alert(1))');
    expect(scripted.status).toBe(415);
    expect(scripted.json.error?.message).toMatch(/scripts/);
    const empty = await upload("empty.txt", "");
    expect(empty.status).toBe(400);
    const reasons = (await events("upload_rejected")).map((e) => (e.details as { reason: string }).reason);
    expect(reasons).toEqual(["executable", "active_content", "active_content", "empty_file"]);
    const rejected = (await webhookTypes()).filter((e) => e.type === "knowledge_base.document.rejected");
    expect(rejected).toHaveLength(4);
    expect(await db().knowledgeDocument.count({ where: { workspaceId: ws.workspace.id, status: "ready" } })).toBe(1);
  });

  it("refuses a zip bomb, macros, an oversized file, a traversal name and name tricks through the API, each a security event", async () => {
    const cases: [string, string, Uint8Array | string, number, string][] = [
      ["zip bomb", "report.docx", await zip([...docxParts(), { name: "word/media/padding.bin", data: () => zeros(200 * 1024 * 1024), level: 1 }]), 413, "zip_bomb"],
      ["macros", "report.docx", await makeDocx(["hi"], [{ name: "word/vbaProject.bin", data: "x" }]), 415, "macros"],
      ["oversized text", "big.txt", Buffer.alloc(5 * 1024 * 1024 + 1, 0x61), 413, "file_too_large"],
      ["path traversal", "../../etc/passwd", "root:x:0:0", 415, "type_not_allowed"],
      ["NUL in the name", "report.pdf\u0000.exe", makePdf(), 415, "type_not_allowed"],
      ["right-to-left override", "invoice\u202Efdp.exe", makePdf(), 415, "type_not_allowed"],
    ];
    for (const [label, name, bytes, status, reason] of cases) {
      const before = (await events("upload_rejected")).length;
      const res = await upload(name, bytes);
      expect(res.status, label).toBe(status);
      expect(res.json.error?.message, label).toBeTruthy();
      const recorded = await events("upload_rejected");
      expect(recorded, label).toHaveLength(before + 1);
      expect((recorded.at(-1)!.details as { reason: string }).reason, label).toBe(reason);
    }
    expect(await db().knowledgeDocument.count({ where: { workspaceId: ws.workspace.id } })).toBe(1);
  });

  it("strips harmless inline markup from stored text", async () => {
    const res = await upload("notes.md", "# Notes\n<b>bold</b> and <i>italic</i><br> fine text &lt;script&gt;");
    expect(res.status).toBe(201);
    const row = await db().knowledgeDocument.findUniqueOrThrow({ where: { id: String(res.json.id) } });
    const text = await decryptText({ workspaceId: ws.workspace.id, column: "document_text", rowId: row.id }, row.textEnc!);
    expect(text).toContain("fine text");
    expect(text).not.toMatch(/<script|<b>|<br|onerror=|javascript:/i);
  });

  it("needs knowledge:manage: a key without it is 403, an agent is refused", async () => {
    expect((await upload("a.txt", "hello", readOnlyKey)).status).toBe(403);
    await expect(addDocument(await ws.member(ws.agent), { filename: "a.txt", bytes: Buffer.from("hi") })).rejects.toBeInstanceOf(ForbiddenError);
    const notMultipart = await call("POST /knowledge-base/documents", { key, body: { file: "x" } });
    expect(notMultipart.status).toBe(415);
  });
});

describe("imports through POST /api/v1/knowledge-base/imports", () => {
  it("imports an allowed type from a reachable server, sanitised; a pre-signed URL's query is never kept", async () => {
    const signed = `${base}/handbook.md?X-Amz-Signature=0123456789abcdef&X-Amz-Credential=AKIAEXAMPLE#part`;
    const res = await call("POST /knowledge-base/imports", { key, body: { url: signed } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: "handbook.md", type: "markdown", source: "url", source_url: `${base}/handbook.md` });
    const stored = await db().knowledgeDocument.findUniqueOrThrow({ where: { id: String(res.json.id) } });
    expect(stored.sourceUrl).toBe(`${base}/handbook.md`);
    const audit = await db().auditLog.findFirstOrThrow({ where: { chainKey: ws.workspace.id, action: "knowledge.document_added", targetId: String(res.json.id) } });
    expect(JSON.stringify(audit.changes)).not.toMatch(/Signature|AKIA/);
  });

  it("refuses private addresses, redirects to them, wrong types, oversized and slow responses", async () => {
    for (const url of ["http://10.0.0.7/file.pdf", "http://169.254.169.254/latest/meta-data/", "http://[fd00::1]/x.txt", "file:///etc/passwd"]) {
      const res = await call("POST /knowledge-base/imports", { key, body: { url } });
      expect(res.status, url).toBe(400);
    }
    expect((await db().securityEvent.count({ where: { workspaceId: ws.workspace.id, type: "outbound_refused" } }))).toBeGreaterThanOrEqual(3);

    const redirect = await call("POST /knowledge-base/imports", { key, body: { url: `${base}/to-metadata` } });
    expect(redirect.status).toBe(400);
    expect(redirect.json.error?.message).toMatch(/Redirects are not followed/);
    const ssrf = await db().securityEvent.findMany({ where: { workspaceId: ws.workspace.id, type: "outbound_refused" } });
    expect(ssrf.some((e) => (e.details as { purpose: string }).purpose === "url_import_redirect")).toBe(true);

    const html = await call("POST /knowledge-base/imports", { key, body: { url: `${base}/page.html` } });
    expect(html.status).toBe(415);
    const big = await call("POST /knowledge-base/imports", { key, body: { url: `${base}/big.txt` } });
    expect(big.status).toBe(413);
    const renamed = await call("POST /knowledge-base/imports", { key, body: { url: `${base}/renamed.pdf` } });
    expect(renamed.status).toBe(415);
    const actor = await ws.member(ws.owner);
    await expect(importFromUrl(actor, `${base}/slow.txt`, { timeoutMs: 500 })).rejects.toMatchObject({ code: "VALIDATION_FAILED", message: expect.stringMatching(/within/) });
    expect(await db().knowledgeDocument.count({ where: { workspaceId: ws.workspace.id, source: "url" } })).toBe(1);
  });
});

describe.skipIf(!findClamd())("malware scanning with a real clamd (EICAR signature only)", () => {
  let clamd: RunningClamd;
  beforeAll(async () => {
    clamd = await startClamd("tcp");
    if (clamd.target.type !== "tcp") throw new Error("expected tcp");
    process.env.CLAMAV_HOST = `${clamd.target.host}:${clamd.target.port}`;
    resetUploadConfigForTests();
  });
  afterAll(() => {
    clamd?.stop();
    delete process.env.CLAMAV_HOST;
    resetUploadConfigForTests();
  });

  it("quarantines the EICAR file and accepts a clean one as scanned", async () => {
    const infected = await upload("eicar.txt", eicarBytes());
    expect(infected.status).toBe(400);
    expect(infected.json.error?.message).toMatch(/quarantined/);
    const row = await db().knowledgeDocument.findFirstOrThrow({ where: { workspaceId: ws.workspace.id, status: "quarantined" } });
    expect(row.scanStatus).toBe("infected");
    expect(row.objectKey.startsWith(`quarantine/${ws.workspace.id}/`)).toBe(true);
    expect(await objectStore().get(row.objectKey)).not.toBeNull();
    // Never served, even with a valid signature.
    const { url } = await signDocumentUrl(ws.workspace.id, row.id);
    expect((await download(new NextRequest(`http://localhost${url}`), { params: Promise.resolve({ documentId: row.id }) })).status).toBe(404);
    expect((await events("upload_rejected")).some((e) => (e.details as { reason: string }).reason === "infected")).toBe(true);

    const clean = await upload("clean.txt", "nothing to see");
    expect(clean.status).toBe(201);
    expect(clean.json.scan_status).toBe("clean");
  });
});
