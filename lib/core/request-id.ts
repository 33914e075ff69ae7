import { randomBytes } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";
// An upstream id is kept only when it is a short token that cannot inject anything into
// logs or headers.
const SAFE_INCOMING_ID = /^[A-Za-z0-9._:-]{8,64}$/;

export function newRequestId(): string {
  return `req_${randomBytes(12).toString("base64url")}`;
}

export function resolveRequestId(incoming: string | null | undefined): string {
  return incoming && SAFE_INCOMING_ID.test(incoming) ? incoming : newRequestId();
}
