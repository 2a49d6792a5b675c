// 舆情分析报告: issue a report from the list's form, or a new version from a report's page; the
// server never overwrites an issued version, so either way the answer is a new report to open.
import { call } from './patrol-http.js';

async function issue(orgUnitId, month, status) {
  status.textContent = '正在生成…';
  try {
    const report = await call('POST', '/api/v1/analysis-reports', { orgUnitId, month });
    location.href = `/analysis-reports/${report.id}`;
  } catch (err) {
    status.textContent = `生成失败：${err.message}`;
  }
}

const form = document.getElementById('issue-form');
if (form) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    issue(form.elements.orgUnitId.value, form.elements.month.value, document.getElementById('issue-status'));
  });
}

const again = document.getElementById('regenerate');
if (again) {
  again.addEventListener('click', () => issue(again.dataset.unit, again.dataset.month, document.getElementById('issue-status')));
}
