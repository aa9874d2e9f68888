// A basic chat box for the demo page: text only, never HTML.
(function () {
  "use strict";
  var section = document.querySelector(".chat");
  var log = document.getElementById("chat-log");
  var form = document.getElementById("chat-form");
  var input = document.getElementById("chat-input");
  var school = section.getAttribute("data-school");
  var key = "parent-support-session";

  function sessionId() {
    var id = sessionStorage.getItem(key);
    if (!id) {
      var bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);
      id = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
      sessionStorage.setItem(key, id);
    }
    return id;
  }

  function show(text, who, staffName) {
    var p = document.createElement("p");
    p.className = "msg " + who;
    p.textContent = staffName ? staffName + " (school staff): " + text : text;
    log.appendChild(p);
    log.scrollTop = log.scrollHeight;
  }

  function showButtons(buttons) {
    var row = document.createElement("div");
    row.className = "choices";
    buttons.forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = b.title;
      button.addEventListener("click", function () { row.remove(); send(b.payload, b.title); });
      row.appendChild(button);
    });
    log.appendChild(row);
  }

  function send(text, label) {
    show(label || text, "parent");
    fetch("/chat/send", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: sessionId(), message: text, metadata: { school: school } })
    }).then(function (r) { return r.json(); }).then(function (body) {
      (body.messages || []).forEach(function (m) {
        if (m.text) { show(m.text, "bot"); }
        if (m.buttons && m.buttons.length) { showButtons(m.buttons); }
      });
      if (body.error) { show(body.error, "bot"); }
    }).catch(function () {
      show("Sorry, the message didn't send. Please try again. If someone is in danger, call 999.", "bot");
    });
  }

  function poll() {
    if (!sessionStorage.getItem(key)) { return; }
    fetch("/chat/poll", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: sessionId() })
    }).then(function (r) { return r.json(); }).then(function (body) {
      (body.messages || []).forEach(function (m) {
        if (m.text) { show(m.text, m.staff_name ? "staff" : "bot", m.staff_name); }
      });
    }).catch(function () { /* try again at the next tick */ });
  }
  setInterval(poll, 3000);

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    send(text);
  });
})();
