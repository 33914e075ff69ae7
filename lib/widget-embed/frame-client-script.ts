/**
 * The widget frame's own script (served inline with the page's CSP nonce; no framework, so
 * the frame stays small). It learns the embedding page's origin from the browser
 * (location.ancestorOrigins, else the origin of the loader's reply to its hello message),
 * sends it as `parent_origin` with the headless signals, and runs the conversation. The
 * session token lives in this script's memory only: never in storage, never in the URL.
 * Text from the server is set as textContent, never as HTML.
 */
export const WIDGET_FRAME_SCRIPT = String.raw`(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("widget-config").textContent);
  var log = document.getElementById("log");
  var messages = document.getElementById("messages");
  var form = document.getElementById("composer");
  var input = document.getElementById("message");
  var send = document.getElementById("send");
  var endButton = document.getElementById("end");
  var closeButton = document.getElementById("close");
  var status = document.getElementById("status");
  var session = null;
  var starting = null;
  // The loader opened the chat and moved focus here: the message box takes it once usable.
  var wantsFocus = false;

  var REFUSALS = {
    domain: "This chat isn't available on this website.",
    blocked: "This chat isn't available from your location.",
    ip: "This chat isn't available from your location.",
    country: "This chat isn't available from your location.",
    bot: "This chat isn't available right now.",
    rate_limited: "Lots of people are chatting right now. Please try again in a moment.",
    quota: "Chat is unavailable at the moment. Please try again later."
  };

  function away() {
    return config.hours ? "We're away right now — our hours are " + config.hours + "." : "We're away right now. Please come back later.";
  }

  function say(role, text) {
    var item = document.createElement("li");
    item.className = "msg " + role;
    var who = document.createElement("span");
    who.className = "sr-only";
    who.textContent = role === "visitor" ? "You: " : config.title + ": ";
    var body = document.createElement("span");
    body.textContent = text;
    item.appendChild(who);
    item.appendChild(body);
    messages.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function setStatus(text, kind) {
    status.textContent = text || "";
    status.setAttribute("data-kind", kind || "");
    status.hidden = !text;
  }

  function setReady(ready) {
    input.disabled = !ready;
    send.disabled = !ready;
    endButton.disabled = !ready;
  }

  // lib/widget/bot.ts botSignalsSchema: what a headless or automated browser gives away.
  function headlessSignals() {
    var nav = window.navigator;
    return {
      webdriver: nav.webdriver === true,
      headless: /HeadlessChrome/.test(nav.userAgent || "") || (/Chrome\//.test(nav.userAgent || "") && !window.chrome),
      languages: (nav.languages || []).length
    };
  }

  function parentOrigin() {
    var ancestors = window.location.ancestorOrigins;
    if (ancestors && ancestors.length > 0) return Promise.resolve(ancestors[0]);
    if (window.parent === window) return Promise.resolve(null);
    return new Promise(function (resolve) {
      var timer = setTimeout(function () { window.removeEventListener("message", onReply); resolve(null); }, 3000);
      function onReply(event) {
        if (event.source !== window.parent || !event.data || event.data.type !== "switchboard:parent") return;
        clearTimeout(timer);
        window.removeEventListener("message", onReply);
        resolve(event.origin);
      }
      window.addEventListener("message", onReply);
    });
  }

  function api(path, body, token) {
    var headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (token) headers.Authorization = "Bearer " + token;
    return fetch(path, { method: "POST", headers: headers, body: JSON.stringify(body), credentials: "omit", cache: "no-store" })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) { return { status: response.status, data: data }; });
      });
  }

  function refusalText(data) {
    var error = (data && data.error) || {};
    var detail = Array.isArray(error.details) ? error.details[0] : error.details;
    var reason = detail ? detail.reason : null;
    if (error.code === "WIDGET_REFUSED") return reason === "outside_active_hours" ? away() : REFUSALS[reason] || REFUSALS.bot;
    if (error.code === "RATE_LIMITED") return REFUSALS.rate_limited;
    return "Something went wrong. Please try again in a moment.";
  }

  function start() {
    if (session || starting) return starting;
    setStatus("Connecting…", "info");
    starting = parentOrigin().then(function (origin) {
      // Opened as a page of its own (no embedding page): nothing to ask the server.
      if (!origin) return { status: 403, data: { error: { code: "WIDGET_REFUSED", details: [{ reason: "domain" }] } } };
      return api("/api/widget/" + config.widgetId + "/sessions", { parent_origin: origin, signals: headlessSignals() });
    }).then(function (result) {
      starting = null;
      if (result.status === 201 || result.status === 200) {
        session = { id: result.data.session_id, token: result.data.session_token };
        setStatus("", "");
        setReady(true);
        document.body.setAttribute("data-state", "open");
        if (wantsFocus) input.focus();
        return;
      }
      document.body.setAttribute("data-state", "refused");
      setStatus(refusalText(result.data), "refused");
    }, function () {
      starting = null;
      setStatus("We couldn't connect. Please check your connection and try again.", "refused");
    });
    return starting;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!session || !text) return;
    say("visitor", text);
    input.value = "";
    setReady(false);
    setStatus("Typing…", "info");
    api("/api/widget/sessions/" + session.id + "/messages", { text: text.slice(0, 2000) }, session.token).then(function (result) {
      setStatus("", "");
      if (result.status === 200 || result.status === 201) {
        say("agent", result.data.reply || "");
        setReady(true);
        input.focus();
      } else {
        setStatus(refusalText(result.data), "refused");
        if (result.status >= 500 || result.status === 429) setReady(true);
      }
    }, function () {
      setStatus("We couldn't send that. Please try again.", "refused");
      setReady(true);
    });
  });

  endButton.addEventListener("click", function () {
    if (!session) return;
    var ending = session;
    session = null;
    setReady(false);
    api("/api/widget/sessions/" + ending.id + "/end", {}, ending.token).then(function (result) {
      document.body.setAttribute("data-state", "ended");
      setStatus(result.status < 300 ? "Chat ended. Thank you!" : "The chat has ended.", "info");
    }, function () {
      setStatus("The chat has ended.", "info");
    });
  });

  closeButton.addEventListener("click", function () {
    window.parent.postMessage({ type: "switchboard:close" }, "*");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") window.parent.postMessage({ type: "switchboard:close" }, "*");
  });
  window.addEventListener("message", function (event) {
    if (event.source === window.parent && event.data && event.data.type === "switchboard:open") {
      wantsFocus = true;
      if (!input.disabled) input.focus(); else closeButton.focus();
    }
  });

  say("agent", config.greeting);
  setReady(false);
  start();
  // Tells the loader this frame is ready for its messages (open, and the reply whose origin
  // is the fallback for location.ancestorOrigins). It carries nothing.
  if (window.parent !== window) window.parent.postMessage({ type: "switchboard:hello" }, "*");
})();
`;
