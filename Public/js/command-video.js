// The command map's video patrol (P7, 视频巡逻): the cameras of the county's video network
// (雪亮工程) as a layer to switch on, the notices (视频通报) still waiting for a unit's 收到 with
// who has and has not acknowledged, and — for the video-patrol officer and the command centre —
// the form that raises one (its photo checked here for size and type before it is sent, and
// again by the server) and the 转为警情 button. Polled, like the other panels.
import { escapeHTML, poller, uuid } from './patrol-http.js';

const box = document.getElementById('video-notices');
const incidentPanel = document.getElementById('incident-panel');
// The command map's users are the command centre (may contain), station commanders (may
// dispatch, not contain) and the video-patrol officer (neither): the raisers are the first and last.
const mayRaise = incidentPanel?.dataset.mayContain === 'true' || incidentPanel?.dataset.mayDispatch === 'false';
const { every, call } = poller();
// As NoticePhoto.maxBytes on the server.
const MAX_PHOTO_BYTES = 3 * 699050;

let map = null, cameras = [], grids = new Map(), cameraLayer = null, noticeLayer = null, picked = null, pickMarker = null, picking = false;

function time(at) { return new Date(at).toLocaleString('zh-CN', { hour12: false, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }); }
function localInput(d) { const z = new Date(d.getTime() - d.getTimezoneOffset() * 60000); return z.toISOString().slice(0, 16); }

function skeleton() {
  box.hidden = false;
  box.innerHTML = `<h3>视频巡逻通报</h3>
    <p class="small"><label><input type="checkbox" id="camera-toggle"> 视频监控点位（雪亮工程，示意）</label> <span id="camera-state" class="muted"></span></p>
    ${mayRaise ? `<details id="video-raise"><summary>发布视频通报</summary>
      <form id="video-form" class="intake" autocomplete="off">
        <div class="row">
          <label>类别 <select id="video-kind"><option value="suspect">嫌疑人</option><option value="vehicle">车辆</option><option value="other">其他</option></select></label>
          <label>车牌 <input id="video-plate" maxlength="20" placeholder="冀D·12345"></label>
        </div>
        <label>特征描述 <textarea id="video-description" maxlength="1000" rows="2" required placeholder="性别、年龄、身高、衣着、随身物品；车型、颜色、行驶方向"></textarea></label>
        <div class="row">
          <label>发现时间 <input id="video-seen" type="datetime-local" required></label>
          <label>监控点位 <select id="video-camera"><option value="">（无）</option></select></label>
        </div>
        <div class="row">
          <label>地点 <input id="video-place" maxlength="200" placeholder="路口或地标"></label>
          <button type="button" id="video-pick" class="secondary">在地图上点选</button>
        </div>
        <p class="muted small" id="video-picked">未选地点</p>
        <fieldset class="video-grids"><legend>通报网格（发给其在岗单元）</legend><div id="video-grids"></div></fieldset>
        <label>照片（JPEG/PNG，2 MB 以内） <input id="video-photo" type="file" accept="image/jpeg,image/png"></label>
        <button type="submit" id="video-submit">发布通报</button>
        <span id="video-state" class="muted small" role="status"></span>
      </form></details>` : ''}
    <div id="video-list"><p class="muted small">正在加载…</p></div>`;
}

// MARK: The list

function render(notices) {
  const list = document.getElementById('video-list');
  if (!notices.length) { list.innerHTML = '<p class="muted small">没有待签收的视频通报。</p>'; return; }
  list.innerHTML = notices.map((n) => {
    const who = n.recipients.map((r) => `<li class="${r.acknowledgedAt ? 'acked' : 'pending'}">${escapeHTML(r.callSign)}（${escapeHTML(r.gridName)}）${r.acknowledgedAt ? `已签收 ${time(r.acknowledgedAt)}` : '未签收'}</li>`).join('');
    const status = n.recipientCount === 0 ? '<span class="error">所选网格当时无在岗单元</span>'
      : `已签收 <strong class="ack-count">${n.acknowledgedCount}/${n.recipientCount}</strong>${n.complete ? '（全部签收）' : ''}`;
    const converted = n.incidentId ? `<p class="small">已转为警情（${escapeHTML(n.convertedBy || '')}）</p>`
      : (mayRaise ? '<button type="button" class="video-convert secondary">转为警情</button>' : '');
    return `<article class="video-notice${n.complete ? ' complete' : ''}" data-notice="${n.id}">
      ${n.photoUrl ? `<img class="video-photo" src="${escapeHTML(n.photoUrl)}" alt="通报照片">` : ''}
      <p><strong>${escapeHTML(n.kindLabel)}</strong>${n.plate ? ` · ${escapeHTML(n.plate)}` : ''} <span class="muted small">${time(n.seenAt)} ${escapeHTML(n.place.label)}${n.cameraName ? ' · ' + escapeHTML(n.cameraName) : ''}</span></p>
      <p class="small">${escapeHTML(n.description)}</p>
      <p class="small">通报 ${escapeHTML(n.grids.map((g) => g.name).join('、'))} · ${escapeHTML(n.raisedBy)} · ${status}</p>
      <ul class="small video-recipients">${who}</ul>
      <button type="button" class="video-locate secondary small">在地图上查看</button> ${converted}<p class="small error" role="alert" hidden></p></article>`;
  }).join('');
  list.querySelectorAll('.video-convert').forEach((b) => b.addEventListener('click', () => convert(b)));
  list.querySelectorAll('.video-locate').forEach((b) => b.addEventListener('click', () => {
    const n = notices.find((x) => x.id === b.closest('.video-notice').dataset.notice);
    if (n && map) map.setView([n.place.lat, n.place.lon], 14);
  }));
}

async function convert(button) {
  const item = button.closest('.video-notice'), error = item.querySelector('.error');
  button.disabled = true;
  // The incident's id, kept on the button: pressing again after a lost answer sends the same.
  button.dataset.incident = button.dataset.incident || uuid();
  try { await call('POST', `/api/v1/video-notices/${item.dataset.notice}/incident`, { id: button.dataset.incident }); await load(); } catch (e) {
    button.disabled = false; error.textContent = '未能转为警情：' + e.message; error.hidden = false;
  }
}

function drawNotices(notices) {
  if (!map || !window.L) return;
  noticeLayer?.remove();
  noticeLayer = L.layerGroup(notices.filter((n) => !n.complete).map((n) =>
    L.circleMarker([n.place.lat, n.place.lon], { radius: 10, color: '#ad1457', weight: 3, fillColor: '#f48fb1', fillOpacity: 0.8, className: 'video-notice-marker' })
      .bindTooltip(`视频通报：${escapeHTML(n.kindLabel)} ${escapeHTML(n.plate || '')}`, { permanent: true, direction: 'right', className: 'video-notice-label' }))).addTo(map);
}

async function load() {
  try {
    // Those waiting for a unit first, then the latest few, so an acknowledged one is seen done.
    const [open, recent] = await Promise.all([call('GET', '/api/v1/video-notices?open=true&limit=50'), call('GET', '/api/v1/video-notices?limit=5')]);
    const seen = new Set(open.items.map((n) => n.id));
    const notices = open.items.concat(recent.items.filter((n) => !seen.has(n.id)));
    render(notices);
    drawNotices(notices);
    box.dataset.ready = 'true';
  } catch (e) {
    document.getElementById('video-list').innerHTML = `<p class="error small">未能读取视频通报：${escapeHTML(e.message)}</p>`;
  }
}

// MARK: Cameras

async function toggleCameras(on) {
  const state = document.getElementById('camera-state');
  if (!on) { cameraLayer?.remove(); state.textContent = ''; return; }
  if (!map || !window.L) return;
  cameraLayer?.remove();
  cameraLayer = L.layerGroup(cameras.map((c) => L.marker([c.lat, c.lon], {
    icon: L.divIcon({ className: `camera-marker camera-${c.kind}`, html: `<span class="camera-dot"></span><span class="camera-name">${escapeHTML(c.name)}</span>`, iconSize: null }),
    title: `${c.name}（${c.kindLabel}）`,
  }))).addTo(map);
  state.textContent = `${cameras.length} 个点位`;
}

// MARK: Raising a notice

function pick(lat, lon) {
  picked = { lat, lon };
  document.getElementById('video-picked').textContent = `地点：${lat.toFixed(5)}, ${lon.toFixed(5)}`;
  pickMarker?.remove();
  if (map && window.L) pickMarker = L.circleMarker([lat, lon], { radius: 7, color: '#ad1457', fillColor: '#fff', fillOpacity: 1 }).addTo(map);
  // The grid holding the place is ticked for the officer; more may be added.
  for (const [id, g] of grids) if (g.shape && contains(g.shape, lon, lat)) { const box = document.querySelector(`#video-grids input[value="${id}"]`); if (box) box.checked = true; }
}

// Ray casting over a Polygon or MultiPolygon's outer rings (the grids have no holes).
function contains(geometry, x, y) {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  return polys.some((rings) => {
    let inside = false;
    const ring = rings[0];
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i], [xj, yj] = ring[j];
      if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  });
}

function readPhoto(file) {
  return new Promise((resolve, reject) => {
    if (!file) { resolve(null); return; }
    if (!['image/jpeg', 'image/png'].includes(file.type)) { reject(new Error('照片只能是 JPEG 或 PNG')); return; }
    if (file.size > MAX_PHOTO_BYTES) { reject(new Error('照片超过 2 MB')); return; }
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(',')[1]);
    reader.onerror = () => reject(new Error('未能读取照片'));
    reader.readAsDataURL(file);
  });
}

async function submit(ev) {
  ev.preventDefault();
  const form = ev.target, state = document.getElementById('video-state');
  const gridIds = [...document.querySelectorAll('#video-grids input:checked')].map((i) => i.value);
  if (!picked) { state.textContent = '请先在地图上点选地点或选择监控点位'; return; }
  if (!gridIds.length) { state.textContent = '请选择通报网格'; return; }
  let photo;
  try { photo = await readPhoto(document.getElementById('video-photo').files[0]); } catch (e) { state.textContent = e.message; return; }
  // One id per notice being written: a second press after a lost answer is the same notice.
  form.dataset.pendingId = form.dataset.pendingId || uuid();
  const camera = document.getElementById('video-camera').value;
  const body = {
    id: form.dataset.pendingId, kind: document.getElementById('video-kind').value, description: document.getElementById('video-description').value,
    plate: document.getElementById('video-plate').value.trim() || undefined, photo: photo || undefined,
    place: { lat: picked.lat, lon: picked.lon, label: document.getElementById('video-place').value.trim() },
    seenAt: new Date(document.getElementById('video-seen').value || Date.now()).toISOString(), cameraId: camera || undefined, gridIds,
  };
  document.getElementById('video-submit').disabled = true;
  try {
    const n = await call('POST', '/api/v1/video-notices', body);
    delete form.dataset.pendingId;
    form.reset();
    document.getElementById('video-seen').value = localInput(new Date());
    picked = null; pickMarker?.remove();
    document.getElementById('video-picked').textContent = '未选地点';
    state.textContent = `已发布，发给 ${n.recipientCount} 个在岗单元`;
    // Folded away once sent: the list below, with who has acknowledged, is what to watch now.
    document.getElementById('video-raise').open = false;
    await load();
  } catch (e) { state.textContent = '发布失败：' + e.message; } finally { document.getElementById('video-submit').disabled = false; }
}

async function setUpForm() {
  const form = document.getElementById('video-form');
  if (!form) return;
  document.getElementById('video-seen').value = localInput(new Date());
  const gridBox = document.getElementById('video-grids');
  gridBox.innerHTML = [...grids].sort((a, b) => a[1].name.localeCompare(b[1].name, 'zh')).map(([id, g]) =>
    `<label class="small"><input type="checkbox" value="${id}"> ${escapeHTML(g.name)}</label>`).join(' ');
  const select = document.getElementById('video-camera');
  for (const c of cameras) select.appendChild(Object.assign(document.createElement('option'), { value: c.id, textContent: `${c.code} ${c.name}` }));
  select.addEventListener('change', () => {
    const c = cameras.find((x) => x.id === select.value);
    if (!c) return;
    pick(c.lat, c.lon);
    if (!document.getElementById('video-place').value) document.getElementById('video-place').value = c.name;
  });
  document.getElementById('video-pick').addEventListener('click', () => {
    picking = true;
    document.getElementById('video-picked').textContent = '请在地图上点击发现地点…';
  });
  form.addEventListener('submit', submit);
}

async function start(m) {
  map = m;
  try {
    const [features, cams] = await Promise.all([call('GET', '/api/v1/map/features'), call('GET', '/api/v1/cameras?limit=1000')]);
    for (const f of features.features) if (f.properties.kind === 'patrol_grid') grids.set(f.properties.id, { name: f.properties.name, shape: f.geometry });
    cameras = cams.items;
  } catch (e) { /* the list still works without the grids and cameras */ }
  map.on('click', (e) => { if (picking) { picking = false; pick(e.latlng.lat, e.latlng.lng); } });
  document.getElementById('camera-toggle').addEventListener('change', (e) => toggleCameras(e.target.checked));
  // Names only when zoomed in: dozens of labels would cover the county view.
  const labelled = () => map.getContainer().classList.toggle('cameras-labelled', map.getZoom() >= 14);
  map.on('zoomend', labelled);
  labelled();
  await setUpForm();
  await load();
  // Only the list is redrawn, never the form: a notice being written is not lost.
  every(10000, load);
}

if (box) {
  skeleton();
  if (window.pinganCommandMap) start(window.pinganCommandMap);
  else document.addEventListener('command-map-ready', (e) => start(e.detail.map), { once: true });
}
