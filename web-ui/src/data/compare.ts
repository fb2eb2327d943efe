import { runSeries } from '../api/runs';
import type { CompareResponse, RunMetricSummary, RunView } from '../api/types';
import type { Scalar } from './hparams';
import { emptySeries, fromServer, splice, type Series } from './series';

/**
 * Where the Compare view gets its curves: each run's series of the asked keys (downsampled by the server to
 * `maxPoints`), and when asked its `epoch` series, which maps steps to epochs. Today it reads the per-run endpoints, six runs at a
 * time, without waiting for the runs themselves (the view reads those beside it); this module is the one place to change when the platform's compare endpoint (one request, series on a shared
 * axis, the flattened parameter table) is to be used instead, as {@link Capabilities.compare} says.
 */
export interface CompareRun {
  id: number;
  series: Map<string, Series>;
  /** Steps each entry of a key's series summarises (1: raw points). */
  bucketWidth: Map<string, number>;
  epoch: Series | null;
  /** From the platform's compare endpoint: its flattened parameters and metric summaries. */
  params?: Record<string, Scalar>;
  metrics?: Record<string, RunMetricSummary>;
}

/**
 * The compare endpoint's answer as the view's series. Its x values are already on the asked axis (steps, fractional
 * epochs or seconds since the run started), so they go where the per-run series keep steps and the chart maps nothing;
 * each bucket's last value is the line, its min and max the envelope. Columns of unequal length (a hostile or broken
 * answer) are cut to the shortest, and entries whose x does not grow are dropped, so the chart never sees a bad series.
 */
export function fromCompareResponse(resp: CompareResponse): CompareRun[] {
  return resp.runs.map((r) => {
    const out: CompareRun = { id: r.id, series: new Map(), bucketWidth: new Map(), epoch: null, params: r.params ?? {}, metrics: r.metrics ?? {} };
    for (const [key, js] of Object.entries(r.series ?? {})) {
      const s = emptySeries(key);
      const n = Math.min(js.x?.length ?? 0, js.last?.length ?? 0, js.min?.length ?? 0, js.max?.length ?? 0);
      for (let i = 0; i < n; i++) {
        const x = js.x[i];
        if (!Number.isFinite(x) || (s.step.length && x <= s.step[s.step.length - 1])) continue;
        s.step.push(x);
        s.value.push(js.last[i]);
        s.min.push(js.min[i] ?? js.last[i]);
        s.max.push(js.max[i] ?? js.last[i]);
        s.time.push(NaN);
      }
      out.series.set(key, s);
      out.bucketWidth.set(key, js.bucketWidth > 0 ? js.bucketWidth : 1);
    }
    return out;
  });
}

/** Requests at once: a browser opens at most six connections to one HTTP/1.1 host. */
const PARALLEL = 6;

export async function loadComparison(
  runIds: readonly number[],
  keys: readonly string[],
  maxPoints: number,
  signal?: AbortSignal,
  withEpochs = false,
  onRun?: (run: CompareRun) => void,
): Promise<CompareRun[]> {
  return mapLimit(runIds, PARALLEL, async (id) => {
    const wanted = withEpochs ? [...new Set([...keys, 'epoch'])] : [...keys];
    const series = wanted.length ? await runSeries(id, { keys: wanted, maxPoints }, signal) : [];
    const out: CompareRun = { id, series: new Map(), bucketWidth: new Map(), epoch: null };
    for (const s of series) {
      if (s.key === 'epoch') out.epoch = fromServer(s);
      if (keys.includes(s.key)) {
        out.series.set(s.key, fromServer(s));
        out.bucketWidth.set(s.key, s.downsampled ? s.bucketWidth : 1);
      }
    }
    onRun?.(out);
    return out;
  });
}

/** Reads the runs' `epoch` series (a point per epoch), for an x axis in epochs, where they are not held yet. */
export async function loadEpochs(runs: readonly CompareRun[], signal?: AbortSignal): Promise<void> {
  await mapLimit(
    runs.filter((r) => !r.epoch),
    PARALLEL,
    async (r) => {
      const [s] = await runSeries(r.id, { keys: ['epoch'], maxPoints: 10_000 }, signal);
      r.epoch = fromServer(s);
    },
  );
}

/**
 * Reads `keys` of a run again between two steps at full resolution (up to `maxPoints`) and splices them in, for a
 * chart zoomed in past what the first reading resolved. Answers whether anything got finer.
 */
export async function refine(
  r: CompareRun,
  keys: readonly string[],
  fromStep: number,
  toStep: number,
  maxPoints: number,
  signal?: AbortSignal,
): Promise<boolean> {
  const wanted = keys.filter((k) => (r.bucketWidth.get(k) ?? 1) > 1);
  if (!wanted.length) return false;
  const from = Math.max(0, Math.floor(fromStep));
  const to = Math.max(from, Math.ceil(toStep));
  const series = await runSeries(r.id, { keys: wanted, maxPoints, fromStep: from, toStep: to }, signal);
  let finer = false;
  for (const s of series) {
    const held = r.series.get(s.key);
    if (!held || (s.downsampled ? s.bucketWidth : 1) >= (r.bucketWidth.get(s.key) ?? 1)) continue;
    splice(held, from, to, fromServer(s));
    finer = true;
  }
  return finer;
}

/** Every metric key the runs have logged (from their latest values), but the `epoch` counter. */
export function availableKeys(runs: readonly RunView[]): string[] {
  const keys = new Set<string>();
  for (const r of runs) for (const k of Object.keys(r.latest ?? {})) if (k !== 'epoch') keys.add(k);
  return [...keys].sort();
}

/** The keys a comparison opens with when the URL names none. */
export function defaultKeys(available: readonly string[]): string[] {
  const preferred = ['train/loss', 'val/accuracy', 'val/loss', 'train/accuracy', 'test/accuracy'];
  const picked = preferred.filter((k) => available.includes(k)).slice(0, 2);
  return picked.length ? picked : available.slice(0, 2);
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return out;
}
