// The command map's incident panel (#10): intake by map click, coordinates or a place name; the
// recommendation by drive time with each unit's route on the map; dispatch; the timeline; 启动封控
// with its 3/5/10-minute rings and each checkpoint's unit, ETA and arrival; drills and their
// report; and the standing-coverage layer. Everything is read from and written to the same API a
// client would use; every write carries an id made here, so a retry on a weak line is stored once.
import { escapeHTML, uuid, poller } from './patrol-http.js';
const panel = document.getElementById('incident-panel');
const form = document.getElementById('incident-intake');
const list = document.getElementById('incident-list');
const detail = document.getElementById('incident-detail');
const contain = document.getElementById('containment');
const mayDispatch = panel?.dataset.mayDispatch === 'true';
const mayContain = panel?.dataset.mayContain === 'true';
const RING_COLOURS = { 600: '#fdd835', 300: '#fb8c00', 180: '#e53935' };
const PALETTE = ['#1e88e5', '#43a047', '#8e24aa', '#f4511e', '#00897b', '#c0ca33', '#5e35b1', '#d81b60', '#6d4c41', '#039be5'];

let map;
let picked = null;        // the last place clicked: { lat, lon }
let pickMarker = null;
let selected = null;      // the incident shown in the panel
let routeLayer = null, ringLayer = null, coverageLayer = null, sceneMarker = null;
let order = null;         // the containment order shown
const gridNames = new Map();
const villages = new Map();

function minutes(s) { return s == null ? '—' : s < 60 ? `${Math.round(s)} 秒` : `${(s / 60).toFixed(1)} 分钟`; }
function clock(at) { return at ? new Date(at).toLocaleTimeString('zh-CN', { hour12: false }) : '—'; }

const { every, call } = poller();

// MARK: Picking a place

function pick(lat, lon, label) {
  picked = { lat, lon };
  const coords = document.getElementById('intake-coords');
  if (coords) coords.value = `${lat.toFixed(6)},${lon.toFixed(6)}`;
  if (label) { const place = document.getElementById('intake-place'); if (place && !place.value) place.value = label; }
  panel.dataset.picked = `${lat},${lon}`;
  if (!pickMarker) {
    pickMarker = L.circleMarker([lat, lon], { radius: 10, color: '#b71c1c', weight: 3, dashArray: '3 3', fill: false, className: 'picked-place' })
      .bindTooltip('已选地点', { direction: 'top' }).addTo(map);
  } else pickMarker.setLatLng([lat, lon]);
}

function placeFromForm() {
  const coords = document.getElementById('intake-coords').value.trim();
  const m = coords.match(/^\s*(-?[0-9.]+)\s*,\s*(-?[0-9.]+)\s*$/);
  if (m) return { lat: Number(m[1]), lon: Number(m[2]) };
  const v = villages.get(document.getElementById('intake-place').value.trim());
  return v || picked;
}

// MARK: Intake

async function submitIntake(ev) {
  ev.preventDefault();
  const state = document.getElementById('intake-state');
  const place = placeFromForm();
  if (!place) { state.textContent = '请先在地图上点击警情地点，或输入坐标'; return; }
  const f = new FormData(form);
  const body = {
    id: form.dataset.pendingId || uuid(), type: f.get('type'), priority: Number(f.get('priority')),
    place: { lat: place.lat, lon: place.lon, label: String(f.get('label') || '') },
    description: String(f.get('description') || ''), callerName: String(f.get('callerName') || ''), callerPhone: String(f.get('callerPhone') || ''),
  };
  if (body.type === 'dispute') Object.assign(body, disputeParties(f));
  // Kept until stored: pressing Enter again after a timeout resends the same incident.
  form.dataset.pendingId = body.id;
  state.textContent = '正在登记…';
  try {
    const incident = await call('POST', '/api/v1/incidents', body);
    delete form.dataset.pendingId;
    form.reset();
    state.textContent = `已登记 ${incident.number}`;
    await loadList();
    await select(incident.id);
  } catch (e) { state.textContent = '登记失败：' + e.message + '（再按一次提交会补发同一警情）'; }
}

// A dispute call's people (X1): a row counts when it has a name; an empty phone or ID is left out.
function disputeParties(f) {
  const parties = [];
  for (const n of [1, 2]) {
    const name = String(f.get(`partyName${n}`) || '').trim();
    if (!name) continue;
    const p = { name };
    const phone = String(f.get(`partyPhone${n}`) || '').trim(), idNumber = String(f.get(`partyId${n}`) || '').trim();
    if (phone) p.phone = phone;
    if (idNumber) p.idNumber = idNumber;
    parties.push(p);
  }
  return { parties, threatOfViolence: f.get('threatOfViolence') === 'on' };
}

// MARK: The open incidents

async function loadList() {
  let page;
  try { page = await call('GET', '/api/v1/incidents?open=true&limit=50'); } catch (e) { list.textContent = '警情加载失败：' + e.message; return; }
  list.dataset.count = String(page.total);
  if (!page.items.length) { list.innerHTML = '<p class="muted">当前没有未办结警情。</p>'; return; }
  const table = document.createElement('table');
  table.className = 'grid incidents';
  table.innerHTML = '<thead><tr><th>编号</th><th>类别</th><th>等级</th><th>状态</th><th>地点</th><th>报警人</th></tr></thead>';
  const tbody = document.createElement('tbody');
  for (const i of page.items) {
    const tr = document.createElement('tr');
    tr.dataset.incident = i.id;
    tr.className = `priority-${i.priority}${selected?.id === i.id ? ' selected' : ''}`;
    const call0 = i.calls[0] || {};
    tr.innerHTML = `<td><a href="#incident-${i.id}">${escapeHTML(i.number)}</a></td><td>${escapeHTML(i.typeLabel)}</td><td>${escapeHTML(i.priorityLabel)}</td>`
      + `<td>${escapeHTML(i.statusLabel)}</td><td>${escapeHTML(i.place.label || i.gridName || '')}</td><td>${escapeHTML(call0.callerName || '')} ${escapeHTML(call0.callerPhone || '')}${i.calls.length > 1 ? `（${i.calls.length} 次来电）` : ''}</td>`;
    tr.addEventListener('click', (e) => { e.preventDefault(); select(i.id); });
    tbody.appendChild(tr);
  }
  table.appendChild(tbody);
  list.replaceChildren(table);
}

// MARK: One incident: recommendation, dispatch, timeline

async function select(id) {
  const [incident, timeline] = await Promise.all([call('GET', `/api/v1/incidents/${id}`), call('GET', `/api/v1/incidents/${id}/events`)]);
  selected = incident;
  let rec = null;
  if (mayDispatch && ['open', 'dispatched', 'on_scene'].includes(incident.status)) {
    try { rec = await call('GET', `/api/v1/incidents/${id}/recommendation?limit=5`); } catch (e) { rec = { units: [], excluded: [], note: e.message }; }
  }
  // X1: the disputes this call is linked to or matches (their level, risk, stage — never the parties).
  const disputes = incident.type === 'dispute' ? await call('GET', `/api/v1/incidents/${id}/disputes`).then((r) => r.items).catch(() => []) : [];
  renderDetail(incident, timeline.items, rec, disputes);
  for (const tr of list.querySelectorAll('tr[data-incident]')) tr.classList.toggle('selected', tr.dataset.incident === id);
}

const MATCHED = { parties: '同一当事人', place: '现场附近', handover: '本警情移交' };
function disputeCard(i, disputes) {
  if (i.type !== 'dispute') return '';
  let html = '<section class="linked-disputes" id="linked-disputes"><h4>关联纠纷（民调通）</h4>';
  if (!disputes.length) html += '<p class="muted small">没有在办的相关纠纷。</p>';
  html += disputes.map((d) => `<div class="linked-dispute risk-${escapeHTML(d.risk)}" data-dispute="${d.disputeId}">`
    + `<p><span class="badge risk-badge risk-${escapeHTML(d.risk)}">${escapeHTML(d.riskLabel)}</span> ${escapeHTML(d.levelLabel)} · ${escapeHTML(d.stageLabel)} · ${escapeHTML(MATCHED[d.matchedBy] || d.matchedBy)}</p>`
    + `<p class="small">调委会：${escapeHTML(d.committee)}${d.mediator ? ' · 调解员 ' + escapeHTML(d.mediator) : ''} · 最近一步：${escapeHTML(d.lastStep)}（${new Date(d.lastStepAt).toLocaleString('zh-CN', { hour12: false })}）</p>`
    + (d.matchedBy === 'handover' ? `<p class="small">${d.receivedAt ? '乡镇已接收' : '等待乡镇接收'}</p>` : '') + '</div>').join('');
  if (mayDispatch && !disputes.some((d) => d.matchedBy === 'handover')) {
    html += '<form id="mediation-handover" class="row"><input name="note" maxlength="500" placeholder="移交说明（可选）"><button type="submit" class="secondary">移交调解（警调对接）</button><span class="muted small" role="status"></span></form>';
  }
  return html + '</section>';
}

async function handOverToMediation(ev, i) {
  ev.preventDefault();
  const out = ev.target.querySelector('[role=status]');
  out.textContent = '正在移交…';
  try {
    await call('POST', `/api/v1/incidents/${i.id}/mediation-handover`, { note: String(new FormData(ev.target).get('note') || '') });
    await select(i.id);
  } catch (e) { out.textContent = '移交失败：' + e.message; }
}

function renderDetail(i, events, rec, disputes = []) {
  detail.hidden = false;
  detail.dataset.incidentId = i.id;
  detail.dataset.status = i.status;
  detail.dataset.version = String(i.version);
  const calls = i.calls.map((c) => `${escapeHTML(c.callerName)} ${escapeHTML(c.callerPhone)}（${clock(c.at)}）`).join('；');
  const tasks = i.tasks.map((t) => `<tr data-task-unit="${t.unitId}" data-state="${t.state}"><td>${escapeHTML(t.callSign)}</td><td>${escapeHTML(t.stateLabel)}</td>`
    + `<td>${minutes(t.etaSeconds)}</td><td>${clock(t.assignedAt)}</td><td>${clock(t.onSceneAt)}</td><td>${escapeHTML(t.disposition || t.interruptedReason || '')}</td></tr>`).join('');
  let html = `<h3>${escapeHTML(i.number)} · ${escapeHTML(i.typeLabel)} · ${escapeHTML(i.priorityLabel)} · <span class="status">${escapeHTML(i.statusLabel)}</span></h3>`
    + `<p>${escapeHTML(i.place.label || '')} ${i.gridName ? '（' + escapeHTML(i.gridName) + '）' : ''} ${escapeHTML(i.description)}</p>`
    + `<p class="small">来电：${calls}</p>` + disputeCard(i, disputes);
  if (i.tasks.length) html += `<table class="grid tasks"><thead><tr><th>单元</th><th>任务</th><th>预计</th><th>派出</th><th>到场</th><th>处置</th></tr></thead><tbody>${tasks}</tbody></table>`;
  if (rec) {
    html += '<h4>推荐单元（按实际行车时间）</h4>';
    if (rec.note) html += `<p class="muted">${escapeHTML(rec.note)}</p>`;
    html += '<form id="dispatch-form"><table class="grid recommendation"><thead><tr><th></th><th>单元</th><th>预计到达</th><th>路程</th></tr></thead><tbody>'
      + rec.units.map((u, k) => `<tr data-unit="${u.unitId}"><td><input type="checkbox" name="unit" value="${u.unitId}"${k === 0 ? ' checked' : ''} aria-label="派 ${escapeHTML(u.callSign)}"></td>`
        + `<td><span class="route-swatch" data-k="${k}"></span>${escapeHTML(u.callSign)}</td><td>${minutes(u.seconds)}</td><td>${(u.meters / 1000).toFixed(1)} 公里</td></tr>`).join('')
      + '</tbody></table>'
      + (rec.units.length ? '<button type="submit" id="dispatch-submit">派警</button>' : '<p class="muted">没有可派单元。</p>') + '</form>';
    if (rec.excluded.length) {
      // Named when the map may mislead (a unit that looks near but is stale, busy or unfit); the
      // many off duty or without a position are only counted.
      const reasons = { off_duty: '未上岗', not_dispatchable: '忙碌或暂停', stationary: '固定岗位', no_position: '无定位', stale: '定位过旧', wrong_kind: '类型不符', missing_capability: '能力不符', off_road: '不在路网上' };
      const named = rec.excluded.filter((x) => x.reason !== 'no_position' && x.reason !== 'off_duty');
      const silent = rec.excluded.length - named.length;
      html += `<p class="muted small">未推荐：${named.map((x) => `${escapeHTML(x.callSign)}（${reasons[x.reason] || x.reason}）`).join('、')}${silent ? `${named.length ? '；' : ''}另有 ${silent} 个单元未上岗或无定位` : ''}</p>`;
    }
  }
  if (mayContain && ['open', 'dispatched', 'on_scene'].includes(i.status)) html += '<p><button type="button" id="containment-start" class="danger">启动封控</button></p>';
  html += '<h4>时间线</h4><ol class="timeline">' + events.map((e) => `<li data-type="${e.type}"><time>${clock(e.at)}</time> ${escapeHTML(e.typeLabel)}${e.callSign ? ' · ' + escapeHTML(e.callSign) : ''}</li>`).join('') + '</ol>';
  detail.innerHTML = html;
  detail.querySelectorAll('.route-swatch').forEach((s) => { s.style.background = PALETTE[Number(s.dataset.k) % PALETTE.length]; });
  detail.dataset.recommended = String(rec?.units.length ?? 0);
  drawRoutes(i, rec);
  detail.querySelector('#dispatch-form')?.addEventListener('submit', (ev) => { ev.preventDefault(); dispatch(i, rec); });
  detail.querySelector('#containment-start')?.addEventListener('click', () => startContainment({ id: uuid(), incidentId: i.id }));
  detail.querySelector('#mediation-handover')?.addEventListener('submit', (ev) => handOverToMediation(ev, i));
}

function drawRoutes(i, rec) {
  routeLayer?.remove();
  routeLayer = L.featureGroup();
  sceneMarker?.remove();
  sceneMarker = L.circleMarker([i.place.lat, i.place.lon], { radius: 9, color: '#b71c1c', weight: 3, fillColor: '#ffebee', fillOpacity: 1, className: 'incident-scene' })
    .bindTooltip(`${escapeHTML(i.number)} ${escapeHTML(i.typeLabel)}`, { permanent: true, direction: 'top' }).addTo(map);
  (rec?.units || []).forEach((u, k) => {
    if (u.route.length < 2) return;
    L.polyline(u.route.map(([lon, lat]) => [lat, lon]), { color: PALETTE[k % PALETTE.length], weight: 4, opacity: 0.85, className: 'dispatch-route' })
      .bindTooltip(`${escapeHTML(u.callSign)} ${minutes(u.seconds)}`).addTo(routeLayer);
  });
  routeLayer.addTo(map);
}

async function dispatch(i, rec) {
  const chosen = [...detail.querySelectorAll('input[name=unit]:checked')].map((c) => c.value);
  if (!chosen.length) return;
  const button = detail.querySelector('#dispatch-submit');
  button.disabled = true;
  // One id per unit, kept on the button: a second press after a timeout resends, never doubles.
  const ids = JSON.parse(button.dataset.ids || '{}');
  for (const u of chosen) ids[u] = ids[u] || uuid();
  button.dataset.ids = JSON.stringify(ids);
  try {
    await call('POST', `/api/v1/incidents/${i.id}/dispatch`, { assignments: chosen.map((u) => ({ id: ids[u], unitId: u })) });
    await select(i.id);
    await loadList();
  } catch (e) {
    button.disabled = false;
    detail.insertAdjacentHTML('beforeend', `<p class="error">派警失败：${escapeHTML(e.message)}</p>`);
  }
}

// MARK: Containment and drills

async function startContainment(body) {
  try {
    order = await call('POST', '/api/v1/containment-orders', body);
    renderContainment();
  } catch (e) { contain.hidden = false; contain.innerHTML = `<p class="error">启动失败：${escapeHTML(e.message)}</p>`; }
}

// An order under way when the page opens (started on another desk, or before a reload) is shown
// with its rings: the 3/5/10 picture must not vanish with a page refresh.
async function showOpenContainment() {
  if (order) return;
  try {
    const open = await call('GET', '/api/v1/containment-orders?open=true&limit=1');
    if (open.items.length) { order = await call('GET', `/api/v1/containment-orders/${open.items[0].id}`); renderContainment(); }
  } catch (e) { /* the list is only a convenience here; the next page load tries again */ }
}

async function refreshContainment() {
  if (!order || order.liftedAt) return;
  try { order = await call('GET', `/api/v1/containment-orders/${order.id}`); renderContainment(); } catch (e) { /* the next poll tries again */ }
}

function renderContainment() {
  const o = order;
  contain.hidden = false;
  contain.dataset.orderId = o.id;
  contain.dataset.drill = String(o.drill);
  contain.dataset.red = String(o.tasks.filter((t) => t.red).length);
  contain.dataset.rings = String((o.isochrones || []).length);
  const ringName = { scene: '一圈·现场（3 分钟）', gate: '二圈·关城门（5 分钟）', exit: '三圈·县界出口（10 分钟）' };
  const outcome = { within_target: '按时到达', late: '超时到达', missed: '未到达', red: '无人可及' };
  const share = o.checkpoints.shareWithinTarget == null ? '—' : `${Math.round(o.checkpoints.shareWithinTarget * 100)}%`;
  contain.innerHTML = `<h3>${o.drill ? '实战演练' : '封控指令'} · ${clock(o.startedAt)} 启动${o.liftedAt ? ' · ' + clock(o.liftedAt) + ' 解除' : ''}</h3>`
    + `<p class="report-summary">卡点 ${o.checkpoints.tasks} 个，按时封控 ${o.checkpoints.withinTarget} 个（${share}），超时 ${o.checkpoints.late}，未到 ${o.checkpoints.missed}（其中无人可及 ${o.checkpoints.red}）`
    + `${o.firstOnSceneSeconds != null ? `；首个单元 ${minutes(o.firstOnSceneSeconds)} 到场` : ''}</p>`
    + '<table class="grid containment-tasks"><thead><tr><th>圈层</th><th>卡点</th><th>单元</th><th>计划</th><th>实际</th><th>结果</th></tr></thead><tbody>'
    + o.tasks.map((t) => `<tr class="${t.red ? 'red' : t.outcome}" data-ring="${t.ring}" data-outcome="${t.outcome}"><td>${ringName[t.ring]}</td><td>${escapeHTML(t.siteName || '现场')}</td>`
      + `<td>${t.staffedByPost ? '岗位在位 ' : ''}${escapeHTML(t.callSign || '—')}</td><td>${t.red ? (t.bestSeconds != null ? '最快 ' + minutes(t.bestSeconds) : '不可达') : minutes(t.plannedSeconds)}</td>`
      + `<td>${minutes(t.actualSeconds)}</td><td>${outcome[t.outcome] || t.outcome}</td></tr>`).join('')
    + '</tbody></table>'
    + (o.liftedAt || !mayContain ? '' : '<button type="button" id="containment-lift" class="secondary">解除封控</button>');
  contain.querySelector('#containment-lift')?.addEventListener('click', async () => {
    try { order = await call('POST', `/api/v1/containment-orders/${o.id}/lift`); renderContainment(); } catch (e) { contain.insertAdjacentHTML('beforeend', `<p class="error">${escapeHTML(e.message)}</p>`); }
  });
  if (o.isochrones) drawRings(o);
}

function drawRings(o) {
  ringLayer?.remove();
  ringLayer = L.featureGroup();
  for (const ring of o.isochrones) {
    const polys = ring.polygons.map((r) => r.map(([lon, lat]) => [lat, lon]));
    L.polygon(polys, { color: RING_COLOURS[ring.seconds] || '#888', weight: 2, fillOpacity: 0.08, className: `ring ring-${ring.seconds}` })
      .bindTooltip(`${ring.seconds / 60} 分钟圈`).addTo(ringLayer);
  }
  for (const t of o.tasks.filter((x) => x.ring !== 'scene')) {
    const colour = t.red ? '#d50000' : t.staffedByPost ? '#2e7d32' : '#1565c0';
    const marker = L.circleMarker([t.lat, t.lon], { radius: t.red ? 9 : 7, color: colour, weight: 3, fillColor: t.red ? '#ff8a80' : '#ffffff', fillOpacity: 1,
                                                    className: `checkpoint-task${t.red ? ' red' : ''}` })
      // 'auto': a site in the map's east half is labelled on its left, so the exits at the edge stay readable.
      .bindTooltip(`${escapeHTML(t.siteName)}：${t.red ? '无人可及' + (t.bestSeconds != null ? '，最快 ' + minutes(t.bestSeconds) : '') : escapeHTML(t.callSign) + ' ' + minutes(t.plannedSeconds)}`,
                   { permanent: true, direction: 'auto', className: `checkpoint-label${t.red ? ' red' : ''}` })
      .addTo(ringLayer);
    // A label hidden to keep the others readable shows while its site is pointed at.
    marker.on('mouseover', () => marker.getTooltip()?.getElement()?.classList.remove('label-covered'));
    marker.on('mouseout', () => declutterLabels());
  }
  ringLayer.addTo(map);
  ringLayer.bringToBack();
  // A new order: show all of it, from the scene ring to the farthest exit.
  if (contain.dataset.fitted !== o.id) { contain.dataset.fitted = o.id; map.fitBounds(ringLayer.getBounds(), { padding: [30, 30] }); }
  declutterLabels();
}

// Checkpoint labels that would overlap one already shown, or run off the map, are hidden until a
// zoom gives them room (the task table lists every checkpoint): the sites nobody reaches in time
// are placed first, then west to east. Run after every zoom and pan.
function declutterLabels() {
  if (!ringLayer) return;
  const box = document.getElementById('command-map')?.getBoundingClientRect();
  const labels = [];
  ringLayer.eachLayer((layer) => {
    const el = layer.getTooltip?.()?.getElement?.();
    if (el && el.classList.contains('checkpoint-label')) { el.classList.remove('label-covered'); labels.push(el); }
  });
  const rects = new Map(labels.map((el) => [el, el.getBoundingClientRect()]));
  labels.sort((a, b) => (b.classList.contains('red') - a.classList.contains('red')) || (rects.get(a).left - rects.get(b).left));
  const shown = [];
  for (const el of labels) {
    const r = rects.get(el);
    const overlaps = shown.some((p) => r.left < p.right && r.right > p.left && r.top < p.bottom && r.bottom > p.top);
    const outside = box && (r.left < box.left || r.right > box.right || r.top < box.top || r.bottom > box.bottom);
    if (overlaps || outside) el.classList.add('label-covered'); else shown.push(r);
  }
  const panel = document.getElementById('containment');
  if (panel) panel.dataset.labelsShown = String(shown.length);
}

// MARK: Standing coverage

async function refreshCoverage() {
  const toggle = document.getElementById('coverage-toggle');
  const state = document.getElementById('coverage-state');
  if (!toggle?.checked) { coverageLayer?.remove(); coverageLayer = null; state.textContent = ''; return; }
  let c;
  try { c = await call('GET', '/api/v1/coverage?seconds=180&below=50'); } catch (e) { state.textContent = e.message; return; }
  coverageLayer?.remove();
  coverageLayer = L.featureGroup();
  c.units.forEach((u, k) => {
    for (const line of u.lines) {
      L.polyline(line.map((p) => [p.lat, p.lon]), { color: PALETTE[k % PALETTE.length], weight: 5, opacity: 0.55, className: 'coverage-road' }).addTo(coverageLayer);
    }
  });
  coverageLayer.addTo(map);
  coverageLayer.bringToBack();
  const low = c.gridsBelow.map((id) => gridNames.get(id) || id);
  state.textContent = `道路覆盖 ${Math.round(c.share * 100)}%；覆盖不足一半的网格 ${low.length} 个${low.length ? '：' + low.slice(0, 6).join('、') + (low.length > 6 ? '…' : '') : ''}`;
  panel.dataset.coverage = String(c.share);
}

// MARK: Shift handover

const me = document.querySelector('meta[name="pingan-user"]')?.content || '';

async function loadHandovers() {
  const box = document.getElementById('handover-pending');
  if (!box) return;
  let page;
  try { page = await call('GET', '/api/v1/handovers?pending=true&limit=10'); } catch (e) { return; }
  const theirs = page.items.filter((h) => h.fromUserId !== me);
  box.dataset.pending = String(theirs.length);
  box.innerHTML = theirs.map((h) => `<div class="handover-item" data-handover="${h.id}"><p><strong>${escapeHTML(h.fromName)}</strong> ${clock(h.createdAt)} 交班：${escapeHTML(h.note)}</p>`
    + `<p class="small">移交警情 ${h.incidents.length} 起：${h.incidents.map((i) => `${escapeHTML(i.number)} ${escapeHTML(i.typeLabel)}（${escapeHTML(i.statusLabel)}）`).join('、') || '无'}</p>`
    + `<button type="button" class="handover-ack">接班确认</button></div>`).join('');
  box.querySelectorAll('.handover-ack').forEach((b) => b.addEventListener('click', async () => {
    const id = b.closest('.handover-item').dataset.handover;
    b.disabled = true;
    try { await call('POST', `/api/v1/handovers/${id}/acknowledge`); await loadHandovers(); document.getElementById('handover-state').textContent = '已接班确认'; }
    catch (e) { b.disabled = false; document.getElementById('handover-state').textContent = '确认失败：' + e.message; }
  }));
}

async function handOver(ev) {
  ev.preventDefault();
  const form = ev.target, state = document.getElementById('handover-state');
  form.dataset.pendingId = form.dataset.pendingId || uuid();
  try {
    const h = await call('POST', '/api/v1/handovers', { id: form.dataset.pendingId, note: document.getElementById('handover-note').value });
    delete form.dataset.pendingId;
    form.reset();
    state.textContent = `已交班，移交警情 ${h.incidents.length} 起，待接班确认`;
    state.dataset.handover = h.id;
  } catch (e) { state.textContent = '交班失败：' + e.message + '（再按一次会补发同一交班）'; }
}

// MARK: X1: where a dispute may turn violent

let disputeLayer = null;
async function toggleDisputePlaces(ev) {
  const state = document.getElementById('dispute-places-state');
  disputeLayer?.remove();
  disputeLayer = null;
  if (!ev.target.checked) { state.textContent = ''; return; }
  try {
    const places = (await call('GET', '/api/v1/dispute-places')).items;
    disputeLayer = L.layerGroup(places.map((p) => {
      const marker = L.circleMarker([p.lat, p.lon], { radius: 7, color: p.risk === 'red' ? '#c62828' : '#e65100', weight: 2, fillOpacity: 0.5, className: `dispute-place risk-${p.risk}` })
        .bindTooltip(`${escapeHTML(p.riskLabel)}纠纷地点`, { direction: 'top' });
      // A click there starts a dispute call at the place: the grid's patrol is then sent as for any call.
      if (mayDispatch) marker.on('click', () => { const t = document.getElementById('intake-type'); if (t) { t.value = 'dispute'; t.dispatchEvent(new Event('change')); } pick(p.lat, p.lon, `${p.riskLabel}纠纷地点`); });
      return marker;
    })).addTo(map);
    state.textContent = `${places.length} 处`;
  } catch (e) { state.textContent = '加载失败：' + e.message; }
}

// MARK: Start

async function start(m) {
  map = m;
  try {
    const features = await call('GET', '/api/v1/map/features');
    const names = document.getElementById('village-names');
    for (const f of features.features) {
      const p = f.properties;
      if (p.kind === 'patrol_grid') gridNames.set(p.id, p.name);
      if ((p.kind === 'village' || p.kind === 'community') && f.geometry?.type === 'Point') {
        villages.set(p.name, { lat: f.geometry.coordinates[1], lon: f.geometry.coordinates[0] });
        if (names) names.appendChild(Object.assign(document.createElement('option'), { value: p.name }));
      }
    }
  } catch (e) { /* the grids' names only label the coverage line */ }
  map.on('click', (e) => pick(e.latlng.lat, e.latlng.lng));
  map.on('zoomend moveend', () => declutterLabels());
  form?.addEventListener('submit', submitIntake);
  // The people of a dispute call are asked for only when the type is 纠纷类警情.
  const type = document.getElementById('intake-type'), parties = document.getElementById('intake-parties');
  const showParties = () => { if (parties) parties.hidden = type?.value !== 'dispute'; };
  type?.addEventListener('change', showParties);
  form?.addEventListener('reset', () => setTimeout(showParties));
  showParties();
  document.getElementById('intake-place')?.addEventListener('change', (e) => { const v = villages.get(e.target.value.trim()); if (v) pick(v.lat, v.lon); });
  document.getElementById('coverage-toggle')?.addEventListener('change', refreshCoverage);
  document.getElementById('dispute-places-toggle')?.addEventListener('change', toggleDisputePlaces);
  document.getElementById('drill-start')?.addEventListener('click', () => {
    if (!picked) { contain.hidden = false; contain.innerHTML = '<p class="error">请先在地图上点选演练现场。</p>'; return; }
    startContainment({ id: uuid(), drill: true, scene: { lat: picked.lat, lon: picked.lon, label: '演练现场' } });
  });
  document.getElementById('handover-form')?.addEventListener('submit', handOver);
  await loadList();
  await loadHandovers();
  await showOpenContainment();
  panel.dataset.ready = 'true';
  every(15000, loadHandovers);
  every(10000, loadList);
  // Not while the dispatcher is ticking units: a redraw would undo their choice.
  every(10000, () => { if (selected && !detail.contains(document.activeElement)) select(selected.id).catch(() => {}); });
  every(5000, refreshContainment);
  every(10000, refreshCoverage);
}

if (panel) {
  if (window.pinganCommandMap) start(window.pinganCommandMap);
  else document.addEventListener('command-map-ready', (e) => start(e.detail.map), { once: true });
}
