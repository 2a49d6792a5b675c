// Action forms of the dispute detail page. Each form becomes one event
// ({id, baseVersion, type, payload}) posted to the JSON API. The event id is made once per
// form fill, so pressing twice on a weak signal records it once; a 409 means someone else
// changed the dispute: the form keeps what was typed and the page asks for a reload.
(function () {
  'use strict';
  var root = document.getElementById('dispute');
  var disputeId = root.dataset.id;
  var status = document.getElementById('action-status');

  function setPath(obj, path, value) {
    var keys = path.split('.');
    var o = obj;
    for (var i = 0; i < keys.length - 1; i++) { o[keys[i]] = o[keys[i]] || {}; o = o[keys[i]]; }
    o[keys[keys.length - 1]] = value;
  }

  function localDateISO(value, time) {
    // A date typed in Beijing time, sent as an instant.
    return new Date(value + 'T' + (time || '00:00') + ':00+08:00').toISOString();
  }

  function payloadOf(form) {
    var out = { payload: {} };
    form.querySelectorAll('[name^="payload."]').forEach(function (el) {
      var kind = el.dataset.kind || '';
      var v;
      if (kind === 'multi') {
        var list = out.payload[el.name.slice(8)] || [];
        if (el.checked) list.push(el.value);
        setPath(out, el.name, list);
        return;
      }
      if (kind === 'bool') { setPath(out, el.name, el.checked); return; }
      v = el.value.trim();
      if (!v) return;
      if (kind === 'list') v = v.split(/[、,，;；\s]+/).filter(Boolean);
      else if (kind === 'number') v = Number(v);
      else if (kind === 'yesno') v = v === 'true';
      else if (kind === 'date') v = localDateISO(v);
      else if (kind === 'datetime') v = new Date(v + ':00+08:00').toISOString();
      setPath(out, el.name, v);
    });
    return out.payload;
  }

  document.querySelectorAll('form[data-event]').forEach(function (form) {
    form.addEventListener('input', function () { delete form.dataset.eventId; });
    form.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      if (!form.reportValidity()) return;
      if (!form.dataset.eventId) form.dataset.eventId = PinganQueue.uuid();
      // Most forms record an event on the dispute; a form with data-post (the bureau's supervision
      // order, a question to a lawyer) goes to that resource's own endpoint about this dispute.
      // ":name" in data-post takes the value of the form's field of that name (e.g. the lawyer asked).
      var url = form.dataset.post
        ? form.dataset.post.replace(/:(\w+)/g, function (m, k) { return encodeURIComponent(form.elements[k].value); })
        : '/api/v1/disputes/' + disputeId + '/events';
      var body = form.dataset.post
        ? Object.assign({ id: form.dataset.eventId, disputeId: disputeId }, payloadOf(form))
        : { id: form.dataset.eventId, baseVersion: Number(root.dataset.version), type: form.dataset.event, payload: payloadOf(form) };
      var button = form.querySelector('button');
      // The answer is shown beside the button the user pressed, not only at the top of the page.
      var near = form.querySelector('.form-status');
      if (!near) { near = document.createElement('p'); near.className = 'form-status'; near.setAttribute('role', 'alert'); form.appendChild(near); }
      function say(text) { status.textContent = text; near.textContent = text; }
      button.disabled = true;
      say('正在保存…');
      try {
        var r = await PinganQueue.send('POST', url, body);
        if (r.ok) { say('已保存'); location.reload(); return; }
        if (r.status === 409) {
          document.getElementById('conflict').hidden = false;
          say('记录已被他人更新，请刷新后再提交（您填写的内容仍在）');
        } else {
          say('未保存：' + PinganQueue.errorMessage(r));
        }
      } catch (e) {
        say('网络不通，未保存。内容仍在表单中，请稍后再试。');
      } finally {
        button.disabled = false;
      }
    });
  });

  var reveal = document.getElementById('reveal');
  if (reveal) reveal.addEventListener('click', async function () {
    reveal.disabled = true;
    try {
      var r = await PinganQueue.send('POST', '/api/v1/disputes/' + disputeId + '/reveal');
      if (!r.ok) { status.textContent = PinganQueue.errorMessage(r); return; }
      var rows = document.querySelectorAll('#parties-list li');
      r.body.parties.forEach(function (p, i) {
        if (!rows[i]) return;
        rows[i].querySelector('.id').textContent = p.idNumber || '';
        rows[i].querySelector('.phone').textContent = p.phone || '';
      });
      reveal.hidden = true;
    } catch (e) {
      status.textContent = '网络不通，请稍后再试';
    } finally {
      reveal.disabled = false;
    }
  });
  // X1: a follow-up task raised by a repeated police call is closed here with what was done.
  document.querySelectorAll('form.follow-up-close').forEach(function (form) {
    form.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      var row = form.closest('[data-task]');
      var note = form.querySelector('textarea').value.trim();
      var out = form.querySelector('[role=status]');
      if (!note) return;
      try {
        var r = await PinganQueue.send('POST', '/api/v1/follow-up-tasks/' + row.dataset.task + '/close', { note: note });
        if (r.ok) {
          row.querySelector('.badge').textContent = '已办结';
          form.replaceWith(Object.assign(document.createElement('p'), { className: 'small', textContent: note }));
        } else {
          out.textContent = PinganQueue.errorMessage(r);
        }
      } catch (e) { out.textContent = '网络不通，内容仍在，请稍后再试'; }
    });
  });
  PinganQueue.flush();
  root.dataset.ready = 'true';
})();
