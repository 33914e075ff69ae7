import { z } from "zod";

/** The checkpoints API's response schemas: they validate and they document (lib/api/openapi.ts). */

export const signedCheckpointSchema = z
  .object({
    id: z.string(),
    chain: z.string().describe("The workspace id (the chain key)"),
    seq: z.string().regex(/^\d+$/).describe("The audit row this checkpoint vouches for (decimal)"),
    hash: z.string().regex(/^[0-9a-f]{64}$/).describe("That row's chain hash"),
    at: z.string().datetime().describe("When it was signed"),
    kid: z.string().describe("The signing key: a `kid` of `keys`"),
    signature: z.string().describe("Ed25519 over the signing input of docs/security/audit-verification.md, base64url"),
  })
  .meta({ id: "AuditCheckpoint" });

export const auditKeySchema = z
  .object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string(), kid: z.string(), alg: z.string(), use: z.string() })
  .meta({ id: "AuditSigningKey" });

export const checkpointList = z
  .object({
    data: z.array(signedCheckpointSchema),
    next_cursor: z.string().nullable(),
    keys: z.array(auditKeySchema).describe("Every key that signed checkpoints, retired ones included (also at /.well-known/switchboard/audit-keys.json)"),
  })
  .meta({ id: "AuditCheckpointList" });
