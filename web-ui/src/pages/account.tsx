import { useState } from 'preact/hooks';
import {
  changePassword,
  createToken,
  createUser,
  disableUser,
  listTokens,
  listUsers,
  me,
  revokeToken,
  setRole,
  signOut,
  type IssuedToken,
} from '../api/account';
import { fmtTime } from '../data/format';
import { useAsync } from '../hooks';
import { ErrorBox, Field, PageHeader, Spinner } from '../ui/components';

const ROLES = ['admin', 'member', 'viewer'];

/** The signed-in account: its password, its personal API tokens, and for admins the other accounts. */
export function AccountPage() {
  const account = useAsync(() => me(), []);
  if (account.error) return <ErrorBox error={account.error} />;
  if (!account.data) return <Spinner />;
  const m = account.data;
  if (!m.securityEnabled)
    return (
      <section>
        <PageHeader title="Account" sub="Security is off on this platform (descent.security.enabled=false): there are no accounts." />
      </section>
    );
  return (
    <section>
      <PageHeader title={m.username} sub={`Role: ${m.role.toLowerCase()}`}>
        <button onClick={() => signOut().then(() => location.assign('/login'))}>Sign out</button>
      </PageHeader>
      <PasswordPanel />
      <TokensPanel />
      {m.role === 'ADMIN' && <UsersPanel />}
    </section>
  );
}

function PasswordPanel() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setDone(false);
    try {
      await changePassword(next, current || undefined);
      setCurrent('');
      setNext('');
      setDone(true);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="panel" onSubmit={submit}>
      <h2>Password</h2>
      <Field label="Current password" name="currentPassword" hint="Leave empty if the account has none yet (the first admin).">
        <input id="f-currentPassword" type="password" autocomplete="current-password" value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
      </Field>
      <Field label="New password" name="newPassword" hint="At least 12 characters.">
        <input id="f-newPassword" type="password" autocomplete="new-password" value={next} onInput={(e) => setNext(e.currentTarget.value)} />
      </Field>
      <ErrorBox error={error} />
      {done && <div class="hint" role="status">Password changed.</div>}
      <button type="submit">Change password</button>
    </form>
  );
}

function TokensPanel() {
  const tokens = useAsync(() => listTokens(), []);
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const [error, setError] = useState<unknown>(null);
  const create = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      setIssued(await createToken(name));
      setName('');
      tokens.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div class="panel tokens">
      <h2>API tokens</h2>
      <p class="hint">
        Scripts and workers send a token as <code>Authorization: Bearer …</code>. A token is shown once, when it is made.
      </p>
      <form class="inline-form" onSubmit={create}>
        <Field label="New token's name" name="tokenName">
          <input id="f-tokenName" value={name} onInput={(e) => setName(e.currentTarget.value)} placeholder="laptop" />
        </Field>
        <button type="submit" disabled={!name.trim()}>
          Make token
        </button>
      </form>
      <ErrorBox error={error} />
      {issued && (
        <div class="issued" role="status">
          Copy it now; it will not be shown again: <code class="mono secret">{issued.token}</code>
        </div>
      )}
      {tokens.error ? <ErrorBox error={tokens.error} /> : null}
      {tokens.data && (
        <table class="data">
          <thead>
            <tr>
              <th>Name</th>
              <th>Token</th>
              <th>Made</th>
              <th>Last used</th>
              <th>Expires</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((t) => (
              <tr key={t.id} data-token={t.id}>
                <td>{t.name}</td>
                <td class="mono">{t.prefix}…</td>
                <td>{fmtTime(t.createdAt)}</td>
                <td>{t.lastUsedAt ? fmtTime(t.lastUsedAt) : 'never'}</td>
                <td>{t.expiresAt ? fmtTime(t.expiresAt) : '—'}</td>
                <td>
                  {t.revokedAt ? (
                    'revoked'
                  ) : (
                    <button onClick={() => revokeToken(t.id).then(tokens.reload, setError)}>Revoke</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function UsersPanel() {
  const users = useAsync(() => listUsers(), []);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setNewRole] = useState('member');
  const [error, setError] = useState<unknown>(null);
  const create = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await createUser(username, password, role);
      setUsername('');
      setPassword('');
      users.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div class="panel users">
      <h2>Accounts</h2>
      <form class="inline-form" onSubmit={create}>
        <Field label="Username" name="username">
          <input id="f-username" value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </Field>
        <Field label="Password" name="password">
          <input id="f-password" type="password" autocomplete="new-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </Field>
        <Field label="Role" name="role">
          <select id="f-role" value={role} onChange={(e) => setNewRole(e.currentTarget.value)}>
            {ROLES.map((r) => (
              <option value={r}>{r}</option>
            ))}
          </select>
        </Field>
        <button type="submit">Add account</button>
      </form>
      <ErrorBox error={error} />
      {users.data ? (
        <table class="data">
          <thead>
            <tr>
              <th>Username</th>
              <th>Role</th>
              <th>Made</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <tr key={u.id} data-user={u.username}>
                <td>{u.username}</td>
                <td>
                  <select
                    aria-label={`Role of ${u.username}`}
                    value={u.role.toLowerCase()}
                    disabled={u.disabled}
                    onChange={(e) => setRole(u.id, e.currentTarget.value).then(users.reload, setError)}
                  >
                    {ROLES.map((r) => (
                      <option value={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td>{fmtTime(u.createdAt)}</td>
                <td>
                  {u.disabled ? (
                    'disabled'
                  ) : (
                    <button onClick={() => disableUser(u.id).then(users.reload, setError)}>Disable</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Spinner />
      )}
    </div>
  );
}
