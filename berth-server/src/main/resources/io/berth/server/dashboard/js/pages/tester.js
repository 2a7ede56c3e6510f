// Tools → Tester: open MQTT connections to the broker's listeners (several at once), subscribe, publish, and read
// the messages as they arrive. Each connection is one tab.
import { html, useState, useEffect, useRef } from '../lib.js';
import { Field, Input, Select, Check, Problem, useAction } from '../ui.js';
import { ServerConn } from '../tester/server-conn.js';
import { BrowserConn } from '../tester/browser-conn.js';
import { TlsInfo } from './listeners.js';

const DEFAULT_PORTS = { tcp: 1883, ssl: 8883, ws: 8083, wss: 8084, quic: 14567 };
const TLS = (t) => t === 'ssl' || t === 'wss' || t === 'quic';

// Connections outlive the page's component (switching pages keeps them); they end on logout or page reload.
const open = [];
let counter = 0;

/** At logout: closes every Tester connection (the server's and the browser's). */
export async function closeAllTesterConnections() {
  const all = open.splice(0, open.length);
  await Promise.all(all.map((c) => c.close().catch(() => {})));
}

export function Tester() {
  const [, setVersion] = useState(0);
  const [selected, setSelected] = useState(open.length ? open[open.length - 1] : null);
  const [showForm, setShowForm] = useState(open.length === 0);
  useEffect(() => { // the server's connections survive a reload of the page: show them again
    ServerConn.existing(open).then((all) => {
      const found = all.filter((c) => !open.some((o) => o.id === c.id)); // made meanwhile in this page: known
      all.filter((c) => !found.includes(c)).forEach((c) => c.detach());
      if (found.length === 0) return;
      open.push(...found);
      setSelected((s) => s || found[0]);
      setShowForm(false);
      setVersion((v) => v + 1);
    }, () => { /* no server-side Tester here */ });
  }, []);
  const added = (c) => { open.push(c); setSelected(c); setShowForm(false); setVersion((v) => v + 1); };
  const closeConn = async (c) => {
    await c.close();
    open.splice(open.indexOf(c), 1);
    setSelected(open.length ? open[open.length - 1] : null);
    setShowForm(open.length === 0);
    setVersion((v) => v + 1);
  };
  return html`<h1>Tools → Tester</h1>
    <p class="hint">Connect to a listener as an MQTT client would, subscribe, publish and watch the messages.
      The broker makes the connection (any transport), or, for ws/wss, this browser does.</p>
    <div class="tabs" role="tablist" aria-label="Connections" onKeyDown=${arrowKeys}>
      ${open.map((c, i) => html`<button type="button" role="tab" id=${'conn-tab-' + i} data-conn=${c.name}
        aria-selected=${c === selected && !showForm ? 'true' : 'false'}
        onClick=${() => { setSelected(c); setShowForm(false); }}>${c.name}</button>`)}
      <button type="button" role="tab" id="conn-new-tab" aria-selected=${showForm ? 'true' : 'false'}
        onClick=${() => setShowForm(true)}>+ New connection</button>
    </div>
    ${showForm ? html`<${NewConnection} onOpen=${added} />`
      : selected && html`<${ConnectionView} key=${selected.name} conn=${selected}
        onClose=${() => closeConn(selected)} />`}`;
}

/** Left and right arrows move between the tabs (the ARIA tabs pattern); Enter or Space opens one. */
function arrowKeys(e) {
  if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
  const tabs = [...e.currentTarget.querySelectorAll('[role=tab]')];
  const i = tabs.indexOf(document.activeElement);
  if (i < 0) return;
  e.preventDefault();
  tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length].focus();
}

function NewConnection({ onOpen }) {
  const [f, setF] = useState(() => ({
    name: 'connection ' + (++counter), host: location.hostname || 'localhost', port: '1883', transport: 'tcp',
    path: '/mqtt', clientid: 'berth-tester-' + Math.random().toString(16).slice(2, 8), username: '', password: '',
    proto_ver: '5', keepalive: '60', clean_start: true, cacert: '', certfile: '', keyfile: '', insecure: false,
    server_name: '', browser: false,
  }));
  const set = (k) => (v) => setF((o) => ({ ...o, [k]: v }));
  const setTransport = (t) => setF((o) => ({ ...o, transport: t, port: String(DEFAULT_PORTS[t]),
    browser: (t === 'ws' || t === 'wss') && o.browser }));
  const [run, busy, error] = useAction();
  const ws = f.transport === 'ws' || f.transport === 'wss';

  const submit = (ev) => {
    ev.preventDefault();
    const form = { name: f.name, host: f.host, port: Number(f.port), transport: f.transport,
      proto_ver: f.proto_ver, keepalive: Number(f.keepalive), clean_start: f.clean_start };
    if (ws) form.path = f.path;
    if (f.clientid) form.clientid = f.clientid;
    if (f.username) form.username = f.username;
    if (f.password) form.password = f.password;
    if (TLS(f.transport) && !(ws && f.browser)) {
      form.ssl = { insecure: f.insecure };
      if (f.cacert.trim()) form.ssl.cacert = f.cacert;
      if (f.certfile.trim()) form.ssl.certfile = f.certfile;
      if (f.keyfile.trim()) form.ssl.keyfile = f.keyfile;
      if (f.server_name.trim()) form.ssl.server_name = f.server_name.trim();
    }
    run(async () => onOpen(await (ws && f.browser ? BrowserConn.open(form) : ServerConn.open(form))));
  };

  return html`<section class="panel" aria-labelledby="h-new-conn">
    <h2 id="h-new-conn">New connection</h2>
    <form id="tester-form" class="grid" onSubmit=${submit}>
      <${Field} id="t-name" label="Name"><${Input} id="t-name" value=${f.name} set=${set('name')} required /><//>
      <${Field} id="t-transport" label="Transport">
        <${Select} id="t-transport" value=${f.transport} set=${setTransport}
          options=${[['tcp', 'TCP'], ['ssl', 'TLS (ssl)'], ['ws', 'WebSocket'], ['wss', 'WebSocket over TLS'],
            ['quic', 'QUIC']]} />
      <//>
      <${Field} id="t-host" label="Host"><${Input} id="t-host" value=${f.host} set=${set('host')} required /><//>
      <${Field} id="t-port" label="Port">
        <${Input} id="t-port" type="number" min="1" max="65535" value=${f.port} set=${set('port')} required />
      <//>
      ${ws && html`<${Field} id="t-path" label="WebSocket path">
        <${Input} id="t-path" value=${f.path} set=${set('path')} /><//>`}
      <${Field} id="t-clientid" label="Client id"><${Input} id="t-clientid" value=${f.clientid}
        set=${set('clientid')} /><//>
      <${Field} id="t-username" label="User name"><${Input} id="t-username" value=${f.username}
        set=${set('username')} autocomplete="off" /><//>
      <${Field} id="t-password" label="Password"><${Input} id="t-password" type="password" value=${f.password}
        set=${set('password')} autocomplete="off" /><//>
      <${Field} id="t-proto" label="MQTT version">
        <${Select} id="t-proto" value=${f.proto_ver} set=${set('proto_ver')} options=${[['5', '5.0'],
          ['3.1.1', '3.1.1']]} />
      <//>
      <${Field} id="t-keepalive" label="Keep alive (s)">
        <${Input} id="t-keepalive" type="number" min="0" max="65535" value=${f.keepalive} set=${set('keepalive')} />
      <//>
      <${Check} id="t-clean" label="Clean start" checked=${f.clean_start} set=${set('clean_start')} />
      ${ws && html`<${Check} id="t-browser" label="Connect from this browser (MQTT.js) instead of the broker"
        checked=${f.browser} set=${set('browser')} />`}
      ${TLS(f.transport) && !(ws && f.browser) && html`<fieldset class="wide grid">
        <legend>TLS</legend>
        <${Field} id="t-cacert" label="CA certificate (PEM) to verify the server; empty: the JVM's trusted CAs" wide>
          <textarea id="t-cacert" value=${f.cacert} onInput=${(e) => set('cacert')(e.target.value)}
            placeholder="-----BEGIN CERTIFICATE-----"></textarea>
        <//>
        <${Field} id="t-cert" label="Client certificate (PEM, optional)">
          <textarea id="t-cert" value=${f.certfile} onInput=${(e) => set('certfile')(e.target.value)}></textarea>
        <//>
        <${Field} id="t-key" label="Client key (PEM, optional)">
          <textarea id="t-key" value=${f.keyfile} onInput=${(e) => set('keyfile')(e.target.value)}></textarea>
        <//>
        <${Field} id="t-sni" label="Server name (SNI; empty: the host)">
          <${Input} id="t-sni" value=${f.server_name} set=${set('server_name')} />
        <//>
        <${Check} id="t-insecure" label="Do not verify the server's certificate (insecure)" checked=${f.insecure}
          set=${set('insecure')} />
      </fieldset>`}
      ${ws && f.browser && f.transport === 'wss' && html`<p class="hint wide">From the browser, wss works only with a
        certificate this browser already trusts.</p>`}
      <div class="actions wide"><button id="t-connect" class="primary" type="submit" disabled=${busy}>
        ${busy ? 'Connecting…' : 'Connect'}</button></div>
    </form>
    ${error && html`<div class="error" role="alert" id="tester-connect-error">
      ${error.notAvailable ? 'The server-side Tester is not available in this broker version (POST'
        + ' /api/v5/tester/connections answered 404); for ws/wss listeners, tick "Connect from this browser".'
        : 'Could not connect: ' + error.message}</div>`}
  </section>`;
}

function ConnectionView({ conn, onClose }) {
  const [, setVersion] = useState(0);
  useEffect(() => conn.watch(() => setVersion((v) => v + 1)), [conn]);
  const [subTopic, setSubTopic] = useState('test/#');
  const [subQos, setSubQos] = useState('1');
  const [pubTopic, setPubTopic] = useState('test/hello');
  const [payload, setPayload] = useState('hello from the Berth tester');
  const [pubQos, setPubQos] = useState('1');
  const [retain, setRetain] = useState(false);
  const [run, busy, error] = useAction();
  const logRef = useRef(null);
  useEffect(() => { if (logRef.current) logRef.current.scrollTop = logRef.current.scrollHeight; }, [conn.log.length]);
  const connected = conn.state === 'connected';
  const qos = [['0', '0'], ['1', '1'], ['2', '2']];

  return html`<section class="panel" data-testid="connection" data-conn=${conn.name} aria-label=${conn.name}>
    <div class="actions conn-head">
      <h2>${conn.name}</h2>
      <span data-testid="conn-state" class=${connected ? 'ok' : 'bad'}>${conn.state}${conn.reason
        ? ': ' + conn.reason : ''}</span>
      <span class="hint">${conn.kind === 'browser' ? 'from this browser (MQTT.js)' : 'from the broker'}</span>
      <button type="button" class="danger" data-action="disconnect" onClick=${onClose}>Disconnect and close</button>
    </div>
    ${conn.tls && html`<${TlsInfo} tls=${conn.tls} />`}
    <div class="two">
      <form data-testid="subscribe-form" onSubmit=${(e) => { e.preventDefault();
        run(() => conn.subscribe(subTopic, Number(subQos))); }}>
        <fieldset class="row">
          <legend>Subscribe</legend>
          <${Field} id="sub-topic" label="Topic filter"><${Input} id="sub-topic" value=${subTopic} set=${setSubTopic}
            required /><//>
          <${Field} id="sub-qos" label="QoS"><${Select} id="sub-qos" value=${subQos} set=${setSubQos}
            options=${qos} /><//>
          <div class="actions">
            <button id="sub-go" type="submit" disabled=${busy || !connected}>Subscribe</button>
            <button id="unsub-go" type="button" disabled=${busy || !connected}
              onClick=${() => run(() => conn.unsubscribe(subTopic))}>Unsubscribe</button>
          </div>
        </fieldset>
      </form>
      <form data-testid="publish-form" onSubmit=${(e) => { e.preventDefault();
        run(() => conn.publish(pubTopic, payload, Number(pubQos), retain)); }}>
        <fieldset class="row">
          <legend>Publish</legend>
          <${Field} id="pub-topic" label="Topic"><${Input} id="pub-topic" value=${pubTopic} set=${setPubTopic}
            required /><//>
          <${Field} id="pub-qos" label="QoS"><${Select} id="pub-qos" value=${pubQos} set=${setPubQos}
            options=${qos} /><//>
          <${Field} id="pub-payload" label="Payload" wide><${Input} id="pub-payload" value=${payload}
            set=${setPayload} /><//>
          <${Check} id="pub-retain" label="Retain" checked=${retain} set=${setRetain} />
          <div class="actions"><button id="pub-go" type="submit" disabled=${busy || !connected}>Publish</button>
          </div>
        </fieldset>
      </form>
    </div>
    ${error && html`<div class="error" role="alert" data-testid="conn-error">${error.message}</div>`}
    <h3>Log <button type="button" onClick=${() => conn.clearLog()}>Clear</button></h3>
    <div class="tablewrap log" ref=${logRef}><table data-testid="message-log">
      <thead><tr><th>Time</th><th>Event</th><th>Topic</th><th>QoS</th><th>Retain</th><th>Payload</th></tr></thead>
      <tbody>${conn.log.map((e, i) => html`<tr key=${i} data-kind=${e.kind}>
        <td>${new Date(e.time).toLocaleTimeString()}</td>
        <td>${{ message: 'received', sent: 'published', state: 'state', info: '' }[e.kind]}</td>
        <td>${e.topic || ''}</td><td>${e.qos ?? ''}</td>
        <td>${e.retain === undefined || e.retain === null ? '' : e.retain ? 'yes' : 'no'}</td>
        <td>${e.payload ?? e.text}</td></tr>`)}</tbody></table></div>
  </section>`;
}
