// 四进四联 (P8): the groups of the user's area with their members (phones masked), a form to keep
// a group, a form to send a notice to groups, and the notices with their delivery to the
// messaging gateway (polled: the delivery job sends and retries in the background).
import { escapeHTML, uuid, poller } from './patrol-http.js';

const { every, call } = poller();
const groupForm = document.getElementById('group-form');
const noticeForm = document.getElementById('notice-form');
let groups = [];

function when(at) { return at ? new Date(at).toLocaleString('zh-CN', { hour12: false }) : '—'; }
function showError(form, message) { const p = form.querySelector('.error'); p.textContent = message; p.hidden = !message; }

function renderGroups() {
  const box = document.getElementById('group-list');
  if (!groups.length) { box.innerHTML = '<p class="muted" id="group-empty">辖区内还没有群组。</p>'; }
  else {
    box.innerHTML = `<table class="grid" id="group-table"><thead><tr><th>群组</th><th>类别</th><th>区域</th><th>成员（电话脱敏）</th><th></th></tr></thead><tbody>${
      groups.map((g) => `<tr data-group="${g.id}"><td>${escapeHTML(g.name)}</td><td>${escapeHTML(g.kindLabel)}</td><td>${escapeHTML(g.areaName)}</td>
        <td class="small">${g.members.map((m) => `${escapeHTML(m.name)} <span class="phone">${escapeHTML(m.phone)}</span>${m.role ? `（${escapeHTML(m.role)}）` : ''}`).join('<br>')}</td>
        <td><button type="button" class="secondary group-edit">编辑</button> <button type="button" class="secondary group-archive">停用</button></td></tr>`).join('')
    }</tbody></table>`;
    box.querySelectorAll('tr[data-group]').forEach((row) => {
      const g = groups.find((x) => x.id === row.dataset.group);
      row.querySelector('.group-edit').addEventListener('click', () => edit(g));
      row.querySelector('.group-archive').addEventListener('click', async () => {
        if (!confirm(`停用群组“${g.name}”？`)) return;
        try { await call('POST', `/api/v1/community-groups/${g.id}/archive`); await loadGroups(); } catch (e) { alert('未能停用：' + e.message); }
      });
    });
  }
  document.getElementById('notice-groups').innerHTML = groups.map((g) =>
    `<label class="check"><input type="checkbox" name="group" value="${g.id}"> ${escapeHTML(g.name)}（${g.members.length} 人）</label>`).join('') || '<p class="muted small">先建群组。</p>';
}

// The form keeps each member's id in the line, so an edit without a phone keeps the stored one.
function edit(g) {
  groupForm.id.value = g.id;
  groupForm.name.value = g.name;
  groupForm.kind.value = g.kind;
  groupForm.area.value = g.areaOrgUnitId;
  groupForm.area.disabled = true;
  groupForm.note.value = g.note;
  groupForm.members.value = g.members.map((m) => `${m.name}  ${m.role} #${m.id}`).join('\n');
  document.getElementById('group-form-title').textContent = `编辑：${g.name}`;
  groupForm.scrollIntoView({ behavior: 'smooth' });
}

function reset() {
  groupForm.reset();
  groupForm.id.value = '';
  groupForm.area.disabled = false;
  document.getElementById('group-form-title').textContent = '新建群组';
  showError(groupForm, '');
}

function parseMembers(text) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((line) => {
    const idMatch = line.match(/#([0-9a-f-]{36})$/i);
    const rest = (idMatch ? line.slice(0, idMatch.index) : line).trim().split(/\s+/);
    const name = rest.shift();
    const phone = rest.length && /^\+?[0-9][0-9-]{1,17}[0-9]$/.test(rest[0]) ? rest.shift() : undefined;
    return { ...(idMatch ? { id: idMatch[1] } : {}), name, ...(phone ? { phone } : {}), role: rest.join(' ') };
  });
}

groupForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  showError(groupForm, '');
  const members = parseMembers(groupForm.members.value);
  const body = { name: groupForm.name.value.trim(), kind: groupForm.kind.value, note: groupForm.note.value.trim(), members };
  try {
    if (groupForm.id.value) await call('PUT', `/api/v1/community-groups/${groupForm.id.value}`, body);
    else await call('POST', '/api/v1/community-groups', { ...body, id: uuid(), areaOrgUnitId: groupForm.area.value });
    reset();
    await loadGroups();
  } catch (err) { showError(groupForm, '未能保存：' + err.message); }
});
document.getElementById('group-form-reset').addEventListener('click', reset);

// One id per notice typed: a retry of the same send is stored once.
let pendingNoticeID = null;
noticeForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  showError(noticeForm, '');
  const groupIds = [...noticeForm.querySelectorAll('input[name="group"]:checked')].map((i) => i.value);
  if (!groupIds.length) { showError(noticeForm, '请选择至少一个群组'); return; }
  pendingNoticeID = pendingNoticeID || uuid();
  try {
    await call('POST', '/api/v1/community-notices', { id: pendingNoticeID, groupIds, text: noticeForm.text.value.trim() });
    pendingNoticeID = null;
    noticeForm.reset();
    await loadNotices();
  } catch (err) { showError(noticeForm, '未能发送：' + err.message); }
});
noticeForm.addEventListener('input', () => { pendingNoticeID = null; });

function renderNotices(items) {
  const box = document.getElementById('notice-list');
  if (!items.length) { box.innerHTML = '<p class="muted" id="notice-empty">还没有发过通知。</p>'; return; }
  box.innerHTML = items.map((n) => {
    const d = n.delivery;
    const detail = d.status === 'delivered' ? `送达 ${when(d.deliveredAt)}`
      : d.status === 'retrying' ? `已尝试 ${d.attempts} 次，下次 ${when(d.nextAttemptAt)}${d.lastError ? '；' + escapeHTML(d.lastError) : ''}`
      : d.status === 'unconfigured' ? '配置网关后自动发出' : '等待发送';
    return `<div class="notice-item delivery-${escapeHTML(d.status)}" data-notice="${n.id}">
      <p>${escapeHTML(n.text)}</p>
      <p class="small muted">${escapeHTML(n.groups.map((g) => g.name).join('、'))} · ${n.recipients} 人 · ${escapeHTML(n.sentBy)} ${when(n.createdAt)}</p>
      <p class="small"><span class="delivery-status">${escapeHTML(d.statusLabel)}</span> ${detail}</p></div>`;
  }).join('');
}

async function loadGroups() {
  const page = await call('GET', '/api/v1/community-groups?limit=200');
  groups = page.items;
  renderGroups();
}

async function loadNotices() {
  const page = await call('GET', '/api/v1/community-notices?limit=50');
  renderNotices(page.items);
}

async function start() {
  try { await loadGroups(); await loadNotices(); document.body.dataset.communityReady = 'true'; }
  catch (e) { document.getElementById('group-list').innerHTML = `<p class="error">未能载入：${escapeHTML(e.message)}</p>`; }
  every(10000, () => loadNotices().catch(() => {}));
}
start();
