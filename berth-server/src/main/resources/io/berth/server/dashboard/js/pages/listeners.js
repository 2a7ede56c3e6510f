// Listeners: list, add, edit, stop/start/restart, delete (typing the name), and the self-test of a listener.
import { html, useState, useEffect, useRef } from '../lib.js';
import { post, put, del, seg } from '../api.js';
import { Field, Input, Problem, useAction, useResource, fmtNum, daysUntil, plural } from '../ui.js';

const TYPES = ['tcp', 'ssl', 'ws', 'wss', 'quic'];
const isTls = (type) => type === 'ssl' || type === 'wss' || type === 'quic';

export function Listeners() {
  const list = useResource('/listeners', 5000);
  const [editing, setEditing] = useState(null); // null, 'new', or a listener
  const [deleting, setDeleting] = useState(null);
  const [testing, setTesting] = useState(null);
  const [run, busy, error] = useAction();
  const action = (l, what) => run(async () => { await post(`/listeners/${seg(l.id)}/${what}`); list.reload(); });
  const done = () => { setEditing(null); list.reload(); };

  return html`<h1>Listeners</h1>
    <div class="actions"><button id="listener-add" class="primary" type="button"
      onClick=${() => setEditing('new')}>Add listener</button></div>
    ${editing && html`<${ListenerForm} listener=${editing === 'new' ? null : editing} onDone=${done}
      onCancel=${() => setEditing(null)} />`}
    ${testing && html`<${SelfTest} key=${testing.id} listener=${testing} onClose=${() => setTesting(null)} />`}
    <${Problem} error=${error || list.error} />
    <div class="tablewrap"><table id="listeners-table">
      <thead><tr><th>Name</th><th>Type</th><th>Bind</th><th>Status</th><th class="num">Connections</th>
        <th>TLS certificate</th><th>Actions</th></tr></thead>
      <tbody>${(list.data || []).map((l) => html`<tr key=${l.id} data-listener=${l.id}>
        <td>${l.name}</td><td>${l.type}</td><td class="mono">${l.bind}</td>
        <td data-testid="status" class=${l.running ? 'ok' : 'bad'}>${l.running ? 'running'
          : l.enabled ? 'not running' : 'stopped'}</td>
        <td class="num">${fmtNum(l.current_connections)} / ${l.max_connections}</td>
        <td>${l.certificate ? html`<${Expiry} cert=${l.certificate} />` : html`<span class="hint">–</span>`}</td>
        <td><div class="actions nowrap">
          ${l.running
            ? html`<button type="button" data-action="stop" onClick=${() => action(l, 'stop')} disabled=${busy}
                aria-label=${'Stop ' + l.id}>Stop</button>`
            : html`<button type="button" data-action="start" onClick=${() => action(l, 'start')} disabled=${busy}
                aria-label=${'Start ' + l.id}>Start</button>`}
          <button type="button" data-action="restart" onClick=${() => action(l, 'restart')} disabled=${busy}
            aria-label=${'Restart ' + l.id}>Restart</button>
          <button type="button" data-action="edit" onClick=${() => setEditing(l)}
            aria-label=${'Edit ' + l.id}>Edit</button>
          <button type="button" data-action="test" onClick=${() => setTesting(l)}
            aria-label=${'Self-test ' + l.id}>Self-test</button>
          <button type="button" data-action="delete" class="danger" onClick=${() => setDeleting(l)}
            aria-label=${'Delete ' + l.id}>Delete</button>
        </div></td>
      </tr>`)}</tbody></table></div>
    ${deleting && html`<${DeleteDialog} listener=${deleting}
      onClose=${() => { setDeleting(null); list.reload(); }} />`}`;
}

function Expiry({ cert }) {
  const days = daysUntil(cert.expires_at);
  const cls = days < 0 ? 'bad' : days < 30 ? 'warn' : '';
  return html`<span class=${cls} title=${cert.subject + ' serial ' + cert.serial}>
    ${days < 0 ? 'expired ' : 'expires '}${new Date(cert.expires_at).toLocaleDateString()}
    ${days >= 0 && days < 30 ? ` (in ${plural(Math.floor(days), 'day')})` : ''}</span>`;
}

/** Add (listener null) or edit. Edit sends only what the form shows; TLS file fields left empty are unchanged. */
function ListenerForm({ listener, onDone, onCancel }) {
  const editing = !!listener;
  const [type, setType] = useState(listener?.type || 'tcp');
  const [name, setName] = useState(listener?.name || '');
  const [bind, setBind] = useState(listener?.bind || '0.0.0.0:1884');
  const [maxConn, setMaxConn] = useState(listener ? String(listener.max_connections) : '');
  const [certfile, setCertfile] = useState('');
  const [keyfile, setKeyfile] = useState('');
  const [cacertfile, setCacertfile] = useState('');
  const [run, busy, error] = useAction();
  const first = useRef(null);
  useEffect(() => first.current && first.current.focus(), []);

  const submit = (ev) => {
    ev.preventDefault();
    const body = { bind };
    if (maxConn.trim()) body.max_connections = /^\d+$/.test(maxConn.trim()) ? Number(maxConn) : maxConn.trim();
    if (isTls(type) && (certfile || keyfile || cacertfile)) {
      body.ssl_options = {};
      if (certfile) body.ssl_options.certfile = certfile;
      if (keyfile) body.ssl_options.keyfile = keyfile;
      if (cacertfile) body.ssl_options.cacertfile = cacertfile;
    }
    run(async () => {
      if (editing) await put('/listeners/' + seg(listener.id), body);
      else await post('/listeners', { type, name, ...body });
      onDone();
    });
  };
  return html`<section class="panel" aria-labelledby="h-listener-form">
    <h2 id="h-listener-form">${editing ? 'Edit ' + listener.id : 'Add a listener'}</h2>
    <form id="listener-form" class="grid" onSubmit=${submit}>
      <${Field} id="lf-type" label="Type">
        ${editing ? html`<input id="lf-type" value=${type} disabled />`
          : html`<select id="lf-type" ref=${first} value=${type} onChange=${(e) => setType(e.target.value)}>
              ${TYPES.map((t) => html`<option value=${t}>${t}</option>`)}</select>`}
      <//>
      <${Field} id="lf-name" label="Name">
        <${Input} id="lf-name" value=${name} set=${setName} disabled=${editing} required pattern="[A-Za-z0-9_\-]+" />
      <//>
      <${Field} id="lf-bind" label="Bind (address:port)">
        <${Input} id="lf-bind" value=${bind} set=${setBind} required />
      <//>
      <${Field} id="lf-max" label="Max connections" hint="a number or infinity; empty: the default">
        <${Input} id="lf-max" value=${maxConn} set=${setMaxConn} />
      <//>
      ${isTls(type) && html`
        <${Field} id="lf-cert" label="Certificate file (PEM, path on the broker)"
          hint=${editing ? 'empty: unchanged' : ''}>
          <${Input} id="lf-cert" value=${certfile} set=${setCertfile} required=${!editing} />
        <//>
        <${Field} id="lf-key" label="Key file" hint=${editing ? 'empty: unchanged' : ''}>
          <${Input} id="lf-key" value=${keyfile} set=${setKeyfile} required=${!editing} />
        <//>
        <${Field} id="lf-ca" label="CA file (to verify client certificates)" hint="optional">
          <${Input} id="lf-ca" value=${cacertfile} set=${setCacertfile} />
        <//>`}
      <div class="actions wide">
        <button id="lf-submit" class="primary" type="submit" disabled=${busy}>${editing ? 'Save' : 'Add'}</button>
        <button type="button" onClick=${onCancel}>Cancel</button>
      </div>
    </form>
    <${Problem} error=${error} />
  </section>`;
}

/** A <dialog> that asks to type the listener's name before deleting it. */
function DeleteDialog({ listener, onClose }) {
  const ref = useRef(null);
  const [typed, setTyped] = useState('');
  const [run, busy, error] = useAction();
  useEffect(() => { ref.current.showModal(); }, []);
  const submit = (ev) => {
    ev.preventDefault();
    run(async () => { await del('/listeners/' + seg(listener.id)); ref.current.close(); onClose(); });
  };
  return html`<dialog ref=${ref} id="delete-dialog" onClose=${onClose} aria-labelledby="h-delete">
    <h2 id="h-delete">Delete ${listener.id}?</h2>
    <p>Its ${listener.current_connections} client(s) are disconnected and it is removed, also for the next start.
      Type <strong>${listener.name}</strong> to confirm.</p>
    <form onSubmit=${submit}>
      <${Field} id="delete-confirm" label="Listener name">
        <${Input} id="delete-confirm" value=${typed} set=${setTyped} autocomplete="off" />
      <//>
      <${Problem} error=${error} />
      <div class="actions">
        <button id="delete-submit" class="danger" type="submit" disabled=${busy || typed !== listener.name}>
          Delete</button>
        <button type="button" onClick=${() => ref.current.close()}>Cancel</button>
      </div>
    </form>
  </dialog>`;
}

/** POST /listeners/{id}/test: each step with its time, and the TLS handshake. */
function SelfTest({ listener, onClose }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [result, setResult] = useState(null);
  const [run, busy, error] = useAction();
  const first = useRef(null);
  useEffect(() => { first.current.scrollIntoView({ block: 'nearest' }); first.current.focus(); }, []);
  const submit = (ev) => {
    ev.preventDefault();
    setResult(null);
    const body = {};
    if (username) body.username = username;
    if (password) body.password = password;
    run(async () => setResult(await post(`/listeners/${seg(listener.id)}/test`, body)));
  };
  return html`<section class="panel" aria-labelledby="h-selftest" id="selftest">
    <h2 id="h-selftest">Self-test of ${listener.id}</h2>
    <p class="hint">The broker connects to its own listener as a client: TCP, TLS handshake, MQTT CONNECT,
      subscribe, publish and receive.</p>
    <form class="grid" onSubmit=${submit}>
      <${Field} id="st-username" label="MQTT user name (optional)">
        <input id="st-username" ref=${first} value=${username} onInput=${(e) => setUsername(e.target.value)} />
      <//>
      <${Field} id="st-password" label="Password (optional)">
        <${Input} id="st-password" type="password" value=${password} set=${setPassword} />
      <//>
      <div class="actions">
        <button id="st-run" class="primary" type="submit" disabled=${busy}>${busy ? 'Testing…' : 'Run self-test'}
        </button>
        <button type="button" onClick=${onClose}>Close</button>
      </div>
    </form>
    <${Problem} error=${error} what="The listener self-test (POST /api/v5/listeners/{id}/test)" />
    ${result && html`<div id="selftest-result">
      <p class=${result.ok ? 'ok' : 'bad'} id="selftest-verdict"><strong>${result.ok ? 'Passed' : 'Failed'}</strong>
        ${result.error ? ': ' + result.error : ''}</p>
      <ol class="steps">${(result.steps || []).map((s) => html`<li class=${s.ok ? 'ok' : 'bad'}>
        ${s.ok ? '✓' : '✗'} ${s.step} — ${s.millis} ms${s.detail ? ': ' + s.detail : ''}</li>`)}</ol>
      ${result.tls && html`<${TlsInfo} tls=${result.tls} />`}
    </div>`}
  </section>`;
}

/** A TLS handshake: protocol, cipher, and the chain the server presented. */
export function TlsInfo({ tls }) {
  return html`<div class="tls" data-testid="tls">
    <h3>TLS</h3>
    <p>Protocol <strong>${tls.protocol}</strong>, cipher <code>${tls.cipher}</code></p>
    <ol>${(tls.peer_certificates || []).map((c) => html`<li>${c.subject}${' '}
      <span class="hint">${'issued by ' + c.issuer}</span>,${' '}
      <${Expiry} cert=${{ expires_at: c.not_after, subject: c.subject, serial: '' }} /></li>`)}
    </ol></div>`;
}
