import { useState } from 'preact/hooks';
import type { Capabilities } from '../api/capabilities';
import { cancelSweep, getSweep, listSweeps } from '../api/sweeps';
import type { Page, SweepView } from '../api/types';
import { fmtAgo, fmtDuration, fmtNumber, fmtTime } from '../data/format';
import { useAsync, useInterval, useNow } from '../hooks';
import { setQuery } from '../router';
import { Chart, type ChartLine } from '../ui/chart';
import { ErrorBox, KeyValues, Link, PageHeader, PALETTE, Spinner, StatusBadge } from '../ui/components';

const POLL_MS = 3000;
const live = (s: SweepView) => s.status === 'QUEUED' || s.status === 'RUNNING';
const FINAL_RUN = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

/** How far a sweep is: its runs that have ended, of all it made. */
export function sweepProgress(s: SweepView): { done: number; total: number } {
  return { done: s.runs.filter((r) => FINAL_RUN.includes(r.status)).length, total: s.runs.length || (s.maxRuns ?? 0) };
}

function kindLabel(s: SweepView): string {
  return s.kind === 'optimizer-shootout' ? 'optimizer shoot-out' : `${s.kind} search${s.earlyStopping ? ' + ASHA' : ''}`;
}

function Progress({ s }: { s: SweepView }) {
  const { done, total } = sweepProgress(s);
  return (
    <span class="progress-line">
      <progress max={Math.max(1, total)} value={done} aria-label={`${done} of ${total} runs ended`} />
      <span class="muted">
        {done}/{total}
      </span>
    </span>
  );
}

export function SweepsPage({ query, caps }: { query: URLSearchParams; caps: Capabilities }) {
  const now = useNow(5000);
  const page = Number(query.get('page') ?? 0);
  const list = useAsync<Page<SweepView> | null>((signal) => (caps.sweeps ? listSweeps({ page, size: 50 }, signal) : Promise.resolve(null)), [caps.sweeps, page]);
  useInterval(() => list.data?.content.some(live) && list.reload(), POLL_MS);
  if (!caps.loaded) return <Spinner />;
  if (!caps.sweeps) return <div class="notice">This platform has no sweeps yet.</div>;
  const sweeps = list.data?.content ?? [];
  return (
    <section>
      <PageHeader title="Sweeps" sub={list.data ? `${list.data.totalElements} sweeps` : ' '}>
        <Link class="button primary" href="/launch?mode=sweep">
          New sweep
        </Link>
        <Link class="button" href="/launch?mode=shootout">
          Optimizer shoot-out
        </Link>
      </PageHeader>
      <ErrorBox error={list.error} title="Could not list the sweeps" />
      <div class="table-wrap">
        <table class="data sweeps-table">
          <thead>
            <tr>
              <th>Sweep</th>
              <th>Kind</th>
              <th>Status</th>
              <th>Progress</th>
              <th>Metric</th>
              <th class="num">Best</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {sweeps.map((s) => (
              <tr data-sweep={s.id}>
                <td>
                  <Link href={`/sweeps/${s.id}`}>
                    #{s.id}
                    {s.name ? <span class="muted"> {s.name}</span> : null}
                  </Link>
                </td>
                <td>{kindLabel(s)}</td>
                <td>
                  <StatusBadge status={s.status} />
                </td>
                <td>
                  <Progress s={s} />
                </td>
                <td>
                  {s.goal === 'minimize' ? 'min' : 'max'} {s.metric}
                </td>
                <td class="num">{s.best ? <Link href={`/runs/${s.best.runId}`}>{fmtNumber(s.best.value, 4)}</Link> : '—'}</td>
                <td title={s.createdAt}>{fmtAgo(s.createdAt, now)}</td>
              </tr>
            ))}
            {list.data && sweeps.length === 0 && (
              <tr>
                <td colSpan={7} class="muted">
                  No sweeps yet. <Link href="/launch?mode=sweep">Launch one</Link>.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {list.data && list.data.totalPages > 1 && (
        <nav class="pager" aria-label="Pages">
          <button disabled={page <= 0} onClick={() => setQuery({ page: page - 1 || null })} aria-label="Previous page">
            ‹
          </button>
          {page + 1} / {list.data.totalPages}
          <button disabled={page >= list.data.totalPages - 1} onClick={() => setQuery({ page: page + 1 })} aria-label="Next page">
            ›
          </button>
        </nav>
      )}
    </section>
  );
}

export function SweepPage({ params, caps }: { params: Record<string, string>; caps: Capabilities }) {
  const id = Number(params.id);
  const sweep = useAsync<SweepView>((signal) => getSweep(id, signal), [id]);
  useInterval(() => sweep.data && live(sweep.data) && sweep.reload(), POLL_MS);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  if (!caps.loaded) return <Spinner />;
  if (sweep.error && !sweep.data) return <ErrorBox error={sweep.error} title={`Could not read sweep #${id}`} />;
  const s = sweep.data;
  if (!s) return <Spinner />;
  const cancel = async () => {
    setBusy(true);
    setActionError(null);
    try {
      await cancelSweep(s.id);
      sweep.reload();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  };
  const ids = s.runs.map((r) => r.id);
  const paramKeys = [...new Set(s.runs.flatMap((r) => Object.keys(r.params ?? {})))];
  const compareHref = `/compare?runs=${ids.join(',')}&keys=${encodeURIComponent([s.metric, 'train/loss'].filter((k, i, a) => a.indexOf(k) === i).join(','))}&target=${encodeURIComponent(s.metric)}`;
  const ranked = [...s.runs].sort((a, b) => {
    if (a.value === null) return 1;
    if (b.value === null) return -1;
    return s.goal === 'minimize' ? a.value - b.value : b.value - a.value;
  });
  return (
    <section>
      <PageHeader
        title={
          <>
            Sweep #{s.id} {s.name ? <span class="muted">{s.name}</span> : null} <StatusBadge status={s.status} />
          </>
        }
        sub={`${kindLabel(s)} · ${s.goal === 'minimize' ? 'minimize' : 'maximize'} ${s.metric}`}
      >
        {live(s) && (
          <button class="danger" disabled={busy} onClick={cancel}>
            Cancel sweep
          </button>
        )}
        {ids.length > 0 && (
          <Link class="button" href={compareHref}>
            Compare its runs
          </Link>
        )}
      </PageHeader>
      <ErrorBox error={actionError} />
      {sweep.error ? <ErrorBox error={sweep.error} title="Could not refresh" /> : null}
      <div class="grid-2">
        <div class="panel">
          <h2>Progress</h2>
          <KeyValues
            items={[
              ['runs', <Progress s={s} />],
              ['best so far', s.best ? <span class="sweep-best"><Link href={`/runs/${s.best.runId}`}>#{s.best.runId}</Link>: {fmtNumber(s.best.value, 4)} at step {fmtNumber(s.best.step)}</span> : '—'],
              ['stopped early', String(s.runs.filter((r) => r.stoppedEarly).length)],
              ['early stopping', s.earlyStopping ? `ASHA, min ${s.earlyStopping.minResource ?? 1} ${s.earlyStopping.rungs ?? 'epoch'}, η ${s.earlyStopping.reductionFactor ?? 3}` : 'off'],
              ['seed', s.seed ?? '—'],
              ['created', fmtTime(s.createdAt)],
            ]}
          />
        </div>
        <div class="panel">
          <h2>Parameter importance</h2>
          {s.importance.length ? (
            <div class="bars importance" role="list">
              {[...s.importance]
                .sort((a, b) => b.importance - a.importance)
                .map((p) => (
                  <>
                    <span class="mono" role="listitem">
                      {p.parameter}
                    </span>
                    <span class="bar-track" title={`importance ${fmtNumber(p.importance, 3)}`}>
                      <span class={`bar-fill${p.correlation < 0 ? ' negative' : ''}`} style={{ width: `${Math.max(0, Math.min(1, p.importance)) * 100}%`, display: 'block' }} />
                    </span>
                    <span class="muted" title="correlation of the parameter's rank with the metric">
                      {fmtNumber(p.importance, 2)} (r {p.correlation >= 0 ? '+' : ''}
                      {fmtNumber(p.correlation, 2)})
                    </span>
                  </>
                ))}
            </div>
          ) : (
            <div class="muted">Known once a few runs have reported {s.metric}.</div>
          )}
        </div>
      </div>
      {s.shootout && <Shootout s={s} />}
      <div class="panel">
        <h2>Runs</h2>
        <div class="table-wrap">
          <table class="data sweep-runs">
            <thead>
              <tr>
                <th>Run</th>
                <th>Status</th>
                {paramKeys.map((k) => (
                  <th>{k}</th>
                ))}
                <th class="num">{s.metric}</th>
                <th class="num">Step</th>
                <th class="num">Rung</th>
              </tr>
            </thead>
            <tbody>
              {ranked.map((r) => (
                <tr data-run={r.id} class={`${r.stoppedEarly ? 'stopped' : ''}${s.best?.runId === r.id ? ' best' : ''}`}>
                  <td>
                    <Link href={`/runs/${r.id}`}>#{r.id}</Link>
                    {s.best?.runId === r.id ? <span title="best so far"> ★</span> : null}
                  </td>
                  <td>
                    <StatusBadge status={r.status} />
                    {r.stoppedEarly && <span class="badge stopped-early">stopped early</span>}
                    {r.reason && <div class="stop-reason">{r.reason}</div>}
                  </td>
                  {paramKeys.map((k) => (
                    <td>{typeof r.params[k] === 'number' ? fmtNumber(r.params[k] as number, 4) : String(r.params[k] ?? '—')}</td>
                  ))}
                  <td class="num">{fmtNumber(r.value ?? undefined, 4)}</td>
                  <td class="num">{fmtNumber(r.step ?? undefined)}</td>
                  <td class="num">{r.rung ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

/** The shoot-out's answer: which optimizer got to the target first (in steps and in seconds), and the lr range tests. */
function Shootout({ s }: { s: SweepView }) {
  const so = s.shootout!;
  const byOptimizer = new Map<string, { lr: number; loss: number }[]>();
  for (const p of so.lrRangeTest) {
    if (!Number.isFinite(p.lr) || p.lr <= 0 || !Number.isFinite(p.loss)) continue;
    byOptimizer.set(p.optimizer, [...(byOptimizer.get(p.optimizer) ?? []), p]);
  }
  const lines: ChartLine[] = [...byOptimizer.entries()].map(([opt, pts], i) => {
    const sorted = [...pts].sort((a, b) => a.lr - b.lr);
    return { id: opt, label: opt, color: PALETTE[i % PALETTE.length], x: sorted.map((p) => Math.log10(p.lr)), y: sorted.map((p) => p.loss) };
  });
  return (
    <div class="grid-2 shootout">
      <div class="panel">
        <h2>Shoot-out ranking</h2>
        <div class="hint">
          {so.target !== null ? `Target: ${s.metric} ${s.goal === 'minimize' ? '≤' : '≥'} ${fmtNumber(so.target, 4)}. ` : ''}Every optimizer started from the same seed, data order and initial weights.
        </div>
        <table class="data shootout-ranking">
          <thead>
            <tr>
              <th>#</th>
              <th>Optimizer</th>
              <th class="num">lr</th>
              <th class="num">Best</th>
              <th class="num">Final</th>
              <th class="num">Steps to target</th>
              <th class="num">Time to target</th>
            </tr>
          </thead>
          <tbody>
            {so.ranking.map((r, i) => (
              <tr data-optimizer={r.optimizer} class={i === 0 ? 'best' : ''}>
                <td>{i + 1}</td>
                <td>
                  <Link href={`/runs/${r.runId}`}>{r.optimizer}</Link>
                </td>
                <td class="num">{fmtNumber(r.lr, 3)}</td>
                <td class="num">{fmtNumber(r.best ?? undefined, 4)}</td>
                <td class="num">{fmtNumber(r.final ?? undefined, 4)}</td>
                <td class="num">{r.stepsToTarget === null ? 'not reached' : fmtNumber(r.stepsToTarget)}</td>
                <td class="num">{r.secondsToTarget === null ? '—' : r.secondsToTarget < 60 ? `${fmtNumber(r.secondsToTarget, 3)} s` : fmtDuration(r.secondsToTarget * 1000)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="panel">
        <h2>Learning-rate range tests</h2>
        {lines.length ? (
          <Chart title="loss by learning rate (log)" lines={lines} xLabel="learning rate" xFormat={(v) => fmtNumber(10 ** v, 2)} height={220} log />
        ) : (
          <div class="muted">No range test (the learning rates were given).</div>
        )}
      </div>
    </div>
  );
}
