// Track playback: one unit's fixes of one day from /api/v1/units/{id}/track, drawn as a line,
// with a slider that moves a marker through time. Flagged fixes (an impossible jump, a poor
// accuracy, a late fix) are marked, not hidden: the inspector reads the flags, not a gap.
const el = document.getElementById('track-map');
const slider = document.getElementById('track-slider');
const time = document.getElementById('track-time');
const summary = document.getElementById('track-summary');
const FLAG_NAMES = { impossible_speed: '速度异常', poor_accuracy: '精度差', late: '迟到' };

function clock(at) {
  return new Date(at).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

async function main() {
  const map = L.map(el, { maxZoom: 18 });
  map.attributionControl.setPrefix(false);
  L.control.scale({ imperial: false }).addTo(map);
  const query = new URLSearchParams({ from: el.dataset.from, to: el.dataset.to });
  let track;
  try {
    const res = await fetch(`/api/v1/units/${el.dataset.unit}/track?${query}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error((await res.json()).error?.message || res.statusText);
    track = await res.json();
  } catch (e) {
    summary.textContent = '轨迹加载失败：' + e.message;
    return;
  }
  const fixes = track.fixes;
  el.dataset.fixes = String(fixes.length);
  if (fixes.length === 0) {
    map.setView([36.36, 114.37], 11);
    summary.textContent = '这一天没有轨迹（未上岗时不记录轨迹）。';
    el.dataset.loaded = 'true';
    return;
  }
  const line = L.polyline(fixes.map((f) => [f.lat, f.lon]), { color: '#1565c0', weight: 3, className: 'track-line' }).addTo(map);
  for (const f of fixes.filter((f) => f.flags.length)) {
    L.circleMarker([f.lat, f.lon], { radius: 4, color: '#c62828', className: 'track-flag' })
      .bindTooltip(`${clock(f.at)} ${f.flags.map((x) => FLAG_NAMES[x] || x).join('、')}`).addTo(map);
  }
  const marker = L.circleMarker([fixes[0].lat, fixes[0].lon], { radius: 8, color: '#fff', weight: 2, fillColor: '#c62828', fillOpacity: 1, className: 'track-marker' }).addTo(map);
  map.fitBounds(line.getBounds(), { padding: [20, 20], maxZoom: 16 });
  // The roads around the track, for a sense of where the unit went (best effort: none loaded, none drawn).
  const b = line.getBounds().pad(0.5);
  fetch(`/api/v1/road-network?zoom=${Math.min(20, map.getZoom())}&bbox=${[b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((x) => x.toFixed(5)).join(',')}`,
        { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then((res) => (res.ok ? res.json() : null))
    .then((roads) => {
      if (!roads) return;
      const layer = L.geoJSON(roads, { filter: (f) => f.geometry.type !== 'Point', style: { color: '#9aa5b1', weight: 2, className: 'road' } }).addTo(map);
      layer.bringToBack();
      const label = roads.properties?.label;
      if (label) map.attributionControl.addAttribution(label);
    })
    .catch(() => {});
  slider.max = String(fixes.length - 1);
  slider.disabled = false;
  function show(i) {
    const f = fixes[i];
    marker.setLatLng([f.lat, f.lon]);
    time.textContent = `${clock(f.at)}${f.speed != null ? ` · ${Math.round(f.speed * 3.6)} km/h` : ''}${f.flags.length ? ' · ' + f.flags.map((x) => FLAG_NAMES[x] || x).join('、') : ''}`;
    el.dataset.shown = f.at;
  }
  slider.addEventListener('input', () => show(Number(slider.value)));
  show(0);
  const flagged = fixes.filter((f) => f.flags.length).length;
  summary.textContent = `${fixes.length} 个定位点，${clock(fixes[0].at)} 至 ${clock(fixes[fixes.length - 1].at)}${flagged ? `，其中 ${flagged} 个有标记` : ''}。`;
  el.dataset.loaded = 'true';
}

main();
