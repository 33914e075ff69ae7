import { defineConfig } from "prisma/config";

// The CLI is used only for `prisma generate` (it needs no database). Migrations are applied
// by scripts/migrate.ts through Prisma's WASM schema engine and the app's own driver adapter.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
