// Charts of 公安工作统计 and 指挥看板, drawn from the figures the server embedded in the page (the
// API's own computation). Each canvas keeps the figures it draws in data-values, so a test can
// compare them with the API.
const palette = ['#4a78b5', '#d9822b', '#3a9a5b', '#b5494a', '#7c5cb5', '#2b9ad9', '#8a8a2b', '#777777'];

function chart(id, type, labels, datasets, values, options = {}) {
  const canvas = document.getElementById(id);
  if (!canvas) return;
  canvas.dataset.values = JSON.stringify(values);
  if (typeof Chart === 'undefined') return;
  new Chart(canvas, {
    type,
    data: { labels, datasets },
    options: Object.assign({ responsive: true, maintainAspectRatio: false, animation: false,
                             plugins: { legend: { position: 'bottom' } }, scales: { y: { beginAtZero: true } } }, options),
  });
}

const minutes = s => (s == null ? null : Math.round(s / 6) / 10);

const table = document.getElementById('ps-data');
if (table) {
  const rows = JSON.parse(table.dataset.json);
  chart('chart-incident-types', 'bar', rows.map(r => r.label),
        [{ label: '警情（起）', data: rows.map(r => Number(r.count)), backgroundColor: palette[0] }],
        rows.map(r => Number(r.count)));
}

const dash = document.getElementById('cd-data');
if (dash) {
  const d = JSON.parse(dash.dataset.json);
  const pair = groups => ({ median: groups.map(g => g.callToScene.medianSeconds ?? null), p90: groups.map(g => g.callToScene.p90Seconds ?? null) });
  const responseSets = v => [
    { label: '中位数', data: v.median.map(minutes), backgroundColor: palette[0], borderColor: palette[0] },
    { label: 'P90', data: v.p90.map(minutes), backgroundColor: palette[1], borderColor: palette[1] },
  ];
  const hours = pair(d.byHour);
  chart('chart-response-hour', 'line', d.byHour.map(g => g.label), responseSets(hours), hours);
  const grids = pair(d.byGrid);
  chart('chart-response-grid', 'bar', d.byGrid.map(g => g.label), responseSets(grids), grids);
  const days = ['一', '二', '三', '四', '五', '六', '日'];
  const weekLabels = Array.from({ length: 168 }, (_, i) => `周${days[Math.floor(i / 24)]} ${i % 24}时`);
  const weekly = Object.fromEntries(d.hourOfWeek.map(r => [r.type, r.counts]));
  chart('chart-hour-of-week', 'bar', weekLabels,
        d.hourOfWeek.map((r, i) => ({ label: r.label, data: r.counts, backgroundColor: palette[i % palette.length], stack: 'types' })),
        weekly, { scales: { x: { stacked: true, ticks: { maxTicksLimit: 28 } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } });
  chart('chart-coverage', 'bar', Array.from({ length: 24 }, (_, h) => `${h}时`),
        [{ label: '在岗单元（平均）', data: d.coverage, backgroundColor: palette[2] }], d.coverage);
}
document.body.dataset.chartsReady = '1';

// 可信度提示: the arrivals without GPS evidence, read from the API after the charts (one track read
// per arrival, so it is not part of the page's own answer).
const evidence = document.getElementById('arrival-evidence');
if (evidence) {
  const summary = document.getElementById('arrival-evidence-summary');
  const list = document.getElementById('arrival-evidence-list');
  fetch(evidence.dataset.api, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    .then(r => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
    .then(e => {
      evidence.dataset.checked = String(e.checked);
      evidence.dataset.unsupported = String(e.unsupportedCount);
      summary.textContent = e.unsupportedCount === 0
        ? `已核对 ${e.checked} 起到场，均有定位佐证。`
        : `已核对 ${e.checked} 起到场，其中 ${e.unsupportedCount} 起缺少定位佐证${e.unsupportedCount > e.unsupported.length ? `（列出前 ${e.unsupported.length} 起）` : ''}：`;
      evidence.classList.toggle('warning', e.unsupportedCount > 0);
      for (const item of e.unsupported.slice(0, 50)) {
        const li = document.createElement('li');
        const at = new Date(item.arrivedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
        li.textContent = `${item.number}：到场 ${at}，${item.fixesInWindow === 0 ? '该单元此时没有定位' : `该单元此时 ${item.fixesInWindow} 个定位均不在现场`}`;
        list.appendChild(li);
      }
      evidence.dataset.ready = 'true';
    })
    .catch(err => { summary.textContent = '核对失败：' + err.message; evidence.dataset.ready = 'error'; });
}
