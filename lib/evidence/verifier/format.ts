/**
 * The evidence files of a workspace export and their shapes (docs/security/audit-verification.md).
 * Only types and constants: the server writes these, the verifier reads them.
 */
export const CHAIN_FILE = "audit_chain.jsonl";
export const CHECKPOINTS_FILE = "audit_checkpoints.json";
export const KEYS_FILE = "audit_signing_keys.json";

export const CHECKPOINTS_FORMAT = "switchboard.audit-checkpoints.v1";

/** Prefixed to every checkpoint's signing input, so the signature means nothing in any other protocol. */
export const SIGNING_CONTEXT = "switchboard.audit-checkpoint.v1\n";

/** One line of audit_chain.jsonl: an audit row in its stored form, oldest first. */
export interface ExportedRow {
  seq: string;
  chain_key: string;
  workspace_id: string | null;
  /** `YYYY-MM-DDTHH:MM:SS.mmmZ`, exactly as hashed. */
  occurred_at: string;
  actor_type: string;
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_label: string | null;
  changes: unknown;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

/** A signed statement: chain `chain` had row `seq` with hash `hash` when key `kid` signed it at `at`. */
export interface SignedCheckpoint {
  id: string;
  chain: string;
  seq: string;
  hash: string;
  at: string;
  kid: string;
  /** Ed25519 over signingInput(checkpoint), base64url without padding. */
  signature: string;
}

export interface CheckpointsFile {
  format: typeof CHECKPOINTS_FORMAT;
  chain: string;
  /**
   * Where the exported rows start: seq 0 and 64 zeros, or, after retention removed the oldest
   * rows, the seq and hash of the last removed row. The first row links to `hash`.
   */
  starts_after: { seq: string; hash: string };
  /** The last row the export holds. */
  through_seq: string;
  checkpoints: SignedCheckpoint[];
}

/** An Ed25519 public key as a JWK (RFC 8037); `kid` is its RFC 7638 thumbprint. */
export interface Ed25519Jwk {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
  kid: string;
  alg?: string;
  use?: string;
}
