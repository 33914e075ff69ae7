import "server-only";
import { callDetailSchema, createTestCallBody } from "../../../calls/schemas";
import { runTestCall } from "../../../calls/test-calls";
import { apiRoute } from "../../../entry/api-route";

export const createTestCallRoute = apiRoute({
  method: "POST",
  path: "/test-calls",
  operationId: "createTestCall",
  summary: "Simulate a call",
  description:
    "Scope `test_calls:run`. Creates a simulated call in the key's mode (test keys: test data) with a transcript and a generated recording, so the whole path can be tried without telephony.",
  permission: "test_calls:run",
  body: createTestCallBody,
  bodyLimitBytes: 16 * 1024,
  response: { status: 201, description: "The call", schema: callDetailSchema },
  errors: ["PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"],
  handler: ({ api, body }) => runTestCall(api, body),
});
