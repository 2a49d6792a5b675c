// The command map's leads from the community groups (P8, 四进四联): each open lead with its text,
// the sender (masked) and the area. A dispatcher makes it an incident (once) or dismisses it with
// a reason; others watch. Polled: the tips arrive from the messaging gateway at any time.
import { escapeHTML, poller } from './patrol-http.js';

const box = document.getElementById('community-leads');
const list = document.getElementById('community-leads-list');
const types = document.getElementById('lead-types')?.innerHTML || '';
const { every, call } = poller();

function when(at) { return new Date(at).toLocaleString('zh-CN', { hour12: false, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }); }

function render(leads) {
  if (!leads.length) { list.innerHTML = '<p class="muted small" id="community-leads-empty">暂无待处理的群众线索。</p>'; return; }
  list.innerHTML = leads.map((l) => `<div class="lead-item" data-lead="${l.id}">
      <p>${escapeHTML(l.text)}</p>
      <p class="small muted">${escapeHTML(l.areaName || '')}${l.groupName ? ' · ' + escapeHTML(l.groupName) : ''} · ${escapeHTML(l.senderName)} ${escapeHTML(l.senderPhone)} · ${when(l.receivedAt)}${l.place?.label ? ' · ' + escapeHTML(l.place.label) : ''}</p>
      ${l.mayDecide ? `<div class="row"><select class="lead-type" aria-label="警情类别">${types}</select><button type="button" class="lead-incident">转为警情</button>
        <input class="lead-reason" maxlength="500" placeholder="排除的理由" aria-label="排除的理由"><button type="button" class="lead-dismiss secondary">排除</button></div>` : ''}
      <p class="small error" role="alert" hidden></p></div>`).join('');
  list.querySelectorAll('.lead-item').forEach((item) => {
    const id = item.dataset.lead, error = item.querySelector('.error');
    item.querySelector('.lead-incident')?.addEventListener('click', (e) =>
      decide(e.target, `/api/v1/community-leads/${id}/incident`, { type: item.querySelector('.lead-type').value, priority: 3 }, error));
    item.querySelector('.lead-dismiss')?.addEventListener('click', (e) => {
      const reason = item.querySelector('.lead-reason').value.trim();
      if (!reason) { error.textContent = '请填写排除的理由'; error.hidden = false; return; }
      decide(e.target, `/api/v1/community-leads/${id}/dismiss`, { reason }, error);
    });
  });
}

async function decide(button, path, body, error) {
  button.disabled = true;
  error.hidden = true;
  try { await call('POST', path, body); await load(); } catch (e) { button.disabled = false; error.textContent = '未能提交：' + e.message; error.hidden = false; }
}

async function load() {
  try {
    const page = await call('GET', '/api/v1/community-leads?status=open&limit=20');
    render(page.items);
    box.hidden = false;
    box.dataset.ready = 'true';
  } catch (e) { /* the panel stays hidden; the next poll tries again */ }
}

if (box && list) { load(); every(15000, load); }
