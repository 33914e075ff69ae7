import { createServer, type Server } from "node:http";

/**
 * A customer's web page that embeds the widget the way SPEC §14 tells customers to: one
 * script tag. Served by node:http on loopback, on its own port, so the widget runs
 * cross-origin for real. Which widget it embeds is the `?widget=` query, so a spec can point
 * it at any widget id.
 */
export async function startCustomerPage(port: number, appUrl: string): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://customer.test");
    if (url.pathname !== "/") {
      res.writeHead(404).end();
      return;
    }
    const widget = (url.searchParams.get("widget") ?? "").replace(/[^0-9A-Za-z_]/g, "");
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme Plumbing</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Acme Plumbing</h1><p>Blocked drains, same-day service.</p></main>
<script src="${appUrl}/widget.js" data-widget="${widget}" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return server;
}
