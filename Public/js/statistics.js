// Bar charts of the statistics page, drawn from the figures the server embedded in the page.
const data = JSON.parse(document.getElementById('stats-data').dataset.json);

function bars(id, rows, datasets) {
  const canvas = document.getElementById(id);
  if (!canvas || typeof Chart === 'undefined') return;
  // The chart's numbers, for the browser tests to compare with the API.
  canvas.dataset.values = JSON.stringify(datasets.map(d => d.data));
  canvas.dataset.labels = JSON.stringify(rows.map(r => r.label));
  new Chart(canvas, {
    type: 'bar',
    data: { labels: rows.map(r => r.label), datasets },
    options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { position: 'bottom' } },
               scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
}

bars('chart-levels', data.levels, [
  { label: '受理', data: data.levels.map(r => r.received), backgroundColor: '#4a78b5' },
  { label: '在本级化解', data: data.levels.map(r => r.settled ?? 0), backgroundColor: '#3a9a5b' },
]);
bars('chart-categories', data.categories, [
  { label: '受理', data: data.categories.map(r => r.received), backgroundColor: '#4a78b5' },
  { label: '调解成功', data: data.categories.map(r => r.settled ?? 0), backgroundColor: '#3a9a5b' },
]);
bars('chart-tiers', data.tiers, [
  { label: '件数', data: data.tiers.map(r => r.count), backgroundColor: '#3a9a5b' },
]);
document.body.dataset.chartsReady = '1';
