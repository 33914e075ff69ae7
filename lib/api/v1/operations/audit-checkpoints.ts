import "server-only";
import { decodeCursor, encodeCursor, listQuery } from "../../../core/pagination";
import { listCheckpointsPage } from "../../../evidence/checkpoints";
import { checkpointList } from "../../../evidence/checkpoint-schemas";
import { publishedKeySet } from "../../../evidence/signing-keys";
import { apiRoute } from "../../../entry/api-route";

export const listAuditCheckpointsRoute = apiRoute({
  method: "GET",
  path: "/audit-logs/checkpoints",
  operationId: "listAuditCheckpoints",
  summary: "List signed audit chain checkpoints",
  description:
    "Scope `audit:read`. Newest first. Each checkpoint is an Ed25519 signature over the workspace chain's row `seq` and its hash; verify them with `keys` (docs/security/audit-verification.md).",
  permission: "audit:read",
  query: listQuery,
  response: { status: 200, description: "A page of checkpoints, and the public keys", schema: checkpointList },
  // The opaque cursor carries the last checkpoint's seq.
  handler: async ({ api, query: { limit, cursor } }) => {
    const after = decodeCursor(cursor, "serial");
    const { checkpoints, more } = await listCheckpointsPage(api.data, api.workspace.id, { limit, beforeSeq: after ? BigInt(after.id) : undefined });
    const last = checkpoints.at(-1);
    return { data: checkpoints, next_cursor: more && last ? encodeCursor({ at: last.at, id: last.seq }) : null, keys: (await publishedKeySet()).keys };
  },
});
