import "server-only";
import { listQuery } from "../../../core/pagination";
import { apiRoute } from "../../../entry/api-route";
import { listWidgets, type WidgetView } from "../../../widget/widgets";
import { widgetList } from "../../../widget/schemas";

/** A widget as the API shows it (`Widget` in the OpenAPI document, SPEC §14). */
const widgetJson = (w: WidgetView) => ({
  id: w.publicId,
  agent_configuration_id: w.agentConfigurationId,
  enabled: w.enabled,
  embed_domains: w.embedDomains,
  mode: w.mode,
});

export const listWidgetsRoute = apiRoute({
  method: "GET",
  path: "/widgets",
  operationId: "listWidgets",
  summary: "List web widgets",
  description: "Scope `config:manage`. One widget per agent configuration, in the key's mode; newest first.",
  permission: "config:manage",
  query: listQuery,
  response: { status: 200, description: "A page of widgets", schema: widgetList },
  handler: async ({ api, query }) => {
    const { widgets, nextCursor } = await listWidgets(api, query);
    return { data: widgets.map(widgetJson), next_cursor: nextCursor };
  },
});
