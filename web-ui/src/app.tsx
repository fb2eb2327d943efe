import type { ComponentChildren, FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { capabilities, NO_CAPABILITIES, type Capabilities } from './api/capabilities';
import { onUnauthorized } from './api/http';
import { Link } from './ui/components';
import { match, navigate, useLocation } from './router';
import { RunsPage } from './pages/runs';
import { RunPage } from './pages/run';
import { LaunchPage } from './pages/launch';
import { ComparePage } from './pages/compare';
import { DatasetsPage, DatasetPage } from './pages/datasets';
import { ModelsPage, ModelPage } from './pages/models';
import { WorkersPage } from './pages/workers';
import { SweepPage, SweepsPage } from './pages/sweeps';
import { LoginPage } from './pages/login';
import { AccountPage } from './pages/account';
import { NotFound } from './pages/not-found';

/**
 * The app's pages by path. The platform serves index.html for these paths (its web package knows the first segments),
 * so a new page here needs its first segment there too. Pages still to come slot in the same way: `/sweeps` and
 * `/sweeps/:id` once the platform has sweeps (the nav shows them when {@link Capabilities.sweeps} is true). `/login`
 * signs in; a 401 anywhere leads there (see onUnauthorized below).
 */
interface Route {
  path: string;
  page: FunctionComponent<{ params: Record<string, string>; query: URLSearchParams; caps: Capabilities }>;
}

const ROUTES: Route[] = [
  { path: '/runs', page: RunsPage },
  { path: '/runs/:id', page: RunPage },
  { path: '/launch', page: LaunchPage },
  { path: '/compare', page: ComparePage },
  { path: '/datasets', page: DatasetsPage },
  { path: '/datasets/:id', page: DatasetPage },
  { path: '/models', page: ModelsPage },
  { path: '/models/:id', page: ModelPage },
  { path: '/workers', page: WorkersPage },
  { path: '/sweeps', page: SweepsPage },
  { path: '/sweeps/:id', page: SweepPage },
  { path: '/login', page: LoginPage },
  { path: '/account', page: AccountPage },
];

const NAV: { href: string; label: string; key?: string; when?: (c: Capabilities) => boolean }[] = [
  { href: '/runs', label: 'Runs' },
  { href: '/launch', label: 'Launch' },
  { href: '/compare', label: 'Compare' },
  { href: '/sweeps', label: 'Sweeps', when: (c) => c.sweeps },
  { href: '/datasets', label: 'Datasets' },
  { href: '/models', label: 'Models' },
  { href: '/workers', label: 'Workers' },
];

// A 401 sends the browser to the login page and back here afterwards.
onUnauthorized(() => {
  const next = encodeURIComponent(location.pathname + location.search);
  if (!location.pathname.startsWith('/login')) location.assign(`/login?next=${next}`);
});

export function App() {
  const loc = useLocation();
  const [caps, setCaps] = useState<Capabilities>(NO_CAPABILITIES);
  useEffect(() => void capabilities().then(setCaps), []);
  useEffect(() => {
    if (loc.path === '/' || loc.path === '') navigate('/runs', true);
  }, [loc.path]);

  let content: ComponentChildren = <NotFound />;
  for (const r of ROUTES) {
    const params = match(r.path, loc.path);
    if (params) {
      const Page = r.page;
      content = <Page key={r.path + JSON.stringify(params)} params={params} query={loc.query} caps={caps} />;
      break;
    }
  }
  const section = '/' + (loc.path.split('/')[1] ?? '');
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <nav class="topbar" aria-label="Main">
        <Link href="/runs" class="brand">
          <svg viewBox="0 0 16 16" width="18" height="18" aria-hidden="true">
            <path d="M1 2 L6 12 L10 9 L15 14" stroke="currentColor" stroke-width="2" fill="none" />
          </svg>
          Descent
        </Link>
        <ul>
          {NAV.filter((n) => !n.when || n.when(caps)).map((n) => (
            <li key={n.href}>
              <Link href={n.href} aria-current={section === n.href ? 'page' : undefined}>
                {n.label}
              </Link>
            </li>
          ))}
        </ul>
        <a class="api-link" href="/swagger-ui.html">
          API
        </a>
        <Link class="api-link" href="/account">
          Account
        </Link>
      </nav>
      <main id="main">{content}</main>
    </>
  );
}
