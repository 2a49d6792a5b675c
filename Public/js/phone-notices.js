// The officer's video notices (P7, 视频通报): each notice sent to the unit the officer is on and
// not yet acknowledged, with its photo and the suspect's or vehicle's features, and a big 收到
// button. The tap goes through PinganQueue (an id made here, the time of the tap), so with no
// signal it waits and is stored once when sent; the card shows 已收到 at once. Until every notice
// shown is acknowledged the phone sounds and vibrates, like the task card, with a tone of its own.
(function () {
  'use strict';
  var STATE = 'pingan.patrol.phone.v1';
  var NOTICES = 'pingan.patrol.notices.v1';
  var POLL_MS = 8000;
  var ALERT_MS = 8000;
  var app = document.getElementById('phone-app');
  var box = document.getElementById('phone-notices');
  if (!app || !box || !window.PinganQueue) return;
  var Q = window.PinganQueue;

  function read(key, fallback) { try { var v = JSON.parse(localStorage.getItem(key) || 'null'); return v === null ? fallback : v; } catch (e) { return fallback; } }
  function write(key, value) { localStorage.setItem(key, JSON.stringify(value)); }
  function shift() { var s = read(STATE, null); return s && s.shift; }
  function esc(s) { return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }
  function time(at) { return new Date(at).toLocaleString('zh-CN', { hour12: false, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }); }

  /// Whether the unit's 收到 is on the server or waiting in the queue.
  function acknowledged(n, unitId) {
    var mine = (n.recipients || []).filter(function (r) { return r.unitId === unitId; })[0];
    if (mine && mine.acknowledgedAt) return 'sent';
    var queued = Q.mine().some(function (e) { return e.kind === 'notice-ack' && e.meta && e.meta.noticeId === n.id && e.meta.unitId === unitId && !e.error; });
    return queued ? 'queued' : (read(NOTICES, {}).tapped || {})[n.id + '/' + unitId] ? 'sent' : null;
  }

  // MARK: From the server (kept for opening with no signal)

  function poll() {
    var s = shift();
    if (!s || !navigator.onLine) { render(); return; }
    fetch('/api/v1/video-notices?open=true&limit=20', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; }).then(function (page) {
        if (!page) { render(); return; }
        var kept = read(NOTICES, {});
        // The list holds only what the unit has still to acknowledge; a tap just sent may not be
        // in it yet, so the phone's own marks stay.
        write(NOTICES, { unitId: s.unitId, items: page.items, tapped: kept.tapped || {} });
        render();
      }, function () { render(); });
  }

  // MARK: The cards

  function render() {
    var s = shift(), kept = read(NOTICES, {});
    var items = s && kept.unitId === s.unitId ? (kept.items || []) : [];
    var pending = 0;
    var html = items.map(function (n) {
      var state = acknowledged(n, s.unitId);
      if (!state) pending += 1;
      return '<article class="video-card' + (state ? ' acknowledged' : '') + '" data-notice="' + esc(n.id) + '">'
        + '<h2>' + (state ? '视频通报' : '视频通报！') + ' · ' + esc(n.kindLabel) + (n.plate ? ' · ' + esc(n.plate) : '') + '</h2>'
        + (n.photoUrl ? '<img class="notice-photo" src="' + esc(n.photoUrl) + '" alt="通报照片">' : '')
        + '<p class="big-text">' + esc(n.description) + '</p>'
        + '<p>' + time(n.seenAt) + ' ' + esc(n.place.label) + (n.cameraName ? '（' + esc(n.cameraName) + '）' : '') + '</p>'
        + '<p class="muted small">' + esc(n.raisedBy) + ' 发布 · 通报 ' + esc((n.grids || []).map(function (g) { return g.name; }).join('、')) + '</p>'
        + (state ? '<p class="notice-state">' + (state === 'queued' ? '已收到（无信号，待发送）' : '已收到') + '</p>'
                 : '<button type="button" class="big notice-ack">收到</button>')
        + '</article>';
    }).join('');
    box.hidden = !html;
    // Redrawn only when it changed: a poll must not swap the button under the officer's finger.
    if (box.dataset.html !== html) {
      box.dataset.html = html;
      box.innerHTML = html;
      box.querySelectorAll('.notice-ack').forEach(function (b) {
        b.addEventListener('click', function () { acknowledge(b.closest('.video-card').dataset.notice); });
      });
    }
    app.dataset.notices = String(items.length);
    alerting(pending > 0);
  }

  function acknowledge(noticeId) {
    var s = shift();
    if (!s) return;
    var id = Q.uuid();
    var kept = read(NOTICES, {});
    kept.tapped = kept.tapped || {};
    kept.tapped[noticeId + '/' + s.unitId] = true;
    write(NOTICES, kept);
    Q.enqueue({ id: id, kind: 'notice-ack', meta: { noticeId: noticeId, unitId: s.unitId }, label: s.callSign + ' 收到视频通报',
                url: '/api/v1/video-notices/' + noticeId + '/acknowledge', body: { id: id, unitId: s.unitId, at: new Date().toISOString() } })
      .then(render, render);
    render();
  }

  Q.onChange(function (entries) {
    entries.forEach(function (e) {
      if (e.kind !== 'notice-ack' || !e.error || !(e.status >= 400 && e.status < 500 && e.status !== 401)) return;
      // Refused (the notice is no longer the unit's): say so, forget the tap and ask again.
      var err = document.getElementById('phone-error');
      if (err) { err.textContent = '签收未被接受：' + e.error; err.hidden = false; }
      var kept = read(NOTICES, {});
      if (kept.tapped && e.meta) delete kept.tapped[e.meta.noticeId + '/' + e.meta.unitId];
      write(NOTICES, kept);
      setTimeout(function () { Q.remove(e.id); poll(); }, 0);
    });
    render();
  });

  // MARK: The alert: a two-tone call and vibration, repeated until acknowledged

  var ring = window.PinganPhoneAlert([660, 990], [200, 100, 200, 100, 200], ALERT_MS, function () {
    app.dataset.noticeAlerts = String(Number(app.dataset.noticeAlerts || 0) + 1);
  });
  function alerting(on) {
    app.dataset.noticeAlerting = on ? 'true' : 'false';
    ring(on);
  }

  var stopped = false;
  document.addEventListener('submit', function (e) { if (e.target.getAttribute && e.target.getAttribute('action') === '/logout') stopped = true; }, true);
  window.addEventListener('pagehide', function () { stopped = true; });

  render();
  poll();
  setInterval(function () { if (!stopped) poll(); }, POLL_MS);
  window.addEventListener('online', poll);
})();
