// hazchem's service worker: the app shell (styles, scripts, icons) is kept on the phone, and pages
// are fetched from the network first and kept, so a page opened before opens again without one.
// Only GET requests of this site are touched; form posts and JSON calls always go to the server.
"use strict";

var SHELL_CACHE = "hazchem-shell-v2";
var PAGE_CACHE = "hazchem-pages";
var SHELL = [
  "/static/hazchem.css",
  "/static/offline.js",
  "/static/offline-queue.js",
  "/static/layout.js",
  "/static/scan-camera.js",
  "/static/vendor/idb-keyval.umd.js",
  "/static/vendor/zxing-library.min.js",
  "/static/manifest.webmanifest",
  "/static/icons/icon-192.png",
  "/static/icons/icon-512.png"
];
// Answers that must always come from the server (they carry a session's token or a live state).
var NEVER_CACHED = /^\/(api|login|logout|lang|scan\/put-away\/(state|sync))(\/|$)/;

self.addEventListener("install", function (event) {
  event.waitUntil(
    // Pages are not fetched here: installing runs beside the login form, and a page fetched with the
    // cookie from before login would answer with that anonymous session and undo the login. A
    // logged-in page asks for them instead (offline.js).
    caches.open(SHELL_CACHE).then(function (cache) { return cache.addAll(SHELL); }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("hazchem-shell-") === 0 && name !== SHELL_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.keep) event.waitUntil(keepPage(data.keep));
  if (data.forgetPages) event.waitUntil(caches.delete(PAGE_CACHE));
});

function keepable(response) {
  return response && response.ok && !response.redirected && response.type === "basic" &&
    (response.headers.get("Content-Type") || "").indexOf("text/html") === 0;
}

function keepPage(path) {
  return fetch(path, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
    if (!keepable(response)) return null;
    return caches.open(PAGE_CACHE).then(function (cache) { return cache.put(path, response); });
  }).catch(function () { return null; });
}

function offlinePage() {
  var html = '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<link rel="stylesheet" href="/static/hazchem.css"><title>离线 · Offline</title></head><body><main>' +
    '<h1>离线 <span lang="en">Offline</span></h1>' +
    '<p>此页面未保存在本设备上，需要网络。<span lang="en">This page is not kept on this phone: it needs the network.</span></p>' +
    '<p><a href="/scan/put-away">扫描放入贮存（离线可用） <span lang="en">Put away by scanning (works offline)</span></a></p>' +
    "</main></body></html>";
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || NEVER_CACHED.test(url.pathname)) return;
  if (request.mode === "navigate") {
    // Network first: a page online is always current; the kept copy is for when there is no network.
    event.respondWith(
      fetch(request).then(function (response) {
        if (keepable(response)) {
          var copy = response.clone();
          event.waitUntil(caches.open(PAGE_CACHE).then(function (cache) { return cache.put(request, copy); }));
        }
        return response;
      }).catch(function () {
        return caches.match(request).then(function (kept) {
          return kept || caches.match(url.pathname);
        }).then(function (kept) {
          return kept || offlinePage();
        });
      })
    );
    return;
  }
  if (url.pathname.indexOf("/static/") === 0) {
    // The shell: from the phone when kept, so it opens offline; refreshed from the network behind it.
    event.respondWith(
      caches.open(SHELL_CACHE).then(function (cache) {
        return cache.match(request).then(function (kept) {
          var fresh = fetch(request).then(function (response) {
            if (response.ok) return cache.put(request, response.clone()).then(function () { return response; });
            return response;
          });
          if (!kept) return fresh;
          event.waitUntil(fresh.catch(function () { return null; }));
          return kept;
        });
      })
    );
  }
});
