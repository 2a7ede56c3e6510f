// The management API from the browser: /api/v5 with the session's token in `Authorization: Bearer`.
// The token lives in sessionStorage (gone when the tab closes; never in localStorage, never in a URL).

const TOKEN_KEY = 'berth.token';

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  set: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

let expiredListener = () => {};
/** Called when the server no longer accepts the token (expired, revoked): the app returns to the login page. */
export function onSessionExpired(fn) { expiredListener = fn; }
let passwordChangeListener = () => {};
/** Called on 403 PASSWORD_CHANGE_REQUIRED. */
export function onPasswordChangeRequired(fn) { passwordChangeListener = fn; }

/** An error answer: HTTP status, the API's code (BAD_REQUEST, LOCKED, …) and its message in words. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
  /** The endpoint does not exist in this broker (an older version, or a feature not built yet). */
  get notAvailable() {
    return (this.status === 404 && this.code === 'NOT_FOUND' && /no such resource/.test(this.message))
      || this.status === 405;
  }
}

export function headers(extra = {}) {
  const h = { ...extra };
  const t = session.token();
  if (t) h.Authorization = 'Bearer ' + t;
  return h;
}

/** Turns a non-2xx response into an ApiError (and reacts to an expired session). */
export async function failure(res) {
  const text = await res.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  const err = new ApiError(res.status, body?.code || 'HTTP_' + res.status, body?.message || text || res.statusText);
  if (res.status === 401 && err.code === 'UNAUTHORIZED' && session.token()) {
    session.clear();
    expiredListener();
  } else if (res.status === 403 && err.code === 'PASSWORD_CHANGE_REQUIRED') {
    passwordChangeListener();
  }
  return err;
}

export async function api(method, path, body) {
  const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    cache: 'no-store' };
  if (body !== undefined) init.body = JSON.stringify(body);
  let res;
  try {
    res = await fetch('/api/v5' + path, init);
  } catch (e) {
    throw new ApiError(0, 'NETWORK', 'cannot reach the broker (' + e.message + ')');
  }
  if (!res.ok) throw await failure(res);
  if (res.status === 204) return null;
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

/** "a/b c" → "a%2Fb%20c": one path segment. */
export const seg = (s) => encodeURIComponent(s);

/** "?a=1&b=x" from an object, skipping empty values. */
export function query(params) {
  const q = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(v)).join('&');
  return q ? '?' + q : '';
}
