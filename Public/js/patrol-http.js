// What the command map's modules share: HTML escaping, ids made here (so a retry is stored once),
// and JSON calls with the session cookie and the page's CSRF token.
export function escapeHTML(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

export function uuid() {
  return crypto.randomUUID ? crypto.randomUUID() : 'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () => (Math.random() * 16 | 0).toString(16));
}

export function csrf() { return document.querySelector('meta[name="csrf-token"]')?.content || ''; }

/// Resolves the answer's JSON; rejects with the server's message and `status` on a refusal.
/// `onUnauthorized` runs on a 401 (the session is gone: the caller stops its polls).
export async function call(method, path, body, onUnauthorized) {
  const res = await fetch(path, {
    method, credentials: 'same-origin',
    headers: { Accept: 'application/json', ...(method !== 'GET' ? { 'X-CSRF-Token': csrf() } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  let json = null;
  try { json = await res.json(); } catch (e) { /* no body */ }
  if (res.status === 401 && onUnauthorized) onUnauthorized();
  if (!res.ok) { const err = new Error(json?.error?.message || res.statusText); err.status = res.status; throw err; }
  return json;
}

/// Polls that stop when the page is left, on signing out, or on a 401 to this poller's `call`
/// (a poll answered 401 after signing out would only fill the console).
export function poller() {
  const timers = [];
  let stopped = false;
  const stop = () => { stopped = true; timers.forEach(clearInterval); };
  document.addEventListener('submit', (e) => { if (e.target instanceof HTMLFormElement && e.target.getAttribute('action') === '/logout') stop(); }, true);
  window.addEventListener('pagehide', stop);
  return {
    every(ms, fn) { timers.push(setInterval(() => { if (!stopped) fn(); }, ms)); },
    call(method, path, body) { return call(method, path, body, stop); },
  };
}
