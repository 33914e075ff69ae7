import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The type check runs as its own step (`npm run typecheck`, the first step of CI), not in
  // every build: it was 88 s of a fresh clone's first `npm start` on 2 cores (decision 044).
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  typedRoutes: false,
  // forbidden() and app/forbidden.tsx: pages answer 403 for a missing permission.
  // proxyClientMaxBodySize: the proxy buffers request bodies and, past this, silently cuts
  // them; knowledge-base uploads may be 20 MB (lib/uploads/limits.ts), and their routes cap
  // the body themselves just below this, so an oversized body is refused, never truncated.
  experimental: { authInterrupts: true, proxyClientMaxBodySize: "21mb" },
  // Native, WASM or file-reading packages stay as plain Node requires, outside the bundle.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "@prisma/client",
    "@prisma/schema-engine-wasm",
    "argon2",
    "pino",
    "ioredis",
    "pg",
    // The upload checks' parsers and clamd client (lib/uploads): plain Node packages.
    "unpdf",
    "mammoth",
    "clamscan",
    "file-type",
    "yauzl",
  ],
  async headers() {
    // The proxy sets these (plus CSP, HSTS and the request id) on everything it sees; static
    // build assets skip the proxy, so they get the constant set here.
    return [
      {
        source: "/_next/static/:path*",
        headers: Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })),
      },
    ];
  },
};

export default nextConfig;
