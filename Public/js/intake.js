// Dispute intake on a phone (M3). The form is saved to localStorage as it is typed (a reload or
// a flat battery loses nothing); saving puts the intake into PinganQueue, which sends it now or
// when the signal returns. The dispute id is made here, once per draft, so a resend never
// creates a second dispute.
(function () {
  'use strict';
  var DRAFT = 'pingan.intake.draft.v1';
  var form = document.getElementById('intake-form');
  var partiesEl = document.getElementById('parties');
  var rowTpl = document.getElementById('party-row');
  var category = document.getElementById('category');
  var sub = document.getElementById('subcategory');
  var statusEl = document.getElementById('save-status');
  var errorEl = document.getElementById('form-error');
  var dupBox = document.getElementById('duplicates');
  var draftId = null;
  var location = null;
  var confirmedDuplicates = null;

  function addParty(p) {
    var node = rowTpl.content.firstElementChild.cloneNode(true);
    p = p || {};
    node.querySelectorAll('[data-f]').forEach(function (el) { el.value = p[el.dataset.f] || (el.dataset.f === 'role' ? (p.role || 'applicant') : ''); });
    node.querySelector('.remove-party').addEventListener('click', function () {
      if (partiesEl.children.length > 1) { node.remove(); saveDraft(); }
    });
    partiesEl.appendChild(node);
  }

  function filterSubcategories() {
    var c = category.value;
    Array.prototype.forEach.call(sub.options, function (o) { if (o.value) o.hidden = o.dataset.category !== c; });
    if (sub.selectedOptions[0] && sub.selectedOptions[0].hidden) sub.value = '';
  }

  function field(id) { var el = document.getElementById(id); return el ? el.value.trim() : ''; }

  function body() {
    var parties = Array.prototype.map.call(partiesEl.children, function (row) {
      var p = {};
      row.querySelectorAll('[data-f]').forEach(function (el) { var v = el.value.trim(); if (v) p[el.dataset.f] = v; });
      if (p.idNumber) p.idNumber = p.idNumber.toUpperCase();
      return p;
    });
    var b = { id: draftId, parties: parties, category: field('category'), source: field('source'), place: field('place'), summary: field('summary'),
              riskSigns: {} };
    if (field('subcategory')) b.subcategoryCode = field('subcategory');
    if (field('villageId')) b.villageId = field('villageId');
    if (field('peopleInvolved')) b.peopleInvolved = parseInt(field('peopleInvolved'), 10);
    if (field('amount')) b.amount = Number(field('amount'));
    if (field('enterpriseName')) b.enterpriseName = field('enterpriseName');
    if (location) b.location = location;
    document.querySelectorAll('.risk-sign').forEach(function (el) { b.riskSigns[el.name] = el.checked; });
    return b;
  }

  function fill(b) {
    draftId = b.id || PinganQueue.uuid();
    partiesEl.textContent = '';
    (b.parties && b.parties.length ? b.parties : [{ role: 'applicant' }, { role: 'respondent' }]).forEach(addParty);
    ['category', 'source', 'place', 'summary', 'villageId', 'enterpriseName'].forEach(function (k) {
      var el = document.getElementById(k); if (el && b[k] !== undefined && el.type !== 'hidden') el.value = b[k];
    });
    filterSubcategories();
    sub.value = b.subcategoryCode || '';
    document.getElementById('peopleInvolved').value = b.peopleInvolved || 2;
    document.getElementById('amount').value = b.amount === undefined ? '' : b.amount;
    location = b.location || null;
    showLocation();
    document.querySelectorAll('.risk-sign').forEach(function (el) { el.checked = !!(b.riskSigns && b.riskSigns[el.name]); });
  }

  function saveDraft() { localStorage.setItem(DRAFT, JSON.stringify(body())); }

  function showLocation() {
    document.getElementById('location-text').textContent = location ? '已定位：' + location.lat.toFixed(5) + ', ' + location.lon.toFixed(5) : '';
  }

  function showError(msg) { errorEl.textContent = msg; errorEl.hidden = !msg; if (msg) errorEl.scrollIntoView({ block: 'center' }); }

  function check(b) {
    if (!b.parties.length || b.parties.some(function (p) { return !p.name; })) return '请填写每位当事人的姓名';
    if (!b.parties.some(function (p) { return p.role === 'applicant'; })) return '至少需要一名申请人';
    var bad = b.parties.find(function (p) { return p.idNumber && !/^\d{17}[\dX]$/.test(p.idNumber); });
    if (bad) return bad.name + ' 的身份证号应为 18 位';
    if (!b.category) return '请选择纠纷类别';
    if (!b.place) return '请填写发生地点';
    if (!b.summary) return '请填写简要情况';
    return '';
  }

  function showDuplicates(items) {
    var list = document.getElementById('duplicate-list');
    list.textContent = '';
    items.forEach(function (d) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = '/disputes/' + d.disputeId; a.textContent = d.summary; a.target = '_blank';
      li.appendChild(a);
      li.appendChild(document.createTextNode('（' + d.stageLabel + '；' + d.reasons.join('、') + '）'));
      list.appendChild(li);
    });
    dupBox.hidden = items.length === 0;
  }

  async function duplicatesOf(b) {
    if (!navigator.onLine) return [];
    try {
      var r = await PinganQueue.send('POST', '/api/v1/disputes/duplicates', b);
      if (r.ok) return (r.body && r.body.items) || [];
      if (r.status >= 400 && r.status < 500 && r.status !== 401) throw new Error(PinganQueue.errorMessage(r));
    } catch (e) {
      if (e instanceof Error && e.message && !(e instanceof TypeError)) throw e;
    }
    return []; // no network: check again on the server's side later is not possible; save anyway
  }

  function labelOf(b) {
    var names = b.parties.map(function (p) { return p.name; }).filter(Boolean).join('、');
    var c = category.selectedOptions[0] ? category.selectedOptions[0].textContent : '';
    return names + (c ? '（' + c + '）' : '');
  }

  function reset() {
    localStorage.removeItem(DRAFT);
    form.reset();
    location = null;
    confirmedDuplicates = null;
    dupBox.hidden = true;
    fill({});
  }

  form.addEventListener('submit', async function (ev) {
    ev.preventDefault();
    showError('');
    statusEl.hidden = true;
    var b = body();
    var problem = check(b);
    if (problem) { showError(problem); return; }
    var button = document.getElementById('save-button');
    button.disabled = true;
    try {
      var key = JSON.stringify(b);
      if (confirmedDuplicates !== key) {
        var dups = await duplicatesOf(b);
        if (dups.length) { showDuplicates(dups); confirmedDuplicates = key; return; }
      }
      var label = labelOf(b);
      reset();
      window.scrollTo(0, 0);
      var results = await PinganQueue.enqueue({ id: b.id, label: label, url: '/api/v1/disputes', body: b });
      var mine = results.find(function (r) { return r.id === b.id; });
      if (mine && mine.ok) {
        statusEl.firstChild.textContent = '已保存：' + label + ' ';
      } else if (mine && mine.refused) {
        // Back into the form for correction; the draft keeps it until it is sent.
        PinganQueue.remove(b.id);
        fill(b);
        saveDraft();
        showError('未保存：' + mine.message);
      }
    } catch (e) {
      showError(e.message || String(e));
    } finally {
      button.disabled = false;
    }
  });

  form.addEventListener('input', saveDraft);
  form.addEventListener('change', function (ev) { if (ev.target === category) filterSubcategories(); saveDraft(); });
  document.getElementById('add-party').addEventListener('click', function () { addParty({ role: 'respondent' }); saveDraft(); });
  document.getElementById('clear-draft').addEventListener('click', function () { if (confirm('清空当前填写的内容？')) reset(); });
  document.getElementById('use-location').addEventListener('click', function () {
    var text = document.getElementById('location-text');
    if (!navigator.geolocation) { text.textContent = '此设备不支持定位'; return; }
    text.textContent = '正在定位…';
    navigator.geolocation.getCurrentPosition(function (pos) {
      location = { lat: pos.coords.latitude, lon: pos.coords.longitude };
      showLocation(); saveDraft();
    }, function () { text.textContent = '未能定位（可手动填写地点）'; }, { enableHighAccuracy: true, timeout: 15000 });
  });

  var saved = null;
  try { saved = JSON.parse(localStorage.getItem(DRAFT) || 'null'); } catch (e) { saved = null; }
  fill(saved || {});
  PinganQueue.attachBanner(function (entry) {
    PinganQueue.remove(entry.id);
    fill(entry.body);
    saveDraft();
    showError('请修改后重新保存：' + (entry.error || ''));
  });
  // Tell the mediator when something typed earlier has reached the server.
  PinganQueue.onSent(function (entry) {
    statusEl.textContent = '已发送：' + (entry.label || '纠纷登记') + ' ';
    var a = document.createElement('a'); a.href = '/disputes/' + entry.id; a.textContent = '查看'; a.id = 'saved-link';
    statusEl.appendChild(a);
    statusEl.hidden = false;
  });
  PinganQueue.flush();
  form.dataset.ready = 'true';
})();
