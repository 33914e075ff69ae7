import "server-only";
import { callDetailSchema, callList, callPath, callsQuery, recordingUrlSchema } from "../../../calls/schemas";
import { getCall, listCalls } from "../../../calls/query";
import { recordingLink } from "../../../calls/recording-link";
import { apiRoute } from "../../../entry/api-route";

export const listCallsRoute = apiRoute({
  method: "GET",
  path: "/calls",
  operationId: "listCalls",
  summary: "List calls",
  description:
    "Scope `calls:read`. Newest first unless `sort` says otherwise; filters combine. Caller numbers are masked (`caller_display`); `caller_number` appears only when the workspace has masking off and the key has `calls:read_unmasked`. `caller` searches by the number's keyed hash: exact full numbers only.",
  permission: "calls:read",
  query: callsQuery,
  response: { status: 200, description: "A page of calls", schema: callList },
  handler: ({ api, query }) => listCalls(api, query),
});

export const getCallRoute = apiRoute({
  method: "GET",
  path: "/calls/{id}",
  operationId: "getCall",
  summary: "Get a call, with its transcript",
  description: "Scope `calls:read`. Calls of other workspaces or the other mode answer 404.",
  permission: "calls:read",
  pathParams: callPath,
  response: { status: 200, description: "The call", schema: callDetailSchema },
  errors: ["NOT_FOUND"],
  handler: ({ api, param }) => getCall(api, param("id")),
});

export const getCallRecordingRoute = apiRoute({
  method: "GET",
  path: "/calls/{id}/recording",
  operationId: "getCallRecording",
  summary: "A signed URL for the call's recording",
  description: "Scope `calls:read`. The URL works for 60 seconds, needs no key, and is refused once expired or altered.",
  permission: "calls:read",
  pathParams: callPath,
  response: { status: 200, description: "The signed URL", schema: recordingUrlSchema },
  errors: ["NOT_FOUND"],
  handler: ({ api, param }) => recordingLink(api, param("id"), { absolute: true }),
});
