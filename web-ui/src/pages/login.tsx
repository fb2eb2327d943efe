import { useEffect, useState } from 'preact/hooks';
import { signIn } from '../api/account';
import { ErrorBox, Field, PageHeader } from '../ui/components';

/** Where a path after sign-in may go: only this site's own pages. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/runs';
}

/**
 * Sign-in with a username and password, or with the token of the first admin's link (`/login?token=...`, printed once
 * by the platform's first start), which then leads to the account page to set a password.
 */
export function LoginPage({ query }: { query: URLSearchParams }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(query.get('next'));
  const token = query.get('token');

  useEffect(() => {
    if (!token) return;
    // The token leaves the address bar (and the history) before anything else happens.
    history.replaceState(null, '', '/login');
    setBusy(true);
    signIn({ token }).then(
      () => location.assign('/account'),
      (e) => {
        setError(e);
        setBusy(false);
      },
    );
  }, [token]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn({ username, password });
      location.assign(next);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <section class="login">
      <PageHeader title="Sign in" />
      <form class="panel" onSubmit={submit}>
        <Field label="Username" name="username">
          <input id="f-username" autocomplete="username" value={username} onInput={(e) => setUsername(e.currentTarget.value)} required />
        </Field>
        <Field label="Password" name="password">
          <input
            id="f-password"
            type="password"
            autocomplete="current-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            required
          />
        </Field>
        <ErrorBox error={error} />
        <button class="primary" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </section>
  );
}
