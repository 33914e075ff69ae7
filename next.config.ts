import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // forbidden() and app/forbidden.tsx: pages answer 403 for a missing permission.
  experimental: { authInterrupts: true },
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
