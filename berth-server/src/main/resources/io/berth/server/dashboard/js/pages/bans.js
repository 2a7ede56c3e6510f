// Firewall & bans: each listener's access rules (when the listener data has them) and the banned list.
import { html, useState } from '../lib.js';
import { post, del, seg } from '../api.js';
import { Field, Input, Select, Check, Problem, useAction, useResource, fmtTime, rows } from '../ui.js';

const KINDS = [['clientid', 'client id'], ['username', 'user name'], ['peerhost', 'address'],
  ['peerhost_net', 'network (CIDR)'], ['clientid_re', 'client id pattern (regex)'],
  ['username_re', 'user name pattern (regex)']];

export function Bans() {
  const listeners = useResource('/listeners');
  const bans = useResource('/banned', 10000);
  const [as, setAs] = useState('clientid');
  const [who, setWho] = useState('');
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [forever, setForever] = useState(false);
  const [run, busy, error] = useAction();
  const add = (ev) => {
    ev.preventDefault();
    const body = { as, who };
    if (reason) body.reason = reason;
    if (forever) body.until = 'infinity';
    else if (until) body.until = new Date(until).toISOString();
    run(async () => { await post('/banned', body); setWho(''); setReason(''); setUntil(''); bans.reload(); });
  };
  const remove = (b) => run(async () => { await del(`/banned/${seg(b.as)}/${seg(b.who)}`); bans.reload(); });

  const withRules = (listeners.data || []).filter((l) => Array.isArray(l.access_rules));
  return html`<h1>Firewall & bans</h1>
    <section class="panel" aria-labelledby="h-rules">
      <h2 id="h-rules">Access rules per listener</h2>
      <${Problem} error=${listeners.error} />
      ${listeners.data && (withRules.length === 0
        ? html`<p class="hint" id="rules-none">This broker's listener data does not list access rules: they are
            the <code>access_rules</code> key of each listener in berth.conf (first match wins, e.g.${' '}
            <code>["allow 10.0.0.0/8", "deny all"]</code>), settable with the API's PUT /api/v5/listeners/{id}.</p>`
        : html`<table id="rules-table"><thead><tr><th>Listener</th><th>Rules (first match wins)</th></tr></thead>
          <tbody>${withRules.map((l) => html`<tr><td>${l.id}</td><td class="mono">${l.access_rules.join(', ')
            || 'allow all'}</td></tr>`)}</tbody></table>`)}
    </section>
    <section class="panel" aria-labelledby="h-banned">
      <h2 id="h-banned">Banned</h2>
      <form id="ban-form" class="grid" onSubmit=${add}>
        <${Field} id="ban-as" label="Ban by">
          <${Select} id="ban-as" value=${as} set=${setAs} options=${KINDS} />
        <//>
        <${Field} id="ban-who" label="Who"><${Input} id="ban-who" value=${who} set=${setWho} required /><//>
        <${Field} id="ban-reason" label="Reason"><${Input} id="ban-reason" value=${reason} set=${setReason} /><//>
        <${Field} id="ban-until" label="Until (empty: a year from now)">
          <${Input} id="ban-until" type="datetime-local" value=${until} set=${setUntil} disabled=${forever} />
        <//>
        <${Check} id="ban-forever" label="Forever" checked=${forever} set=${setForever} />
        <div class="actions"><button id="ban-add" class="primary" type="submit" disabled=${busy}>Ban</button></div>
      </form>
      <${Problem} error=${error || bans.error} what="The banned list (GET /api/v5/banned)" />
      ${!bans.error && html`<div class="tablewrap"><table id="banned-table">
        <thead><tr><th>Kind</th><th>Who</th><th>Reason</th><th>Banned by</th><th>At</th><th>Until</th><th></th>
        </tr></thead>
        <tbody>
          ${rows(bans.data).length === 0 && html`<tr><td colspan="7" class="hint">Nobody is banned.</td></tr>`}
          ${rows(bans.data).map((b) => html`<tr key=${b.as + ':' + b.who}>
            <td>${b.as}</td><td class="mono">${b.who}</td><td>${b.reason || ''}</td><td>${b.by || ''}</td>
            <td>${fmtTime(b.at)}</td><td>${!b.until || b.until === 'infinity' ? 'forever' : fmtTime(b.until)}</td>
            <td><button type="button" class="danger" disabled=${busy} onClick=${() => remove(b)}
              aria-label=${'Unban ' + b.who}>Remove</button></td></tr>`)}
        </tbody></table></div>`}
    </section>`;
}
