import { describe, expect, it } from "vitest";
import { frameAncestorsOf } from "@/lib/widget/embed-origins";
import { textOnAccent, widgetFrameHtml } from "@/lib/widget-embed/frame-html";
import { widgetFrameResponse } from "@/lib/widget-embed/frame-response";
import { activeHoursSummary } from "@/lib/widget-embed/hours-summary";
import { isWidgetFramePath } from "@/lib/security/widget-frame-path";

const view = { publicId: "wgt_0123456789abcdefghijkl", title: "Acme", greeting: "Hi!", accent: "#0f766e", hours: null };
const options = { nonce: "n0nce", https: true, dev: false };
const directive = (csp: string | null, name: string) => csp?.split("; ").find((d) => d.startsWith(`${name} `));

describe("the widget frame's framing rules (decision 048)", () => {
  it("serves the widget with frame-ancestors from its domains, the nonce policy, and no X-Frame-Options", () => {
    const response = widgetFrameResponse({ view, frameAncestors: frameAncestorsOf(["example.com"]) }, options);
    const csp = response.headers.get("content-security-policy");
    expect(response.status).toBe(200);
    expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors https://example.com https://example.com:*");
    expect(directive(csp, "script-src")).toBe("script-src 'self' 'nonce-n0nce' 'strict-dynamic'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(response.headers.get("x-frame-options")).toBeNull();
  });

  it("a widget without embed domains can be framed by nobody", () => {
    const csp = widgetFrameResponse({ view, frameAncestors: frameAncestorsOf([]) }, options).headers.get("content-security-policy");
    expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'none'");
  });

  it("an unknown or disabled widget is a 404 with the default frame refusal", () => {
    const response = widgetFrameResponse(null, options);
    expect(response.status).toBe(404);
    expect(directive(response.headers.get("content-security-policy"), "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });

  it("the gate hands the headers over only for a widget id's frame page, GET or HEAD", () => {
    expect(isWidgetFramePath("/widget/wgt_0123456789abcdefghijkl", "GET")).toBe(true);
    expect(isWidgetFramePath("/widget/wgt_0123456789abcdefghijkl", "POST")).toBe(false);
    expect(isWidgetFramePath("/widget/wgt_0123456789abcdefghijkl/x", "GET")).toBe(false);
    expect(isWidgetFramePath("/widget.js", "GET")).toBe(false);
    expect(isWidgetFramePath("/demo/config", "GET")).toBe(false);
  });
});

describe("the widget frame's page", () => {
  it("escapes the customer's title and greeting, and keeps the config block closed", () => {
    const html = widgetFrameHtml({ ...view, title: "<img src=x onerror=alert(1)>", greeting: "</script><script>alert(1)</script>" }, "n");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html.match(/<\/script>/g)).toHaveLength(2);
  });

  it("ignores an accent that is not a hex colour (it lands in CSS)", () => {
    const html = widgetFrameHtml({ ...view, accent: "red;}body{display:none" }, "n");
    expect(html).toContain("--accent:#4f46e5");
    expect(html).not.toContain("display:none");
  });

  it("puts readable text on light and dark accents", () => {
    expect(textOnAccent("#fde047")).toBe("#0f172a");
    expect(textOnAccent("#1e3a8a")).toBe("#ffffff");
  });

  it("states the active hours as a visitor reads them", () => {
    const nine = { open: "09:00", close: "17:00" };
    expect(activeHoursSummary({ mon: nine, tue: nine, wed: nine, thu: nine, fri: nine, sat: { open: "10:00", close: "14:00" }, sun: null }, "Europe/Berlin")).toBe(
      "Mon–Fri 09:00–17:00, Sat 10:00–14:00 (Europe/Berlin)",
    );
    expect(activeHoursSummary({ mon: null, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null }, "UTC")).toBeNull();
  });
});
