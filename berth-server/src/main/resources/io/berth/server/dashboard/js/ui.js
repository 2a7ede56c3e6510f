// Small shared pieces of the pages: loading a resource, error and "not available" messages, tables, fields.
import { html, useState, useEffect, useCallback } from './lib.js';
import { get } from './api.js';

/** GETs `path` (again when `reload()` is called or every `everyMs`): {data, error, loading, reload}. */
export function useResource(path, everyMs = 0) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    let live = true;
    get(path).then((data) => live && setState({ data, error: null, loading: false }),
      (error) => live && setState((s) => ({ data: s.data, error, loading: false })));
    return () => { live = false; };
  }, [path, tick]);
  useEffect(() => {
    if (!everyMs) return undefined;
    const t = setInterval(reload, everyMs);
    return () => clearInterval(t);
  }, [everyMs, reload]);
  return { ...state, reload };
}

/** The error of an API call in words; a "not available" notice when the endpoint does not exist here. */
export function Problem({ error, what }) {
  if (!error) return null;
  if (error.notAvailable) {
    const text = `${what || 'This page'} is not available in this broker version (the API answered ${error.status}`
      + ' for it).';
    return html`<div class="unavailable" data-testid="not-available" role="status">${text}</div>`;
  }
  return html`<div class="error" role="alert" data-testid="error">${error.message}</div>`;
}

export function Field({ id, label, children, wide, hint }) {
  return html`<div class=${'field' + (wide ? ' wide' : '')}>
    <label for=${id}>${label}</label>
    ${children}
    ${hint && html`<span class="hint">${hint}</span>`}
  </div>`;
}

/** An <input> bound to `value` / `set`. */
export function Input({ id, value, set, type = 'text', ...rest }) {
  return html`<input id=${id} name=${id} type=${type} value=${value}
    onInput=${(e) => set(e.target.value)} ...${rest} />`;
}

export function Check({ id, label, checked, set }) {
  return html`<div class="check">
    <input id=${id} type="checkbox" checked=${checked} onChange=${(e) => set(e.target.checked)} />
    <label for=${id}>${label}</label>
  </div>`;
}

export function Select({ id, value, set, options }) {
  return html`<select id=${id} name=${id} value=${value} onChange=${(e) => set(e.target.value)}>
    ${options.map((o) => (Array.isArray(o)
      ? html`<option value=${o[0]}>${o[1]}</option>` : html`<option value=${o}>${o}</option>`))}
  </select>`;
}

/** Runs an async action with a busy flag and an error: [run, busy, error, setError]. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const run = useCallback(async (fn) => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return [run, busy, error, setError];
}

export const fmtTime = (iso) => (iso ? new Date(iso).toLocaleString() : '');
export const fmtNum = (n) => (n === undefined || n === null ? '–' : Number(n).toLocaleString());

/** "1 day", "3 days". */
export const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Days from now until `iso` (negative: past). */
export const daysUntil = (iso) => (new Date(iso).getTime() - Date.now()) / 86400000;

/** Base64 → text when it is printable UTF-8, else hex. */
export function decodePayload(b64) {
  if (!b64) return '';
  const bin = atob(b64);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return '0x' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }
}

/** `list` or the `data` of a paged answer {data, meta}. */
export const rows = (d) => (Array.isArray(d) ? d : d?.data || []);
