// The officer's task card (#10, #11): the incident, containment, reinforcement or plan (预案) task of the unit the officer is on,
// with the drive route and ETA, an alert that sounds and vibrates until the task is acknowledged,
// and acknowledge / en route / on scene / cleared buttons. Each tap goes through PinganQueue with
// an id made here and the time of the tap: with no signal it waits and is stored once when sent.
(function () {
  'use strict';
  var STATE = 'pingan.patrol.phone.v1';
  var TASKS = 'pingan.patrol.tasks.v1';
  var POLL_MS = 8000;
  var ALERT_MS = 8000;
  var app = document.getElementById('phone-app');
  var card = document.getElementById('task-card');
  if (!app || !card || !window.PinganQueue) return;
  var Q = window.PinganQueue;
  var STEPS = { assigned: ['acknowledged', '确认接收'], acknowledged: ['en_route', '出发'], en_route: ['on_scene', '到达现场'], on_scene: ['cleared', '处置完毕'] };
  var NEXT = { acknowledged: 'acknowledged', en_route: 'en_route', on_scene: 'on_scene', cleared: 'cleared' };

  function read(key, fallback) { try { var v = JSON.parse(localStorage.getItem(key) || 'null'); return v === null ? fallback : v; } catch (e) { return fallback; } }
  function write(key, value) { localStorage.setItem(key, JSON.stringify(value)); }
  function shift() { var s = read(STATE, null); return s && s.shift; }
  function esc(s) { return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }
  function minutes(s) { return s == null ? '—' : s < 60 ? Math.round(s) + ' 秒' : (s / 60).toFixed(1) + ' 分钟'; }

  /// The state a task is in once the taps still in the queue are counted.
  function localState(task, incidentId) {
    var state = task.state;
    Q.mine().forEach(function (e) {
      if (e.kind === 'incident-step' && e.meta && e.meta.incidentId === incidentId && !e.error) state = e.meta.type;
    });
    return state;
  }

  // MARK: The tasks, from the server (kept for opening with no signal)

  function poll() {
    var s = shift();
    if (!s || !navigator.onLine) { render(); return; }
    var get = function (url) {
      return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (r) { return r.ok ? r.json() : null; });
    };
    Promise.all([get('/api/v1/incidents?open=true&limit=20'), get('/api/v1/containment-orders?open=true&limit=5'),
                 get('/api/v1/reinforcement-alerts?open=true&status=accepted&limit=5'), get('/api/v1/plan-activations?open=true&limit=5')]).then(function (got) {
      var tasks = { unitId: s.unitId, incidents: [], checkpoints: [], reinforcements: [], plans: [] };
      // An activated plan (P9): the post this unit is to staff, with its drive route and ETA.
      (got[3] ? got[3].items : []).forEach(function (a) {
        a.posts.forEach(function (p) { if (p.unitId === s.unitId) tasks.plans.push({ activation: a, post: p }); });
      });
      (got[2] ? got[2].items : []).forEach(function (a) {
        a.tasks.forEach(function (t) { if (t.unitId === s.unitId) tasks.reinforcements.push({ alert: a, task: t }); });
      });
      (got[0] ? got[0].items : []).forEach(function (i) {
        i.tasks.forEach(function (t) {
          if (t.unitId === s.unitId && ['assigned', 'acknowledged', 'en_route', 'on_scene'].indexOf(t.state) >= 0) tasks.incidents.push({ incident: i, task: t });
        });
      });
      (got[1] ? got[1].items : []).forEach(function (o) {
        o.tasks.forEach(function (t) { if (t.unitId === s.unitId && !t.staffedByPost) tasks.checkpoints.push({ order: o, task: t }); });
      });
      var old = read(TASKS, {});
      tasks.routes = old.routes || {};
      write(TASKS, tasks);
      tasks.incidents.forEach(function (x) { if (!tasks.routes[x.incident.id]) route(x.incident.id); });
      render();
    }, function () { render(); });
  }

  function route(incidentId) {
    fetch('/api/v1/incidents/' + incidentId + '/route', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; }).then(function (r) {
        if (!r) return;
        var tasks = read(TASKS, {});
        tasks.routes = tasks.routes || {};
        tasks.routes[incidentId] = { seconds: r.seconds, meters: r.meters, route: r.route, note: r.note };
        write(TASKS, tasks);
        render();
      }, function () {});
  }

  // MARK: Drawing the card

  var routeMap = null, routeLine = null;
  function drawRoute(r, scene) {
    var box = document.getElementById('task-map');
    if (!box || !window.L || !r || !r.route || r.route.length < 2) return;
    var pts = r.route.map(function (p) { return [p[1], p[0]]; });
    if (!routeMap || routeMap.getContainer() !== box) {
      routeMap = L.map(box, { zoomControl: false, attributionControl: false });
    }
    if (routeLine) routeLine.remove();
    routeLine = L.featureGroup([L.polyline(pts, { color: '#1565c0', weight: 5 }), L.circleMarker([scene.lat, scene.lon], { radius: 8, color: '#b71c1c', fillColor: '#ffebee', fillOpacity: 1 })]).addTo(routeMap);
    routeMap.fitBounds(routeLine.getBounds(), { padding: [12, 12] });
  }

  function render() {
    var s = shift(), tasks = read(TASKS, {});
    if (!s || tasks.unitId !== s.unitId || (!(tasks.incidents || []).length && !(tasks.checkpoints || []).length && !(tasks.reinforcements || []).length
        && !(tasks.plans || []).length)) {
      card.hidden = true; card.innerHTML = ''; card.dataset.html = ''; app.dataset.task = ''; alerting(false); return;
    }
    var html = '';
    var needsAck = false;
    (tasks.incidents || []).forEach(function (x) {
      var i = x.incident, state = localState(x.task, i.id), r = (tasks.routes || {})[i.id];
      if (state === 'cleared') return;
      if (state === 'assigned') needsAck = true;
      var step = STEPS[state];
      html += '<article class="task" data-incident="' + i.id + '" data-state="' + state + '">'
        + '<h2>' + (state === 'assigned' ? '新任务！' : '任务') + ' ' + esc(i.typeLabel) + ' · ' + esc(i.priorityLabel) + '</h2>'
        + '<p class="big-text">' + esc(i.place.label || '') + '</p><p>' + esc(i.description) + '</p>'
        + '<p>预计 <strong class="eta">' + minutes(r ? r.seconds : x.task.etaSeconds) + '</strong>' + (r && r.meters ? '，路程 ' + (r.meters / 1000).toFixed(1) + ' 公里' : '') + '</p>'
        + (window.L ? '<div id="task-map" class="task-map"></div>' : '')
        + (r && r.note ? '<p class="muted small">' + esc(r.note) + '</p>' : '')
        + (step && step[0] === 'cleared' ? '<label>处置结果 <input id="task-disposition" value="已处置" maxlength="500"></label>' : '')
        + (step ? '<button type="button" class="big task-step" data-step="' + step[0] + '">' + step[1] + '</button>' : '')
        + '</article>';
      app.dataset.task = i.id;
      app.dataset.taskState = state;
      if (r) setTimeout(function () { if (!routeMap) drawRoute(r, i.place); }, 0);
    });
    (tasks.checkpoints || []).forEach(function (x) {
      var t = x.task;
      html += '<article class="task checkpoint" data-order="' + x.order.id + '"><h2>' + (x.order.drill ? '演练' : '封控') + '任务：' + esc(t.siteName || '赶赴现场') + '</h2>'
        + '<p>计划 ' + minutes(t.plannedSeconds) + ' 内到达（目标 ' + minutes(t.targetSeconds) + '）' + (t.actualSeconds != null ? '；已于 ' + minutes(t.actualSeconds) + ' 到达' : '') + '</p></article>';
    });
    // A move accepted from a spike alert (P6): go to the grid and patrol it.
    (tasks.reinforcements || []).forEach(function (x) {
      var a = x.alert;
      html += '<article class="task reinforcement" data-alert="' + a.id + '"><h2>增援任务：' + esc(a.gridName) + '</h2>'
        + '<p>该网格发案激增（一小时 ' + a.count + ' 起），' + (x.task.plannedSeconds < 30 ? '本单元已在附近，请就地加强巡逻。'
          : '请前往巡逻，计划 ' + minutes(x.task.plannedSeconds) + ' 内到达。') + '</p>'
        + (a.note ? '<p class="muted small">' + esc(a.note) + '</p>' : '') + '</article>';
    });
    // A plan's post (P9): where to stand, by when, along which road; the arrival is read from GPS.
    var planMap = null;
    (tasks.plans || []).forEach(function (x) {
      var p = x.post, drawn = !planMap && !(tasks.incidents || []).length && window.L && p.route && p.route.length >= 2;
      if (drawn) planMap = p;
      html += '<article class="task plan-task" data-activation="' + x.activation.id + '" data-post="' + p.index + '"><h2>预案任务：' + esc(x.activation.planName) + '</h2>'
        + '<p class="big-text">前往' + (p.checkpoint ? '卡点 ' : '') + esc(p.name) + '</p>'
        + '<p>预计 <strong class="eta">' + minutes(p.plannedSeconds) + '</strong> 到达（时限 ' + minutes(p.targetSeconds) + '）'
        + (p.actualSeconds != null ? '；已于 ' + minutes(p.actualSeconds) + ' 到位' + (p.withinTarget ? '（按时）' : '（超时）') : '') + '</p>'
        + (drawn ? '<div id="task-map" class="task-map"></div>' : '') + '<p class="muted small">到位后原地值守，直至预案解除。</p></article>';
    });
    if (planMap) setTimeout(function () { if (!routeMap) drawRoute({ route: planMap.route }, { lat: planMap.lat, lon: planMap.lon }); }, 0);
    card.hidden = !html;
    // Redrawn only when it changed: a poll must not swap a button under the officer's finger,
    // nor wipe a disposition being typed.
    if (card.dataset.html !== html) {
      card.dataset.html = html;
      card.innerHTML = html;
      card.querySelectorAll('.task-step').forEach(function (b) {
        b.addEventListener('click', function () { stepTap(b.closest('.task').dataset.incident, b.dataset.step); });
      });
      routeMap = null;
    }
    alerting(needsAck);
  }

  // MARK: Taps

  function stepTap(incidentId, type) {
    var s = shift();
    if (!s || !NEXT[type]) return;
    var id = Q.uuid(), body = { id: id, type: type, unitId: s.unitId, at: new Date().toISOString() };
    if (type === 'cleared') body.disposition = (document.getElementById('task-disposition') || {}).value || '已处置';
    // The card moves on at once and stays moved once the tap is sent, until the next poll brings
    // the server's word: a second tap on a button that looked unchanged would be a step back.
    var tasks = read(TASKS, {});
    (tasks.incidents || []).forEach(function (x) { if (x.incident.id === incidentId && x.task.unitId === s.unitId) x.task.state = type; });
    write(TASKS, tasks);
    // The unit status the step puts the unit in (IncidentTaskState.unitStatus on the server).
    var status = { acknowledged: 'dispatched', en_route: 'en_route', on_scene: 'on_scene', cleared: 'available' }[type];
    if (status) document.dispatchEvent(new CustomEvent('pingan:unit-status', { detail: { unitId: s.unitId, status: status } }));
    Q.enqueue({ id: id, kind: 'incident-step', meta: { incidentId: incidentId, type: type }, label: s.callSign + ' ' + type,
                url: '/api/v1/incidents/' + incidentId + '/events', body: body }).then(render, render);
    render();
  }

  Q.onChange(function (entries) {
    entries.forEach(function (e) {
      if (e.kind !== 'incident-step' || !e.error || !(e.status >= 400 && e.status < 500 && e.status !== 401)) return;
      var err = document.getElementById('phone-error');
      if (err) { err.textContent = '任务进展未被接受：' + e.error; err.hidden = false; }
      setTimeout(function () { Q.remove(e.id); poll(); }, 0);
    });
    render();
  });

  // MARK: The alert: sound and vibration, repeated until acknowledged

  var ring = window.PinganPhoneAlert([880], [400, 200, 400], ALERT_MS, function () {
    app.dataset.alerts = String(Number(app.dataset.alerts || 0) + 1);
  });
  function alerting(on) {
    app.dataset.alerting = on ? 'true' : 'false';
    ring(on);
  }

  // No poll once the officer signs out or leaves: a 401 after signing out would only fill the console.
  var stopped = false;
  document.addEventListener('submit', function (e) { if (e.target.getAttribute && e.target.getAttribute('action') === '/logout') stopped = true; }, true);
  window.addEventListener('pagehide', function () { stopped = true; });

  render();
  poll();
  setInterval(function () { if (!stopped) poll(); }, POLL_MS);
  window.addEventListener('online', poll);
})();
