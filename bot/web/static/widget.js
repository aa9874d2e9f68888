/* The school's chat widget: <script src="https://HOST/widget.js" data-school="ID" defer></script>
 * Plain JavaScript, no cookies, no inline code. The UI lives in a shadow root so the school's
 * CSS cannot reach it. Everything from the server is shown as text, never as HTML. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.parentSupportChat) { return; }
  var base = new URL(script.src, location.href).origin;
  var school = script.getAttribute("data-school") || "";
  var KEY = "parent-support-chat:" + school;
  var DEFAULT_EXIT = "https://www.bbc.co.uk/weather";
  var POLL_WAIT_S = 25;
  var MAX_BACKOFF_MS = 30000;

  var config = null;
  var session = null;          // {sender, token}
  var queue = [];              // what the parent typed and the server has not taken yet
  var seen = {};               // message ids already shown
  var lastId = 0;
  var sending = false, polling = false, stopped = false;
  var sendBackoff = 1000, pollBackoff = 1000, sendTimer = null, pollTimer = null;
  var lastEscape = 0, typingTimer = null;
  var host, root, ui = {};

  window.parentSupportChat = { quickExit: quickExit };

  // ---- storage: sessionStorage unless the parent chose "remember me on this device" --------
  function store(remembered) { return remembered ? window.localStorage : window.sessionStorage; }
  function read(storage, suffix) {
    try { return JSON.parse(storage.getItem(KEY + suffix) || "null"); } catch (e) { return null; }
  }
  function remembered() { return !!read(window.localStorage, ""); }
  function save() {
    var keep = remembered() || (ui.remember && ui.remember.checked);
    try {
      store(!keep).removeItem(KEY); store(!keep).removeItem(KEY + ":queue");
      if (session) { store(keep).setItem(KEY, JSON.stringify(session)); }
      store(keep).setItem(KEY + ":queue", JSON.stringify(queue));
    } catch (e) { /* storage full or blocked: the chat still works for this page */ }
  }
  function load() {
    var storage = remembered() ? window.localStorage : window.sessionStorage;
    session = read(storage, "");
    queue = read(storage, ":queue") || [];
  }
  function forget() {
    [window.sessionStorage, window.localStorage].forEach(function (s) {
      try { s.removeItem(KEY); s.removeItem(KEY + ":queue"); } catch (e) { /* nothing to clear */ }
    });
  }

  function randomHex(bytes) {
    var a = new Uint8Array(bytes);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // ---- HTTP -------------------------------------------------------------------------------
  function api(path, body) {
    var options = { method: body ? "POST" : "GET", credentials: "omit", cache: "no-store", mode: "cors" };
    if (body) {
      options.headers = { "Content-Type": "application/json" };
      options.body = JSON.stringify(body);
    }
    return fetch(base + path, options).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) { return { status: r.status, data: data }; });
    });
  }

  // ---- building the UI ----------------------------------------------------------------------
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function build() {
    // A custom element name of its own: the school's rules for div and the like do not match it.
    host = el("parent-support-chat", { id: "parent-support-chat", "data-ready": "false" });
    host.style.setProperty("all", "initial");
    root = host.attachShadow({ mode: "open" });
    var wrap = el("div", { "class": "ps" });
    ui.exit = el("button", { type: "button", "class": "exit" }, "Leave this site");
    ui.launcher = el("button", { type: "button", "class": "launcher", "aria-expanded": "false",
      "aria-controls": "ps-panel", "aria-haspopup": "dialog" }, "Chat with us");
    ui.badge = el("span", { "class": "badge", hidden: "" }, "New");
    ui.launcher.appendChild(ui.badge);
    ui.panel = el("div", { id: "ps-panel", "class": "panel", role: "dialog", "aria-modal": "true",
      "aria-labelledby": "ps-title", hidden: "" });

    var head = el("div", { "class": "head" });
    ui.title = el("h2", { id: "ps-title" }, "Chat with us");
    ui.panelExit = el("button", { type: "button", "class": "exit small" }, "Leave this site");
    ui.close = el("button", { type: "button", "class": "close" }, "Close");
    ui.close.setAttribute("aria-label", "Close the chat");
    head.appendChild(ui.title); head.appendChild(ui.panelExit); head.appendChild(ui.close);

    ui.body = el("div", { "class": "body", role: "region", "aria-label": "Chat messages", tabindex: "0" });
    ui.intro = el("p", { "class": "intro" });
    ui.hours = el("p", { "class": "hours", hidden: "" });
    ui.lines = el("details", { "class": "lines" });
    ui.lines.appendChild(el("summary", {}, "Help day or night"));
    ui.linesList = el("ul");
    ui.lines.appendChild(ui.linesList);
    ui.log = el("div", { "class": "log", role: "log", "aria-live": "polite", "aria-label": "Conversation" });
    ui.body.appendChild(ui.intro); ui.body.appendChild(ui.hours); ui.body.appendChild(ui.lines);
    ui.body.appendChild(ui.log);

    ui.typing = el("p", { "class": "typing", hidden: "" }, "The helper is writing a reply");
    ui.status = el("p", { "class": "status", role: "status" });

    ui.form = el("form", { "class": "compose" });
    var label = el("label", { "for": "ps-input" }, "Your message");
    ui.input = el("textarea", { id: "ps-input", rows: "2", maxlength: "4000", autocomplete: "off" });
    ui.send = el("button", { type: "submit", "class": "send" }, "Send");
    ui.form.appendChild(label); ui.form.appendChild(ui.input); ui.form.appendChild(ui.send);

    var rememberLabel = el("label", { "class": "remember" });
    ui.remember = el("input", { type: "checkbox" });
    rememberLabel.appendChild(ui.remember);
    rememberLabel.appendChild(document.createTextNode(" Remember me on this device"));

    [head, ui.body, ui.typing, ui.status, ui.form, rememberLabel].forEach(function (n) { ui.panel.appendChild(n); });
    wrap.appendChild(ui.panel); wrap.appendChild(ui.exit); wrap.appendChild(ui.launcher);
    root.appendChild(wrap);
    document.body.appendChild(host);
  }

  function styles() {
    var url = base + "/widget.css";
    if (window.CSSStyleSheet && "adoptedStyleSheets" in Document.prototype) {
      return fetch(url, { credentials: "omit", mode: "cors" }).then(function (r) { return r.text(); }).then(function (css) {
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        root.adoptedStyleSheets = [sheet];
      });
    }
    return new Promise(function (resolve) {
      var link = el("link", { rel: "stylesheet", href: url });
      link.addEventListener("load", resolve); link.addEventListener("error", resolve);
      root.insertBefore(link, root.firstChild);
    });
  }

  function applyConfig(c) {
    config = c;
    host.style.setProperty("--ps-brand", c.colour);
    ui.title.textContent = c.short_name + " helper";
    ui.intro.textContent = c.intro;
    ui.linesList.textContent = "";
    (c.lines || []).forEach(function (line) {
      var item = el("li");
      item.appendChild(el("strong", {}, line.name + ": " + line.number));
      item.appendChild(document.createTextNode(" " + line.note));
      ui.linesList.appendChild(item);
    });
    ui.hours.hidden = !c.out_of_hours;
    ui.hours.textContent = c.out_of_hours || "";
    ui.lines.open = !!c.out_of_hours;
  }

  function loadConfig(delay) {
    return api("/chat/config/" + encodeURIComponent(school)).then(function (r) {
      if (r.status === 200) { applyConfig(r.data); }
    }).catch(function () {
      setTimeout(function () { loadConfig(Math.min(delay * 2, MAX_BACKOFF_MS)); }, delay);
    });
  }

  // ---- messages -----------------------------------------------------------------------------
  var URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)]/g;

  function textWithLinks(node, text) {
    var at = 0, match;
    URL_PATTERN.lastIndex = 0;
    while ((match = URL_PATTERN.exec(text))) {
      node.appendChild(document.createTextNode(text.slice(at, match.index)));
      var link = el("a", { href: match[0], target: "_blank", rel: "noopener noreferrer nofollow" }, match[0]);
      node.appendChild(link);
      at = match.index + match[0].length;
    }
    node.appendChild(document.createTextNode(text.slice(at)));
  }

  function who(m) {
    if (m.from === "parent") { return "You"; }
    if (m.from === "staff" || m.staff_name) { return (m.staff_name || "School staff") + ", school staff"; }
    return "Helper (automated)";
  }

  function bubble(m, extraClass) {
    var kind = m.from === "parent" ? "parent" : (m.from === "staff" || m.staff_name ? "staff" : "bot");
    var item = el("div", { "class": "msg " + kind + (extraClass ? " " + extraClass : "") });
    item.appendChild(el("span", { "class": "who" }, who(m)));
    var body = el("p", { "class": "text" });
    textWithLinks(body, String(m.text || ""));
    item.appendChild(body);
    return item;
  }

  function scrollDown() { ui.body.scrollTop = ui.body.scrollHeight; }

  function showMessage(m) {
    if (m.id && seen[m.id]) { return; }
    if (m.id) { seen[m.id] = true; lastId = Math.max(lastId, m.id); }
    if (m.from === "parent") {
      var pending = ui.log.querySelector('[data-client-id="' + CSS.escape(m.client_id || "") + '"]');
      if (pending) { pending.classList.remove("pending"); pending.removeAttribute("data-client-id"); return; }
      disableOldChoices();
    }
    if (m.text) { ui.log.appendChild(bubble(m)); }
    if (m.buttons && m.buttons.length) { showChoices(m.buttons); }
    if (m.from !== "parent") {
      hideTyping();
      if (!queue.length) { setStatus(""); }
      if (ui.panel.hidden) { ui.badge.hidden = false; }
    }
    scrollDown();
  }

  function showPending(item) {
    var node = bubble({ from: "parent", text: item.text }, "pending");
    node.setAttribute("data-client-id", item.id);
    ui.log.appendChild(node);
    scrollDown();
  }

  function showChoices(buttons) {
    var row = el("div", { "class": "choices", role: "group", "aria-label": "Choose a reply" });
    buttons.forEach(function (b) {
      var button = el("button", { type: "button" }, String(b.title || ""));
      button.addEventListener("click", function () { submit(String(b.title || "")); });
      row.appendChild(button);
    });
    ui.log.appendChild(row);
  }

  function disableOldChoices() {
    Array.prototype.forEach.call(ui.log.querySelectorAll(".choices button"), function (b) { b.disabled = true; });
  }

  function showTyping() {
    ui.typing.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, 30000);
  }
  function hideTyping() { ui.typing.hidden = true; clearTimeout(typingTimer); }
  function setStatus(text) { ui.status.textContent = text || ""; }

  // ---- session, sending and the long poll ---------------------------------------------------
  function ensureSession() {
    if (session) { return Promise.resolve(session); }
    return api("/chat/session", { school: school }).then(function (r) {
      if (r.status !== 200) { throw new Error("session refused"); }
      session = r.data; save(); startPolling();
      return session;
    });
  }

  function submit(text) {
    text = text.trim();
    if (!text) { return; }
    var item = { id: randomHex(12), text: text };
    queue.push(item); save();
    disableOldChoices();
    showPending(item);
    flush();
  }

  function retrySend() {
    setStatus("You seem to be offline. Your message is kept and will send when the connection is back.");
    clearTimeout(sendTimer);
    sendTimer = setTimeout(flush, sendBackoff);
    sendBackoff = Math.min(sendBackoff * 2, MAX_BACKOFF_MS);
  }

  function flush() {
    if (sending || stopped || !queue.length) { return; }
    sending = true;
    var item = queue[0];
    ensureSession().then(function (s) {
      showTyping();
      return api("/chat/send", { sender: s.sender, token: s.token, message: item.text, client_id: item.id,
        metadata: { school: school } });
    }).then(function (r) {
      sending = false;
      if (r.status === 403 && session) {           // a session this server no longer knows
        session = null; save(); flush(); return;
      }
      if (r.status >= 500 || r.status === 429) { hideTyping(); retrySend(); return; }
      queue.shift(); save();
      sendBackoff = 1000;
      setStatus(r.status === 202 ? r.data.notice : "");
      if (r.status === 202) { hideTyping(); }
      if (r.status >= 400) {
        hideTyping();
        showMessage({ from: "assistant", text: r.data.error || "Sorry, that message could not be sent." });
      }
      (r.data.messages || []).forEach(showMessage);
      flush();
    }).catch(function () {
      sending = false;
      hideTyping();
      retrySend();
    });
  }

  function startPolling() {
    if (polling || stopped || !session) { return; }
    polling = true;
    api("/chat/poll", { sender: session.sender, token: session.token, after: lastId, wait: POLL_WAIT_S })
      .then(function (r) {
        polling = false;
        if (r.status === 403) { session = null; save(); return; }
        if (r.status !== 200) { throw new Error("poll " + r.status); }
        pollBackoff = 1000;
        (r.data.messages || []).forEach(showMessage);
        startPolling();
      })
      .catch(function () {
        polling = false;
        clearTimeout(pollTimer);
        pollTimer = setTimeout(startPolling, pollBackoff);
        pollBackoff = Math.min(pollBackoff * 2, MAX_BACKOFF_MS);
      });
  }

  function reconnectNow() {
    sendBackoff = pollBackoff = 1000;
    clearTimeout(sendTimer); clearTimeout(pollTimer);
    flush(); startPolling();
  }

  // ---- opening, closing, keyboard -----------------------------------------------------------
  function focusables() {
    return Array.prototype.filter.call(
      ui.panel.querySelectorAll("button, textarea, input, summary, a[href], [tabindex='0']"),
      function (n) { return !n.disabled && n.offsetParent !== null; });
  }

  function openPanel() {
    ui.panel.hidden = false;
    ui.exit.hidden = true;
    ui.launcher.hidden = true;
    ui.launcher.setAttribute("aria-expanded", "true");
    ui.badge.hidden = true;
    scrollDown();
    ui.input.focus();
  }

  function closePanel() {
    ui.panel.hidden = true;
    ui.exit.hidden = false;
    ui.launcher.hidden = false;
    ui.launcher.setAttribute("aria-expanded", "false");
    ui.launcher.focus();
  }

  function trapFocus(event) {
    if (event.key !== "Tab" || ui.panel.hidden) { return; }
    var items = focusables();
    if (!items.length) { return; }
    var first = items[0], last = items[items.length - 1], active = root.activeElement;
    if (event.shiftKey && (active === first || items.indexOf(active) < 0)) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && (active === last || items.indexOf(active) < 0)) { event.preventDefault(); first.focus(); }
  }

  function onKey(event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    if (now - lastEscape < 1500) { quickExit(); return; }
    lastEscape = now;
    if (!ui.panel.hidden) { closePanel(); }
  }

  // Leave at once: nothing of the chat is left in this tab, and Back does not return here.
  function quickExit() {
    stopped = true;
    forget();
    try { window.sessionStorage.clear(); } catch (e) { /* already gone */ }
    var target = (config && config.exit_url) || DEFAULT_EXIT;
    if (host) { host.remove(); }
    document.title = "";
    if (document.body) { document.body.textContent = ""; }
    location.replace(target);
  }

  function wire() {
    ui.launcher.addEventListener("click", openPanel);
    ui.close.addEventListener("click", closePanel);
    ui.exit.addEventListener("click", quickExit);
    ui.panelExit.addEventListener("click", quickExit);
    ui.panel.addEventListener("keydown", trapFocus);
    document.addEventListener("keydown", onKey, true);
    ui.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = ui.input.value;
      ui.input.value = "";
      submit(text);
    });
    ui.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); ui.form.requestSubmit(); }
    });
    ui.remember.addEventListener("change", function () {
      if (!ui.remember.checked) {
        try { window.localStorage.removeItem(KEY); window.localStorage.removeItem(KEY + ":queue"); } catch (e) { /* */ }
      }
      save();
    });
    window.addEventListener("online", reconnectNow);
  }

  function start() {
    build();
    wire();
    load();
    ui.remember.checked = remembered();
    queue.forEach(showPending);
    Promise.all([styles(), loadConfig(1000)]).catch(function () { /* shown unstyled rather than not at all */ })
      .then(function () {
        host.setAttribute("data-ready", "true");
        if (window.performance && performance.mark) { performance.mark("parent-support-chat-ready"); }
      });
    if (session) { startPolling(); }
    flush();
  }

  if (document.body) { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
