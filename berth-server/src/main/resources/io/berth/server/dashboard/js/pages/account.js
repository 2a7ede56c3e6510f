// Account: change password, the second factor (TOTP) and API keys for scripts.
import { html, useState } from '../lib.js';
import { post, del, api, seg } from '../api.js';
import { Field, Input, Problem, useAction, useResource, fmtTime } from '../ui.js';
import { PasswordForm } from './login.js';

export function Account() {
  const me = useResource('/users/me');
  return html`<h1>Account</h1>
    <section class="panel" aria-labelledby="h-password">
      <h2 id="h-password">Password</h2>
      <${PasswordForm} idPrefix="pw" />
    </section>
    <section class="panel" aria-labelledby="h-totp">
      <h2 id="h-totp">Second factor (TOTP)</h2>
      <${Problem} error=${me.error} />
      ${me.data && html`<${Totp} enabled=${me.data.totp_enabled} reload=${me.reload} />`}
    </section>
    <section class="panel" aria-labelledby="h-keys">
      <h2 id="h-keys">API keys</h2>
      <${ApiKeys} />
    </section>`;
}

function Totp({ enabled, reload }) {
  const [enrolment, setEnrolment] = useState(null); // {secret, otpauth_uri, qr_png_base64}
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState(null);
  const [run, busy, error] = useAction();

  const start = () => run(async () => { setEnrolment(await post('/users/me/totp')); setCode(''); });
  const confirm = (ev) => {
    ev.preventDefault();
    run(async () => {
      const r = await post('/users/me/totp/confirm', { code: code.trim() });
      setRecovery(r.recovery_codes);
      setEnrolment(null);
      reload();
    });
  };

  if (recovery) {
    return html`<div data-testid="totp-recovery">
      <p class="ok" id="totp-enabled-now">The second factor is on: every login now asks for a code.</p>
      <p><strong>Recovery codes: shown only this once.</strong> Store them offline; each works once in place of a
        code when your phone is lost.</p>
      <ol id="totp-recovery-codes" class="mono">${recovery.map((c) => html`<li>${c}</li>`)}</ol>
      <button id="totp-recovery-done" type="button" onClick=${() => setRecovery(null)}>I have stored them</button>
    </div>`;
  }
  if (enabled) return html`<${TotpOff} reload=${reload} />`;
  if (!enrolment) {
    return html`<p>Off. With it on, a login needs a code from an authenticator app (Google Authenticator, Aegis,
      FreeOTP, 1Password…) besides the password.</p>
      <button id="totp-start" class="primary" type="button" onClick=${start} disabled=${busy}>Set up</button>
      <${Problem} error=${error} />`;
  }
  return html`<div data-testid="totp-enrolment">
    <p>1. Scan this QR code with your authenticator app, or type the secret in.</p>
    <img id="totp-qr" alt="QR code of the TOTP secret" width="200" height="200"
      src=${'data:image/png;base64,' + enrolment.qr_png_base64} />
    <p>Secret: <span id="totp-secret" class="secret">${enrolment.secret}</span></p>
    <form id="totp-confirm-form" class="grid" onSubmit=${confirm}>
      <${Field} id="totp-code" label="2. Enter the 6-digit code the app shows">
        <${Input} id="totp-code" value=${code} set=${setCode} inputmode="numeric" autocomplete="one-time-code"
          required />
      <//>
      <div class="actions">
        <button id="totp-confirm" class="primary" type="submit" disabled=${busy}>Turn on</button>
        <button type="button" onClick=${() => setEnrolment(null)}>Cancel</button>
      </div>
    </form>
    <${Problem} error=${error} />
  </div>`;
}

function TotpOff({ reload }) {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [run, busy, error] = useAction();
  const submit = (ev) => {
    ev.preventDefault();
    run(async () => {
      await api('DELETE', '/users/me/totp', { password, code: code.trim() });
      reload();
    });
  };
  return html`<p class="ok" id="totp-status">On: every login asks for a code.</p>
    <h3>Turn it off</h3>
    <form id="totp-off-form" class="grid" onSubmit=${submit}>
      <${Field} id="totp-off-password" label="Password">
        <${Input} id="totp-off-password" type="password" value=${password} set=${setPassword} required />
      <//>
      <${Field} id="totp-off-code" label="Current code or a recovery code">
        <${Input} id="totp-off-code" value=${code} set=${setCode} required />
      <//>
      <div class="actions"><button id="totp-off" class="danger" type="submit" disabled=${busy}>Turn off</button></div>
    </form>
    <${Problem} error=${error} />`;
}

function ApiKeys() {
  const keys = useResource('/api_key');
  const [name, setName] = useState('');
  const [created, setCreated] = useState(null);
  const [run, busy, error] = useAction();
  const create = (ev) => {
    ev.preventDefault();
    run(async () => {
      setCreated(await post('/api_key', { name }));
      setName('');
      keys.reload();
    });
  };
  const revoke = (k) => {
    if (!confirm(`Revoke the API key "${k.name}" (${k.key})? Scripts using it stop working at once.`)) return;
    run(async () => { await del('/api_key/' + seg(k.key)); keys.reload(); });
  };
  const list = keys.data || [];
  return html`<p class="hint">Scripts use HTTP Basic with key:secret (curl -u KEY:SECRET …).</p>
    <form id="apikey-form" class="grid" onSubmit=${create}>
      <${Field} id="apikey-name" label="Name (what the key is for)">
        <${Input} id="apikey-name" value=${name} set=${setName} required />
      <//>
      <div class="actions"><button id="apikey-create" class="primary" type="submit" disabled=${busy}>Create key</button>
      </div>
    </form>
    ${created && html`<div class="notice" role="status" data-testid="apikey-created">
      <p><strong>Copy the secret now: it is shown only this once.</strong></p>
      <p>Key: <span id="apikey-key" class="secret">${created.key}</span></p>
      <p>Secret: <span id="apikey-secret" class="secret">${created.secret}</span></p>
      <button type="button" onClick=${() => setCreated(null)}>Done</button>
    </div>`}
    <${Problem} error=${error || keys.error} />
    <div class="tablewrap"><table id="apikey-table">
      <thead><tr><th>Name</th><th>Key</th><th>Created by</th><th>Created</th><th></th></tr></thead>
      <tbody>
        ${list.length === 0 && html`<tr><td colspan="5" class="hint">No API keys.</td></tr>`}
        ${list.map((k) => html`<tr key=${k.key}>
          <td>${k.name}</td><td class="mono">${k.key}</td><td>${k.created_by}</td><td>${fmtTime(k.created_at)}</td>
          <td><button type="button" class="danger" onClick=${() => revoke(k)}
            aria-label=${'Revoke ' + k.name}>Revoke</button></td></tr>`)}
      </tbody></table></div>`;
}
