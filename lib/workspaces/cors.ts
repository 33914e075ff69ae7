import { z } from "zod";
import type { WorkspaceContext } from "../authz/context";

/** An origin as browsers send it: https (or http on localhost), host, optional port; no path. */
const originSchema = z.string().transform((value, ctx) => {
  try {
    const url = new URL(value);
    const local = url.hostname === "localhost" || url.hostname === "127.0.0.1";
    if ((url.protocol !== "https:" && !(url.protocol === "http:" && local)) || url.pathname !== "/" || url.search || url.hash || url.username) {
      throw new Error();
    }
    return url.origin;
  } catch {
    ctx.addIssue({ code: "custom", message: `"${value.slice(0, 80)}" is not an origin like https://app.example.com` });
    return z.NEVER;
  }
});

export const corsOriginsSchema = z
  .string()
  .max(5000)
  .transform((text) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(originSchema).max(20, "At most 20 origins."));

export async function getCorsOrigins(ctx: WorkspaceContext): Promise<string[]> {
  await ctx.require("settings:manage");
  return ctx.data(async (tx) => (await tx.workspace.findUniqueOrThrow({ where: { id: ctx.workspace.id }, select: { corsOrigins: true } })).corsOrigins);
}

export async function setCorsOrigins(ctx: WorkspaceContext, origins: string[]): Promise<void> {
  await ctx.require("settings:manage");
  const unique = [...new Set(origins)];
  await ctx.data(async (tx) => {
    const before = await tx.workspace.findUniqueOrThrow({ where: { id: ctx.workspace.id }, select: { corsOrigins: true } });
    await tx.workspace.update({ where: { id: ctx.workspace.id }, data: { corsOrigins: unique } });
    await ctx.audit("settings.cors_changed", { type: "workspace", id: ctx.workspace.id, label: ctx.workspace.name }, { before: { cors_origins: before.corsOrigins }, after: { cors_origins: unique } }, tx);
  });
}
