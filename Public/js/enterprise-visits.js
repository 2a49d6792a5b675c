// 法律进企业 visits on the enterprise page (M14). Each form posts to the enterprise's visits
// endpoint with the session cookie and the page's CSRF token (PinganQueue.send). The visit's id is
// made here once and kept until the visit is stored, so a double submit or a retry after a lost
// answer stores it once; editing the form after a failure makes it a new visit. On a refusal the
// form keeps everything typed and says why in Chinese.
(function () {
  'use strict';

  var checks = [
    ['visitedAt', '请选择走访日期'],
    ['visitors', '请填写走访人员'],
    ['content', '请填写走访内容'],
    ['result', '请填写发现的问题及后续']
  ];

  /// The visit's day at noon in the county (UTC+8), so it is that day wherever the browser is.
  function visitedAt(day) { return new Date(day + 'T12:00:00+08:00').toISOString(); }

  document.querySelectorAll('form.visit-form').forEach(function (form) {
    var status = form.querySelector('.form-status');
    var button = form.querySelector('button[type="submit"]');
    var sending = false;
    function say(text) { status.textContent = text; }

    form.addEventListener('input', function () { form.elements.id.value = ''; say(''); });
    form.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      if (sending) return;  // the first submit's answer decides; the id makes a resend harmless anyway
      for (var i = 0; i < checks.length; i++) {
        var el = form.elements[checks[i][0]];
        if (!el.value.trim()) { say(checks[i][1]); el.focus(); return; }
      }
      if (!form.elements.id.value) form.elements.id.value = PinganQueue.uuid();
      var body = {
        id: form.elements.id.value, visitedAt: visitedAt(form.elements.visitedAt.value),
        visitors: form.elements.visitors.value.trim(), content: form.elements.content.value.trim(), result: form.elements.result.value.trim()
      };
      sending = true; button.disabled = true;
      say('正在保存…');
      try {
        var r = await PinganQueue.send('POST', '/api/v1/enterprises/' + encodeURIComponent(form.dataset.enterprise) + '/visits', body);
        if (r.ok) { say('已保存'); location.reload(); return; }
        say('未保存：' + PinganQueue.errorMessage(r) + '（您填写的内容仍在）');
      } catch (e) {
        say('网络不通，未保存。内容仍在表单中，请稍后再试。');
      } finally {
        sending = false; button.disabled = false;
      }
    });
    form.dataset.ready = 'true';
  });
})();
