import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Capabilities } from '../api/capabilities';
import { ApiError, problemMessage } from '../api/problem';
import { cancelRun, deleteRun, listRuns, patchRun, type RunListQuery } from '../api/runs';
import { RUN_STATUSES, type Page, type RunView } from '../api/types';
import { errorMarker, expectedText, FilterError, filterToQuery } from '../data/filter';
import { fmtAgo, fmtDuration, fmtNumber, runDuration } from '../data/format';
import { goalOf, metricValue } from '../data/hparams';
import { useAsync, useInterval, useNow } from '../hooks';
import { navigate, setQuery } from '../router';
import { Dialog, ErrorBox, Link, PageHeader, StatusBadge } from '../ui/components';
import { datasetName, experimentName, modelName, names, type Names } from '../ui/names';

const POLL_MS = 2000;
const PAGE_SIZES = [25, 50, 100, 200];

interface Column {
  id: string;
  label: string;
  /** The list's sort parameter for it, where the platform can sort by it. */
  sort?: string;
  /** Its sort parameter where the platform sorts by any column (it has run results). */
  richSort?: string;
  /** Needs the platform's run results (final/best values on each row). */
  needs?: keyof Capabilities;
  num?: boolean;
  cell: (r: RunView, n: Names | undefined, now: number) => preact.ComponentChildren;
}

const COLUMNS: Column[] = [
  {
    id: 'run',
    label: 'Run',
    sort: 'id',
    cell: (r) => (
      <Link href={`/runs/${r.id}`}>
        #{r.id}
        {r.name ? <span class="muted"> {r.name}</span> : null}
      </Link>
    ),
  },
  {
    id: 'status',
    label: 'Status',
    sort: 'status',
    cell: (r) => (
      <span title={r.statusMessage ?? undefined}>
        <StatusBadge status={r.status} cancelRequested={r.cancelRequested} />
        {r.statusMessage && r.statusMessage.includes('early') ? <div class="stop-reason">stopped early</div> : null}
      </span>
    ),
  },
  { id: 'experiment', label: 'Experiment', richSort: 'experimentId', cell: (r, n) => <span class="ellipsis">{experimentName(n, r.experimentId)}</span> },
  { id: 'dataset', label: 'Dataset', richSort: 'datasetId', cell: (r, n) => <span class="ellipsis">{datasetName(n, r.datasetId)}</span> },
  { id: 'model', label: 'Model', richSort: 'modelId', cell: (r, n) => <Link href={`/models/${r.modelId}`}>{modelName(n, r.modelId)}</Link> },
  {
    id: 'engine',
    label: 'Engine · device',
    richSort: 'device',
    cell: (r) => <span class="nowrap" title={r.worker ?? r.workerId ? `on ${r.worker ?? r.workerId}` : undefined}>{`${r.engine} · ${r.device}`}</span>,
  },
  { id: 'optimizer', label: 'Optimizer', richSort: 'params.optimizer.type', cell: (r) => r.config?.optimizer?.type },
  { id: 'lr', label: 'lr', num: true, richSort: 'params.optimizer.lr', cell: (r) => fmtNumber(r.config?.optimizer?.lr, 3) },
  { id: 'batch', label: 'Batch', num: true, richSort: 'params.batchSize', cell: (r) => r.config?.batchSize },
  { id: 'val-latest', label: 'Val acc', num: true, cell: (r) => fmtNumber(metricValue(r, 'val/accuracy'), 4) },
  { id: 'loss', label: 'Train loss', num: true, cell: (r) => fmtNumber(r.latest?.['train/loss']?.value, 4) },
  { id: 'step', label: 'Step', num: true, cell: (r) => fmtNumber(maxStep(r)) },
  {
    id: 'duration',
    label: 'Duration',
    num: true,
    richSort: 'durationSeconds',
    cell: (r, _n, now) => fmtDuration(typeof r.durationSeconds === 'number' && r.finishedAt ? r.durationSeconds * 1000 : runDuration(r, now)),
  },
  { id: 'created', label: 'Created', sort: 'createdAt', cell: (r, _n, now) => <span title={r.createdAt}>{fmtAgo(r.createdAt, now)}</span> },
];

/** The metric columns a table opens with where runs carry their results (more are added by key, in the URL). */
const DEFAULT_METRICS = ['val/accuracy', 'train/loss'];

function metricColumn(key: string): Column {
  const goal = goalOf(key);
  return {
    id: `metrics.${key}`,
    label: `${goal === 'min' ? 'min' : goal === 'max' ? 'best' : 'last'} ${key}`,
    num: true,
    needs: 'runResults',
    richSort: `metrics.${key}`,
    cell: (r) => {
      const m = r.metrics?.[key];
      if (!m) return '';
      const v = goal ? m.best : m.last;
      return <span title={m.bestStep !== undefined ? `best at step ${m.bestStep}; last ${fmtNumber(m.last, 4)}` : undefined}>{fmtNumber(v, 4)}</span>;
    },
  };
}

function maxStep(r: RunView): number | undefined {
  const steps = Object.values(r.latest ?? {}).map((l) => l.step);
  return steps.length ? Math.max(...steps) : undefined;
}


export function RunsPage({ query, caps }: { query: URLSearchParams; caps: Capabilities }) {
  const now = useNow(1000);
  const filterText = query.get('q') ?? '';
  const statuses = (query.get('status') ?? '').split(',').filter(Boolean);
  const experimentId = query.get('experiment') ? Number(query.get('experiment')) : undefined;
  const sort = query.get('sort') ?? 'createdAt,desc';
  const page = Number(query.get('page') ?? 0);
  const size = Number(query.get('size') ?? 50);

  const [draft, setDraft] = useState(filterText);
  useEffect(() => setDraft(filterText), [filterText]);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [confirm, setConfirm] = useState<number[] | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [nameMap, setNameMap] = useState<Names>();
  useEffect(() => void names().then(setNameMap, () => {}), []);

  // The filter text becomes list parameters here (or goes to the platform's filter language where it has one).
  const parsed = useMemo((): { q: RunListQuery; error: FilterError | null } => {
    const base: RunListQuery = { sort, page, size };
    if (experimentId !== undefined) base.experimentId = experimentId;
    if (statuses.length) base.status = statuses;
    if (!filterText.trim()) return { q: base, error: null };
    if (caps.runFilter) return { q: { ...base, filter: filterText }, error: null };
    try {
      const f = filterToQuery(filterText);
      const status = f.status && base.status ? f.status.filter((s) => base.status!.includes(s)) : (f.status ?? base.status);
      return { q: { ...base, ...f, status, sort, page, size }, error: null };
    } catch (e) {
      return { q: base, error: e instanceof FilterError ? e : new FilterError(String(e), 0) };
    }
  }, [filterText, statuses.join(','), experimentId, sort, page, size, caps.runFilter]);

  const list = useAsync<Page<RunView> | null>(
    (signal) => (parsed.error ? Promise.resolve(null) : listRuns(parsed.q, signal)),
    [JSON.stringify(parsed.q), !!parsed.error],
  );
  useInterval(() => !parsed.error && list.reload(), POLL_MS);
  const runs = list.data?.content ?? [];
  useEffect(() => {
    if (nameMap && runs.some((r) => !nameMap.experiments.has(r.experimentId) || !nameMap.models.has(r.modelId)))
      names(true).then(setNameMap, () => {});
  }, [runs.map((r) => r.id).join(',')]);

  const serverFilterError =
    list.error instanceof ApiError && (list.error.field === 'filter' || list.error.field === 'status') ? list.error : null;
  const metricKeys = query.get('metrics') !== null ? (query.get('metrics') ?? '').split(',').filter(Boolean) : DEFAULT_METRICS;
  const knownKeys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics ?? {})))].filter((k) => k !== 'epoch' && !metricKeys.includes(k)).sort();
  const columns: Column[] = [
    ...COLUMNS.filter((c) => {
      if (c.id === 'val-latest' || c.id === 'loss' || c.id === 'step') return !caps.runResults;
      return !c.needs || caps[c.needs];
    }).map((c) => (caps.runResults && c.richSort ? { ...c, sort: c.sort ?? c.richSort } : c)),
    ...(caps.runResults ? metricKeys.map(metricColumn) : []),
  ];
  if (caps.runTags)
    columns.push({
      id: 'tags',
      label: 'Tags',
      cell: (r) => <TagCell run={r} editable={caps.runPatch} onSaved={() => list.reload()} onError={setActionError} />,
    });

  const applyFilter = (e?: Event) => {
    e?.preventDefault();
    setQuery({ q: draft.trim() || null, page: null });
  };
  const toggleStatus = (s: string) => {
    const next = statuses.includes(s) ? statuses.filter((x) => x !== s) : [...statuses, s];
    setQuery({ status: next.join(',') || null, page: null });
  };
  const setSort = (key: string) => {
    const [field, dir] = sort.split(',');
    const next = field === key ? `${key},${dir === 'desc' ? 'asc' : 'desc'}` : `${key},desc`;
    setQuery({ sort: next, page: null });
  };
  const toggle = (id: number) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const allOnPage = runs.length > 0 && runs.every((r) => selected.has(r.id));
  const togglePage = () => {
    const next = new Set(selected);
    for (const r of runs) allOnPage ? next.delete(r.id) : next.add(r.id);
    setSelected(next);
  };

  async function act(fn: () => Promise<unknown>) {
    setBusy(true);
    setActionError(null);
    try {
      await fn();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
      list.reload();
    }
  }
  const cancelIds = (ids: number[]) => act(async () => void (await Promise.all(ids.map(cancelRun))));
  const deleteIds = (ids: number[]) =>
    act(async () => {
      for (const id of ids) await deleteRun(id);
      const next = new Set(selected);
      ids.forEach((id) => next.delete(id));
      setSelected(next);
    });

  const selectedIds = [...selected];
  const selectedRuns = runs.filter((r) => selected.has(r.id));
  const total = list.data?.totalElements ?? 0;
  const pages = list.data?.totalPages ?? 0;
  const [sortField, sortDir] = sort.split(',');
  const filterError = parsed.error
    ? { message: parsed.error.message, marker: errorMarker(filterText, parsed.error.position), expected: null }
    : serverFilterError
      ? {
          message: problemMessage(serverFilterError.problem),
          marker: errorMarker(filterText, serverFilterError.problem.position),
          expected: expectedText(serverFilterError.problem.expected),
        }
      : null;

  return (
    <section>
      <PageHeader title="Runs" sub={list.data ? `${total.toLocaleString('en-US')} runs` : ' '}>
        <button
          disabled={selected.size < 1}
          onClick={() => navigate(`/compare?runs=${selectedIds.join(',')}`)}
          title="overlay the selected runs' curves"
        >
          Compare {selected.size ? `(${selected.size})` : ''}
        </button>
        <button
          disabled={busy || !selectedRuns.some((r) => r.status === 'QUEUED' || r.status === 'RUNNING')}
          onClick={() => cancelIds(selectedRuns.filter((r) => r.status === 'QUEUED' || r.status === 'RUNNING').map((r) => r.id))}
        >
          Cancel selected
        </button>
        <button class="danger" disabled={busy || selected.size === 0} onClick={() => setConfirm(selectedIds)}>
          Delete selected
        </button>
        <Link class="button primary" href="/launch">
          Launch a run
        </Link>
      </PageHeader>

      <form class="toolbar" onSubmit={applyFilter} role="search">
        <div class="grow field">
          <input
            class="filter-box"
            aria-label="Filter runs"
            aria-describedby="filter-help"
            aria-invalid={filterError ? true : undefined}
            placeholder={
              caps.runFilter
                ? "params.optimizer.type = 'adam' and metrics.val/accuracy > 0.85"
                : "status in ('RUNNING', 'QUEUED') and experimentId = 1"
            }
            value={draft}
            onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
            onKeyDown={(e) => e.key === 'Escape' && (setDraft(''), setQuery({ q: null, page: null }))}
          />
          {filterError ? (
            <div class="field-error" id="filter-help" role="alert">
              {filterError.marker && (
                <code class="filter-caret" aria-hidden="true">
                  {filterError.marker.before}
                  <mark>{filterError.marker.at || ' '}</mark>
                  {filterError.marker.after}
                  {'\n'}
                  <span class="caret">{filterError.marker.caret}</span>
                </code>
              )}
              {filterError.message}
              {filterError.expected ? ` (expected ${filterError.expected})` : ''}
              {filterError.marker ? ` at column ${filterError.marker.column}` : ''}
            </div>
          ) : (
            <div class="hint" id="filter-help">
              {caps.runFilter
                ? 'Filter by params, metrics, tags, status, dataset, model, engine and dates; Enter applies.'
                : 'Filter by status, experimentId, modelId and datasetId with = or in (…), joined by and; Enter applies.'}
            </div>
          )}
        </div>
        <div class="chips" role="group" aria-label="Status">
          {RUN_STATUSES.map((s) => (
            <button type="button" class="chip" aria-pressed={statuses.includes(s)} onClick={() => toggleStatus(s)}>
              {s.toLowerCase()}
            </button>
          ))}
        </div>
        <select
          aria-label="Experiment"
          value={experimentId ?? ''}
          onChange={(e) => setQuery({ experiment: (e.target as HTMLSelectElement).value || null, page: null })}
        >
          <option value="">all experiments</option>
          {[...(nameMap?.experiments.values() ?? [])].map((x) => (
            <option value={x.id}>{x.name}</option>
          ))}
        </select>
        {caps.runResults && (
          <select
            aria-label="Add a metric column"
            value=""
            onChange={(e) => {
              const k = (e.target as HTMLSelectElement).value;
              if (k) setQuery({ metrics: [...metricKeys, k].join(',') });
            }}
          >
            <option value="">+ metric column</option>
            {knownKeys.map((k) => (
              <option value={k}>{k}</option>
            ))}
            {metricKeys.map((k) => (
              <option value={`-${k}`} disabled>
                ✓ {k}
              </option>
            ))}
          </select>
        )}
        {caps.runResults && metricKeys.length > 0 && (
          <button type="button" class="small" onClick={() => setQuery({ metrics: metricKeys.slice(0, -1).join(',') })} title={`remove the ${metricKeys[metricKeys.length - 1]} column`}>
            − column
          </button>
        )}
      </form>

      <ErrorBox error={actionError} />
      {list.error && !serverFilterError ? <ErrorBox error={list.error} title="Could not list runs" /> : null}

      <div class="table-wrap">
        <table class="data runs-table">
          <thead>
            <tr>
              <th>
                <input type="checkbox" aria-label="Select every run on this page" checked={allOnPage} onChange={togglePage} />
              </th>
              {columns.map((c) => (
                <th
                  class={c.num ? 'num' : ''}
                  aria-sort={c.sort && sortField === c.sort ? (sortDir === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  {c.sort ? (
                    <button class="sort" onClick={() => setSort(c.sort!)} title={`sort by ${c.label.toLowerCase()}`}>
                      {c.label}
                      {sortField === c.sort ? (sortDir === 'asc' ? ' ▲' : ' ▼') : ''}
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              ))}
              <th>
                <span class="muted">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} class={selected.has(r.id) ? 'selected' : ''} data-run={r.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select run ${r.id}`}
                    checked={selected.has(r.id)}
                    onChange={() => toggle(r.id)}
                  />
                </td>
                {columns.map((c) => (
                  <td class={c.num ? 'num' : ''}>{c.cell(r, nameMap, now)}</td>
                ))}
                <td class="nowrap">
                  {(r.status === 'QUEUED' || r.status === 'RUNNING') && !r.cancelRequested && (
                    <button class="small" disabled={busy} onClick={() => cancelIds([r.id])} aria-label={`Cancel run ${r.id}`}>
                      Cancel
                    </button>
                  )}{' '}
                  <Link class="button small" href={`/launch?from=${r.id}`} aria-label={`Clone run ${r.id}`}>
                    Clone
                  </Link>{' '}
                  <button
                    class="small danger"
                    disabled={busy || r.status === 'RUNNING'}
                    title={r.status === 'RUNNING' ? 'cancel it first' : undefined}
                    onClick={() => setConfirm([r.id])}
                    aria-label={`Delete run ${r.id}`}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
            {list.data && runs.length === 0 && (
              <tr>
                <td colSpan={columns.length + 2} class="muted">
                  No runs {filterText || statuses.length || experimentId ? 'match' : 'yet'}.{' '}
                  <Link href="/launch">Launch one</Link>.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>

      <Pager page={page} pages={pages} size={size} total={total} />

      <Dialog
        open={confirm !== null}
        title={confirm && confirm.length > 1 ? `Delete ${confirm.length} runs?` : `Delete run #${confirm?.[0]}?`}
        onClose={() => setConfirm(null)}
        actions={
          <>
            <button onClick={() => setConfirm(null)} autofocus>
              Keep
            </button>
            <button
              class="danger"
              onClick={() => {
                const ids = confirm ?? [];
                setConfirm(null);
                deleteIds(ids);
              }}
            >
              Delete
            </button>
          </>
        }
      >
        Its metrics and checkpoint are deleted with it; this cannot be undone. A running run must be cancelled first.
      </Dialog>
    </section>
  );
}

function Pager({ page, pages, size, total }: { page: number; pages: number; size: number; total: number }) {
  const from = total === 0 ? 0 : page * size + 1;
  const to = Math.min(total, (page + 1) * size);
  const input = useRef<HTMLInputElement>(null);
  return (
    <nav class="pager" aria-label="Pages">
      <span>
        {from.toLocaleString('en-US')}–{to.toLocaleString('en-US')} of {total.toLocaleString('en-US')}
      </span>
      <select
        aria-label="Runs per page"
        value={size}
        onChange={(e) => setQuery({ size: (e.target as HTMLSelectElement).value, page: null })}
      >
        {PAGE_SIZES.map((s) => (
          <option value={s}>{s} per page</option>
        ))}
      </select>
      <button disabled={page <= 0} onClick={() => setQuery({ page: null })} aria-label="First page">
        «
      </button>
      <button disabled={page <= 0} onClick={() => setQuery({ page: page - 1 || null })} aria-label="Previous page">
        ‹
      </button>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const p = Number(input.current?.value) - 1;
          if (Number.isInteger(p) && p >= 0 && p < pages) setQuery({ page: p || null });
        }}
      >
        <input ref={input} key={page} aria-label="Page" size={4} defaultValue={String(page + 1)} style={{ width: '4em' }} /> / {pages}
      </form>
      <button disabled={page >= pages - 1} onClick={() => setQuery({ page: page + 1 })} aria-label="Next page">
        ›
      </button>
      <button disabled={page >= pages - 1} onClick={() => setQuery({ page: pages - 1 })} aria-label="Last page">
        »
      </button>
    </nav>
  );
}

/** A run's tags as chips; where the platform takes PATCH, × removes one and + adds `key=value` or a plain label. */
function TagCell({ run, editable, onSaved, onError }: { run: RunView; editable: boolean; onSaved: () => void; onError: (e: unknown) => void }) {
  const tags = tagList(run.tags);
  const [adding, setAdding] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async (next: string[]) => {
    setSaving(true);
    try {
      await patchRun(run.id, { tags: next });
      onSaved();
    } catch (e) {
      onError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <span class="tag-list" data-tags={tags.join(',')}>
      {tags.map((t) => (
        <span class="tag">
          {t}
          {editable && (
            <button aria-label={`Remove tag ${t} from run ${run.id}`} disabled={saving} onClick={() => save(tags.filter((x) => x !== t))}>
              ×
            </button>
          )}
        </span>
      ))}
      {editable &&
        (adding === null ? (
          <button class="small link" aria-label={`Add a tag to run ${run.id}`} onClick={() => setAdding('')}>
            +
          </button>
        ) : (
          <input
            class="tag-input"
            aria-label={`New tag for run ${run.id}`}
            placeholder="key=value"
            autofocus
            value={adding}
            maxLength={100}
            onInput={(e) => setAdding((e.target as HTMLInputElement).value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setAdding(null);
              if (e.key === 'Enter') {
                e.preventDefault();
                const t = adding.trim();
                setAdding(null);
                if (t && !tags.includes(t)) save([...tags, t]);
              }
            }}
            onBlur={() => setAdding(null)}
          />
        ))}
    </span>
  );
}

function tagList(tags: RunView['tags']): string[] {
  if (!tags) return [];
  return Array.isArray(tags) ? tags : Object.entries(tags).map(([k, v]) => (v ? `${k}=${v}` : k));
}
