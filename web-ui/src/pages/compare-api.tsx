import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { compareCsvUrl, compareRuns } from '../api/sweeps';
import type { CompareResponse, CompareX } from '../api/types';
import { defaultKeys, fromCompareResponse, refine, type CompareRun } from '../data/compare';
import { fmtNumber } from '../data/format';
import { bestIndex, goalOf, orderKeys, type Scalar } from '../data/hparams';
import { X_LABELS } from '../data/xaxis';
import { useAsync, useInterval } from '../hooks';
import { setQuery } from '../router';
import { Chart } from '../ui/chart';
import { ErrorBox, Link, PALETTE, Spinner, StatusBadge } from '../ui/components';
import { CurveControls, seriesLines, useUnit, xFormatter } from '../ui/curves';
import { ParallelCoords } from '../ui/parcoords';
import { ParamsTable } from '../ui/params-table';

/** Buckets per curve: about a chart's width in pixels; each keeps its min and max, so no spike is lost. */
const MAX_POINTS = 600;
const POLL_MS = 3000;
const FIRST_KEYS = ['train/loss', 'val/accuracy'];

/**
 * The Compare view on the platform's compare endpoint: one request brings every run's series on the asked x axis
 * (min/max/last buckets), its flattened parameters with those that differ named, and its metric summaries. Runs still
 * going are read again every few seconds (the same one request). Zoomed in on steps, the shown range is read again
 * finer from the per-run series.
 */
export function CompareApiView({ runIds, query }: { runIds: number[]; query: URLSearchParams }) {
  const urlKeys = (query.get('keys') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const keys = urlKeys.length ? urlKeys : FIRST_KEYS;
  const x = (['step', 'epoch', 'time'].includes(query.get('x') ?? '') ? query.get('x') : 'step') as CompareX;
  const smoothing = Number(query.get('smooth') ?? 0.6);
  const log = query.get('log') === '1';
  const cmp = useAsync<CompareResponse>((signal) => compareRuns({ runs: runIds, keys, x, maxPoints: MAX_POINTS }, signal), [runIds.join(','), keys.join(','), x]);
  const data = cmp.data;
  const live = !!data?.runs.some((r) => r.status === 'RUNNING' || r.status === 'QUEUED');
  useInterval(() => live && cmp.reload(), POLL_MS);

  const available = useMemo(() => {
    const s = new Set<string>();
    for (const r of data?.runs ?? []) for (const k of Object.keys(r.metrics ?? {})) if (k !== 'epoch') s.add(k);
    return [...s].sort();
  }, [data]);
  // No keys in the URL and the first guess fits none of the runs: take the keys they have.
  useEffect(() => {
    if (!urlKeys.length && available.length && !keys.some((k) => available.includes(k))) setQuery({ keys: defaultKeys(available).join(',') });
  }, [available.join(',')]);
  const target = query.get('target') ?? (['val/accuracy', 'test/accuracy', 'val/loss'].find((k) => available.includes(k)) || keys.find((k) => available.includes(k)) || available[0] || keys[0]);

  const [version, setVersion] = useState(0);
  const loaded: CompareRun[] | undefined = useMemo(() => (data ? fromCompareResponse(data) : undefined), [data]);
  const [range, setRange] = useState<[number, number] | null>(null);
  useEffect(() => setRange(null), [x]);
  const refining = useRef<AbortController | null>(null);
  useEffect(() => {
    if (!range || !loaded || x !== 'step') return;
    const t = setTimeout(async () => {
      refining.current?.abort();
      const ctrl = new AbortController();
      refining.current = ctrl;
      let finer = false;
      await Promise.all(
        loaded.map(async (c) => {
          const span = Math.max(1, range[1] - range[0]);
          const coarse = keys.filter((k) => (c.bucketWidth.get(k) ?? 1) > span / MAX_POINTS);
          if (coarse.length && (await refine(c, coarse, range[0], range[1], MAX_POINTS, ctrl.signal).catch(() => false))) finer = true;
        }),
      );
      if (finer && !ctrl.signal.aborted) setVersion((v) => v + 1);
    }, 250);
    return () => clearTimeout(t);
  }, [range?.[0], range?.[1], loaded]);

  const runs = data?.runs ?? [];
  const color = (id: number) => PALETTE[Math.max(0, runIds.indexOf(id)) % PALETTE.length];
  const label = (r: (typeof runs)[number]) => `#${r.id}${r.name ? ` ${r.name}` : ''}`;
  const allSeries = (loaded ?? []).flatMap((c) => [...c.series.values()]);
  const unit = useUnit(allSeries, () => null, [loaded, version]);
  const charts = useMemo(
    () =>
      keys.map((key) => ({
        key,
        lines: (loaded ?? []).flatMap((c, i) => {
          const s = c.series.get(key);
          if (!s) return [];
          return seriesLines(s, { id: `${c.id}`, label: label(runs[i]), color: color(c.id), map: null, smoothing, unit, envelope: true }).filter(
            (l) => !l.faint || (loaded ?? []).length <= 8,
          );
        }),
      })),
    [loaded, version, keys.join(','), smoothing, unit],
  );

  // The parameter table and the parallel coordinates read the same rows.
  const rows: Record<string, Scalar>[] = runs.map((r) => r.params ?? {});
  const differ = new Set(data?.differing ?? []);
  const [all, setAll] = useState(false);
  const params = orderKeys(rows.flatMap((r) => Object.keys(r))).filter((k) => all || differ.has(k) || runs.length === 1);
  const valueOf = (r: (typeof runs)[number], k: string) => {
    const m = r.metrics?.[k];
    return m ? (m.best ?? m.final ?? m.last) : undefined;
  };
  const metrics = keys.map((k) => {
    const values = runs.map((r) => valueOf(r, k));
    return { key: k, values, best: runs.length > 1 ? bestIndex(values, goalOf(k)) : -1 };
  });
  const targetValues = runs.map((r) => valueOf(r, target) ?? null);
  const best = bestIndex(targetValues, goalOf(target) ?? 'max');
  const swept = orderKeys([...differ]).filter((k) => rows.some((r) => r[k] !== undefined)).slice(0, 8);
  const cell = (v: Scalar | undefined) => (typeof v === 'number' ? fmtNumber(v) : v === undefined || v === null ? '—' : String(v));

  return (
    <>
      <div class="panel">
        <div class="run-chips" aria-label="Compared runs">
          {runs.map((r) => (
            <span class="run-chip">
              <span class="swatch" style={{ background: color(r.id) }} />
              <Link href={`/runs/${r.id}`}>#{r.id}</Link> {r.name ?? ''}
              <StatusBadge status={r.status} />
              <button aria-label={`Remove run ${r.id}`} title="remove" onClick={() => setQuery({ runs: runIds.filter((y) => y !== r.id).join(',') || null })}>
                ×
              </button>
            </span>
          ))}
        </div>
        <h3>Metrics</h3>
        <div class="key-list" role="group" aria-label="Metrics to chart">
          {available.map((k) => (
            <label>
              <input type="checkbox" checked={keys.includes(k)} onChange={() => setQuery({ keys: (keys.includes(k) ? keys.filter((y) => y !== k) : [...keys, k]).join(',') || null })} />
              {k}
            </label>
          ))}
          {data && available.length === 0 && <span class="muted">these runs have logged no metrics yet</span>}
        </div>
      </div>
      <CurveControls
        smoothing={smoothing}
        onSmoothing={(v) => setQuery({ smooth: v === 0.6 ? null : v })}
        log={log}
        onLog={(v) => setQuery({ log: v ? 1 : null })}
        x={x}
        onX={(m) => setQuery({ x: m === 'step' ? null : m })}
        available={{ step: true, epoch: true, time: true }}
      >
        <span class="hint">drag to zoom · double-click to reset · bands: min–max of each bucket</span>
        <a class="button small" href={compareCsvUrl({ runs: runIds, keys, x, maxPoints: MAX_POINTS })} download>
          CSV
        </a>
      </CurveControls>
      {cmp.error ? <ErrorBox error={cmp.error} title="Could not compare the runs" /> : null}
      {!loaded ? (
        cmp.error ? null : <Spinner label="Reading the series…" />
      ) : (
        <div class="charts compare-charts">
          {charts.map((c) => (
            <Chart key={c.key} title={c.key} lines={c.lines} xLabel={X_LABELS[x]} xFormat={xFormatter(x)} log={log} range={range} onRange={setRange} syncKey="compare" empty="no run has this metric" />
          ))}
        </div>
      )}
      {data && (
        <ParamsTable
          runIds={runs.map((r) => r.id)}
          colors={runs.map((r) => color(r.id))}
          params={params}
          differ={differ}
          cell={(_, v) => cell(v as Scalar | undefined)}
          rows={rows}
          metrics={metrics}
          bestRun={best}
          bestTitle={`best ${target}`}
          all={all}
          onAll={setAll}
          hint={`Metric columns: each run's best value; highlighted columns differ between the runs; ★ marks the best run by ${target}.`}
        />
      )}
      {data && runs.length > 1 && (
        <div class="panel">
          <div class="toolbar" style={{ justifyContent: 'space-between' }}>
            <h2 style={{ margin: 0 }}>Parameters against {target}</h2>
            <label>
              target{' '}
              <select aria-label="Target metric" value={target} onChange={(e) => setQuery({ target: (e.target as HTMLSelectElement).value })}>
                {[...new Set([...available, target])].map((k) => (
                  <option value={k}>{k}</option>
                ))}
              </select>
            </label>
          </div>
          {swept.length ? (
            <ParallelCoords rows={rows} ids={runs.map((r) => r.id)} colors={runs.map((r) => color(r.id))} params={swept} target={target} targetValues={targetValues} best={best >= 0 ? best : undefined} />
          ) : (
            <div class="hint">No parameter differs between these runs.</div>
          )}
        </div>
      )}
    </>
  );
}
