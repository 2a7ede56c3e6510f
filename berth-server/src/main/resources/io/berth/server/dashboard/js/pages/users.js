// Users: the built-in database of MQTT users (not the dashboard's admins): list, add, change password, delete.
import { html, useState } from '../lib.js';
import { post, put, del, seg } from '../api.js';
import { Field, Input, Check, Problem, useAction, useResource, rows } from '../ui.js';

const BASE = '/authentication/password_based:built_in_database/users';

export function Users() {
  const list = useResource(BASE, 10000);
  const [userId, setUserId] = useState('');
  const [password, setPassword] = useState('');
  const [superuser, setSuperuser] = useState(false);
  const [changing, setChanging] = useState(null);
  const [newPassword, setNewPassword] = useState('');
  const [run, busy, error] = useAction();
  const add = (ev) => {
    ev.preventDefault();
    run(async () => {
      await post(BASE, { user_id: userId, password, is_superuser: superuser });
      setUserId(''); setPassword(''); setSuperuser(false);
      list.reload();
    });
  };
  const change = (ev) => {
    ev.preventDefault();
    run(async () => {
      await put(BASE + '/' + seg(changing.user_id), { password: newPassword });
      setChanging(null); setNewPassword('');
    });
  };
  const remove = (u) => {
    if (!confirm(`Delete the MQTT user ${u.user_id}?`)) return;
    run(async () => { await del(BASE + '/' + seg(u.user_id)); list.reload(); });
  };
  return html`<h1>Users</h1>
    <p class="hint">MQTT clients' user names and passwords in the broker's built-in database (not the dashboard's
      admins).</p>
    <${Problem} error=${error || list.error} what="The built-in user database (GET /api/v5${BASE})" />
    ${!list.error && html`
      <form id="user-form" class="grid panel" onSubmit=${add}>
        <${Field} id="user-id" label="User name"><${Input} id="user-id" value=${userId} set=${setUserId} required /><//>
        <${Field} id="user-password" label="Password">
          <${Input} id="user-password" type="password" value=${password} set=${setPassword} required
            autocomplete="new-password" />
        <//>
        <${Check} id="user-super" label="Superuser (bypasses ACLs)" checked=${superuser} set=${setSuperuser} />
        <div class="actions"><button id="user-add" class="primary" type="submit" disabled=${busy}>Add user</button>
        </div>
      </form>
      ${changing && html`<form id="user-pw-form" class="grid panel" onSubmit=${change}>
        <${Field} id="user-new-password" label=${'New password for ' + changing.user_id}>
          <${Input} id="user-new-password" type="password" value=${newPassword} set=${setNewPassword} required
            autocomplete="new-password" />
        <//>
        <div class="actions"><button class="primary" type="submit" disabled=${busy}>Save</button>
          <button type="button" onClick=${() => setChanging(null)}>Cancel</button></div>
      </form>`}
      <div class="tablewrap"><table id="users-table">
        <thead><tr><th>User name</th><th>Superuser</th><th></th></tr></thead>
        <tbody>
          ${rows(list.data).length === 0 && html`<tr><td colspan="3" class="hint">No users.</td></tr>`}
          ${rows(list.data).map((u) => html`<tr key=${u.user_id}>
            <td class="mono">${u.user_id}</td><td>${u.is_superuser ? 'yes' : 'no'}</td>
            <td><div class="actions">
              <button type="button" onClick=${() => { setChanging(u); setNewPassword(''); }}
                aria-label=${'Change the password of ' + u.user_id}>Change password</button>
              <button type="button" class="danger" disabled=${busy} onClick=${() => remove(u)}
                aria-label=${'Delete ' + u.user_id}>Delete</button></div></td></tr>`)}
        </tbody></table></div>`}`;
}
