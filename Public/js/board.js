// The township board: acknowledge major reports (签收) and send guidance on a dispute.
(function () {
  'use strict';
  function refreshEmpty() {
    var box = document.getElementById('major-reports');
    box.querySelector('.empty-note').hidden = box.querySelectorAll('li.report').length > 0;
  }
  document.querySelectorAll('button.ack').forEach(function (b) {
    b.addEventListener('click', async function () {
      b.disabled = true;
      try {
        var r = await PinganQueue.send('POST', '/api/v1/major-reports/' + b.dataset.id + '/acknowledge');
        if (r.ok) { b.closest('li').remove(); refreshEmpty(); return; }
        b.insertAdjacentText('afterend', ' ' + PinganQueue.errorMessage(r));
      } catch (e) {
        b.insertAdjacentText('afterend', ' 网络不通，请稍后再试');
      }
      b.disabled = false;
    });
  });
  // X1: a follow-up task is signed for here (closed on the dispute's page); a police handover is taken in.
  function receipt(selector, path, done) {
    document.querySelectorAll(selector).forEach(function (b) {
      b.addEventListener('click', async function () {
        b.disabled = true;
        try {
          var r = await PinganQueue.send('POST', path(b.dataset.id));
          if (r.ok) { done(b); return; }
          b.insertAdjacentText('afterend', ' ' + PinganQueue.errorMessage(r));
        } catch (e) {
          b.insertAdjacentText('afterend', ' 网络不通，请稍后再试');
        }
        b.disabled = false;
      });
    });
  }
  receipt('button.task-ack', function (id) { return '/api/v1/follow-up-tasks/' + id + '/acknowledge'; },
    function (b) { b.replaceWith(Object.assign(document.createElement('span'), { className: 'muted small', textContent: '已签收' })); });
  receipt('button.handover-ack', function (id) { return '/api/v1/police-handovers/' + id + '/acknowledge'; },
    function (b) { b.closest('li').remove(); });
  document.querySelectorAll('form.guide-form').forEach(function (form) {
    form.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      var row = form.closest('[data-dispute]');
      var text = form.querySelector('textarea').value.trim();
      var out = form.querySelector('[role=status]');
      if (!text) return;
      if (!form.dataset.eventId) form.dataset.eventId = PinganQueue.uuid();
      try {
        var r = await PinganQueue.send('POST', '/api/v1/disputes/' + row.dataset.dispute + '/events',
          { id: form.dataset.eventId, baseVersion: Number(row.dataset.version), type: 'guidance_given', payload: { text: text } });
        if (r.ok) {
          row.dataset.version = r.body.version;
          delete form.dataset.eventId;
          form.querySelector('textarea').value = '';
          out.textContent = '已发送';
        } else {
          out.textContent = r.status === 409 ? '记录已被他人更新，请刷新' : PinganQueue.errorMessage(r);
        }
      } catch (e) { out.textContent = '网络不通，内容仍在，请稍后再试'; }
    });
    form.addEventListener('input', function () { delete form.dataset.eventId; });
  });
  refreshEmpty();
  document.body.dataset.boardReady = 'true';
})();
