// Offline queue for writes made on a phone with a weak signal. Each entry is kept in the
// phone's localStorage until the server answers 200/201. A network failure keeps it for the
// next try ('online' event, every page load, a timer); a 4xx keeps it too, with the server's
// message, so nothing a mediator typed is ever dropped silently. Resending is safe: every
// entry carries an id made here, and the server stores an id once.
// A phone may be shared (a committee's one handset): each entry remembers who queued it and
// is sent only while that account is signed in, so nobody's entry goes out under another name.
(function () {
  'use strict';
  var KEY = 'pingan.queue.v1';
  var RETRY_MS = 10000;
  var flushing = null;
  var again = null;
  var listeners = [];
  var sentListeners = [];
  var networkListeners = [];

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    // Fallback for old browsers: a version-4 UUID from Math.random.
    return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function (c) {
      var r = Math.random() * 16 | 0;
      return (c === 'x' ? r : (r & 0x3 | 0x8)).toString(16);
    });
  }

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || '[]') || []; } catch (e) { return []; }
  }
  function save(entries) { localStorage.setItem(KEY, JSON.stringify(entries)); notify(); }
  function notify() {
    var q = mine(load()), others = load().length - q.length;
    listeners.forEach(function (f) { try { f(q, others); } catch (e) { /* a listener's bug must not stop others */ } });
  }

  /// The signed-in account (from the page's meta tag); entries of other accounts wait.
  function currentUser() {
    var m = document.querySelector('meta[name="pingan-user"]');
    return m ? m.getAttribute('content') : '';
  }
  /// Entries this account may send: its own, and untagged ones from before entries were tagged.
  function mine(entries) {
    var me = currentUser();
    return entries.filter(function (e) { return !e.user || e.user === me; });
  }

  function csrf() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute('content') : '';
  }

  /// Sends one JSON request with the session cookie and the page's CSRF token, or, when `own`
  /// headers are given (a device's `Authorization: Bearer …`), with those instead and no cookie.
  /// Resolves {ok, status, body}; rejects only when the network failed.
  function send(method, url, body, own) {
    var headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
    if (own) Object.keys(own).forEach(function (k) { headers[k] = own[k]; }); else headers['X-CSRF-Token'] = csrf();
    return fetch(url, {
      method: method, credentials: own ? 'omit' : 'same-origin', headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (res) {
      return res.text().then(function (text) {
        var parsed = null;
        try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = null; }
        return { ok: res.ok, status: res.status, body: parsed };
      });
    });
  }

  function errorMessage(r) {
    var e = r.body && r.body.error;
    var msg = e && e.message ? String(e.message).split(' / ')[0] : '服务器拒绝（' + r.status + '）';
    if (r.status === 401) msg = '登录已过期，请重新登录后自动发送';
    return msg;
  }

  /// Adds an entry ({id, label, url, body, headers?, kind?, meta?}) and tries to send the queue at once.
  /// `headers` replace the session's (a device token); `kind` and `meta` let a page find and read its own entries.
  function enqueue(entry) {
    var q = load();
    var existing = q.findIndex(function (e) { return e.id === entry.id; });
    var item = { id: entry.id, label: entry.label || '', url: entry.url, body: entry.body, user: currentUser(),
                 queuedAt: new Date().toISOString(), error: null };
    if (entry.headers) item.headers = entry.headers;
    if (entry.kind) item.kind = entry.kind;
    if (entry.meta) item.meta = entry.meta;
    if (existing >= 0) q[existing] = item; else q.push(item);
    save(q);
    return flush();
  }

  function remove(id) { save(load().filter(function (e) { return e.id !== id; })); }

  /// Sends queued entries in order. Stops at the first network failure (the rest would fail
  /// too); a refused entry keeps its message and the next ones still go.
  function flush() {
    if (flushing) {
      // The flush in flight read the queue when it began, so an entry added since is not in it:
      // run once more when it ends, rather than leave that entry for the retry tick. Callers
      // that come meanwhile share that one follow-up run.
      if (!again) {
        // (Reactions run in the order they were added: the `finally` below has cleared `flushing` by then.)
        var rerun = function () { again = null; return flush(); };
        again = flushing.then(rerun, rerun);
      }
      return again;
    }
    flushing = (async function () {
      var results = [];
      if (!currentUser()) return results;
      var q = mine(load());
      for (var i = 0; i < q.length; i++) {
        var entry = q[i];
        var r;
        try { r = await send('POST', entry.url, entry.body, entry.headers); } catch (e) {
          results.push({ id: entry.id, network: true });
          networkListeners.forEach(function (f) { try { f(false); } catch (e2) { /* keep going */ } });
          break;
        }
        networkListeners.forEach(function (f) { try { f(true); } catch (e2) { /* keep going */ } });
        var current = load();
        var idx = current.findIndex(function (e) { return e.id === entry.id; });
        if (r.ok) {
          if (idx >= 0) current.splice(idx, 1);
          save(current);
          results.push({ id: entry.id, ok: true, body: r.body });
          sentListeners.forEach(function (f) { try { f(entry, r.body); } catch (e) { /* keep sending */ } });
        } else if (r.status >= 500 || (r.status === 401 && !entry.headers)) {
          // A user's 401 waits for the next sign-in; a device's own token refused is that entry's problem only.
          if (idx >= 0) { current[idx].error = errorMessage(r); current[idx].status = r.status; save(current); }
          results.push({ id: entry.id, retry: true, status: r.status });
          break;
        } else {
          if (idx >= 0) { current[idx].error = errorMessage(r); current[idx].status = r.status; save(current); }
          results.push({ id: entry.id, refused: true, status: r.status, message: errorMessage(r) });
        }
      }
      return results;
    })();
    return flushing.finally(function () { flushing = null; });
  }

  /// Shows "待发送 N 条" in #queue-banner and lists refused entries with their messages.
  function attachBanner(onEdit) {
    var banner = document.getElementById('queue-banner');
    if (!banner) return;
    function render(q, others) {
      banner.hidden = q.length === 0 && !others;
      document.getElementById('queue-count').textContent = q.length ? '待发送 ' + q.length + ' 条' : '';
      var hint = document.getElementById('queue-hint');
      if (hint) {
        if (!hint.dataset.text) hint.dataset.text = hint.textContent;
        var parts = q.length ? [hint.dataset.text] : [];
        if (others) parts.push('另有 ' + others + ' 条由其他账号登记，该账号登录后自动发送');
        hint.textContent = parts.join('；');
      }
      var list = document.getElementById('queue-errors');
      list.textContent = '';
      q.forEach(function (e) {
        if (!e.error) return;
        var li = document.createElement('li');
        li.textContent = (e.label || '记录') + '：' + e.error + ' ';
        if (onEdit) {
          var b = document.createElement('button');
          b.type = 'button'; b.className = 'link'; b.textContent = '修改后重发';
          b.addEventListener('click', function () { onEdit(e); });
          li.appendChild(b);
        }
        list.appendChild(li);
      });
    }
    listeners.push(render);
    notify();
  }

  window.addEventListener('online', function () { flush(); });
  window.addEventListener('storage', function (ev) { if (ev.key === KEY) notify(); });
  setInterval(function () { if (mine(load()).length) flush(); }, RETRY_MS);

  window.PinganQueue = { uuid: uuid, load: load, mine: function () { return mine(load()); }, enqueue: enqueue, remove: remove, flush: flush, send: send,
                         attachBanner: attachBanner, onChange: function (f) { listeners.push(f); }, onSent: function (f) { sentListeners.push(f); },
                         onNetwork: function (f) { networkListeners.push(f); }, errorMessage: errorMessage, KEY: KEY };
})();
