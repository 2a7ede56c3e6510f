// Retained messages: list (payload shown as text when it is UTF-8), delete one.
import { html, useState } from '../lib.js';
import { del, seg, query } from '../api.js';
import { Problem, useAction, useResource, fmtTime, decodePayload, rows } from '../ui.js';
import { Pager } from './clients.js';

const LIMIT = 100;
const short = (s) => (s.length > 120 ? s.slice(0, 120) + '…' : s);

export function Retained() {
  const [page, setPage] = useState(1);
  const list = useResource('/mqtt/retainer/messages' + query({ page, limit: LIMIT }), 5000);
  const [run, busy, error] = useAction();
  const remove = (m) => {
    if (!confirm(`Delete the retained message of ${m.topic}?`)) return;
    run(async () => { await del('/mqtt/retainer/message/' + seg(m.topic)); list.reload(); });
  };
  return html`<h1>Retained messages</h1>
    <${Problem} error=${error || list.error} what="Retained messages (GET /api/v5/mqtt/retainer/messages)" />
    ${!list.error && html`<div class="tablewrap"><table id="retained-table">
      <thead><tr><th>Topic</th><th class="num">QoS</th><th>Payload</th><th class="num">Size</th><th>From client</th>
        <th></th></tr></thead>
      <tbody>
        ${rows(list.data).length === 0 && html`<tr><td colspan="6" class="hint">No retained messages.</td></tr>`}
        ${rows(list.data).map((m) => html`<tr key=${m.topic}>
          <td class="mono">${m.topic}</td><td class="num">${m.qos}</td>
          <td class="mono">${short(decodePayload(m.payload))}</td><td class="num">${m.payload_size}</td>
          <td class="mono">${m.from_clientid || ''}${m.publish_at ? ' ' + fmtTime(m.publish_at) : ''}</td>
          <td><button type="button" class="danger" disabled=${busy} onClick=${() => remove(m)}
            aria-label=${'Delete retained ' + m.topic}>Delete</button></td></tr>`)}
      </tbody></table></div>
      <${Pager} page=${page} setPage=${setPage} count=${list.data?.meta?.count} limit=${LIMIT} />`}`;
}
