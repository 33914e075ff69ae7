import "server-only";
import { decryptText } from "../crypto/envelope";
import type { TenantTx } from "../db/scoped";
import { log } from "../log/logger";

/**
 * The widget's agent (SPEC §14): deterministic, no model. It answers with the knowledge-base
 * sentences that share the most words with the visitor's message (ties: the earlier
 * document, the earlier sentence), or with a fallback naming the agent. Same message, same
 * knowledge base, same reply — so the whole path is real and testable.
 */

const STOP = new Set(
  "a an and are as at be but by can do does for from have how i if in is it me my of on or our so that the this to was we what when where which who why will with you your".split(" "),
);
const DOCUMENTS_READ = 20;
const SENTENCES_MAX = 2_000;
export const REPLY_MAX = 600;

export const words = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .normalize("NFKC")
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 1 && !STOP.has(w)),
  );

/** The best-matching sentences of `sentences` for `message`, or null when none shares a word. */
export function bestAnswer(message: string, sentences: readonly string[]): string | null {
  const asked = words(message);
  if (asked.size === 0) return null;
  let best: { score: number; index: number } | null = null;
  sentences.forEach((sentence, index) => {
    let score = 0;
    for (const w of words(sentence)) if (asked.has(w)) score += 1;
    if (score > 0 && (!best || score > best.score)) best = { score, index };
  });
  if (!best) return null;
  const { index } = best as { index: number };
  // The sentence and, when short, the one after it: an answer often spans two.
  const answer = [sentences[index]!, (sentences[index]!.length < 120 && sentences[index + 1]) || ""].join(" ").trim();
  return answer.length > REPLY_MAX ? `${answer.slice(0, REPLY_MAX - 1)}…` : answer;
}

export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/\s+/g, " ").trim())
    .filter((s) => s.length >= 3);
}

/** The workspace's ready documents, sealed (read within the session's scoped transaction). */
export function knowledgeDocuments(tx: TenantTx, workspaceId: string) {
  return tx.knowledgeDocument.findMany({
    where: { workspaceId, status: "ready", textEnc: { not: null } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: DOCUMENTS_READ,
    select: { id: true, textEnc: true },
  });
}

/** Their text as sentences, unsealed outside any transaction. */
export async function knowledgeSentences(workspaceId: string, docs: { id: string; textEnc: string | null }[]): Promise<string[]> {
  const sentences: string[] = [];
  for (const doc of docs) {
    if (!doc.textEnc) continue;
    try {
      const text = await decryptText({ workspaceId, column: "document_text", rowId: doc.id }, doc.textEnc);
      sentences.push(...splitSentences(text));
    } catch (error) {
      log().warn({ err: error, document: doc.id }, "a knowledge document's text did not decrypt; the widget skips it");
    }
    if (sentences.length >= SENTENCES_MAX) break;
  }
  return sentences.slice(0, SENTENCES_MAX);
}

export function replyTo(message: string, sentences: readonly string[], agentName: string): string {
  return (
    bestAnswer(message, sentences) ??
    `I'm the ${agentName} assistant. I couldn't find that in our information — could you put it another way, or leave your details and we'll get back to you?`
  );
}
