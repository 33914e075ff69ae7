import "server-only";
import { AppError } from "../../../core/errors";
import { listQuery } from "../../../core/pagination";
import { apiRoute } from "../../../entry/api-route";
import { E164_HINT } from "../../../phone-numbers/e164";
import { addNumber, DuplicateNumberError, getNumber, InvalidNumberError, listNumbers, type PhoneNumberSummary } from "../../../phone-numbers/numbers";
import { createPhoneNumberBody, phoneNumberList, phoneNumberPath, phoneNumberSchema } from "../../../phone-numbers/schemas";

/** A number as the API shows it (`PhoneNumber` in the OpenAPI document). */
const phoneNumberJson = (n: PhoneNumberSummary) => ({
  id: n.id,
  number: n.number,
  label: n.label,
  mode: n.mode,
  created_at: n.createdAt.toISOString(),
});

/** The API's wording of the domain's field errors: its documented contract (409 CONFLICT for a duplicate). */
function asApiError(error: unknown): never {
  if (error instanceof InvalidNumberError) {
    throw new AppError("VALIDATION_FAILED", E164_HINT, { details: [{ field: "number", issue: "not a valid E.164 phone number" }] });
  }
  if (error instanceof DuplicateNumberError) {
    throw new AppError("CONFLICT", "This number is already in the workspace.", { details: [{ field: "number", issue: "exists" }] });
  }
  throw error;
}

export const listPhoneNumbersRoute = apiRoute({
  method: "GET",
  path: "/phone-numbers",
  operationId: "listPhoneNumbers",
  summary: "List phone numbers",
  description: "Scope `calls:read`. Newest first.",
  permission: "calls:read",
  query: listQuery,
  response: { status: 200, description: "A page of phone numbers", schema: phoneNumberList },
  handler: async ({ api, query }) => {
    const { numbers, nextCursor } = await listNumbers(api, { view: "page", ...query });
    return { data: numbers.map(phoneNumberJson), next_cursor: nextCursor };
  },
});

export const createPhoneNumberRoute = apiRoute({
  method: "POST",
  path: "/phone-numbers",
  operationId: "createPhoneNumber",
  summary: "Add a phone number",
  description: "Scope `numbers:manage`. The number must be valid E.164.",
  permission: "numbers:manage",
  body: createPhoneNumberBody,
  bodyLimitBytes: 4 * 1024,
  response: { status: 201, description: "The number", schema: phoneNumberSchema },
  errors: ["CONFLICT", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"],
  // Added in the key's mode.
  handler: async ({ api, body }) => phoneNumberJson(await addNumber(api, body).catch(asApiError)),
});

export const getPhoneNumberRoute = apiRoute({
  method: "GET",
  path: "/phone-numbers/{id}",
  operationId: "getPhoneNumber",
  summary: "Get a phone number",
  description: "Scope `calls:read`. Numbers of other workspaces or the other mode answer 404.",
  permission: "calls:read",
  pathParams: phoneNumberPath,
  response: { status: 200, description: "The number", schema: phoneNumberSchema },
  errors: ["NOT_FOUND"],
  handler: async ({ api, param }) => phoneNumberJson(await getNumber(api, param("id"))),
});
