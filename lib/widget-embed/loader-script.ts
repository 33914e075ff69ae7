/**
 * GET /widget.js — what a customer's page runs (SPEC §14): `<script src="{APP_URL}/widget.js"
 * data-widget="wgt_…" async>`. Dependency-free and without globals: it adds a launcher button
 * and, on first open, an iframe of {APP_URL}/widget/{id}. Styles go through the CSSOM (never
 * a style attribute or a <style> element), so a customer page with a strict CSP of its own
 * runs it unchanged.
 *
 * The frame learns who embeds it from the browser, not from this script's word: it reads
 * location.ancestorOrigins where the browser has it and otherwise takes the origin of this
 * script's reply to its hello message (event.origin, set by the browser). The reply goes only
 * to the app's origin. Messages from the frame are taken only from that iframe's window and
 * the app's origin. Decision 048.
 */
export const WIDGET_LOADER_SCRIPT = String.raw`(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var widgetId = script.getAttribute("data-widget") || "";
  if (!/^wgt_[0-9A-Za-z]{22}$/.test(widgetId)) {
    if (window.console) console.warn("Switchboard widget: data-widget must be a widget id (wgt_…).");
    return;
  }
  var appOrigin = new URL(script.src).origin;
  var label = script.getAttribute("data-label") || "Chat with us";
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var frameId = "switchboard-widget-" + widgetId;
  var frame = null;
  var open = false;
  // Until the frame says hello it may still be loading (or refused): nothing is posted to it.
  var frameReady = false;

  function css(el, styles) { for (var k in styles) el.style[k] = styles[k]; }

  var launcher = document.createElement("button");
  launcher.type = "button";
  launcher.textContent = label;
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", frameId);
  launcher.setAttribute("data-switchboard-launcher", widgetId);
  css(launcher, {
    position: "fixed", right: "16px", bottom: "16px", zIndex: "2147483000",
    padding: "12px 18px", borderRadius: "999px", border: "0", cursor: "pointer",
    font: "600 15px/1.2 system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
    color: "#ffffff", background: script.getAttribute("data-accent") || "#4f46e5",
    boxShadow: "0 4px 14px rgba(15, 23, 42, 0.25)", outlineOffset: "3px"
  });

  function makeFrame() {
    frame = document.createElement("iframe");
    frame.id = frameId;
    frame.title = script.getAttribute("data-title") || "Chat";
    frame.src = appOrigin + "/widget/" + widgetId;
    frame.setAttribute("allow", "");
    frame.setAttribute("referrerpolicy", "strict-origin");
    css(frame, {
      position: "fixed", right: "16px", bottom: "76px", zIndex: "2147483000",
      width: "min(360px, calc(100vw - 24px))", height: "min(560px, calc(100vh - 100px))",
      border: "0", borderRadius: "16px", background: "transparent",
      boxShadow: "0 12px 40px rgba(15, 23, 42, 0.3)", display: "none",
      transition: reduceMotion ? "none" : "opacity 160ms ease-out, transform 160ms ease-out"
    });
    document.body.appendChild(frame);
  }

  function post(message) {
    if (frameReady && frame.contentWindow) frame.contentWindow.postMessage(message, appOrigin);
  }

  function setOpen(next) {
    if (!frame) makeFrame();
    open = next;
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    frame.style.display = open ? "block" : "none";
    if (open) {
      if (window.innerWidth < 480) { frame.style.right = "12px"; frame.style.bottom = "72px"; }
      post({ type: "switchboard:open" });
      frame.focus();
    } else {
      launcher.focus();
    }
  }

  launcher.addEventListener("click", function () { setOpen(!open); });
  document.addEventListener("keydown", function (event) {
    if (open && event.key === "Escape") setOpen(false);
  });
  window.addEventListener("message", function (event) {
    if (!frame || event.source !== frame.contentWindow || event.origin !== appOrigin) return;
    var data = event.data || {};
    if (data.type === "switchboard:hello") {
      frameReady = true;
      post({ type: "switchboard:parent" });
      if (open) post({ type: "switchboard:open" });
    }
    else if (data.type === "switchboard:close") setOpen(false);
  });

  function mount() { document.body.appendChild(launcher); }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
`;
