// lib/entry/route.ts still imports from here; the helpers live in lib/core/request-shape.ts.
// Delete this file once that import moves.
export { assertNoDuplicateParams, DEFAULT_BODY_LIMIT_BYTES, readJsonBody } from "../core/request-shape";
