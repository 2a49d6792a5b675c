// 现场记录台帐 (P10, P11): a commander reveals one record's ID number at a time. Each reveal is
// a POST the server records in the audit log; the full number replaces the masked one in its row
// only, and is gone on the next page load.
(function () {
  'use strict';
  var page = document.getElementById('field-ledger');
  if (!page) return;
  var error = document.getElementById('ledger-error');
  function csrf() { var m = document.querySelector('meta[name="csrf-token"]'); return m ? m.getAttribute('content') : ''; }

  page.addEventListener('click', function (ev) {
    var b = ev.target.closest('button.reveal-id');
    if (!b) return;
    b.disabled = true;
    fetch('/api/v1/field-records/' + encodeURIComponent(b.dataset.id) + '/reveal', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Accept': 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': csrf() }, body: '{}'
    }).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, body: body }; });
    }).then(function (r) {
      if (!r.ok) throw new Error(r.body && r.body.error ? String(r.body.error.message).split(' / ')[0] : '查看失败');
      var cell = b.closest('td');
      cell.querySelector('.id-number').textContent = r.body.idNumber;
      cell.classList.add('revealed');
      b.remove();
      error.hidden = true;
    }).catch(function (e) {
      b.disabled = false;
      error.textContent = e.message || '查看失败，请稍后再试';
      error.hidden = false;
    });
  });
  page.dataset.ready = 'true';
})();
