// The map of 指挥看板: patrol grids shaded by the median time from call to the first unit on scene,
// from the dashboard's own figures (the API's byGrid, embedded in #cd-data). Each grid's tooltip
// gives its incidents, median and P90. data-values holds each grid's median in seconds and
// data-incidents its incidents, for the browser test to compare with the API.
import { shadedAreaMap, escapeHTML } from './area-map.js';

const el = document.getElementById('grid-map');
const source = document.getElementById('cd-data');
if (el && source && typeof L !== 'undefined') {
  const d = JSON.parse(source.dataset.json);
  const minutes = (s) => (s == null ? '—' : (Math.round(s / 6) / 10).toFixed(1));
  el.dataset.incidents = JSON.stringify(Object.fromEntries(d.byGrid.map((g) => [g.key, g.incidents])));
  const inGrids = d.byGrid.reduce((n, g) => n + g.incidents, 0);
  el.dataset.outside = String(d.incidents - inGrids);
  const areas = d.byGrid.map((g) => ({
    id: g.key, name: g.label, value: g.callToScene.medianSeconds ?? null,
    tooltip: `${escapeHTML(g.label)}<br>警情 <strong>${g.incidents}</strong> 起<br>到场中位数 ${minutes(g.callToScene.medianSeconds)} 分钟 · P90 ${minutes(g.callToScene.p90Seconds)} 分钟`
      + `<br><small>有到场记录 ${g.callToScene.count} 起</small>`,
  }));
  shadedAreaMap(el, {
    kinds: ['county', 'patrol_grid'], areas,
    legend: {
      title: '到场时间中位数（分钟）', format: (s) => minutes(s),
      note: d.incidents > inGrids ? `另有 ${d.incidents - inGrids} 起警情不在任何网格内` : '',
    },
  });
}
