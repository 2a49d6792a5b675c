// 预案管理 (P9): the plans in scope, one drawn on the map with its key sites (orange), patrol
// routes (dashed) and posts (blue; checkpoints larger), and the editor: a click on the map adds a
// post, checkpoint, key site or a point of the patrol route being drawn. Saving sends the whole
// plan (a new one with an id made here, so a resend is one plan; an edit with its version).
import { escapeHTML, uuid, poller } from './patrol-http.js';

const el = document.getElementById('plans-map');
const list = document.querySelector('#plan-list tbody');
const form = document.getElementById('plan-form');
const { call } = poller();
let map, roadsLayer, planLayer, plans = [], units = [];
// The plan being edited: null for a new one.
let editing = null, newID = uuid();
let draft = { sites: [], routes: [], posts: [] }, routeOpen = false;

function byId(id) { return document.getElementById(id); }

async function background() {
  map = L.map(el, { maxZoom: 18, zoomSnap: 0.25 });
  L.control.scale({ imperial: false }).addTo(map);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('示意路网 · 网格为示意范围');
  map.setView([36.37, 114.38], 12);
  try {
    const roads = await call('GET', '/api/v1/road-network');
    roadsLayer = L.geoJSON(roads, {
      style: () => ({ color: '#9aa5b1', weight: 1.5, opacity: 0.8 }),
      pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 5, color: '#6a1b9a', fillColor: '#ce93d8', fillOpacity: 0.9 }).bindTooltip(escapeHTML(f.properties?.name || '卡点')),
    }).addTo(map);
  } catch (e) { /* no roads: the map still takes clicks */ }
  planLayer = L.featureGroup().addTo(map);
  map.on('click', (e) => add(e.latlng));
  window.pinganPlansMap = map;
}

function draw(plan, fit) {
  planLayer.clearLayers();
  for (const s of plan.sites) L.circleMarker([s.lat, s.lon], { radius: 7, color: '#ef6c00', fillColor: '#ffe0b2', fillOpacity: 1, className: 'plan-site' }).bindTooltip(escapeHTML(s.name)).addTo(planLayer);
  for (const r of plan.routes) if (r.points.length) L.polyline(r.points.map((p) => [p[1], p[0]]), { color: '#ef6c00', weight: 3, dashArray: '6 6', className: 'plan-route' }).bindTooltip(escapeHTML(r.name)).addTo(planLayer);
  for (const p of plan.posts) {
    L.circleMarker([p.lat, p.lon], { radius: p.checkpoint ? 9 : 7, color: '#1565c0', weight: 3, fillColor: '#e3f2fd', fillOpacity: 1, className: 'plan-post' })
      .bindTooltip(`${p.checkpoint ? '卡点 ' : ''}${escapeHTML(p.name)}：${escapeHTML(p.callSign || p.unitKindLabel || '')} ${p.targetMinutes} 分钟`, { permanent: true, direction: 'right', className: 'plan-label' })
      .addTo(planLayer);
  }
  el.dataset.posts = String(plan.posts.length);
  if (fit && planLayer.getLayers().length) map.fitBounds(planLayer.getBounds(), { paddingTopLeft: [30, 30], paddingBottomRight: [200, 30], maxZoom: 15, animate: false });
}

function renderList() {
  list.innerHTML = plans.length ? plans.map((p) => `<tr data-plan="${p.id}" class="plan-row"><td><a href="#" class="plan-open">${escapeHTML(p.name)}</a></td>
    <td>${escapeHTML(p.kindLabel)}</td><td>${escapeHTML(p.orgUnitName)}</td><td>${p.posts.length}</td><td>${p.activeActivationId ? '<strong>已启动</strong>' : '待命'}</td></tr>`).join('')
    : '<tr><td colspan="5" class="muted">辖区内还没有预案。</td></tr>';
  list.querySelectorAll('.plan-open').forEach((a) => a.addEventListener('click', (e) => { e.preventDefault(); open(a.closest('tr').dataset.plan); }));
  el.dataset.plans = String(plans.length);
}

function open(id) {
  const plan = plans.find((p) => p.id === id);
  if (!plan) return;
  list.querySelectorAll('tr').forEach((tr) => tr.classList.toggle('selected', tr.dataset.plan === id));
  el.dataset.shown = id;
  draw(plan, true);
  if (!form || !plan.mayManage) return;
  editing = plan;
  draft = { sites: plan.sites.map((s) => ({ ...s })), routes: plan.routes.map((r) => ({ name: r.name, points: r.points.slice() })),
            posts: plan.posts.map((p) => ({ name: p.name, lat: p.lat, lon: p.lon, checkpoint: p.checkpoint, unitId: p.unitId || '', unitKind: p.unitKind, targetMinutes: p.targetMinutes })) };
  routeOpen = false;
  byId('plan-form-title').textContent = '修改预案：' + plan.name;
  byId('plan-name').value = plan.name;
  byId('plan-kind').value = plan.kind;
  if ([...byId('plan-org').options].some((o) => o.value === plan.orgUnitId)) byId('plan-org').value = plan.orgUnitId;
  byId('plan-description').value = plan.description || '';
  byId('plan-window-start').value = local(plan.windowStart);
  byId('plan-window-end').value = local(plan.windowEnd);
  byId('plan-retire').hidden = false;
  renderDraft();
}

function local(at) {
  if (!at) return '';
  const d = new Date(at), pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function fresh() {
  editing = null; newID = uuid();
  draft = { sites: [], routes: [], posts: [] }; routeOpen = false;
  form.reset();
  byId('plan-form-title').textContent = '新建预案';
  byId('plan-retire').hidden = true;
  renderDraft();
}

function add(ll) {
  if (!form) return;
  const mode = form.querySelector('input[name="mode"]:checked')?.value || 'post';
  const lat = Math.round(ll.lat * 1e6) / 1e6, lon = Math.round(ll.lng * 1e6) / 1e6;
  if (mode === 'site') draft.sites.push({ name: `重点部位 ${draft.sites.length + 1}`, lat, lon });
  else if (mode === 'route') {
    if (!routeOpen) { draft.routes.push({ name: `巡逻路线 ${draft.routes.length + 1}`, points: [] }); routeOpen = true; }
    draft.routes[draft.routes.length - 1].points.push([lon, lat]);
  } else {
    const checkpoint = mode === 'checkpoint';
    draft.posts.push({ name: `${checkpoint ? '卡点' : '岗位'} ${draft.posts.length + 1}`, lat, lon, checkpoint, unitId: '', unitKind: 'patrol_car', targetMinutes: checkpoint ? 10 : 15 });
  }
  renderDraft();
}

function renderDraft() {
  if (!form) return;
  const kinds = byId('unit-kinds').innerHTML;
  const unitOptions = '<option value="">（同类最近）</option>' + units.map((u) => `<option value="${u.id}">${escapeHTML(u.callSign)}</option>`).join('');
  form.querySelector('#plan-posts tbody').innerHTML = draft.posts.map((p, i) => `<tr data-i="${i}">
    <td><input class="post-name" maxlength="100" value="${escapeHTML(p.name)}"></td>
    <td><select class="post-kind">${kinds}</select></td><td><select class="post-unit">${unitOptions}</select></td>
    <td><input class="post-target" type="number" min="1" max="240" value="${p.targetMinutes}"></td>
    <td><button type="button" class="secondary remove" data-list="posts">删除</button></td></tr>`).join('');
  form.querySelectorAll('#plan-posts tbody tr').forEach((tr) => {
    const p = draft.posts[Number(tr.dataset.i)];
    tr.querySelector('.post-kind').value = p.unitKind;
    tr.querySelector('.post-unit').value = p.unitId || '';
    tr.querySelector('.post-name').addEventListener('input', (e) => { p.name = e.target.value; });
    tr.querySelector('.post-kind').addEventListener('change', (e) => { p.unitKind = e.target.value; });
    tr.querySelector('.post-unit').addEventListener('change', (e) => { p.unitId = e.target.value; });
    tr.querySelector('.post-target').addEventListener('input', (e) => { p.targetMinutes = Number(e.target.value); });
  });
  form.querySelector('#plan-sites tbody').innerHTML = draft.sites.map((s, i) => `<tr data-i="${i}"><td><input class="site-name" maxlength="100" value="${escapeHTML(s.name)}"></td>
    <td><button type="button" class="secondary remove" data-list="sites">删除</button></td></tr>`).join('');
  form.querySelectorAll('#plan-sites tbody tr').forEach((tr) => tr.querySelector('.site-name').addEventListener('input', (e) => { draft.sites[Number(tr.dataset.i)].name = e.target.value; }));
  form.querySelector('#plan-routes tbody').innerHTML = draft.routes.map((r, i) => `<tr data-i="${i}"><td><input class="route-name" maxlength="100" value="${escapeHTML(r.name)}"></td>
    <td>${r.points.length}</td><td><button type="button" class="secondary remove" data-list="routes">删除</button></td></tr>`).join('');
  form.querySelectorAll('#plan-routes tbody tr').forEach((tr) => tr.querySelector('.route-name').addEventListener('input', (e) => { draft.routes[Number(tr.dataset.i)].name = e.target.value; }));
  form.querySelectorAll('.remove').forEach((b) => b.addEventListener('click', () => {
    draft[b.dataset.list].splice(Number(b.closest('tr').dataset.i), 1);
    if (b.dataset.list === 'routes') routeOpen = false;
    renderDraft();
  }));
  draw({ ...draft, posts: draft.posts.map((p) => ({ ...p, callSign: units.find((u) => u.id === p.unitId)?.callSign })) }, false);
}

async function save(e) {
  e.preventDefault();
  const state = byId('plan-state');
  const iso = (v) => (v ? new Date(v).toISOString() : undefined);
  const body = {
    name: byId('plan-name').value, kind: byId('plan-kind').value, orgUnitId: byId('plan-org').value || undefined,
    description: byId('plan-description').value, windowStart: iso(byId('plan-window-start').value), windowEnd: iso(byId('plan-window-end').value),
    sites: draft.sites, routes: draft.routes.filter((r) => r.points.length >= 2),
    posts: draft.posts.map((p) => ({ name: p.name, lat: p.lat, lon: p.lon, checkpoint: p.checkpoint, unitKind: p.unitKind, targetMinutes: p.targetMinutes, ...(p.unitId ? { unitId: p.unitId } : {}) })),
  };
  if (!body.posts.length) { state.textContent = '请先在地图上点击添加至少一个岗位'; return; }
  state.textContent = '正在保存…';
  try {
    const saved = editing ? await call('PATCH', `/api/v1/plans/${editing.id}`, { ...body, baseVersion: editing.version })
      : await call('POST', '/api/v1/plans', { ...body, id: newID });
    state.textContent = '已保存';
    await load();
    open(saved.id);
  } catch (err) { state.textContent = '未能保存：' + err.message; }
}

async function retire() {
  if (!editing) return;
  try { await call('POST', `/api/v1/plans/${editing.id}/retire`); byId('plan-state').textContent = '已删除'; fresh(); await load(); } catch (err) {
    byId('plan-state').textContent = '未能删除：' + err.message;
  }
}

async function load() {
  plans = (await call('GET', '/api/v1/plans?limit=100')).items;
  renderList();
}

async function main() {
  await background();
  if (form) {
    try { units = (await call('GET', '/api/v1/units?limit=500')).items.filter((u) => !['checkpoint_post', 'fixed_post'].includes(u.kind)); } catch (e) { units = []; }
    form.addEventListener('submit', save);
    byId('plan-new').addEventListener('click', fresh);
    byId('plan-retire').addEventListener('click', retire);
    byId('plan-route-done').addEventListener('click', () => { routeOpen = false; });
    renderDraft();
  }
  await load();
  if (plans.length) open(plans[0].id);
  el.dataset.ready = 'true';
}

main();
