import "server-only";
import { Readable } from "node:stream";
import { ZipFile } from "yazl";
import type { WorkspaceContext } from "../authz/context";
import { auditCsv, countAudit } from "../audit/export";
import { callsCsv, countCalls } from "../calls/export";
import { seesFullNumbers } from "../calls/full-numbers";
import { Prisma } from "../db/generated/client";
import { auditEvidence } from "../evidence/checkpoint-export";
import { cursorCsv, FORMULA_SAFE } from "../export/cursor-csv";
import { log } from "../log/logger";

/** Every file in the ZIP, in order (README.txt first). */
export const DATA_EXPORT_FILES = [
  "README.txt",
  "calls.csv",
  "members.csv",
  "groups.json",
  "api_keys.csv",
  "webhook_endpoints.json",
  "phone_numbers.json",
  "agent_configurations.json",
  "knowledge_documents.json",
  "audit_log.csv",
  "audit_chain.jsonl",
  "audit_checkpoints.json",
  "audit_signing_keys.json",
] as const;

export const MEMBER_EXPORT_COLUMNS = ["email", "name", "role", "joined_at", "last_active_at", "groups"] as const;
export const API_KEY_EXPORT_COLUMNS = ["name", "type", "mode", "key", "scopes", "created_at", "last_used_at", "expires_at", "revoked_at"] as const;

export interface DataExportCounts {
  calls_live: number;
  calls_test: number;
  audit_entries: number;
}

interface MemberRow {
  email: string;
  name: string;
  role: string;
  created_at: Date;
  last_active_at: Date | null;
  groups: string | null;
}

interface KeyRow {
  name: string;
  type: string;
  mode: string;
  prefix: string;
  last4: string;
  scopes: string[];
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

const iso = (d: Date | null) => d?.toISOString() ?? "";

/** A small JSON file built when the archive reaches it; a failure errors the stream. */
const jsonFile = (make: () => Promise<unknown>) =>
  Readable.from(
    (async function* () {
      yield Buffer.from(`${JSON.stringify(await make(), null, 2)}\n`);
    })(),
  );

/**
 * The call log of both modes as one CSV: the call export's own stream (same columns, same
 * masking rule) for live, then for test without its header line.
 */
function allCallsCsv(ctx: WorkspaceContext): Readable {
  async function* chunks() {
    for (const [i, mode] of (["live", "test"] as const).entries()) {
      const reader = (await callsCsv(ctx.inMode(mode), {})).getReader();
      let skipping = i > 0; // the second stream's header: drop everything up to its first newline
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          let chunk = value;
          if (skipping) {
            const nl = chunk.indexOf(0x0a);
            if (nl < 0) continue;
            chunk = chunk.subarray(nl + 1);
            skipping = false;
          }
          if (chunk.length > 0) yield chunk;
        }
      } finally {
        reader.releaseLock();
      }
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

function membersCsv(workspaceId: string): ReadableStream<Uint8Array> {
  return cursorCsv<MemberRow>({
    workspaceId,
    cursorName: "members_export",
    label: "members export",
    header: MEMBER_EXPORT_COLUMNS,
    select: Prisma.sql`SELECT u.email, u.name, m.role::text AS role, m.created_at, m.last_active_at,
        (SELECT string_agg(g.name, '; ' ORDER BY g.name) FROM group_members gm JOIN groups g ON g.id = gm.group_id
          WHERE gm.membership_id = m.id) AS groups
      FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.workspace_id = ${workspaceId}::uuid ORDER BY m.created_at, m.id`,
    stringifyOptions: FORMULA_SAFE,
    records: (rows) => rows.map((r) => [r.email, r.name, r.role, iso(r.created_at), iso(r.last_active_at), r.groups ?? ""]),
  });
}

/** Key metadata only: the display form (prefix…last4), never the hash. */
function apiKeysCsv(workspaceId: string): ReadableStream<Uint8Array> {
  return cursorCsv<KeyRow>({
    workspaceId,
    cursorName: "api_keys_export",
    label: "api keys export",
    header: API_KEY_EXPORT_COLUMNS,
    select: Prisma.sql`SELECT name, type::text AS type, mode::text AS mode, prefix, last4, scopes, created_at, last_used_at, expires_at, revoked_at
      FROM api_keys WHERE workspace_id = ${workspaceId}::uuid ORDER BY created_at, id`,
    stringifyOptions: FORMULA_SAFE,
    records: (rows) =>
      rows.map((r) => [r.name, r.type, r.mode, `${r.prefix}…${r.last4}`, r.scopes.join(" "), iso(r.created_at), iso(r.last_used_at), iso(r.expires_at), iso(r.revoked_at)]),
  });
}

async function groupsJson(ctx: WorkspaceContext): Promise<unknown[]> {
  const groups = await ctx.data((tx) =>
    tx.group.findMany({
      where: { workspaceId: ctx.workspace.id },
      orderBy: { name: "asc" },
      select: {
        name: true,
        color: true,
        description: true,
        createdAt: true,
        members: { select: { membership: { select: { user: { select: { email: true } } } } } },
        overrides: { select: { permission: true, granted: true }, orderBy: { permission: "asc" } },
      },
    }),
  );
  const out = groups.map((g) => ({
    name: g.name,
    colour: g.color,
    description: g.description,
    created_at: g.createdAt.toISOString(),
    members: g.members.map((m) => m.membership.user.email).sort(),
    overrides: g.overrides,
  }));
  return out;
}

/** Endpoints in use (deleted ones are gone), never their signing secrets. */
async function webhooksJson(ctx: WorkspaceContext): Promise<unknown[]> {
  const endpoints = await ctx.data((tx) =>
    tx.webhookEndpoint.findMany({
      where: { workspaceId: ctx.workspace.id, deletedAt: null },
      orderBy: { createdAt: "asc" },
      select: { url: true, mode: true, events: true, enabled: true, description: true, createdAt: true },
    }),
  );
  const out = endpoints.map((e) => ({
    url: e.url,
    mode: e.mode,
    events: e.events,
    enabled: e.enabled,
    description: e.description,
    created_at: e.createdAt.toISOString(),
  }));
  return out;
}

/** The workspace's own numbers (not callers'), with the configuration each is assigned to. */
async function phoneNumbersJson(ctx: WorkspaceContext): Promise<unknown[]> {
  const numbers = await ctx.data((tx) =>
    tx.phoneNumber.findMany({
      where: { workspaceId: ctx.workspace.id },
      orderBy: [{ mode: "asc" }, { createdAt: "asc" }],
      select: { number: true, label: true, mode: true, createdAt: true, agentConfiguration: { select: { name: true } } },
    }),
  );
  const out = numbers.map((n) => ({
    number: n.number,
    label: n.label,
    mode: n.mode,
    agent_configuration: n.agentConfiguration?.name ?? null,
    created_at: n.createdAt.toISOString(),
  }));
  return out;
}

/** Every agent configuration with its whole version history (each version's settings as saved). */
async function agentConfigurationsJson(ctx: WorkspaceContext): Promise<unknown[]> {
  const configurations = await ctx.data((tx) =>
    tx.agentConfiguration.findMany({
      where: { workspaceId: ctx.workspace.id },
      orderBy: { createdAt: "asc" },
      select: {
        name: true,
        currentVersion: true,
        createdAt: true,
        versions: { orderBy: { version: "asc" }, select: { version: true, content: true, restoredFrom: true, authorLabel: true, createdAt: true } },
      },
    }),
  );
  const out = configurations.map((c) => ({
    name: c.name,
    current_version: c.currentVersion,
    created_at: c.createdAt.toISOString(),
    versions: c.versions.map((v) => ({
      version: v.version,
      settings: v.content,
      restored_from: v.restoredFrom,
      author: v.authorLabel,
      created_at: v.createdAt.toISOString(),
    })),
  }));
  return out;
}

/** The knowledge base's documents as a list (the files and their text are downloaded from the page). */
async function knowledgeDocumentsJson(ctx: WorkspaceContext): Promise<unknown[]> {
  const documents = await ctx.data((tx) =>
    tx.knowledgeDocument.findMany({
      where: { workspaceId: ctx.workspace.id },
      orderBy: { createdAt: "asc" },
      select: { name: true, kind: true, sizeBytes: true, sha256: true, source: true, sourceUrl: true, status: true, scanStatus: true, createdBy: true, createdAt: true },
    }),
  );
  const out = documents.map((d) => ({
    name: d.name,
    type: d.kind,
    size_bytes: d.sizeBytes,
    sha256: d.sha256,
    source: d.source,
    source_url: d.sourceUrl,
    status: d.status,
    scan: d.scanStatus,
    added_by: d.createdBy,
    created_at: d.createdAt.toISOString(),
  }));
  return out;
}

function readme(ctx: WorkspaceContext, at: Date, counts: DataExportCounts): string {
  const full = seesFullNumbers(ctx.inMode("live"));
  const rule = ctx.workspace.callerMasking
    ? "Caller masking is ON for this workspace: the caller column holds the masked display form (e.g. +234 *** *** 789). Full numbers of calls recorded with masking on were never stored."
    : full
      ? "Caller masking is OFF and you may see full caller numbers: the caller column holds the full number where one was stored (calls recorded while masking was on keep their masked form)."
      : "Caller masking is OFF, but your permissions do not include seeing full caller numbers: the caller column holds the masked display form.";
  return [
    `Switchboard data export for workspace "${ctx.workspace.name}" (${ctx.workspace.slug})`,
    `Exported at ${at.toISOString()} by ${ctx.user.email}.`,
    "",
    "Files:",
    `  calls.csv               Every call, live (${counts.calls_live}) and test (${counts.calls_test}), newest first per mode; the "mode" column says which.`,
    "                          Same columns as the call log's CSV export.",
    "  members.csv             Members: email, name, role, when they joined, when last active, their groups.",
    "  groups.json             Groups: name, colour, description, members' emails, permission overrides.",
    "  api_keys.csv            API key metadata: name, type, mode, display form (prefix…last 4), scopes, dates.",
    "                          Keys themselves and their hashes are never exported.",
    "  webhook_endpoints.json  Webhook endpoints (not deleted ones): URL, mode, events, enabled, description, created.",
    "                          Signing secrets are never exported.",
    "  phone_numbers.json      The workspace's own phone numbers: E.164 number, label, mode, the agent configuration answering it.",
    "  agent_configurations.json  Agent configurations with every version's settings, who saved it and when.",
    "  knowledge_documents.json   Knowledge-base documents: name, type, size, SHA-256, source, status, scan result.",
    "                          The files themselves are downloaded from the Knowledge page (quarantined ones never are).",
    `  audit_log.csv           The workspace's audit log (${counts.audit_entries} entries), newest first; same columns as the audit page's CSV export.`,
    "  audit_chain.jsonl       The same audit rows oldest first, one JSON object a line, every field the hash covers and the hash.",
    "  audit_checkpoints.json  Ed25519-signed checkpoints of the chain (the last one signed for this export), and where it starts.",
    "  audit_signing_keys.json The public keys that signed them (a JWKS).",
    "                          Check them without trusting us: npm run audit:verify -- <this file>.zip (docs/security/audit-verification.md).",
    "",
    "Masking rule applied:",
    `  ${rule}`,
    "",
    "Spreadsheet safety: user-typed text that starts with = + - @ tab or carriage return is prefixed with an apostrophe.",
    "",
  ].join("\n");
}

/**
 * The workspace's data as a ZIP, streamed (SPEC §10): each entry is produced only when the
 * archive reaches it (yazl's lazy entries), and the calls and audit files come from
 * server-side cursors, so neither the archive nor any table is ever held in memory, and at
 * most one export transaction is open at a time.
 */
export function workspaceExportZip(ctx: WorkspaceContext, counts: DataExportCounts, auditUpToSeq: bigint, at = new Date()): ReadableStream<Uint8Array> {
  const zip = new ZipFile();
  const opts = { mtime: at };
  const fromWeb = (s: ReadableStream<Uint8Array>) => Readable.fromWeb(s as Parameters<typeof Readable.fromWeb>[0]);
  zip.addBuffer(Buffer.from(readme(ctx, at, counts)), "README.txt", opts);
  zip.addReadStreamLazy("calls.csv", opts, (cb) => cb(null, allCallsCsv(ctx)));
  zip.addReadStreamLazy("members.csv", opts, (cb) => cb(null, fromWeb(membersCsv(ctx.workspace.id))));
  zip.addReadStreamLazy("groups.json", opts, (cb) => cb(null, jsonFile(() => groupsJson(ctx))));
  zip.addReadStreamLazy("api_keys.csv", opts, (cb) => cb(null, fromWeb(apiKeysCsv(ctx.workspace.id))));
  zip.addReadStreamLazy("webhook_endpoints.json", opts, (cb) => cb(null, jsonFile(() => webhooksJson(ctx))));
  zip.addReadStreamLazy("phone_numbers.json", opts, (cb) => cb(null, jsonFile(() => phoneNumbersJson(ctx))));
  zip.addReadStreamLazy("agent_configurations.json", opts, (cb) => cb(null, jsonFile(() => agentConfigurationsJson(ctx))));
  zip.addReadStreamLazy("knowledge_documents.json", opts, (cb) => cb(null, jsonFile(() => knowledgeDocumentsJson(ctx))));
  zip.addReadStreamLazy("audit_log.csv", opts, (cb) => cb(null, fromWeb(auditCsv(ctx.workspace.id, {}, auditUpToSeq))));
  const evidence = auditEvidence(ctx, auditUpToSeq, at);
  zip.addReadStreamLazy("audit_chain.jsonl", opts, (cb) => cb(null, evidence.chainJsonl()));
  zip.addReadStreamLazy("audit_checkpoints.json", opts, (cb) => cb(null, jsonFile(() => evidence.checkpointsJson())));
  zip.addReadStreamLazy("audit_signing_keys.json", opts, (cb) => cb(null, jsonFile(() => evidence.keysJson())));
  zip.end();
  const out = zip.outputStream as Readable;
  // yazl reports an entry's failure on the ZipFile: it errors the download (never a
  // silently truncated archive, never an unhandled 'error' event).
  zip.on("error", (error: Error) => {
    log().error({ err: error }, "workspace export failed");
    out.destroy(new Error("export failed"));
  });
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}

export const STEP_UP_MESSAGE = "Confirm your password in Settings (sudo mode), then download the export again within 10 minutes.";

/**
 * GET /{workspace}/settings/export: owner only, step-up required (`requireStepUp` refuses
 * without a recent password: 403 saying how to get one, STEP_UP_MESSAGE), a
 * `workspace.exported` audit entry with the counts, then the ZIP.
 */
export async function exportWorkspaceData(ctx: WorkspaceContext, requestId: string, requireStepUp: () => Promise<void>): Promise<Response> {
  // SPEC §10: a workspace's full export is the owner's alone (there is no permission for it).
  await ctx.requireOwner("export this workspace's data");
  await requireStepUp();
  const [callsLive, callsTest, audit] = await Promise.all([
    countCalls(ctx.inMode("live"), {}),
    countCalls(ctx.inMode("test"), {}),
    countAudit(ctx, {}),
  ]);
  const counts: DataExportCounts = { calls_live: callsLive, calls_test: callsTest, audit_entries: audit.rows };
  const at = new Date();
  await ctx.audit("workspace.exported", { type: "workspace", id: ctx.workspace.id, label: ctx.workspace.slug }, {
    after: { files: [...DATA_EXPORT_FILES], ...counts, caller_masking: ctx.workspace.callerMasking },
  });
  return new Response(workspaceExportZip(ctx, counts, audit.upToSeq, at), {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${ctx.workspace.slug}-export-${at.toISOString().slice(0, 10)}.zip"`,
      "cache-control": "private, no-store",
      "x-request-id": requestId,
    },
  });
}
