// The dashboard's shell: who is logged in, the navigation, and which page the URL's #fragment shows.
import { html, render, useState, useEffect, useCallback } from './lib.js';
import { get, post, session, onSessionExpired, onPasswordChangeRequired } from './api.js';
import { Login, ForcedPasswordChange } from './pages/login.js';
import { Overview } from './pages/overview.js';
import { Listeners } from './pages/listeners.js';
import { Clients } from './pages/clients.js';
import { Subscriptions } from './pages/subscriptions.js';
import { Retained } from './pages/retained.js';
import { Bans } from './pages/bans.js';
import { Users } from './pages/users.js';
import { Tester, closeAllTesterConnections } from './pages/tester.js';
import { Account } from './pages/account.js';

/** Navigation: [group, [[route, title, component]]]. The route is the URL's fragment: #/listeners. */
const NAV = [
  ['Monitor', [['overview', 'Overview', Overview], ['clients', 'Clients', Clients],
    ['subscriptions', 'Subscriptions', Subscriptions], ['retained', 'Retained', Retained]]],
  ['Manage', [['listeners', 'Listeners', Listeners], ['bans', 'Firewall & bans', Bans],
    ['users', 'Users', Users]]],
  ['Tools', [['tester', 'Tester', Tester]]],
  ['You', [['account', 'Account', Account]]],
];
const PAGES = Object.fromEntries(NAV.flatMap(([, items]) => items.map(([r, t, c]) => [r, { title: t, Page: c }])));

const routeOf = () => (location.hash.replace(/^#\/?/, '').split('?')[0] || 'overview');

function useRoute() {
  const [route, setRoute] = useState(routeOf());
  useEffect(() => {
    const f = () => setRoute(routeOf());
    addEventListener('hashchange', f);
    return () => removeEventListener('hashchange', f);
  }, []);
  return route;
}

function Shell({ me, onLogout }) {
  const route = useRoute();
  const page = PAGES[route] || PAGES.overview;
  useEffect(() => { document.title = page.title + ' · Berth'; }, [page]);
  return html`<div class="shell">
    <a class="skip" href="#main" onClick=${(e) => { e.preventDefault(); document.getElementById('main').focus(); }}>
      Skip to the page</a>
    <header class="top">
      <span class="brand">Berth</span>
      <span class="who" data-testid="whoami">${me.username}</span>
      <button id="logout" type="button" onClick=${onLogout}>Log out</button>
    </header>
    <nav class="side" aria-label="Pages">
      ${NAV.map(([group, items]) => html`
        <div class="group">${group}</div>
        ${items.map(([r, title]) => html`<a href=${'#/' + r} id=${'nav-' + r}
          aria-current=${PAGES[route] === PAGES[r] || (!PAGES[route] && r === 'overview') ? 'page' : undefined}>
          ${group === 'Tools' ? 'Tools → ' + title : title}</a>`)}`)}
    </nav>
    <main id="main" tabindex="-1" data-page=${route}><${page.Page} me=${me} /></main>
  </div>`;
}

function App() {
  // me: undefined while checking the stored token, null when logged out, else {username, must_change_password, ...}
  const [me, setMe] = useState(undefined);
  const [expired, setExpired] = useState(false);

  const loadMe = useCallback(async () => {
    if (!session.token()) { setMe(null); return; }
    try {
      setMe(await get('/users/me'));
    } catch {
      session.clear();
      setMe(null);
    }
  }, []);

  useEffect(() => {
    onSessionExpired(() => { closeAllTesterConnections(); setExpired(true); setMe(null); });
    onPasswordChangeRequired(() => setMe((m) => (m ? { ...m, must_change_password: true } : m)));
    loadMe();
  }, [loadMe]);

  const logout = async () => {
    await closeAllTesterConnections();
    try { await post('/logout'); } catch { /* gone already */ }
    session.clear();
    setExpired(false);
    setMe(null);
  };

  if (me === undefined) return html`<p class="boot">Loading…</p>`;
  if (me === null) {
    return html`<${Login} expired=${expired} onLoggedIn=${() => { setExpired(false); loadMe(); }} />`;
  }
  if (me.must_change_password) return html`<${ForcedPasswordChange} me=${me} onChanged=${loadMe} onLogout=${logout} />`;
  return html`<${Shell} me=${me} onLogout=${logout} />`;
}

render(html`<${App} />`, document.getElementById('app'));
