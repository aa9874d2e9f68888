// Live queue: redraws the table from server-sent events; a new critical case flashes a
// banner and plays a short tone (browsers allow sound only after the page has been clicked).
(function () {
  "use strict";
  var body = document.getElementById("queue-rows");
  if (!body || !window.EventSource) { return; }
  var banner = document.getElementById("new-critical");
  var empty = document.getElementById("queue-empty");
  var status = document.getElementById("live-status");
  var seen = {};
  Array.prototype.forEach.call(body.querySelectorAll("tr[data-case]"), function (tr) {
    seen[tr.getAttribute("data-case")] = true;
  });

  function cell(tr, text) {
    var td = document.createElement("td");
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  function row(item) {
    var tr = document.createElement("tr");
    tr.className = "level-" + item.level;
    tr.setAttribute("data-case", String(item.id));
    var link = document.createElement("a");
    link.href = "/inbox/cases/" + encodeURIComponent(item.id);
    link.textContent = "#" + item.id;
    cell(tr, "").appendChild(link);
    var level = document.createElement("span");
    level.className = "level";
    level.textContent = item.level;
    cell(tr, "").appendChild(level);
    cell(tr, item.category);
    cell(tr, item.channel);
    cell(tr, item.age);
    cell(tr, item.who);
    return tr;
  }

  function tone() {
    try {
      var Context = window.AudioContext || window.webkitAudioContext;
      var audio = new Context();
      var osc = audio.createOscillator();
      osc.frequency.value = 880;
      osc.connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + 0.4);
    } catch (e) { /* no sound available: the banner is enough */ }
  }

  var source = new EventSource("/inbox/events");
  source.addEventListener("queue", function (event) {
    var items = JSON.parse(event.data);
    var fresh = false;
    body.textContent = "";
    items.forEach(function (item) {
      var tr = row(item);
      if (!seen[item.id] && item.level === "critical") { fresh = true; tr.className += " fresh"; }
      seen[item.id] = true;
      body.appendChild(tr);
    });
    empty.hidden = items.length > 0;
    if (fresh) {
      banner.hidden = false;
      document.title = "(!) New critical case - Inbox";
      tone();
    }
    status.textContent = "Updates live.";
  });
  source.onerror = function () { status.textContent = "Reconnecting..."; };
})();
