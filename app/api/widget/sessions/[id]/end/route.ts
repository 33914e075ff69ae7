import { widgetSessionRoute } from "@/lib/entry/widget-session";
import { endWidgetSession } from "@/lib/widget/conversation";

// SPEC §14: the visitor closes the chat; it becomes a web call (lib/widget/conversation.ts).
export const POST = widgetSessionRoute({
  method: "POST",
  handler: ({ caller }) => endWidgetSession(caller),
});
