import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { contentOf } from "../agent-config/store";
import { BILLING_CURRENCY } from "../billing/money";
import { emitCallEvent } from "../calls/events";
import { callerToken } from "../calls/masking";
import { AppError } from "../core/errors";
import { decryptText, encryptField } from "../crypto/envelope";
import { db } from "../db/client";
import { inWorkspace, type TenantTx } from "../db/scoped";
import { plainText } from "../security/sanitize";
import { checkRateLimit } from "../security/rate-limit/limiter";
import { themeOf } from "./restrictions";
import { knowledgeDocuments, knowledgeSentences, replyTo } from "./responder";

/**
 * A widget conversation (SPEC §14): messages answered by the deterministic responder, the
 * transcript sealed on the session row after every turn, and the end — explicit, or after
 * IDLE_MINUTES without a message — which stores the conversation as a call with channel
 * "web", emits `call.completed` through the outbox in the same transaction, and debits the
 * credit (live mode) at PRICE_PER_MINUTE_MINOR per started minute.
 */

export const IDLE_MINUTES = 10;
export const MESSAGE_MAX = 2_000;
/** US cents per started minute of a live web conversation (README, "Web widget"). */
export const PRICE_PER_MINUTE_MINOR = 2;
const TRANSCRIPT_MAX = 200_000;

/** Who a verified session token names (lib/entry's widget-session step checked the path). */
export interface WidgetSessionCaller {
  sessionId: string;
  widgetId: string;
  workspaceId: string;
}

export const messageBody = z.strictObject({ text: z.string().min(1).max(MESSAGE_MAX * 4) });

const binding = (workspaceId: string, sessionId: string) => ({ workspaceId, column: "widget_transcript", rowId: sessionId });
const gone = () => new AppError("NOT_FOUND", "This chat is no longer available.");
const ended = () => new AppError("CONFLICT", "This chat has ended. Start a new one to keep talking.");

async function sessionOf(tx: TenantTx, caller: WidgetSessionCaller) {
  const session = await tx.widgetSession.findFirst({
    where: { id: caller.sessionId, widgetId: caller.widgetId, workspaceId: caller.workspaceId },
    select: {
      id: true,
      endedAt: true,
      transcriptEnc: true,
      messageCount: true,
      widget: {
        select: {
          enabled: true,
          theme: true,
          agentConfiguration: { select: { id: true, name: true, currentVersion: true } },
          workspace: { select: { cancelledAt: true, suspendedAt: true } },
        },
      },
    },
  });
  if (!session || !session.widget.enabled || session.widget.workspace.cancelledAt || session.widget.workspace.suspendedAt) throw gone();
  return session;
}

async function greetingOf(tx: TenantTx, session: Awaited<ReturnType<typeof sessionOf>>): Promise<string> {
  const config = session.widget.agentConfiguration;
  const version = await tx.agentConfigurationVersion.findUnique({
    where: { configurationId_version: { configurationId: config.id, version: config.currentVersion } },
    select: { content: true },
  });
  return themeOf(session.widget.theme).greeting || (version ? contentOf(version.content).greeting : "Hello! How can I help?");
}

/**
 * One visitor message and the agent's reply; the transcript grows by both, sealed. Sealing
 * and unsealing happen between two short transactions (the data key may be read through
 * another connection); the write is conditional on the message count read, so two messages
 * racing cannot drop one from the transcript — the loser answers CONFLICT and is resent.
 */
export async function postWidgetMessage(caller: WidgetSessionCaller, input: { text: string }, now = new Date()): Promise<{ reply: string; session_id: string }> {
  const text = plainText(input.text).slice(0, MESSAGE_MAX).trim();
  if (!text) throw new AppError("VALIDATION_FAILED", "Type a message.", { details: [{ field: "text", issue: "empty" }] });
  const limit = await checkRateLimit("widgetMessages", caller.sessionId);
  if (!limit.success) {
    const retry = Math.max(1, Math.ceil((limit.reset - now.getTime()) / 1000));
    throw new AppError("RATE_LIMITED", "You're sending messages very quickly. Please wait a moment.", { retryAfterSeconds: retry, headers: { "Retry-After": String(retry) } });
  }
  const read = await inWorkspace(caller.workspaceId, async (tx) => {
    const session = await sessionOf(tx, caller);
    if (session.endedAt) throw ended();
    return { session, greeting: session.transcriptEnc ? null : await greetingOf(tx, session), documents: await knowledgeDocuments(tx, caller.workspaceId) };
  });
  const { session } = read;
  const reply = replyTo(text, await knowledgeSentences(caller.workspaceId, read.documents), session.widget.agentConfiguration.name);
  const before = session.transcriptEnc ? await decryptText(binding(caller.workspaceId, session.id), session.transcriptEnc) : `Agent: ${read.greeting}`;
  const sealed = await encryptField(binding(caller.workspaceId, session.id), `${before}\nVisitor: ${text}\nAgent: ${reply}`.slice(-TRANSCRIPT_MAX));
  const updated = await inWorkspace(caller.workspaceId, (tx) =>
    tx.widgetSession.updateMany({
      where: { id: session.id, endedAt: null, messageCount: session.messageCount },
      data: { transcriptEnc: sealed, lastMessageAt: now, messageCount: { increment: 1 } },
    }),
  );
  if (updated.count === 0) throw new AppError("CONFLICT", "This chat changed while your message was sent. Send it again.");
  return { reply, session_id: session.id };
}

interface OpenSession {
  id: string;
  mode: "live" | "test";
  started_at: Date;
  last_message_at: Date;
  ip: string | null;
  transcript_enc: string | null;
  message_count: number;
}

/** What ending writes, sealed beforehand (outside any transaction). */
async function prepareEnd(workspaceId: string, row: OpenSession) {
  const callId = randomUUID();
  const transcript = row.transcript_enc ? await decryptText(binding(workspaceId, row.id), row.transcript_enc) : null;
  const visitor = row.ip ?? "unknown";
  return {
    callId,
    // The keyed token of the (already reduced) address: "calls from this network" stay searchable by token only.
    callerToken: await callerToken(workspaceId, `web:${visitor}`),
    callerDisplay: visitor.slice(0, 32),
    transcriptEnc: transcript ? await encryptField({ workspaceId, column: "transcript", rowId: callId }, transcript) : null,
  };
}

/**
 * Ends a session still open, in one transaction with its call, its debit and its outbox
 * event: the row is locked (SKIP LOCKED: a concurrent end or the idle job has it) and
 * written only while unended and unchanged since `prepareEnd` read it. Returns the call's
 * id, or null when there was nothing (left) to end.
 */
async function endSession(workspaceId: string, row: OpenSession, now: Date, how: "explicit" | "idle"): Promise<string | null> {
  const prepared = await prepareEnd(workspaceId, row);
  return inWorkspace(workspaceId, async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM widget_sessions
      WHERE id = ${row.id}::uuid AND workspace_id = ${workspaceId}::uuid AND ended_at IS NULL AND message_count = ${row.message_count}
      FOR UPDATE SKIP LOCKED`;
    if (!locked) return null;
    const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { id: true, callerMasking: true } });
    // An idle conversation ended at its last message, not when the job noticed.
    const endedAt = how === "idle" ? row.last_message_at : now;
    const durationSeconds = Math.max(0, Math.round((endedAt.getTime() - row.started_at.getTime()) / 1000));
    await tx.call.create({
      data: {
        id: prepared.callId,
        workspaceId,
        mode: row.mode,
        channel: "web",
        direction: "inbound",
        status: "completed",
        callerToken: prepared.callerToken,
        callerDisplay: prepared.callerDisplay,
        callerNumberEnc: null,
        toNumber: "web",
        startedAt: row.started_at,
        endedAt,
        durationSeconds,
        transcriptEnc: prepared.transcriptEnc,
        simulated: false,
      },
    });
    // The session keeps no second copy of the transcript once the call holds it.
    await tx.widgetSession.update({ where: { id: row.id }, data: { endedAt: now, callId: prepared.callId, transcriptEnc: null } });
    if (row.mode === "live") {
      const minutes = Math.max(1, Math.ceil(durationSeconds / 60));
      await tx.ledgerEntry.create({
        data: { workspaceId, kind: "usage", amountMinor: -minutes * PRICE_PER_MINUTE_MINOR, currency: BILLING_CURRENCY, reference: `widget_session_${row.id}`, createdAt: now },
      });
    }
    await emitCallEvent(tx, workspace, prepared.callId, now);
    return prepared.callId;
  });
}

const openSession = (tx: TenantTx, workspaceId: string, id: string) =>
  tx.$queryRaw<OpenSession[]>`
    SELECT id, mode, started_at, last_message_at, ip, transcript_enc, message_count FROM widget_sessions
    WHERE id = ${id}::uuid AND workspace_id = ${workspaceId}::uuid AND ended_at IS NULL`.then((rows) => rows[0] ?? null);

/** The visitor closes the chat. Ending twice is CONFLICT. */
export async function endWidgetSession(caller: WidgetSessionCaller, now = new Date()): Promise<{ ended: true; call_id: string }> {
  const row = await inWorkspace(caller.workspaceId, async (tx) => {
    const session = await tx.widgetSession.findFirst({ where: { id: caller.sessionId, widgetId: caller.widgetId, workspaceId: caller.workspaceId }, select: { id: true, endedAt: true } });
    if (!session) throw gone();
    if (session.endedAt) throw ended();
    return openSession(tx, caller.workspaceId, session.id);
  });
  const callId = row ? await endSession(caller.workspaceId, row, now, "explicit") : null;
  if (!callId) throw ended();
  return { ended: true as const, call_id: callId };
}

/**
 * The idle job's unit: sessions whose last message is IDLE_MINUTES old. Candidates are read
 * across workspaces (privileged, ids only); each is then ended in its own workspace's scoped
 * transaction under FOR UPDATE SKIP LOCKED, so several workers never end one twice.
 */
export async function endIdleWidgetSessions(now = new Date(), batch = 50): Promise<number> {
  const cutoff = new Date(now.getTime() - IDLE_MINUTES * 60_000);
  const idle = await db().widgetSession.findMany({
    where: { endedAt: null, lastMessageAt: { lt: cutoff } },
    orderBy: { lastMessageAt: "asc" },
    take: batch,
    select: { id: true, workspaceId: true },
  });
  let done = 0;
  for (const s of idle) {
    const row = await inWorkspace(s.workspaceId, (tx) => openSession(tx, s.workspaceId, s.id));
    if (row && row.last_message_at < cutoff && (await endSession(s.workspaceId, row, now, "idle"))) done += 1;
  }
  return done;
}
