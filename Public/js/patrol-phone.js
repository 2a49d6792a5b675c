// 巡逻勤务: the patrol officer's phone page (#9). Big one-tap buttons; every write goes through
// PinganQueue with an id made here and the time of the tap, so a tap with no signal is sent later
// and stored once. While the officer is on shift the page watches the phone's position and sends
// batches of fixes every 10 s with the phone's own device token (fetched at sign-on and kept in
// localStorage), and keeps the screen awake. A browser reports only while the page is open.
// The page's state is kept in localStorage too: the copy of this page the service worker shows
// with no signal is older than what the phone did since, and the phone's record wins over it.
(function () {
  'use strict';
  var STATE = 'pingan.patrol.phone.v1';
  var TOKENS = 'pingan.patrol.devices.v1';
  var FIXES = 'pingan.patrol.fixes.v1';
  var BATCH_MS = 10000;
  var MAX_BATCH = 500;
  var MAX_BUFFER = 10000;
  var app = document.getElementById('phone-app');
  if (!app || !window.PinganQueue) return;
  // This page as the server sent it (the script runs before it changes anything): the copy the
  // service worker keeps for opening with no signal.
  var pageCopy = '<!doctype html>\n' + document.documentElement.outerHTML;
  var Q = window.PinganQueue;
  var me = (document.querySelector('meta[name="pingan-user"]') || { getAttribute: function () { return ''; } }).getAttribute('content');
  var $ = function (id) { return document.getElementById(id); };

  var statuses = {};
  document.querySelectorAll('#status-table li').forEach(function (li) {
    statuses[li.dataset.status] = { label: li.dataset.label, colour: li.dataset.colour, next: li.dataset.next ? li.dataset.next.split(',') : [] };
  });

  function read(key, fallback) { try { var v = JSON.parse(localStorage.getItem(key) || 'null'); return v === null ? fallback : v; } catch (e) { return fallback; } }
  function write(key, value) { localStorage.setItem(key, JSON.stringify(value)); }

  // MARK: State: this page's copy or the phone's, whichever is newer

  function fromPage() {
    var d = app.dataset, s = { user: me, stamp: Number(d.renderedAt) || 0, shift: null, position: null };
    if (d.shiftId) {
      s.shift = { id: d.shiftId, unitId: d.unitId, callSign: d.callSign, signedOnAt: Number(d.signedOnAt), status: d.status };
      if (d.lat && d.lon) s.position = { lat: Number(d.lat), lon: Number(d.lon), at: Number(d.positionAt) };
    }
    // Taps still waiting in the queue happened after this page was made.
    Q.mine().forEach(function (e) {
      var m = e.meta || {};
      if (e.kind === 'sign-on') s.shift = { id: e.body.id, unitId: m.unitId, callSign: m.callSign, signedOnAt: Date.parse(e.body.at), status: 'available' };
      else if (e.kind === 'status' && s.shift && s.shift.unitId === m.unitId) s.shift.status = e.body.status;
      else if (e.kind === 'sign-off' && s.shift && s.shift.id === e.body.shiftId) s.shift = null;
    });
    return s;
  }

  var stored = read(STATE, null);
  var fresh = !stored || stored.user !== me || Number(app.dataset.renderedAt) > (stored.stamp || 0);
  var state = fresh ? fromPage() : stored;
  function save() { write(STATE, state); }
  save();

  // MARK: Signal

  var reachable = true;
  function setReachable(ok) { if (reachable !== ok) { reachable = ok; render(); } }
  Q.onNetwork(setReachable);
  window.addEventListener('online', function () { tick(); render(); });
  window.addEventListener('offline', render);
  function isOnline() { return navigator.onLine && reachable; }

  function showError(msg) { var el = $('phone-error'); el.textContent = msg || ''; el.hidden = !msg; }

  // MARK: Rendering

  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function clock(ms) { var d = new Date(ms); return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()); }

  function pending() { return Q.mine().filter(function (e) { return !e.error || e.kind === 'positions'; }); }

  function render() {
    var online = isOnline();
    var net = $('net-state');
    net.textContent = online ? '在线' : '离线（无信号）';
    net.className = 'net ' + (online ? 'online' : 'offline');
    var entries = Q.mine(), buffered = read(FIXES, []).length;
    var fixesQueued = entries.reduce(function (n, e) { return n + (e.kind === 'positions' ? e.body.fixes.length : 0); }, 0);
    var writes = entries.filter(function (e) { return e.kind !== 'positions'; }).length;
    $('queue-line').textContent = '待发送 ' + writes + ' 条 · 定位 ' + (fixesQueued + buffered) + ' 个';
    $('queue-line').dataset.writes = String(writes);
    $('queue-line').dataset.fixes = String(fixesQueued + buffered);

    var shift = state.shift;
    $('off-shift').hidden = !!shift;
    $('on-shift').hidden = !shift;
    if (shift) {
      var st = statuses[shift.status] || { label: shift.status, colour: '#616161', next: [] };
      $('call-sign').textContent = shift.callSign;
      var badge = $('status-badge');
      badge.textContent = st.label;
      badge.dataset.status = shift.status;
      badge.style.backgroundColor = st.colour;
      var box = $('next-status');
      if (box.dataset.for !== shift.status) {
        box.textContent = '';
        st.next.forEach(function (code) {
          var next = statuses[code];
          if (!next) return;
          var b = document.createElement('button');
          b.type = 'button'; b.className = 'big status-button'; b.dataset.status = code; b.textContent = next.label;
          b.style.backgroundColor = next.colour;
          b.addEventListener('click', function () { tap(code); });
          box.appendChild(b);
        });
        box.dataset.for = shift.status;
      }
      var p = state.position;
      $('position-line').textContent = p ? '最后定位：' + p.lat.toFixed(5) + ', ' + p.lon.toFixed(5) + '（' + clock(p.at) + '）' : '最后定位：尚无';
    }
    app.dataset.onShift = shift ? 'true' : 'false';
  }

  // MARK: Taps

  function enqueue(entry) {
    return Q.enqueue(entry).then(function () { render(); }, function () { render(); });
  }

  function signOn(unitId, callSign) {
    if (state.shift) return;
    var id = Q.uuid(), at = new Date();
    state.shift = { id: id, unitId: unitId, callSign: callSign, signedOnAt: at.getTime(), status: 'available' };
    save(); render(); watch();
    enqueue({ id: id, kind: 'sign-on', meta: { unitId: unitId, callSign: callSign }, label: '签到 ' + callSign,
              url: '/api/v1/units/' + unitId + '/sign-on', body: { id: id, at: at.toISOString() } });
  }

  function tap(code) {
    var shift = state.shift;
    if (!shift || !statuses[shift.status] || statuses[shift.status].next.indexOf(code) < 0) return;
    var id = Q.uuid(), at = new Date();
    shift.status = code;
    save(); render();
    enqueue({ id: id, kind: 'status', meta: { unitId: shift.unitId }, label: shift.callSign + ' ' + statuses[code].label,
              url: '/api/v1/units/' + shift.unitId + '/status', body: { id: id, status: code, at: at.toISOString() } });
  }

  var confirmTimer = null;
  function signOff() {
    var button = $('sign-off'), shift = state.shift;
    if (!shift) return;
    // Two taps: a pocket must not end the shift.
    if (!button.dataset.armed) {
      button.dataset.armed = 'true'; button.textContent = '再点一次确认签退';
      confirmTimer = setTimeout(function () { delete button.dataset.armed; button.textContent = '签退下岗'; }, 4000);
      return;
    }
    clearTimeout(confirmTimer); delete button.dataset.armed; button.textContent = '签退下岗';
    batch(true);  // the shift's last fixes go before the sign-off
    var at = new Date();
    state.shift = null;
    save(); render(); unwatch();
    enqueue({ id: Q.uuid(), kind: 'sign-off', meta: { unitId: shift.unitId }, label: '签退 ' + shift.callSign,
              url: '/api/v1/units/' + shift.unitId + '/sign-off', body: { shiftId: shift.id, at: at.toISOString() } });
  }

  // MARK: Device token

  var asking = false;
  function ensureToken() {
    var shift = state.shift;
    if (!shift || asking || read(TOKENS, {})[shift.unitId] || !isOnline()) return;
    if (Q.mine().some(function (e) { return e.kind === 'sign-on' && !e.error; })) return;  // not on the crew yet
    asking = true;
    Q.send('POST', '/api/v1/units/' + shift.unitId + '/devices', { kind: 'phone' }).then(function (r) {
      asking = false; setReachable(true);
      if (r.ok && r.body && r.body.token) {
        var tokens = read(TOKENS, {}); tokens[shift.unitId] = r.body.token; write(TOKENS, tokens);
        retoken(shift.unitId, r.body.token);
        batch(false);
      } else if (r.status !== 401) {
        showError('未能领取定位令牌：' + Q.errorMessage(r));
      }
    }, function () { asking = false; setReachable(false); });
  }

  /// Queued batches of `unitId` refused for their token (revoked) go again with the new one.
  function retoken(unitId, token) {
    Q.mine().forEach(function (e) {
      if (e.kind === 'positions' && e.meta && e.meta.unitId === unitId && e.status === 401) {
        Q.enqueue({ id: e.id, kind: e.kind, meta: e.meta, label: e.label, url: e.url, body: e.body, headers: { Authorization: 'Bearer ' + token } });
      }
    });
  }

  // MARK: Positions

  var watchId = null;
  function geoState(text) { $('geo-state').textContent = text; }

  function watch() {
    if (watchId !== null || !state.shift) return;
    if (!('geolocation' in navigator)) { geoState('此浏览器不能定位'); return; }
    geoState('正在定位…');
    watchId = navigator.geolocation.watchPosition(onFix, function (err) {
      // The browser's own message is English and technical: the officer gets what to do instead.
      geoState(err.code === 1 ? '定位未获允许：请在浏览器设置中允许本站使用位置'
        : err.code === 3 ? '定位超时：请到开阔处，稍后会自动重试' : '暂时无法定位：请打开手机定位（GPS），稍后会自动重试');
    }, { enableHighAccuracy: true, maximumAge: 0, timeout: 60000 });
  }
  function unwatch() { if (watchId !== null) { navigator.geolocation.clearWatch(watchId); watchId = null; } }

  function metres(a, b) {
    var r = Math.PI / 180, x = (b.lon - a.lon) * r * Math.cos((a.lat + b.lat) / 2 * r), y = (b.lat - a.lat) * r;
    return Math.sqrt(x * x + y * y) * 6371000;
  }

  function onFix(pos) {
    var shift = state.shift;
    if (!shift) return;
    var c = pos.coords, at = pos.timestamp || Date.now();
    geoState('定位中，精度约 ' + Math.round(c.accuracy || 0) + ' 米');
    var fix = { unitId: shift.unitId, lat: c.latitude, lon: c.longitude, at: new Date(at).toISOString() };
    if (typeof c.accuracy === 'number' && c.accuracy > 0) fix.accuracy = c.accuracy;
    if (typeof c.speed === 'number' && c.speed >= 0) fix.speed = c.speed;
    if (typeof c.heading === 'number' && c.heading >= 0 && c.heading < 360) fix.heading = c.heading;
    // A position the phone had before the shift began is off duty: the server would not keep it.
    if (at < shift.signedOnAt) return;
    var last = state.position;
    // One fix per 5 s when standing still; a move of 20 m counts at once.
    if (last && at - last.at < 5000 && metres(last, fix) < 20) return;
    if (last && at <= last.at) return;
    var buffer = read(FIXES, []);
    buffer.push(fix);
    if (buffer.length > MAX_BUFFER) buffer.splice(0, buffer.length - MAX_BUFFER);
    write(FIXES, buffer);
    state.position = { lat: fix.lat, lon: fix.lon, at: at };
    save();
    render();
  }

  /// Moves buffered fixes into the queue, one batch per unit, when the unit has a token and no
  /// batch of it is still waiting (`force`: the shift ends, its last fixes go now).
  function batch(force) {
    var buffer = read(FIXES, []);
    if (!buffer.length) return;
    var tokens = read(TOKENS, {});
    var waiting = Q.mine().filter(function (e) { return e.kind === 'positions' && !e.error; }).map(function (e) { return e.meta.unitId; });
    var units = buffer.map(function (f) { return f.unitId; }).filter(function (u, i, all) { return all.indexOf(u) === i; });
    units.forEach(function (unitId) {
      if (!tokens[unitId] || (!force && waiting.indexOf(unitId) >= 0)) return;
      var mine = read(FIXES, []).filter(function (f) { return f.unitId === unitId; }).slice(0, MAX_BATCH);
      var taken = {};
      mine.forEach(function (f) { taken[f.at] = true; });
      write(FIXES, read(FIXES, []).filter(function (f) { return f.unitId !== unitId || !taken[f.at]; }));
      var fixes = mine.map(function (f) { var g = {}; Object.keys(f).forEach(function (k) { if (k !== 'unitId') g[k] = f[k]; }); return g; });
      Q.enqueue({ id: Q.uuid(), kind: 'positions', meta: { unitId: unitId }, label: '定位 ' + fixes.length + ' 个',
                  url: '/api/v1/positions', body: { unitId: unitId, fixes: fixes }, headers: { Authorization: 'Bearer ' + tokens[unitId] } })
        .then(render, render);
    });
    render();
  }

  // MARK: What the server says

  Q.onSent(function (entry, body) {
    if (entry.kind === 'incident-step') {
      poll();  // the step moved the unit on the server (another task may keep it busy): its word now
    } else if (entry.kind === 'sign-on' && body && state.shift && state.shift.id === body.id) {
      ensureToken();
    } else if (entry.kind === 'status' && body && state.shift && state.shift.unitId === body.id
               && !Q.mine().some(function (e) { return e.kind === 'status' && !e.error; })) {
      adopt(body);
    }
  });

  /// The unit as the server has it (a dispatcher may have sent it to a job).
  function adopt(unit) {
    if (!state.shift || state.shift.unitId !== unit.id) return;
    if (unit.status === 'off_duty') return;  // signed off elsewhere: the next page load tells
    state.shift.status = unit.status;
    if (unit.position) {
      var at = Date.parse(unit.position.at);
      if (!state.position || at > state.position.at) state.position = { lat: unit.position.lat, lon: unit.position.lon, at: at };
    }
    save(); render();
  }

  /// A refused tap is said plainly, then dropped; a batch refused for its token gets a new one.
  Q.onChange(function (entries) {
    var said = [];
    entries.forEach(function (e) {
      if (!e.error) return;
      if (e.kind === 'positions' && e.status === 401) {
        var tokens = read(TOKENS, {});
        if (e.meta && tokens[e.meta.unitId] && e.headers && e.headers.Authorization === 'Bearer ' + tokens[e.meta.unitId]) {
          delete tokens[e.meta.unitId]; write(TOKENS, tokens);
        }
      } else if (['sign-on', 'status', 'sign-off'].indexOf(e.kind) >= 0 && e.status >= 400 && e.status < 500 && e.status !== 401) {
        said.push('“' + e.label + '”未被接受：' + e.error);
        setTimeout(function () { Q.remove(e.id); }, 0);
        if (e.kind === 'sign-on' && state.shift && state.shift.id === e.id) { state.shift = null; save(); unwatch(); }
      }
    });
    if (said.length) { showError(said.join('；')); poll(); }
    render();
  });

  // A step tapped on the task card (patrol-tasks.js) moves the badge at once, as a status tap does.
  document.addEventListener('pingan:unit-status', function (ev) {
    if (!state.shift || !ev.detail || ev.detail.unitId !== state.shift.unitId || !statuses[ev.detail.status]) return;
    state.shift.status = ev.detail.status;
    save(); render();
  });

  function poll() {
    var shift = state.shift;
    if (!shift || !navigator.onLine) return;
    if (pending().some(function (e) { return e.kind !== 'positions'; })) return;
    fetch('/api/v1/units/' + shift.unitId, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (res) {
      setReachable(true);
      if (res.ok) return res.json().then(adopt);
    }, function () { setReachable(false); });
  }

  // MARK: Screen awake

  var wakeLock = null;
  function wakeState(text) { $('wake-state').textContent = text; }
  function wake() {
    if (!state.shift || wakeLock || document.visibilityState !== 'visible') return;
    if (!('wakeLock' in navigator)) { wakeState('此浏览器不能保持屏幕常亮：请把锁屏时间调长，值勤时让本页停在前台'); return; }
    navigator.wakeLock.request('screen').then(function (lock) {
      wakeLock = lock;
      wakeState('屏幕常亮：已开启（值勤中不锁屏）');
      lock.addEventListener('release', function () {
        wakeLock = null;
        if (state.shift) wakeState('屏幕常亮：已暂停，回到本页后恢复');
      });
    }, function (e) { wakeState('屏幕常亮未能开启（' + (e && e.message ? e.message : e) + '）：请把锁屏时间调长'); });
  }
  function sleep() { if (wakeLock) { wakeLock.release(); wakeLock = null; } wakeState(''); }
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'visible') { wake(); tick(); } });

  // MARK: Installable, opens with no signal

  if ('serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker.register('/patrol/sw.js', { scope: '/patrol/' }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      // Only a page whose state the phone took is kept: an older copy loses to the phone's record.
      if (fresh && reg.active) reg.active.postMessage({ type: 'keep-page', html: pageCopy });
      app.dataset.offlineReady = 'true';
    }, function (e) { app.dataset.offlineReady = 'false'; app.dataset.offlineError = String(e && e.message || e); });
  }

  // MARK: Start

  function tick() {
    if (state.shift) { watch(); wake(); ensureToken(); } else { unwatch(); sleep(); }
    batch(false);
    Q.flush().then(render, render);
    poll();
  }

  document.querySelectorAll('.unit-button').forEach(function (b) {
    b.addEventListener('click', function () { signOn(b.dataset.unitId, b.dataset.callSign); });
  });
  $('sign-off').addEventListener('click', signOff);
  render();
  tick();
  setInterval(tick, BATCH_MS);
  app.dataset.ready = 'true';
})();
