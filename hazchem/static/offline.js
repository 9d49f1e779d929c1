// On every page: install the service worker (pages opened before open again without a network), say
// when the phone is offline, and stop a form that needs the server (a signature, a submission) from
// failing silently: it says plainly that it waits for the network. Texts come in the page's language
// from this script's data attributes.
(function () {
  "use strict";
  var script = document.currentScript;
  var say = script ? script.dataset : {};
  var OFFLINE_PAGE = "/scan/put-away";

  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      if (!registration.active || !document.querySelector("form.logout")) return null;
      // The first page a worker sees was loaded before it ran: keep it now, so it opens offline too;
      // and keep the put-away scan page of a logged-in user even before its first visit.
      if (document.getElementById("offline-scans")) registration.active.postMessage({ keep: location.pathname });
      return caches.match(OFFLINE_PAGE).then(function (kept) {
        if (!kept) registration.active.postMessage({ keep: OFFLINE_PAGE });
      });
    }).catch(function () { return null; });
  }

  function banner() {
    var main = document.querySelector("main");
    var shown = document.getElementById("offline-banner");
    if (navigator.onLine) { if (shown) shown.remove(); return; }
    if (shown || !main || !say.offline) return;
    var p = document.createElement("p");
    p.id = "offline-banner";
    p.className = "flash flash-warning";
    p.setAttribute("role", "status");
    p.textContent = say.offline;
    main.insertBefore(p, main.firstChild);
  }

  function needsNetwork(form) {
    var note = form.querySelector(".needs-network");
    if (!note) {
      note = document.createElement("p");
      note.className = "flash flash-error needs-network";
      note.setAttribute("role", "alert");
      form.appendChild(note);
    }
    note.textContent = say.needsNetwork || "";
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var posted = (form.getAttribute("method") || "get").toLowerCase() === "post";
    if (!navigator.onLine && posted && !form.hasAttribute("data-offline-ok")) {
      event.preventDefault();
      needsNetwork(form);
      return;
    }
    if (form.matches("form.logout") && "serviceWorker" in navigator && navigator.serviceWorker.controller) {
      // Pages kept on the phone are this account's: another account on the phone must not see them.
      navigator.serviceWorker.controller.postMessage({ forgetPages: true });
    }
  }, true);

  window.addEventListener("online", function () {
    banner();
    document.querySelectorAll(".needs-network").forEach(function (note) { note.remove(); });
  });
  window.addEventListener("offline", banner);
  banner();
})();
