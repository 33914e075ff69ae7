import { z } from "zod";

/** The widgets API's response schemas (SPEC §14): they validate and they document (lib/api/openapi.ts). */

export const widgetSchema = z
  .object({
    id: z.string().regex(/^wgt_[0-9A-Za-z]{22}$/).describe("The widget's public id, as in the embed snippet's data-widget"),
    agent_configuration_id: z.string().uuid(),
    enabled: z.boolean(),
    embed_domains: z.array(z.string()).describe("Hostnames allowed to embed the widget (the agent configuration's); `*.` allows subdomains"),
    mode: z.enum(["live", "test"]),
  })
  .meta({ id: "Widget" });

export const widgetList = z.object({ data: z.array(widgetSchema), next_cursor: z.string().nullable() }).meta({ id: "WidgetList" });
