import type { Principal } from "../authz/principal";
import type { CappedCount } from "../core/page-trail";
import { countUpToCap } from "../db/capped-count";
import { Prisma } from "../db/generated/client";
import type { ExportFilters } from "./export";
import { callFilters } from "./query";

/** How many calls match the page's filters, up to COUNT_CAP (the table's "of N"). */
export async function countCallsUpToCap(viewer: Principal, filters: ExportFilters): Promise<CappedCount> {
  const where = await callFilters(viewer, filters);
  return viewer.data((tx) => countUpToCap(tx, Prisma.sql`calls`, where));
}
