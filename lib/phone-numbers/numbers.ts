import { isUniqueViolation } from "../core/unique-violation";
import { isUuid } from "../core/ids";
import type { ApiKeyContext } from "../api-keys/authenticate";
import { AppError } from "../core/errors";
import { createdBefore, decodeCursor, page } from "../core/pagination";
import { E164_HINT, parseE164 } from "./e164";
import { sanitiseLabel } from "./label";

/** A valid phone number in E.164, or VALIDATION_FAILED. */
export function normaliseE164(input: string): string {
  const number = parseE164(input);
  if (!number) {
    throw new AppError("VALIDATION_FAILED", E164_HINT, { details: [{ field: "number", issue: "not a valid E.164 phone number" }] });
  }
  return number;
}

const toJson = (n: { id: string; number: string; label: string | null; mode: string; createdAt: Date }) => ({
  id: n.id,
  number: n.number,
  label: n.label,
  mode: n.mode,
  created_at: n.createdAt.toISOString(),
});

export async function listPhoneNumbers(api: ApiKeyContext, q: { limit: number; cursor?: string }) {
  const cursor = decodeCursor(q.cursor);
  const rows = await api.data((tx) =>
    tx.phoneNumber.findMany({
      where: {
        workspaceId: api.workspace.id,
        mode: api.mode,
        ...createdBefore(cursor),
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: q.limit + 1,
    }),
  );
  const { items, nextCursor } = page(rows, q.limit);
  return { data: items.map(toJson), next_cursor: nextCursor };
}


/** One number of the key's workspace and mode; anything else (another workspace's included) is 404. */
export async function getPhoneNumber(api: ApiKeyContext, id: string) {
  const row = isUuid(id ?? "")
    ? await api.data((tx) => tx.phoneNumber.findFirst({ where: { id, workspaceId: api.workspace.id, mode: api.mode } }))
    : null;
  if (!row) throw new AppError("NOT_FOUND", "No such phone number.");
  return toJson(row);
}

export async function createPhoneNumber(api: ApiKeyContext, body: { number: string; label?: string }) {
  const number = normaliseE164(body.number);
  const label = sanitiseLabel(body.label);
  try {
    return await api.data(async (tx) => {
      const row = await tx.phoneNumber.create({ data: { workspaceId: api.workspace.id, number, label, mode: api.mode } });
      // The number is the workspace's own (a callee), not a caller's: it may be audited.
      await api.audit("phone_number.created", { type: "phone_number", id: row.id, label: number }, { after: { number, label, mode: api.mode } }, tx);
      return toJson(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("CONFLICT", "This number is already in the workspace.", { details: [{ field: "number", issue: "exists" }] });
    }
    throw error;
  }
}
