/** What the verifier concludes (lib/evidence/verifier/verify-export.ts), and how it says it. */

export type Problem =
  | { kind: "row"; seq: string; line: number; reason: "hash_mismatch" | "link_mismatch" | "gap" | "malformed" | "wrong_chain"; message: string }
  | { kind: "checkpoint"; id: string; seq: string; kid: string; reason: "bad_signature" | "unknown_key" | "hash_mismatch" | "missing_row" | "malformed"; message: string }
  | { kind: "file"; name: string; message: string };

/** The newest checkpoint whose signature verified and whose hash the recomputed chain reproduced. */
export interface VerifiedPoint {
  id: string;
  seq: string;
  at: string;
  kid: string;
  /** The row's own time. */
  occurredAt: string | null;
}

export interface Verdict {
  ok: boolean;
  chain: string | null;
  /** Rows recomputed and linked before the first broken one (all of them when none is). */
  rowsChecked: number;
  firstSeq: string | null;
  lastSeq: string | null;
  startsAfter: { seq: string; hash: string } | null;
  verifiedThrough: VerifiedPoint | null;
  /** Good rows after the newest verified checkpoint: linked, but no signature vouches for them. */
  unsignedRows: number;
  checkpointsVerified: number;
  /** Where the trusted keys came from. */
  keys: "export" | "given";
  problems: Problem[];
  notes: string[];
}

/** The verdict as the command prints it: "verified up to seq N at time T, signed by key K", or every problem by name. */
export function formatVerdict(v: Verdict): string {
  const lines: string[] = [];
  lines.push(`chain ${v.chain ?? "(unknown)"}: ${v.rowsChecked} rows recomputed${v.firstSeq ? ` (seq ${v.firstSeq}–${v.lastSeq})` : ""}, ${v.checkpointsVerified} signed checkpoints verified`);
  if (v.startsAfter && v.startsAfter.seq !== "0") lines.push(`the export starts after seq ${v.startsAfter.seq} (older rows were removed by retention); hash ${v.startsAfter.hash}`);
  if (v.verifiedThrough) {
    const p = v.verifiedThrough;
    const detail = `(checkpoint ${p.id}${p.occurredAt ? `; row ${p.seq} occurred at ${p.occurredAt}` : ""})`;
    lines.push(`${v.ok ? "OK: " : ""}verified up to seq ${p.seq} at time ${p.at}, signed by key ${p.kid} ${detail}${v.ok ? "" : ", but:"}`);
  }
  if (v.unsignedRows > 0) lines.push(`${v.unsignedRows} rows after seq ${v.verifiedThrough?.seq ?? v.startsAfter?.seq ?? "0"} link correctly but no signed checkpoint covers them yet`);
  for (const p of v.problems) lines.push(`FAILED: ${p.message}`);
  for (const n of v.notes) lines.push(`note: ${n}`);
  if (!v.ok && v.problems.length === 0) lines.push("FAILED: nothing verified");
  return lines.join("\n");
}
