import "server-only";
import { listQuery } from "../../../core/pagination";
import { apiRoute } from "../../../entry/api-route";
import { createPhoneNumber, getPhoneNumber, listPhoneNumbers } from "../../../phone-numbers/numbers";
import { createPhoneNumberBody, phoneNumberList, phoneNumberPath, phoneNumberSchema } from "../../../phone-numbers/schemas";

export const listPhoneNumbersRoute = apiRoute({
  method: "GET",
  path: "/phone-numbers",
  operationId: "listPhoneNumbers",
  summary: "List phone numbers",
  description: "Scope `calls:read`. Newest first.",
  permission: "calls:read",
  query: listQuery,
  response: { status: 200, description: "A page of phone numbers", schema: phoneNumberList },
  handler: ({ api, query }) => listPhoneNumbers(api, query),
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
  handler: ({ api, body }) => createPhoneNumber(api, body),
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
  handler: ({ api, param }) => getPhoneNumber(api, param("id")),
});
