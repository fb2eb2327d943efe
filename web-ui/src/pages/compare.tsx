import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Capabilities } from '../api/capabilities';
import { getRun, runSeries } from '../api/runs';
import type { RunView } from '../api/types';
import { availableKeys, defaultKeys, loadComparison, loadEpochs, refine, type CompareRun } from '../data/compare';
import { fmtNumber } from '../data/format';
import { bestIndex, differingKeys, goalOf, metricValue, orderKeys, runParams } from '../data/hparams';
import { append, fromServer, lastStep, type Series } from '../data/series';
import { epochMap, timeMap, X_LABELS, type StepMap, type XMode } from '../data/xaxis';
import { useAsync, useInterval } from '../hooks';
import { setQuery } from '../router';
import { Chart } from '../ui/chart';
import { ErrorBox, Link, PageHeader, PALETTE, Spinner, StatusBadge } from '../ui/components';
import { CurveControls, seriesLines, useUnit, xFormatter } from '../ui/curves';
import { datasetName, modelName, names, type Names } from '../ui/names';
import { ParamsTable } from '../ui/params-table';
import { CompareApiView } from './compare-api';

/**
 * Buckets per curve read at first, about a chart's width in pixels (each keeps its min and max, so no spike is lost);
 * zooming in reads the shown range again at this resolution.
 */
const MAX_POINTS = 600;
const POLL_MS = 3000;

const ids = (text: string | null) =>
  [...new Set((text ?? '').split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0))];
const list = (text: string | null) => (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);

export function ComparePage({ query, caps }: { query: URLSearchParams; caps: Capabilities }) {
  const runIds = ids(query.get('runs'));
  if (!caps.loaded) return <Spinner />;
  if (caps.compare) return <CompareApiPage runIds={runIds} query={query} />;
  return <LegacyCompare runIds={runIds} query={query} />;
}

function AddRuns({ runIds }: { runIds: number[] }) {
  const [adding, setAdding] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const more = ids(adding);
        if (more.length) setQuery({ runs: [...runIds, ...more.filter((m) => !runIds.includes(m))].join(',') });
        setAdding('');
      }}
    >
      <input aria-label="Add runs by number" placeholder="add runs: 12, 14" value={adding} onInput={(e) => setAdding((e.target as HTMLInputElement).value)} size={16} />{' '}
      <button type="submit">Add</button>
    </form>
  );
}

function CompareApiPage({ runIds, query }: { runIds: number[]; query: URLSearchParams }) {
  return (
    <section>
      <PageHeader title="Compare runs" sub={runIds.length ? `${runIds.length} runs` : 'Pick runs in the Runs table, or add their numbers here.'}>
        <AddRuns runIds={runIds} />
      </PageHeader>
      {runIds.length === 0 ? (
        <div class="notice">
          No runs to compare. Select some in <Link href="/runs">Runs</Link> and press Compare.
        </div>
      ) : (
        <CompareApiView runIds={runIds} query={query} />
      )}
    </section>
  );
}

/** Compare without the platform's compare endpoint: each run's series read on its own, the table from the run rows. */
function LegacyCompare({ runIds, query }: { runIds: number[]; query: URLSearchParams }) {
  const runsKey = runIds.join(',');
  const views = useAsync<RunView[]>((signal) => Promise.all(runIds.map((id) => getRun(id, signal))), [runsKey]);
  useInterval(() => runIds.length && views.reload(), POLL_MS * 2);
  const available = useMemo(() => availableKeys(views.data ?? []), [views.data]);
  const urlKeys = list(query.get('keys'));
  const keys = urlKeys.length ? urlKeys : defaultKeys(available);
  const [nameMap, setNameMap] = useState<Names>();
  useEffect(() => void names().then(setNameMap, () => {}), []);
  const [adding, setAdding] = useState('');

  const setRuns = (next: number[]) => setQuery({ runs: next.join(',') || null });
  const setKeys = (next: string[]) => setQuery({ keys: next.join(',') || null });

  return (
    <section>
      <PageHeader title="Compare runs" sub={runIds.length ? `${runIds.length} runs · ${keys.length} metrics` : 'Pick runs in the Runs table, or add their numbers here.'}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const more = ids(adding);
            if (more.length) setRuns([...runIds, ...more.filter((m) => !runIds.includes(m))]);
            setAdding('');
          }}
        >
          <input aria-label="Add runs by number" placeholder="add runs: 12, 14" value={adding} onInput={(e) => setAdding((e.target as HTMLInputElement).value)} size={16} />{' '}
          <button type="submit">Add</button>
        </form>
      </PageHeader>
      {views.error ? <ErrorBox error={views.error} title="Could not load the runs" /> : null}
      {runIds.length === 0 ? (
        <div class="notice">
          No runs to compare. Select some in <Link href="/runs">Runs</Link> and press Compare.
        </div>
      ) : (
        // The curves of the keys in the URL are read at once, beside the runs; each part keeps its place in the
        // tree, so the curves are not read again when the runs arrive.
        <>
          {views.data ? (
            <div class="panel">
              <div class="run-chips" aria-label="Compared runs">
                {views.data.map((r, i) => (
                  <span class="run-chip">
                    <span class="swatch" style={{ background: PALETTE[i % PALETTE.length] }} />
                    <Link href={`/runs/${r.id}`}>#{r.id}</Link> {label(r)}
                    <StatusBadge status={r.status} cancelRequested={r.cancelRequested} />
                    <button aria-label={`Remove run ${r.id}`} title="remove" onClick={() => setRuns(runIds.filter((x) => x !== r.id))}>
                      ×
                    </button>
                  </span>
                ))}
              </div>
              <h3>Metrics</h3>
              <div class="key-list" role="group" aria-label="Metrics to chart">
                {available.map((k) => (
                  <label>
                    <input type="checkbox" checked={keys.includes(k)} onChange={() => setKeys(keys.includes(k) ? keys.filter((x) => x !== k) : [...keys, k])} />
                    {k}
                  </label>
                ))}
                {available.length === 0 && <span class="muted">these runs have logged no metrics yet</span>}
              </div>
            </div>
          ) : null}
          {views.data || urlKeys.length ? <CompareCharts runIds={runIds} runs={views.data ?? []} keys={keys} query={query} /> : <Spinner />}
          {views.data ? <RunParamsTable runs={views.data} keys={keys} names={nameMap} /> : null}
          {/* Once the platform has sweeps, a parallel-coordinates chart of the swept parameters against the
              target metric goes here, fed by the same parameter table. */}
        </>
      )}
    </section>
  );
}

function label(r: RunView): string {
  return r.name ?? `${r.config.optimizer.type} lr ${fmtNumber(r.config.optimizer.lr, 3)}`;
}

function CompareCharts({ runIds, runs, keys, query }: { runIds: number[]; runs: RunView[]; keys: string[]; query: URLSearchParams }) {
  const smoothing = Number(query.get('smooth') ?? 0.6);
  const log = query.get('log') === '1';
  const xWanted = (query.get('x') ?? 'step') as XMode;
  const runOf = (id: number) => runs.find((r) => r.id === id);
  const [version, setVersion] = useState(0);
  const [loaded, setLoaded] = useState<CompareRun[] | undefined>();
  const [loadError, setLoadError] = useState<unknown>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    const partial: CompareRun[] = [];
    let frame = 0;
    const show = (list: CompareRun[]) => setLoaded([...list].sort((a, b) => runIds.indexOf(a.id) - runIds.indexOf(b.id)));
    setLoaded(undefined);
    setLoadError(null);
    loadComparison(runIds, keys, MAX_POINTS, ctrl.signal, xWanted === 'epoch', (r) => {
      partial.push(r);
      frame ||= requestAnimationFrame(() => {
        frame = 0;
        show(partial);
      });
    }).then(
      (all) => {
        if (ctrl.signal.aborted) return;
        cancelAnimationFrame(frame);
        show(all);
      },
      (e) => !ctrl.signal.aborted && setLoadError(e),
    );
    return () => {
      ctrl.abort();
      cancelAnimationFrame(frame);
    };
  }, [runIds.join(','), keys.join(',')]);
  // The epoch axis needs each run's epoch series, read when that axis is first asked for.
  useEffect(() => {
    if (xWanted !== 'epoch' || !loaded || loaded.every((c) => c.epoch)) return;
    const ctrl = new AbortController();
    loadEpochs(loaded, ctrl.signal).then(() => setVersion((v) => v + 1), () => {});
    return () => ctrl.abort();
  }, [xWanted, loaded]);
  const [range, setRange] = useState<[number, number] | null>(null);
  const refining = useRef<AbortController | null>(null);

  // Running runs grow: their new points are read every few seconds (one stream per run would soon exhaust the
  // browser's six connections to the platform).
  useInterval(async () => {
    if (!loaded) return;
    const running = loaded.filter((c) => runOf(c.id)?.status === 'RUNNING');
    let grew = false;
    await Promise.all(
      running.map(async (c) => {
        const from = Math.min(...keys.map((k) => lastStep(c.series.get(k) ?? fromServer({ key: k, downsampled: false, fromStep: 0, toStep: 0, bucketWidth: 1, points: [], buckets: null })) + 1));
        const fresh = await runSeries(c.id, { keys: [...keys, 'epoch'], fromStep: Number.isFinite(from) ? from : 0, maxPoints: 10_000 }).catch(() => []);
        for (const s of fresh) {
          const target = s.key === 'epoch' ? (c.epoch ??= fromServer({ ...s, points: [], buckets: null })) : (c.series.get(s.key) ?? newSeries(c, s.key));
          const points = s.points ?? s.buckets?.map((b) => ({ step: b.lastStep, value: b.last, timestamp: null })) ?? [];
          if (append(target, points) > 0) grew = true;
        }
      }),
    );
    if (grew) setVersion((v) => v + 1);
  }, POLL_MS);

  const maps = useMemo(() => {
    const out = new Map<number, { epoch: StepMap | null; time: StepMap | null }>();
    for (const c of loaded ?? []) {
      const r = runOf(c.id);
      const start = r ? Date.parse(r.startedAt ?? r.createdAt) : firstTime(c);
      out.set(c.id, { epoch: epochMap(c.epoch ?? undefined), time: timeMap([...c.series.values()], start) });
    }
    return out;
  }, [loaded, version, runs.length > 0]);
  const available: Record<XMode, boolean> = {
    step: true,
    // Every run has logged an epoch end (its series is read when the axis is picked).
    epoch: runs.length > 0 ? runs.every((r) => 'epoch' in (r.latest ?? {})) : !!loaded?.length && [...maps.values()].every((m) => m.epoch),
    time: !!loaded?.length && [...maps.values()].every((m) => m.time),
  };
  const x: XMode = available[xWanted] ? xWanted : 'step';
  useEffect(() => setRange(null), [x]);
  const mapOf = (id: number): StepMap | null => (x === 'step' ? null : (maps.get(id)?.[x] ?? null));
  const allSeries = (loaded ?? []).flatMap((c) => [...c.series.values()]);
  const seriesRun = new Map<Series, number>();
  for (const c of loaded ?? []) for (const s of c.series.values()) seriesRun.set(s, c.id);
  const unit = useUnit(allSeries, (s) => mapOf(seriesRun.get(s)!), [loaded, version, x]);

  // Zoomed in past what was read: read the shown range again, finer (in steps, whatever the axis).
  useEffect(() => {
    if (!range || !loaded) return;
    const t = setTimeout(async () => {
      refining.current?.abort();
      const ctrl = new AbortController();
      refining.current = ctrl;
      let finer = false;
      await Promise.all(
        loaded.map(async (c) => {
          const m = mapOf(c.id);
          const from = m ? m.invert(range[0]) : range[0];
          const to = m ? m.invert(range[1]) : range[1];
          const span = Math.max(1, to - from);
          const coarse = keys.filter((k) => (c.bucketWidth.get(k) ?? 1) > span / MAX_POINTS);
          if (coarse.length && (await refine(c, coarse, from, to, MAX_POINTS, ctrl.signal).catch(() => false))) finer = true;
        }),
      );
      if (finer && !ctrl.signal.aborted) setVersion((v) => v + 1);
    }, 250);
    return () => clearTimeout(t);
  }, [range?.[0], range?.[1], loaded]);

  const charts = useMemo(
    () =>
      keys.map((key) => ({
        key,
        lines: (loaded ?? []).flatMap((c) => {
          const i = runIds.indexOf(c.id);
          const s = c.series.get(key);
          // A run whose steps cannot be put on this axis yet (its epochs are still being read) waits.
          if (!s || (x !== 'step' && !mapOf(c.id))) return [];
          return seriesLines(s, {
            id: `${c.id}`,
            label: runOf(c.id) ? `#${c.id} ${label(runOf(c.id)!)}` : `#${c.id}`,
            color: PALETTE[i % PALETTE.length],
            map: mapOf(c.id),
            smoothing,
            unit,
            envelope: true,
          }).filter((l) => !l.faint || (loaded ?? []).length <= 8);
        }),
      })),
    [loaded, version, keys.join(','), smoothing, x, unit, runs],
  );

  return (
    <>
      <CurveControls
        smoothing={smoothing}
        onSmoothing={(v) => setQuery({ smooth: v === 0.6 ? null : v })}
        log={log}
        onLog={(v) => setQuery({ log: v ? 1 : null })}
        x={x}
        onX={(m) => setQuery({ x: m === 'step' ? null : m })}
        available={available}
      >
        <span class="hint">drag to zoom · double-click to reset · bands: min–max of each bucket</span>
      </CurveControls>
      {loadError ? <ErrorBox error={loadError} title="Could not read the series" /> : null}
      {!loaded ? (
        <Spinner label="Reading the series…" />
      ) : (
        <div class="charts compare-charts">
          {charts.map((c) => (
            <Chart key={c.key} title={c.key} lines={c.lines} xLabel={X_LABELS[x]} xFormat={xFormatter(x)} log={log} range={range} onRange={setRange} syncKey="compare" empty="no run has this metric" />
          ))}
        </div>
      )}
    </>
  );
}

/** The earliest wall time a run's series carry: its start, as near as they tell, when the run itself is not read yet. */
function firstTime(c: CompareRun): number {
  let t = Infinity;
  for (const s of c.series.values()) for (const v of s.time) if (v < t) t = v;
  return Number.isFinite(t) ? t : 0;
}

function newSeries(c: CompareRun, key: string): Series {
  const s = fromServer({ key, downsampled: false, fromStep: 0, toStep: 0, bucketWidth: 1, points: [], buckets: null });
  c.series.set(key, s);
  c.bucketWidth.set(key, 1);
  return s;
}

/**
 * The runs side by side: what each was asked to do (flattened config; the columns whose values differ highlighted and
 * shown first) and where each got to on the compared metrics (the best value in each column starred).
 */
function RunParamsTable({ runs, keys, names }: { runs: RunView[]; keys: string[]; names: Names | undefined }) {
  const [all, setAll] = useState(false);
  const rows = runs.map(runParams);
  const differ = differingKeys(rows);
  const params = orderKeys(rows.flatMap((r) => Object.keys(r))).filter((k) => all || differ.has(k) || runs.length === 1);
  const metrics = keys.map((k) => {
    const values = runs.map((r) => metricValue(r, k));
    return { key: k, values, best: runs.length > 1 ? bestIndex(values, goalOf(k)) : -1 };
  });
  const cell = (k: string, v: unknown) => {
    if (k === 'datasetId') return datasetName(names, v as number);
    if (k === 'modelId') return modelName(names, v as number);
    if (typeof v === 'number') return fmtNumber(v);
    return v === undefined || v === null ? '—' : String(v);
  };
  return (
    <ParamsTable
      runIds={runs.map((r) => r.id)}
      colors={runs.map((_, i) => PALETTE[i % PALETTE.length])}
      params={params}
      differ={differ}
      cell={cell}
      rows={rows}
      metrics={metrics}
      all={all}
      onAll={setAll}
      hint="Metric columns: each run's latest value (its best, where the platform reports one); ★ marks the best run."
    />
  );
}
