// Every /api/v1 operation module, imported here so that all are registered before the
// OpenAPI document walks the registry (lib/api/openapi.ts). A new module goes here too;
// test/unit/openapi.test.ts fails on a route file whose operation is not in the document.
export * from "./calls";
export * from "./test-calls";
export * from "./webhook-endpoints";
export * from "./phone-numbers";
export * from "./audit-logs";
export * from "./knowledge-base";
export * from "./openapi";
