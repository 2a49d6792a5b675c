// Monthly screening report from a phone. It goes through the offline queue: a report typed in
// a village without signal waits on the phone and is sent when the network comes back; its id
// is made here, so a resend is stored once.
(function () {
  'use strict';
  var form = document.getElementById('screening-form');
  var status = document.getElementById('screening-status');
  PinganQueue.attachBanner(function (entry) {
    // A refused report (e.g. the month was already reported) comes back into the form.
    if (!form) return;
    form.month.value = entry.body.month;
    form.foundCount.value = entry.body.foundCount;
    form.note.value = entry.body.note || '';
    PinganQueue.remove(entry.id);
  });
  PinganQueue.onSent(function (entry) {
    if (entry.url !== '/api/v1/screening-reports') return;
    if (status) status.textContent = '已报送：' + entry.label;
    setTimeout(function () { location.reload(); }, 600);
  });
  if (form) {
    function send(found) {
      var body = { id: PinganQueue.uuid(), month: form.month.value, foundCount: found, nilReport: found === 0 };
      var note = form.note.value.trim();
      if (note) body.note = note;
      var label = form.month.options[form.month.selectedIndex].text + (found === 0 ? ' 零报告' : ' 发现 ' + found + ' 件');
      status.textContent = '正在报送…';
      PinganQueue.enqueue({ id: body.id, label: label, url: '/api/v1/screening-reports', body: body }).then(function (results) {
        var mine = results.filter(function (r) { return r.id === body.id; })[0];
        if (!mine || mine.network) status.textContent = '网络不通，已保存在手机上，恢复后自动报送';
        else if (mine.refused) status.textContent = '未能报送：' + mine.message;
      });
    }
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var n = Number(form.foundCount.value);
      if (!Number.isInteger(n) || n < 0) { status.textContent = '请填写件数（0 或正整数）'; return; }
      send(n);
    });
    document.getElementById('nil-report').addEventListener('click', function () {
      form.foundCount.value = 0;
      send(0);
    });
    form.dataset.ready = 'true';
  }
  PinganQueue.flush();
  document.body.dataset.screeningReady = 'true';
})();
