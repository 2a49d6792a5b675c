// 指令督办: issue an instruction (the bureau), acknowledge and reply to one, answer a supervision
// order. Each write keeps its client id until the text changes, so pressing again after a lost
// answer does not issue twice.
(function () {
  'use strict';
  var status = document.getElementById('directives-status');

  async function post(form, url, body, button) {
    var near = form.querySelector('.form-status');
    if (!near) { near = document.createElement('p'); near.className = 'form-status'; near.setAttribute('role', 'alert'); form.appendChild(near); }
    function say(text) { status.textContent = text; near.textContent = text; }
    if (button) button.disabled = true;
    say('正在发送…');
    try {
      var r = await PinganQueue.send('POST', url, body);
      if (r.ok) { say('已发送'); location.reload(); return; }
      say('未发送：' + PinganQueue.errorMessage(r));
    } catch (e) {
      say('网络不通，未发送。内容仍在，请稍后再试。');
    } finally {
      if (button) button.disabled = false;
    }
  }
  function clientId(form) {
    if (!form.dataset.clientId) form.dataset.clientId = PinganQueue.uuid();
    return form.dataset.clientId;
  }

  var issue = document.getElementById('instruction-form');
  if (issue) {
    issue.addEventListener('input', function () { delete issue.dataset.clientId; });
    document.getElementById('all-townships').addEventListener('click', function () {
      issue.querySelectorAll('input[name=recipient]').forEach(function (c) { c.checked = true; });
      delete issue.dataset.clientId;
    });
    issue.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (!issue.reportValidity()) return;
      var units = Array.prototype.map.call(issue.querySelectorAll('input[name=recipient]:checked'), function (c) { return c.value; });
      if (!units.length) { status.textContent = '请至少选择一个接收单位'; return; }
      var body = { id: clientId(issue), title: issue.elements.title.value.trim(), body: issue.elements.body.value.trim(), recipientOrgUnitIds: units };
      // A due date means the end of that day in China Standard Time.
      if (issue.elements.dueAt.value) body.dueAt = new Date(issue.elements.dueAt.value + 'T23:59:59+08:00').toISOString();
      post(issue, '/api/v1/instructions', body, issue.querySelector('button:not(.link)'));
    });
  }

  document.querySelectorAll('li.instruction').forEach(function (li) {
    var url = '/api/v1/instructions/' + li.dataset.id;
    var ack = li.querySelector('button.ack');
    if (ack) ack.addEventListener('click', function () {
      post(li, url + '/acknowledge', { orgUnitId: li.dataset.unit }, ack);
    });
    var form = li.querySelector('form.reply-form');
    if (form) form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var text = form.querySelector('textarea').value.trim();
      if (!text) return;
      post(form, url + '/reply', { orgUnitId: li.dataset.unit, reply: text }, form.querySelector('button'));
    });
  });

  document.querySelectorAll('li.order form.answer-form').forEach(function (form) {
    var li = form.closest('li.order');
    form.addEventListener('input', function () { delete form.dataset.clientId; });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var text = form.querySelector('textarea').value.trim();
      if (!text) return;
      post(form, '/api/v1/supervision-orders/' + li.dataset.id + '/answer', { id: clientId(form), reply: text }, form.querySelector('button'));
    });
  });
  PinganQueue.flush();
  document.body.dataset.directivesReady = 'true';
})();
