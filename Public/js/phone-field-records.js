// 现场记录 on the officer's phone (P10, P11): a compact form, kind first and then only that kind's
// fields, for the unit the officer is on shift with. Each record goes through PinganQueue with an
// id made here and the time of the tap, so with no signal it waits on the phone (the card says how
// many) and is stored once when sent. Below the form: today's records of the unit, from the server
// (kept on the phone for opening with no signal), with the ones still waiting on top.
// The rules are the server's (FieldRecordDetails, LicencePlate): checked here too so a slip is
// fixed before it waits in the queue, not found refused later.
(function () {
  'use strict';
  var STATE = 'pingan.patrol.phone.v1';
  var TASKS = 'pingan.patrol.tasks.v1';
  var TODAY = 'pingan.patrol.fieldRecords.v1';
  var box = document.getElementById('phone-field-records');
  if (!box || !window.PinganQueue) return;
  var Q = window.PinganQueue;

  var VIOLATIONS = [['speeding', '超速行驶'], ['red_light', '闯红灯'], ['no_licence', '无证驾驶'], ['overloading', '超载'], ['drunk_driving', '酒后驾驶'],
    ['drugged_driving', '吸毒后驾驶'], ['no_seatbelt', '未系安全带'], ['no_helmet', '未戴头盔'], ['wrong_way', '逆行'], ['phone_while_driving', '驾车使用手机'],
    ['unregistered_vehicle', '驾驶无牌车辆'], ['illegal_parking', '违法停车'], ['other', '其他交通违法']];
  var VENUES = [['hotel', '旅馆'], ['entertainment', '娱乐场所'], ['gambling', '赌博场所'], ['explosives', '爆炸物品单位'], ['logistics', '物流寄递']];
  var ASSISTANCE = [['lost_person', '走失人员'], ['injured_or_ill', '伤病求助'], ['vehicle_breakdown', '车辆故障'], ['disaster', '灾害事故'],
    ['dispute', '纠纷劝解'], ['other', '其他求助']];
  var CUSTODY = ['personName!', 'idNumber', 'reason!'];
  // Each kind's fields; "!" marks a required one.
  var KINDS = [['person_check', '盘查人员', ['personName!', 'idNumber!']], ['vehicle_check', '盘查车辆', ['plate!']],
    ['suspect_caught', '抓获嫌疑人', CUSTODY], ['arrest', '逮捕', CUSTODY], ['administrative_detention', '行政拘留', CUSTODY.concat(['detentionDays!'])],
    ['fugitive_caught', '抓获逃犯', CUSTODY], ['public_assistance', '救助群众', ['assistance!', 'peopleHelped!']],
    ['traffic_violation', '交通违法', ['violation!', 'plate', 'bloodAlcohol']], ['venue_inspection', '场所检查', ['venueKind!', 'venueName!', 'logistics']]];
  var LOGISTICS = [['inspectBeforeSealing', '100% 先验视后封箱'], ['realNameRegistration', '100% 寄递实名制'], ['xRayScreening', '100% X光机安检']];
  var FIELDS = {
    personName: { label: '姓名', input: 'text', max: 50 },
    idNumber: { label: '身份证号', input: 'text', max: 18, mode: 'text', placeholder: '18 位' },
    plate: { label: '车牌号', input: 'text', max: 8, placeholder: '如 冀D12345' },
    reason: { label: '案由', input: 'text', max: 200 },
    detentionDays: { label: '拘留天数', input: 'number', min: 1, max: 20 },
    assistance: { label: '求助类别', options: ASSISTANCE },
    peopleHelped: { label: '救助人数', input: 'number', min: 1, max: 999, value: '1' },
    violation: { label: '违法类别', options: VIOLATIONS },
    bloodAlcohol: { label: '血液酒精含量（mg/100mL）', input: 'number', min: 20, max: 500, step: 'any', when: ['violation', 'drunk_driving'] },
    venueKind: { label: '场所类别', options: VENUES },
    venueName: { label: '场所名称', input: 'text', max: 100 },
    logistics: { label: '三个100%', when: ['venueKind', 'logistics'] }
  };
  // LicencePlate.pattern, as the API document publishes it.
  var PLATE = /^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z](?:[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳]|[DF][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[DF])$/;

  function read(key, fallback) { try { var v = JSON.parse(localStorage.getItem(key) || 'null'); return v === null ? fallback : v; } catch (e) { return fallback; } }
  function write(key, value) { localStorage.setItem(key, JSON.stringify(value)); }
  function esc(s) { return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }
  function shift() { var s = read(STATE, null); return s && s.shift; }
  function position() { var s = read(STATE, null); return s && s.position; }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function hhmm(d) { return pad(d.getHours()) + ':' + pad(d.getMinutes()); }
  function kindOf(code) { return KINDS.filter(function (k) { return k[0] === code; })[0]; }
  function midnight() { var d = new Date(); d.setHours(0, 0, 0, 0); return d; }

  /// GB 11643: 17 digits and a check character.
  function idNumberOK(v) {
    if (!/^[0-9]{17}[0-9X]$/.test(v)) return false;
    var w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], sum = 0;
    for (var i = 0; i < 17; i++) sum += Number(v[i]) * w[i];
    return '10X98765432'[sum % 11] === v[17];
  }

  // MARK: The card

  box.innerHTML = '<h2>现场记录</h2>'
    + '<p id="fr-waiting" class="fr-waiting" data-count="0"></p>'
    + '<form id="fr-form" class="fr-form" novalidate>'
    + '<label>种类 <select id="fr-kind" class="fr-kind"><option value="">请选择……</option>'
    + KINDS.map(function (k) { return '<option value="' + k[0] + '">' + k[1] + '</option>'; }).join('') + '</select></label>'
    + '<div id="fr-fields" class="fr-fields"></div>'
    + '<div id="fr-common" hidden>'
    + '<label>地点说明（可不填） <input id="fr-placeLabel" maxlength="200"></label>'
    + '<label>关联警情（可不填） <select id="fr-incident"><option value="">不关联</option></select></label>'
    + '<label>备注（可不填） <input id="fr-note" maxlength="500"></label>'
    + '<p id="fr-error" class="error" hidden></p>'
    + '<button type="submit" id="fr-save" class="big fr-save">保存记录</button></div>'
    + '</form>'
    + '<p id="fr-saved" class="fr-saved" hidden></p>'
    + '<h3>今日本单元记录</h3><ul id="fr-today" class="fr-today"></ul>';
  var $ = function (id) { return document.getElementById(id); };

  function drawFields() {
    var kind = kindOf($('fr-kind').value), html = '';
    (kind ? kind[2] : []).forEach(function (spec) {
      var name = spec.replace('!', ''), f = FIELDS[name], req = spec.indexOf('!') > 0;
      var label = f.label + (req ? '' : '（可不填）');
      if (name === 'logistics') {
        html += '<fieldset id="fr-logistics" class="fr-logistics"><legend>三个100%（逐项选择）</legend>' + LOGISTICS.map(function (l) {
          return '<label>' + l[1] + ' <select id="fr-' + l[0] + '"><option value="">请选择</option><option value="true">已落实</option><option value="false">未落实</option></select></label>';
        }).join('') + '</fieldset>';
      } else if (f.options) {
        html += '<label>' + label + ' <select id="fr-' + name + '"><option value="">请选择……</option>'
          + f.options.map(function (o) { return '<option value="' + o[0] + '">' + o[1] + '</option>'; }).join('') + '</select></label>';
      } else {
        html += '<label data-field="' + name + '">' + label + ' <input id="fr-' + name + '" type="' + f.input + '"'
          + (f.max && f.input === 'text' ? ' maxlength="' + f.max + '"' : '') + (f.input === 'number' ? ' inputmode="decimal" min="' + f.min + '" max="' + f.max + '"' : '')
          + (f.step ? ' step="' + f.step + '"' : '') + (f.placeholder ? ' placeholder="' + f.placeholder + '"' : '') + (f.value ? ' value="' + f.value + '"' : '')
          + ' autocomplete="off"></label>';
      }
    });
    $('fr-fields').innerHTML = html;
    $('fr-common').hidden = !kind;
    showConditional();
    showError('');
  }

  /// Drunk driving's reading and logistics' three items show only when they apply.
  function showConditional() {
    Object.keys(FIELDS).forEach(function (name) {
      var when = FIELDS[name].when;
      if (!when) return;
      var el = name === 'logistics' ? $('fr-logistics') : ($('fr-' + name) || {}).parentNode;
      var on = $('fr-' + when[0]);
      if (el && el.style) el.hidden = !(on && on.value === when[1]);
    });
  }

  function showError(msg) { $('fr-error').textContent = msg || ''; $('fr-error').hidden = !msg; }

  /// The unit's open incidents from the task card's copy, to link a record to.
  function drawIncidents() {
    var s = shift(), tasks = read(TASKS, {}), sel = $('fr-incident'), keep = sel.value;
    var list = s && tasks.unitId === s.unitId ? (tasks.incidents || []) : [];
    var html = '<option value="">不关联</option>' + list.map(function (x) {
      return '<option value="' + esc(x.incident.id) + '">' + esc(x.incident.number + ' ' + x.incident.typeLabel + ' ' + (x.incident.place.label || '')) + '</option>';
    }).join('');
    // Only when the list changed, so a choice being made is not reset under the finger.
    if (sel.dataset.html === html) return;
    sel.innerHTML = html;
    sel.dataset.html = html;
    sel.value = keep;
  }

  // MARK: Saving

  function value(name) { var el = $('fr-' + name); return el && !(el.parentNode && el.parentNode.hidden) ? el.value.trim() : ''; }

  /// The body for the chosen kind, or an error message naming the field.
  function collect(kind) {
    var body = { kind: kind[0] };
    for (var i = 0; i < kind[2].length; i++) {
      var spec = kind[2][i], name = spec.replace('!', ''), f = FIELDS[name], req = spec.indexOf('!') > 0;
      if (name === 'logistics') {
        if ($('fr-logistics').hidden) continue;
        var l = {};
        for (var j = 0; j < LOGISTICS.length; j++) {
          var v = $('fr-' + LOGISTICS[j][0]).value;
          if (!v) return '请逐项选择“三个100%”是否落实：' + LOGISTICS[j][1];
          l[LOGISTICS[j][0]] = v === 'true';
        }
        body.logistics = l;
        continue;
      }
      var raw = value(name);
      if (name === 'plate' || name === 'idNumber') raw = raw.replace(/\s+/g, '').toUpperCase();
      if (!raw) {
        if (req || (name === 'bloodAlcohol' && value('violation') === 'drunk_driving')) return '请填写' + f.label;
        continue;
      }
      if (name === 'idNumber' && !idNumberOK(raw)) return '身份证号不对（18 位，校验位有误），请核对';
      if (name === 'plate' && !PLATE.test(raw)) return '车牌号格式不对（如 冀D12345、新能源 冀DD12345）';
      if (f.input === 'number') {
        var n = Number(raw);
        if (!isFinite(n) || n < f.min || n > f.max || (!f.step && Math.floor(n) !== n)) return f.label + '应在 ' + f.min + '–' + f.max + ' 之间';
        body[name] = n;
      } else {
        body[name] = raw;
      }
    }
    return body;
  }

  /// What a waiting record shows in the list: the person (ID number masked as the server masks it), the plate or the venue.
  function shortSummary(body) {
    var id = body.idNumber ? '（' + body.idNumber.slice(0, 6) + '********' + body.idNumber.slice(-4) + '）' : '';
    return (body.personName ? body.personName + id : '') || body.venueName || body.plate || '';
  }

  function whereNow() {
    var p = position();
    if (p) return Promise.resolve(p);
    return new Promise(function (resolve) {
      if (!navigator.geolocation) { resolve(null); return; }
      navigator.geolocation.getCurrentPosition(function (pos) { resolve({ lat: pos.coords.latitude, lon: pos.coords.longitude }); },
        function () { resolve(null); }, { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 });
    });
  }

  $('fr-kind').addEventListener('change', drawFields);
  $('fr-fields').addEventListener('change', showConditional);
  $('fr-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var s = shift(), kind = kindOf($('fr-kind').value);
    if (!s || !kind) return;
    var at = new Date();   // the tap's time, before the position is looked for
    var body = collect(kind);
    if (typeof body === 'string') { showError(body); return; }
    $('fr-save').disabled = true;
    whereNow().then(function (p) {
      $('fr-save').disabled = false;
      if (!p) { showError('尚无定位，无法记录地点：请稍候或到开阔处再试'); return; }
      var id = Q.uuid();
      body.id = id; body.at = at.toISOString(); body.lat = p.lat; body.lon = p.lon;
      ['placeLabel', 'note'].forEach(function (n) { var v = $('fr-' + n).value.trim(); if (v) body[n] = v; });
      if ($('fr-incident').value) body.incidentId = $('fr-incident').value;
      showError('');
      $('fr-saved').textContent = '已保存：' + kind[1] + (navigator.onLine ? '，正在发送' : '，无信号，有信号后自动发送');
      $('fr-saved').hidden = false;
      $('fr-kind').value = '';
      $('fr-placeLabel').value = ''; $('fr-note').value = '';
      drawFields();
      Q.enqueue({ id: id, kind: 'field-record', label: '现场记录 ' + kind[1], meta: { unitId: s.unitId, kindLabel: kind[1], summary: shortSummary(body) },
                  url: '/api/v1/units/' + s.unitId + '/field-records', body: body }).then(render, render);
      render();
    });
  });

  // MARK: Today's list

  function refreshToday() {
    var s = shift();
    if (!s || !navigator.onLine) return;
    var url = '/api/v1/field-records?unit=' + encodeURIComponent(s.unitId) + '&from=' + encodeURIComponent(midnight().toISOString()) + '&limit=20';
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (r) { return r.ok ? r.json() : null; }).then(function (page) {
      if (!page) return;
      write(TODAY, { unitId: s.unitId, day: midnight().getTime(), total: page.total, items: page.items });
      render();
    }, function () {});
  }

  function render() {
    var s = shift();
    box.hidden = !s;
    if (!s) return;
    var waiting = Q.mine().filter(function (e) { return e.kind === 'field-record' && e.meta && e.meta.unitId === s.unitId; });
    var line = $('fr-waiting');
    line.dataset.count = String(waiting.length);
    line.textContent = waiting.length ? '待发送现场记录 ' + waiting.length + ' 条' + (waiting.some(function (e) { return e.error; }) ? '（有被退回的，见下）' : '') : '';
    line.hidden = !waiting.length;
    var today = read(TODAY, null), fresh = today && today.unitId === s.unitId && today.day === midnight().getTime();
    var html = waiting.map(function (e) {
      return '<li class="waiting' + (e.error ? ' refused' : '') + '"><span class="when">' + hhmm(new Date(e.body.at)) + '</span> ' + esc(e.meta.kindLabel)
        + ' <span class="summary">' + esc(e.meta.summary || '') + '</span> <span class="muted">' + (e.error ? '被退回：' + esc(e.error) : '待发送') + '</span></li>';
    }).join('') + (fresh ? today.items : []).map(function (r) {
      return '<li class="sent" data-id="' + esc(r.id) + '"><span class="when">' + hhmm(new Date(r.at)) + '</span> ' + esc(r.kindLabel)
        + ' <span class="summary">' + esc(r.summary) + '</span> <span class="muted">' + esc(r.officerName) + '</span></li>';
    }).join('');
    html = html || '<li class="muted">今日尚无记录</li>';
    // Redrawn only when it changed: the tick below runs every 2 s.
    if ($('fr-today').dataset.html !== html) { $('fr-today').innerHTML = html; $('fr-today').dataset.html = html; }
    $('fr-today').dataset.sent = String(fresh ? today.items.length : 0);
    drawIncidents();
  }

  Q.onChange(render);
  Q.onSent(function (entry) { if (entry.kind === 'field-record') { $('fr-saved').textContent = '已发送：' + entry.meta.kindLabel; $('fr-saved').hidden = false; refreshToday(); } });
  window.addEventListener('online', refreshToday);
  // The shift is the phone page's (signed on or off by a tap there): follow it.
  var lastUnit = null;
  setInterval(function () {
    var s = shift(), unit = s ? s.unitId : null;
    if (unit !== lastUnit) { lastUnit = unit; refreshToday(); }
    render();
  }, 2000);
  lastUnit = (shift() || {}).unitId || null;
  render();
  refreshToday();
  box.dataset.ready = 'true';
})();
