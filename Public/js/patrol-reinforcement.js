// The command map's spike alerts (P6, 发案激增): each open alert with the hour's count against the
// grid's usual level and the proposal made when it was raised (which units move in, from which
// grids, how much of each donor's 3-minute coverage stays). The command centre accepts (the moves
// become tasks) or rejects with a reason; others watch. Polled, since the watch runs hourly.
import { escapeHTML, poller } from './patrol-http.js';

const box = document.getElementById('reinforcement');
const mayDecide = box?.dataset.mayDecide === 'true';
const { every, call } = poller();

function hour(at) { return new Date(at).toLocaleString('zh-CN', { hour12: false, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }); }
function share(x) { return x == null ? '—' : `${Math.round(x * 100)}%`; }
// A rural grid's usual hour is a few thousandths of an incident: shown as such, not as 0.00.
function usual(x) { return x < 0.1 ? x.toFixed(3) : x.toFixed(1); }
function eta(s) { return s < 60 ? `${Math.round(s)} 秒` : `${(s / 60).toFixed(1)} 分钟`; }

function render(alerts) {
  const list = document.getElementById('reinforcement-list');
  if (!alerts.length) { list.innerHTML = '<p class="muted small">各网格发案处于常态水平。</p>'; return; }
  list.innerHTML = alerts.map((a) => {
    const moves = a.moves.map((m) => `<li>${escapeHTML(m.callSign)}（${escapeHTML(m.fromGridName)}）约 ${eta(m.seconds)}到达</li>`).join('');
    const donors = a.donors.map((d) => `${escapeHTML(d.gridName)} 保留覆盖 ${share(d.keptShare)}`).join('；');
    const tasks = a.tasks.map((t) => escapeHTML(t.callSign)).join('、');
    const decided = a.status === 'open' ? '' : `<p class="small">${escapeHTML(a.statusLabel)} · ${escapeHTML(a.decidedBy || '')}${a.note ? '：' + escapeHTML(a.note) : ''}${tasks ? `；已下达任务：${tasks}` : ''}</p>`;
    const actions = a.status === 'open' && mayDecide
      ? `<div class="row"><button type="button" class="reinforce-accept">采纳增援建议</button>
         <input class="reinforce-note" maxlength="500" placeholder="不采纳的理由"><button type="button" class="reinforce-reject secondary">不采纳</button></div>` : '';
    return `<div class="reinforcement-item status-${escapeHTML(a.status)}" data-alert="${a.id}">
      <p><strong>${escapeHTML(a.gridName)}</strong> ${hour(a.raisedHour)} 起一小时发案 ${a.count} 起（常态约 ${usual(a.expected)} 起）</p>
      ${moves ? `<p class="small">建议调派：</p><ul class="small">${moves}</ul>` : `<p class="small muted">${escapeHTML(a.proposalNote || '')}</p>`}
      ${donors ? `<p class="small muted">抽调后：${donors}（底线 ${share(a.keepShare)}）</p>` : ''}
      ${decided}${actions}<p class="small error" role="alert" hidden></p></div>`;
  }).join('');
  list.querySelectorAll('.reinforcement-item').forEach((item) => {
    const id = item.dataset.alert, error = item.querySelector('.error');
    item.querySelector('.reinforce-accept')?.addEventListener('click', (e) => decide(e.target, `/api/v1/reinforcement-alerts/${id}/accept`, {}, error));
    item.querySelector('.reinforce-reject')?.addEventListener('click', (e) => {
      const note = item.querySelector('.reinforce-note').value.trim();
      if (!note) { error.textContent = '请填写不采纳的理由'; error.hidden = false; return; }
      decide(e.target, `/api/v1/reinforcement-alerts/${id}/reject`, { note }, error);
    });
  });
}

async function decide(button, path, body, error) {
  button.disabled = true;
  error.hidden = true;
  try { await call('POST', path, body); await load(); } catch (e) { button.disabled = false; error.textContent = '未能提交：' + e.message; error.hidden = false; }
}

// The spiking grids drawn on the command map in red, once it is there.
let gridShapes = null, spikeLayer = null, shown = [];
document.addEventListener('command-map-ready', () => drawSpikes(shown).catch(() => {}), { once: true });
async function drawSpikes(alerts) {
  shown = alerts;
  const map = window.pinganCommandMap;
  if (!map || !window.L) return;
  // One read of the grids, shared by every draw: a draw that comes while it is under way waits for it.
  gridShapes = gridShapes || call('GET', '/api/v1/map/features').then((features) => {
    const shapes = new Map();
    for (const f of features.features) if (f.properties.kind === 'patrol_grid' && f.geometry) shapes.set(f.properties.id, f);
    return shapes;
  });
  let shapes;
  try { shapes = await gridShapes; } catch (e) { gridShapes = null; throw e; }
  // Only the latest list is drawn, whichever draw finishes last.
  if (alerts !== shown) return;
  spikeLayer?.remove();
  const open = alerts.filter((a) => a.status !== 'rejected').map((a) => shapes.get(a.gridId)).filter(Boolean);
  spikeLayer = L.geoJSON({ type: 'FeatureCollection', features: open },
    { style: { color: '#c62828', weight: 3, fillColor: '#e53935', fillOpacity: 0.18, className: 'spike-grid' } }).addTo(map);
}

async function load() {
  try {
    const page = await call('GET', '/api/v1/reinforcement-alerts?open=true&limit=20');
    render(page.items);
    await drawSpikes(page.items).catch(() => { /* the list is what matters; the map is a help */ });
    box.dataset.ready = 'true';
  } catch (e) {
    document.getElementById('reinforcement-list').innerHTML = `<p class="error small">未能读取增援提示：${escapeHTML(e.message)}</p>`;
  }
}

if (box) {
  load();
  // Not while the dispatcher is typing a reason: a redraw would lose it.
  every(30000, () => { if (!box.contains(document.activeElement)) load(); });
}
