// 平安巡逻's service worker: the officer's phone page opens with no signal. It keeps the page's
// last copy and the files it needs; it never touches a write (only GETs are answered from the
// cache) and never caches the API: taps and fixes wait in the page's own queue (offline-queue.js).
// Served from /patrol/ so its scope covers /patrol/phone.
'use strict';
var CACHE = 'pingan-patrol-v4';
var PAGE = '/patrol/phone';
var FILES = ['/css/app.css', '/css/patrol-phone.css', '/js/page-actions.js', '/js/offline-queue.js', '/js/patrol-phone.js', '/js/phone-alert.js', '/js/patrol-tasks.js', '/js/phone-notices.js', '/js/phone-field-records.js', '/vendor/leaflet/leaflet.js', '/vendor/leaflet/leaflet.css',
             '/patrol/manifest.json', '/patrol/icon-192.png', '/patrol/icon-512.png', '/favicon.ico'];
// With a weak signal a request can hang: the page's copy is shown after this long.
var NETWORK_WAIT_MS = 4000;

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(FILES);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf('pingan-patrol-') === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

/// The page sends its own copy once its script has taken the page's state for the phone's: the
/// copy kept is always one the phone has seen, never a newer one from behind its back (which would
/// look fresher than the taps the phone made since).
self.addEventListener('message', function (event) {
  var data = event.data || {};
  if (data.type !== 'keep-page' || typeof data.html !== 'string') return;
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.put(PAGE, new Response(data.html, { headers: { 'Content-Type': 'text/html; charset=utf-8' } }));
  }));
});

function withTimeout(promise, ms) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error('timeout')); }, ms);
    promise.then(function (v) { clearTimeout(timer); resolve(v); }, function (e) { clearTimeout(timer); reject(e); });
  });
}

self.addEventListener('fetch', function (event) {
  var req = event.request;
  if (req.method !== 'GET') return;  // writes always go to the network, never to a cache
  var url = new URL(req.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf('/api/') === 0) return;

  if (req.mode === 'navigate' && url.pathname === PAGE) {
    // The network first (the newest shift and units), the last copy when there is no signal.
    var network = fetch(req);
    network.catch(function () {});
    event.respondWith(withTimeout(network, NETWORK_WAIT_MS).catch(function () {
      return caches.match(PAGE).then(function (hit) {
        return hit || network.catch(function () {
          return new Response('<!doctype html><meta charset="utf-8"><title>离线</title><p>没有信号，本机还没有保存巡逻勤务页。有信号时打开一次即可离线使用。</p>',
                              { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
        });
      });
    }));
    return;
  }

  if (FILES.indexOf(url.pathname) >= 0) {
    // The saved file at once; a fresh copy for next time when the network answers.
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return cache.match(url.pathname).then(function (hit) {
        var fresh = fetch(req).then(function (res) {
          if (res.status === 200) cache.put(url.pathname, res.clone());
          return res;
        });
        if (hit) { event.waitUntil(fresh.catch(function () {})); return hit; }
        return fresh;
      });
    }));
  }
});
