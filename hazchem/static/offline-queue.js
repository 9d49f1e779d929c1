// Put-away scans queued on the phone: each scan is kept in IndexedDB with its Idempotency-Key, the
// device's scan time and the account, shown as waiting, and sent when the network is there. An entry
// leaves the queue only once the server answered it (done or refused); a resend reuses its key, so
// the server records it once.
(function () {
  "use strict";
  var root = document.getElementById("offline-scans");
  if (!root || !window.idbKeyval) return;
  var kv = window.idbKeyval;
  var store = kv.createStore("hazchem-offline", "scans");
  var text = root.dataset;
  var me = Number(text.userId);
  var KEPT_ANSWERS = 30;
  var flushing = null;

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    // Plain-http pages outside localhost have no randomUUID; getRandomValues works everywhere.
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function shownId(scanned) {
    // A label's QR code carries its page's address; the digital ID is its last segment.
    var parts = scanned.split("/");
    return decodeURIComponent(parts[parts.length - 1] || scanned);
  }

  function note(message, kind) {
    var el = document.getElementById("queue-note");
    if (!message) { el.hidden = true; el.textContent = ""; return; }
    el.className = "flash" + (kind ? " flash-" + kind : "");
    el.textContent = message;
    el.hidden = false;
  }

  function all() {
    return kv.values(store).then(function (items) {
      return items.sort(function (a, b) { return a.order - b.order; });
    });
  }

  function item(entry) {
    var li = document.createElement("li");
    var mark = document.createElement("span");
    var id = document.createElement("span");
    var rest = document.createElement("span");
    li.dataset.key = entry.key;
    id.className = "mono";
    id.textContent = shownId(entry.scanned);
    var when = new Date(entry.scanned_at).toLocaleString();
    if (entry.state === "waiting") {
      li.className = "waiting";
      mark.textContent = "⏳";
      var why = entry.user_id === me ? text.waiting : text.waiting + " · " + text.otherUser + " (" + entry.username + ")";
      rest.textContent = " · " + entry.facility_name + " · " + when + " · " + why;
    } else {
      li.className = entry.state === "done" ? "ok" : "bad";
      mark.textContent = entry.state === "done" ? "✔" : "✘";
      rest.textContent = " · " + (entry.state === "done" ? text.done : text.refused) + ": " + entry.message + " · " + when;
    }
    mark.setAttribute("aria-hidden", "true");
    li.appendChild(mark);
    li.appendChild(id);
    li.appendChild(rest);
    return li;
  }

  function render() {
    return all().then(function (entries) {
      var queued = document.getElementById("queued");
      var answered = document.getElementById("answered");
      queued.textContent = "";
      answered.textContent = "";
      entries.forEach(function (entry) {
        if (entry.state === "waiting") queued.appendChild(item(entry));
      });
      entries.slice().reverse().forEach(function (entry) {
        if (entry.state !== "waiting") answered.appendChild(item(entry));
      });
    });
  }

  function forgetOldAnswers() {
    return all().then(function (entries) {
      var answers = entries.filter(function (e) { return e.state !== "waiting"; });
      var old = answers.slice(0, Math.max(0, answers.length - KEPT_ANSWERS));
      return old.length ? kv.delMany(old.map(function (e) { return e.key; }), store) : null;
    });
  }

  function queue(scanned, select) {
    var option = select.options[select.selectedIndex];
    var entry = {
      key: newKey(),
      order: Date.now() + Math.random(),
      scanned: scanned,
      facility_id: Number(select.value),
      facility_name: option ? option.textContent.trim() : "",
      scanned_at: new Date().toISOString(),
      user_id: me,
      username: text.username,
      state: "waiting"
    };
    return kv.set(entry.key, entry, store).then(render);
  }

  function send(entry, token) {
    var shown = document.querySelector('#queued li[data-key="' + entry.key + '"] span:last-child');
    if (shown) shown.textContent = " · " + entry.facility_name + " · " + text.sending;
    return fetch(text.syncUrl, {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token, "Idempotency-Key": entry.key },
      body: JSON.stringify({
        scanned: entry.scanned,
        facility_id: entry.facility_id,
        scanned_at: entry.scanned_at,
        user_id: entry.user_id
      })
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      return (json ? response.json() : Promise.resolve({})).then(function (body) {
        if (body.outcome === "done" || body.outcome === "refused") {
          entry.state = body.outcome;
          entry.message = body.message;
          entry.answered_at = new Date().toISOString();
          return kv.set(entry.key, entry, store).then(function () { return "answered"; });
        }
        return response.status === 401 ? "log-in" : "unanswered";
      });
    });
  }

  function flushOnce() {
    if (!navigator.onLine) { note(text.offline, "warning"); return render(); }
    return fetch(text.stateUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 401) return { loggedOut: true };
        if (!response.ok) throw new Error("state " + response.status);
        return response.json();
      })
      .then(function (state) {
        if (state.loggedOut) { note(text.logIn, "warning"); return render(); }
        me = state.user_id;
        return all().then(function (entries) {
          var mine = entries.filter(function (e) { return e.state === "waiting" && e.user_id === state.user_id; });
          var problem = null;
          var chain = Promise.resolve();
          mine.forEach(function (entry) {
            chain = chain.then(function () {
              if (problem) return null;
              return send(entry, state.csrf_token).then(function (result) {
                if (result !== "answered") problem = result;
                return render();
              });
            });
          });
          return chain.then(function () {
            if (problem === "log-in") note(text.logIn, "warning");
            else if (problem) note(text.notSent, "warning");
            else note("");
          });
        });
      })
      .catch(function () { note(navigator.onLine ? text.notSent : text.offline, "warning"); })
      .then(forgetOldAnswers)
      .then(render);
  }

  function flush() {
    // One pass at a time; a pass asked for meanwhile runs after it (a scan queued during a send).
    var next = (flushing || Promise.resolve()).then(flushOnce, flushOnce);
    flushing = next;
    return next;
  }

  var form = document.getElementById("scan");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = form.elements.code;
      var scanned = input.value.trim();
      input.value = "";
      input.focus();
      if (!scanned) return;
      if (!form.elements.facility_id.value) { note(text.needStore, "error"); return; }
      queue(scanned, form.elements.facility_id).then(flush);
    });
  }
  window.addEventListener("online", flush);
  window.addEventListener("offline", function () { note(text.offline, "warning"); });
  render().then(flush);
})();
