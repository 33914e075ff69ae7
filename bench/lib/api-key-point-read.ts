import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { authenticateApiKey } from "../../lib/api-keys/authenticate";
import { db } from "../../lib/db/client";
import { getNumber } from "../../lib/phone-numbers/numbers";
import { insertKey } from "../../test/support/api";
import { createTestDatabase } from "../../test/support/database";
import { summarise } from "./stats";

/**
 * Authorisation plus one scoped point read, in process, as GET /api/v1/phone-numbers/{id}
 * does them: the key (from the verified-key cache, the epoch read in the scoped statement,
 * decision 054; and, for comparison, looked up every time), its scope, and one number read
 * in the RLS-scoped transaction. PostgreSQL with TEST_DATABASE_URL, else PGlite in memory.
 */
export async function measureKeyPointRead(runs = 1000) {
  process.env.LOG_LEVEL = "silent";
  process.env.DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "sb-bench-"));
  const database = await createTestDatabase();
  try {
    const workspace = await db().workspace.create({ data: { slug: "point-read", name: "Point read" } });
    const number = await db().phoneNumber.create({ data: { workspaceId: workspace.id, number: "+2348035550123", mode: "live" } });
    const { key } = await insertKey(workspace.id, { scopes: ["calls:read"] });
    const meta = { ip: "203.0.113.9", userAgent: "bench", requestId: null };
    const time = async (cached: boolean) => {
      const samples: number[] = [];
      for (let i = 0; i < runs + 50; i++) {
        const t0 = performance.now();
        const api = await authenticateApiKey(key, meta, new Date(), { cached });
        await getNumber(api, number.id);
        await api.confirm();
        if (i >= 50) samples.push(performance.now() - t0);
      }
      return summarise(samples);
    };
    return { database: database.kind === "postgresql" ? "PostgreSQL" : "PGlite (in memory)", cached: await time(true), uncached: await time(false) };
  } finally {
    await database.close();
  }
}
