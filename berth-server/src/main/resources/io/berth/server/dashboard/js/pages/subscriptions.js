// Subscriptions: every client's topic filters with their options.
import { html, useState } from '../lib.js';
import { query } from '../api.js';
import { Problem, useResource, rows } from '../ui.js';
import { Pager } from './clients.js';

const LIMIT = 100;
const yes = (b) => (b ? 'yes' : 'no');

export function Subscriptions() {
  const [page, setPage] = useState(1);
  const list = useResource('/subscriptions' + query({ page, limit: LIMIT }), 5000);
  return html`<h1>Subscriptions</h1>
    <${Problem} error=${list.error} what="The subscription list (GET /api/v5/subscriptions)" />
    ${!list.error && html`<div class="tablewrap"><table id="subscriptions-table">
      <thead><tr><th>Client id</th><th>Topic filter</th><th class="num">QoS</th><th>No local</th>
        <th>Retain as published</th><th class="num">Retain handling</th></tr></thead>
      <tbody>
        ${rows(list.data).length === 0 && html`<tr><td colspan="6" class="hint">No subscriptions.</td></tr>`}
        ${rows(list.data).map((s) => html`<tr key=${s.clientid + ' ' + s.topic}>
          <td class="mono">${s.clientid}</td><td class="mono">${s.topic}</td><td class="num">${s.qos}</td>
          <td>${yes(s.nl)}</td><td>${yes(s.rap)}</td><td class="num">${s.rh}</td></tr>`)}
      </tbody></table></div>
      <${Pager} page=${page} setPage=${setPage} count=${list.data?.meta?.count} limit=${LIMIT} />`}`;
}
