// The evaluation page's chart: each committee's quality index (never a count), from the data the
// server embedded in the page. The canvas carries the values for the browser test.
const data = JSON.parse(document.getElementById('evaluation-data').dataset.json);
const canvas = document.getElementById('chart-quality');
if (canvas) {
  canvas.dataset.values = JSON.stringify(data.quality);
  if (typeof Chart !== 'undefined') {
    new Chart(canvas, {
      type: 'bar',
      data: { labels: data.names, datasets: [{ label: '质量指数（%）', data: data.quality, backgroundColor: '#3a9a5b' }] },
      options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { position: 'bottom' } },
                 scales: { y: { beginAtZero: true, max: 100 } } },
    });
  }
}
document.body.dataset.chartsReady = '1';
