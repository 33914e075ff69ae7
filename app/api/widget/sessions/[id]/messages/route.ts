import { widgetSessionRoute } from "@/lib/entry/widget-session";
import { messageBody, postWidgetMessage } from "@/lib/widget/conversation";

// SPEC §14: one visitor message, answered by the agent (lib/widget/responder.ts).
export const POST = widgetSessionRoute({
  method: "POST",
  body: messageBody,
  bodyLimitBytes: 16 * 1024,
  handler: ({ caller, body }) => postWidgetMessage(caller, body),
});
