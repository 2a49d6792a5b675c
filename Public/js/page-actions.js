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

// Signing out forgets the phone page's saved copy (the service worker's offline copy of 巡逻勤务,
// which shows the officer's unit and shift): the next person on this phone must not open it with
// no signal. The page's queue of unsent taps and fixes is kept: what an officer entered is never
// dropped, and it is sent with its own credentials when the signal returns.
const PHONE_PAGE = '/patrol/phone';
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.getAttribute('action') !== '/logout' || form.dataset.forgotten) return;
  if (!('caches' in window)) return;
  event.preventDefault();
  const forget = caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('pingan-patrol-'))
      .map((k) => caches.open(k).then((cache) => cache.delete(PHONE_PAGE)))))
    .catch(() => {});
  // Never held up for long: signing out must work even if the cache does not answer.
  Promise.race([forget, new Promise((resolve) => setTimeout(resolve, 1500))]).then(() => {
    form.dataset.forgotten = 'true';
    form.submit();
  });
});
