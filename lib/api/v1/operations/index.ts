// Every /api/v1 API-key operation module, imported here so that all are registered before the
// OpenAPI document walks the registry (lib/api/openapi.ts imports this file). A new module goes
// here too; test/unit/openapi.test.ts fails on a route file whose operation is not documented.
// The document's own public route is ./openapi.ts, imported by its route file directly.
export * from "./calls";
export * from "./test-calls";
export * from "./webhook-endpoints";
export * from "./webhook-signing-keys";
export * from "./webhook-health";
export * from "./phone-numbers";
export * from "./audit-logs";
export * from "./audit-checkpoints";
export * from "./knowledge-base";
export * from "./request-logs";
export * from "./widgets";
