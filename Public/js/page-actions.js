// Small behaviours the templates ask for with data attributes, because the Content-Security-Policy
// allows no inline handlers: data-action="print" / "reload" on a button, data-autosubmit on a
// select that sends its form when changed.
document.addEventListener('click', (event) => {
  const button = event.target.closest('[data-action]');
  if (!button) return;
  if (button.dataset.action === 'print') window.print();
  if (button.dataset.action === 'reload') location.reload();
});

document.addEventListener('change', (event) => {
  const select = event.target.closest('select[data-autosubmit]');
  if (select && select.form) select.form.submit();
});
