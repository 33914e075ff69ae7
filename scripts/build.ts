import { buildIfStale } from "./lib/build-if-stale";

// Builds once before several servers start from the same build (e2e, benchmarks).
buildIfStale();
