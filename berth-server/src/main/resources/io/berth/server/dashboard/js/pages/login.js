// Login (with the TOTP field when the server asks for it) and the forced change of the generated password.
import { html, useState, useRef, useEffect } from '../lib.js';
import { post, session } from '../api.js';
import { Field, Input, useAction } from '../ui.js';

/** The login error in words. */
function loginMessage(e) {
  switch (e.code) {
    case 'BAD_USERNAME_OR_PWD': return 'Wrong user name or password.';
    case 'TOTP_REQUIRED': return null;
    case 'BAD_TOTP': return 'Wrong or already used code: enter the current code from your authenticator app.';
    case 'LOCKED': {
      const m = /try again in (\d+) minutes?/.exec(e.message);
      return m ? `Too many failed attempts, try again in ${m[1]} minute${m[1] === '1' ? '' : 's'}.`
        : 'Too many failed attempts, try again later.';
    }
    default: return e.message;
  }
}

export function Login({ onLoggedIn, expired }) {
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [message, setMessage] = useState(null);
  const [run, busy] = useAction();
  const totpRef = useRef(null);
  useEffect(() => { if (needTotp && totpRef.current) totpRef.current.focus(); }, [needTotp]);

  const submit = (ev) => {
    ev.preventDefault();
    run(async () => {
      setMessage(null);
      try {
        const body = { username, password };
        if (needTotp && totp) body.totp = totp.trim();
        const r = await post('/login', body);
        session.set(r.token);
        onLoggedIn();
      } catch (e) {
        if (e.code === 'TOTP_REQUIRED') setNeedTotp(true);
        setMessage(loginMessage(e));
      }
    });
  };

  return html`<div class="login panel">
    <h1>Berth dashboard</h1>
    ${expired && html`<div class="notice" role="status" data-testid="session-expired">
      Your session has ended. Please log in again.</div>`}
    <form id="login-form" onSubmit=${submit}>
      <${Field} id="login-username" label="User name">
        <${Input} id="login-username" value=${username} set=${setUsername} autocomplete="username" required />
      <//>
      <${Field} id="login-password" label="Password">
        <${Input} id="login-password" type="password" value=${password} set=${setPassword}
          autocomplete="current-password" required autofocus />
      <//>
      ${needTotp && html`<${Field} id="login-totp" label="Authentication code (6 digits, or a recovery code)">
        <input id="login-totp" ref=${totpRef} value=${totp} onInput=${(e) => setTotp(e.target.value)}
          autocomplete="one-time-code" inputmode="numeric" required />
      <//>`}
      ${message && html`<div class="error" role="alert" id="login-error">${message}</div>`}
      ${needTotp && !message && html`<div class="notice" role="status" id="login-totp-needed">
        This account has a second factor: enter the code from your authenticator app.</div>`}
      <button id="login-submit" class="primary" type="submit" disabled=${busy}>Log in</button>
    </form>
  </div>`;
}

/** The form to change a password: current, new, new again. Used at the forced change and on the Account page. */
export function PasswordForm({ onChanged, idPrefix = 'pw' }) {
  const [oldPw, setOld] = useState('');
  const [newPw, setNew] = useState('');
  const [again, setAgain] = useState('');
  const [done, setDone] = useState(false);
  const [run, busy, error, setError] = useAction();
  const submit = (ev) => {
    ev.preventDefault();
    setDone(false);
    if (newPw !== again) {
      setError(new Error('The two new passwords differ.'));
      return;
    }
    run(async () => {
      await post('/users/me/password', { old_password: oldPw, new_password: newPw });
      setOld(''); setNew(''); setAgain('');
      setDone(true);
      onChanged && onChanged();
    });
  };
  return html`<form id=${idPrefix + '-form'} class="grid" onSubmit=${submit}>
    <${Field} id=${idPrefix + '-old'} label="Current password">
      <${Input} id=${idPrefix + '-old'} type="password" value=${oldPw} set=${setOld} autocomplete="current-password"
        required />
    <//>
    <${Field} id=${idPrefix + '-new'} label="New password (at least 12 characters)">
      <${Input} id=${idPrefix + '-new'} type="password" value=${newPw} set=${setNew} autocomplete="new-password"
        minlength="12" required />
    <//>
    <${Field} id=${idPrefix + '-again'} label="New password again">
      <${Input} id=${idPrefix + '-again'} type="password" value=${again} set=${setAgain} autocomplete="new-password"
        required />
    <//>
    <div class="actions"><button id=${idPrefix + '-submit'} class="primary" type="submit" disabled=${busy}>
      Change password</button></div>
    ${error && html`<div class="error wide" role="alert" id=${idPrefix + '-error'}>${error.message}</div>`}
    ${done && html`<div class="notice wide" role="status" id=${idPrefix + '-done'}>Password changed.</div>`}
  </form>`;
}

export function ForcedPasswordChange({ me, onChanged, onLogout }) {
  return html`<div class="login login-wide panel" data-testid="forced-change">
    <h1>Choose your password</h1>
    <p>Welcome, ${me.username}. The password you used was generated at the first start and printed in the broker's
      log: choose your own before going on. Nothing else is allowed until then.</p>
    <${PasswordForm} idPrefix="forced" onChanged=${onChanged} />
    <p><button id="logout" type="button" onClick=${onLogout}>Log out</button></p>
  </div>`;
}
