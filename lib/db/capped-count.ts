import { COUNT_CAP, cappedCount, type CappedCount } from "../core/page-trail";
import { Prisma } from "./generated/client";
import type { TenantTx } from "./scoped";

/**
 * How many rows of `from` match `where`, counting no further than COUNT_CAP + 1: a list's
 * total costs at most one bounded index walk, however large the table.
 */
export async function countUpToCap(tx: TenantTx, from: Prisma.Sql, where: Prisma.Sql): Promise<CappedCount> {
  const [row] = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} WHERE ${where} LIMIT ${COUNT_CAP + 1}) AS matched`;
  return cappedCount(row?.n ?? 0);
}
