// The map of /statistics: townships (or a township's villages) shaded by disputes received in the
// period. The figures are the server's (each area's 受理纠纷 row of the county table, AreaFigures);
// each area's tooltip gives its count and its popup links to the records behind it.
import { shadedAreaMap, escapeHTML } from './area-map.js';

const el = document.getElementById('area-map');
if (el && typeof L !== 'undefined') {
  const data = JSON.parse(el.dataset.json);
  el.dataset.outside = String(data.outside);
  const kinds = data.kind === 'township' ? ['county', 'township'] : ['township', 'village', 'community'];
  const areas = data.areas.map((a) => ({
    id: a.id, name: a.name, value: a.received,
    tooltip: `${escapeHTML(a.name)}<br>受理纠纷 <strong>${a.received}</strong> 件<br><small>点击查看记录</small>`,
    popup: `${escapeHTML(a.name)}：<a class="area-link" href="${escapeHTML(a.link)}">受理纠纷 ${a.received} 件（查看记录）</a>`,
  }));
  shadedAreaMap(el, {
    kinds, areas,
    legend: {
      title: '受理纠纷（件）', format: (x) => String(Math.round(x)),
      note: data.outside > 0 ? `另有 ${data.outside} 件由${data.kind === 'township' ? '县直部门、专业调委会等' : '乡镇调委会'}受理，不在图上` : '',
    },
  });
}
