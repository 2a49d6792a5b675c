// The command map's plans (P9, 预案): the plans in scope, each activated with one button (启动预案:
// one task per post, the nearest available unit of the post's kind where none is named, drive time
// by the routing core), and the open activations: each post with its unit, ETA, arrival read from
// GPS and whether it was within target, drawn on the map; 解除预案 ends it and frees the units.
// A unit busy on an incident is never taken silently: the post shows who was passed over and why.
import { escapeHTML, uuid, poller } from './patrol-http.js';

const box = document.getElementById('plan-panel');
const { every, call } = poller();
let plans = [], active = [], layer = null, fitted = '';
// The id of an activation being asked for, kept across a retry so a resend is one activation.
const pending = new Map();

function eta(s) { return s == null ? '—' : s < 60 ? `${Math.round(s)} 秒` : `${(s / 60).toFixed(1)} 分钟`; }
function clock(at) { return new Date(at).toLocaleTimeString('zh-CN', { hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' }); }
const OUTCOME = { within_target: '按时到位', late: '超时到位', missed: '未到位', red: '无可派单元' };

let shown = '';
function render() {
  // Redrawn only when it changed: a poll must not reset the plan being chosen.
  const key = JSON.stringify([plans, active]);
  if (key === shown) return;
  shown = key;
  const chosen = document.getElementById('plan-select')?.value;
  const manage = plans.some((p) => p.mayManage);
  const idle = plans.filter((p) => !p.activeActivationId);
  const picker = manage && idle.length
    ? `<div class="row"><label>预案 <select id="plan-select">${idle.map((p) => `<option value="${p.id}">${escapeHTML(p.name)}（${escapeHTML(p.kindLabel)}，${p.posts.length} 个岗位）</option>`).join('')}</select></label>
       <button type="button" id="plan-activate">启动预案</button></div>` : '';
  const none = !plans.length ? '<p class="muted small">辖区内没有预案。<a href="/patrol/plans">预案管理</a></p>' : '';
  box.innerHTML = `<h3>预案 <small><a href="/patrol/plans">预案管理</a></small></h3>${none}${picker}
    <p class="small error" id="plan-error" role="alert" hidden></p>
    ${active.map(activation).join('')}`;
  box.hidden = false;
  const select = document.getElementById('plan-select');
  if (select && chosen && [...select.options].some((o) => o.value === chosen)) select.value = chosen;
  box.dataset.ready = 'true';
  box.dataset.active = active.map((a) => a.id).join(',');
  box.dataset.posts = String(active.reduce((n, a) => n + a.posts.length, 0));
  box.dataset.arrived = String(active.reduce((n, a) => n + a.summary.arrived, 0));
  box.dataset.staffed = String(active.reduce((n, a) => n + a.summary.staffed, 0));
  box.querySelector('#plan-activate')?.addEventListener('click', (e) => activate(e.target));
  box.querySelectorAll('.plan-deactivate').forEach((b) => b.addEventListener('click', () => deactivate(b)));
  draw();
}

function activation(a) {
  const rows = a.posts.map((p) => {
    const skipped = p.skipped ? `<br><span class="muted small">${p.skippedCallSign ? escapeHTML(p.skippedCallSign) + ' ' : ''}未调：${escapeHTML(p.skippedLabel)}</span>` : '';
    const unit = p.unitId ? `${escapeHTML(p.callSign || '')}${p.nearest ? '<span class="muted small">（最近）</span>' : ''}` : '<strong>无可派单元</strong>';
    return `<tr class="${p.outcome}" data-post="${p.index}" data-outcome="${p.outcome}" data-unit="${p.unitId || ''}">
      <td>${p.checkpoint ? '卡点 ' : ''}${escapeHTML(p.name)}</td><td>${unit}${skipped}</td><td class="plan-eta">${eta(p.plannedSeconds)}</td>
      <td>${eta(p.targetSeconds)}</td><td>${p.arrivedAt ? `${clock(p.arrivedAt)}（${eta(p.actualSeconds)}）` : '—'}</td>
      <td>${OUTCOME[p.outcome] || p.outcome}</td></tr>`;
  }).join('');
  const s = a.summary;
  return `<div class="containment plan-activation" data-activation="${a.id}">
    <p><strong>${escapeHTML(a.planName)}</strong>（${escapeHTML(a.kindLabel)}）${clock(a.startedAt)} 启动</p>
    <p class="small plan-summary">岗位 ${s.posts} 个，已派 ${s.staffed}，已到位 ${s.arrived}，按时 ${s.withinTarget}</p>
    <table class="grid containment-tasks plan-posts"><thead><tr><th>岗位</th><th>单元</th><th>预计</th><th>时限</th><th>实际到达</th><th>结果</th></tr></thead><tbody>${rows}</tbody></table>
    ${a.mayManage ? `<p><button type="button" class="plan-deactivate secondary" data-activation="${a.id}">解除预案</button></p>` : ''}</div>`;
}

function showError(message) {
  const e = document.getElementById('plan-error');
  if (e) { e.textContent = message; e.hidden = false; }
}

async function activate(button) {
  const planId = document.getElementById('plan-select')?.value;
  if (!planId) return;
  button.disabled = true;
  if (!pending.has(planId)) pending.set(planId, uuid());
  try {
    await call('POST', `/api/v1/plans/${planId}/activate`, { id: pending.get(planId) });
    pending.delete(planId);
    await load();
  } catch (e) {
    if (e.status && e.status < 500) pending.delete(planId);
    button.disabled = false;
    showError('未能启动：' + e.message);
  }
}

async function deactivate(button) {
  button.disabled = true;
  try { await call('POST', `/api/v1/plan-activations/${button.dataset.activation}/deactivate`); await load(); } catch (e) {
    button.disabled = false; showError('未能解除：' + e.message);
  }
}

// The active plans on the map: key sites, patrol routes (dashed), each post with its unit's drive.
function draw() {
  const map = window.pinganCommandMap;
  if (!map || !window.L) return;
  if (layer) layer.remove();
  layer = L.featureGroup();
  for (const a of active) {
    for (const s of a.sites) L.circleMarker([s.lat, s.lon], { radius: 6, color: '#ef6c00', fillColor: '#ffe0b2', fillOpacity: 0.9, className: 'plan-site' }).bindTooltip(escapeHTML(s.name)).addTo(layer);
    for (const r of a.routes) L.polyline(r.points.map((p) => [p[1], p[0]]), { color: '#ef6c00', weight: 3, dashArray: '6 6', className: 'plan-route' }).bindTooltip(escapeHTML(r.name)).addTo(layer);
    for (const p of a.posts) {
      if (p.route.length >= 2) L.polyline(p.route.map((q) => [q[1], q[0]]), { color: '#1565c0', weight: 3, opacity: 0.7, className: 'plan-drive' }).addTo(layer);
      const colour = p.outcome === 'within_target' ? '#2e7d32' : p.outcome === 'late' ? '#f9a825' : p.outcome === 'red' ? '#b71c1c' : '#1565c0';
      L.circleMarker([p.lat, p.lon], { radius: p.checkpoint ? 9 : 8, color: colour, weight: 3, fillColor: '#fff', fillOpacity: 1, className: `plan-post ${p.outcome}` })
        .bindTooltip(`${escapeHTML(p.name)}：${escapeHTML(p.callSign || '无可派单元')} 预计 ${eta(p.plannedSeconds)}${p.arrivedAt ? '，已到位' : ''}`, { permanent: true, direction: 'right', className: 'plan-label' })
        .addTo(layer);
    }
  }
  layer.addTo(map);
  // A newly activated plan is brought into view once; later polls leave the map where the user put it.
  const ids = active.map((a) => a.id).join(',');
  if (ids && ids !== fitted && layer.getLayers().length) { map.fitBounds(layer.getBounds(), { paddingTopLeft: [40, 40], paddingBottomRight: [200, 40], maxZoom: 15, animate: false }); }
  fitted = ids;
  box.dataset.drawn = String(active.reduce((n, a) => n + a.posts.length, 0));
}
document.addEventListener('command-map-ready', draw, { once: true });

async function load() {
  try {
    const [p, a] = await Promise.all([call('GET', '/api/v1/plans?limit=100'), call('GET', '/api/v1/plan-activations?open=true&limit=10')]);
    plans = p.items; active = a.items;
    render();
  } catch (e) { if (e.status !== 401) showError('预案加载失败：' + e.message); }
}

if (box) { load(); every(5000, load); }
