// Clients: connected clients and offline sessions, searched by client id, kicked.
import { html, useState } from '../lib.js';
import { del, seg, query } from '../api.js';
import { Field, Input, Problem, useAction, useResource, fmtTime, rows } from '../ui.js';

const LIMIT = 50;

export function Clients() {
  const [like, setLike] = useState('');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const list = useResource('/clients' + query({ page, limit: LIMIT, like_clientid: search }), 5000);
  const [run, busy, error] = useAction();
  const kick = (c) => {
    if (!confirm(`Disconnect ${c.clientid}?`)) return;
    run(async () => { await del('/clients/' + seg(c.clientid)); list.reload(); });
  };
  const count = list.data?.meta?.count;
  return html`<h1>Clients</h1>
    <form class="grid" id="clients-search" onSubmit=${(e) => { e.preventDefault(); setPage(1); setSearch(like); }}>
      <${Field} id="clients-like" label="Client id contains">
        <${Input} id="clients-like" value=${like} set=${setLike} type="search" />
      <//>
      <div class="actions"><button type="submit" id="clients-search-go">Search</button></div>
    </form>
    <${Problem} error=${error || list.error} what="The client list (GET /api/v5/clients)" />
    ${!list.error && html`<div class="tablewrap"><table id="clients-table">
      <thead><tr><th>Client id</th><th>User name</th><th>Listener</th><th>Address</th><th>Status</th>
        <th>Connected at</th><th>MQTT</th><th class="num">Keep alive</th><th class="num">Subs</th>
        <th class="num">Inflight</th><th class="num">Queue</th><th></th></tr></thead>
      <tbody>
        ${rows(list.data).length === 0 && html`<tr><td colspan="12" class="hint">No clients.</td></tr>`}
        ${rows(list.data).map((c) => html`<tr key=${c.clientid}>
          <td class="mono">${c.clientid}</td><td>${c.username || ''}</td><td>${c.listener}</td>
          <td class="mono">${c.peerhost}${c.port ? ':' + c.port : ''}</td>
          <td class=${c.connected ? 'ok' : 'hint'}>${c.connected ? 'connected' : 'offline'}</td>
          <td>${fmtTime(c.connected_at)}</td><td>${c.proto_ver}</td><td class="num">${c.keepalive}</td>
          <td class="num">${c.subscriptions_cnt}</td><td class="num">${c.inflight_cnt}</td>
          <td class="num">${c.mqueue_len}</td>
          <td><button type="button" class="danger" disabled=${busy} onClick=${() => kick(c)}
            aria-label=${'Kick ' + c.clientid}>Kick</button></td></tr>`)}
      </tbody></table></div>
      <${Pager} page=${page} setPage=${setPage} count=${count} limit=${LIMIT} />`}`;
}

export function Pager({ page, setPage, count, limit }) {
  const pages = count ? Math.max(1, Math.ceil(count / limit)) : 1;
  return html`<div class="actions pager">
    <button type="button" disabled=${page <= 1} onClick=${() => setPage(page - 1)}>Previous</button>
    <span>Page ${page} of ${pages}${count !== undefined ? ` (${count})` : ''}</span>
    <button type="button" disabled=${page >= pages} onClick=${() => setPage(page + 1)}>Next</button>
  </div>`;
}
