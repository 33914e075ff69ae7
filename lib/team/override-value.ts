import { z } from "zod";

/** An override as a form sends it: grant, deny, or inherit (no override). */
export const overrideValueSchema = z
  .enum(["grant", "deny", "inherit"])
  .transform((v) => (v === "grant" ? true : v === "deny" ? false : null));

export function overrideLabel(value: boolean | null | undefined): "grant" | "deny" | "inherit" {
  return value === true ? "grant" : value === false ? "deny" : "inherit";
}
