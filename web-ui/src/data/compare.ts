import { getRun, runSeries } from '../api/runs';
import type { RunView } from '../api/types';
import { fromServer, splice, type Series } from './series';

/**
 * Where the Compare view gets its data: each run with the series of the asked keys (downsampled by the server to
 * `maxPoints`), plus its `epoch` series, which maps steps to epochs. Today it reads the per-run endpoints, a few runs at
 * a time; this module is the one place to change when the platform's compare endpoint (one request, series on a shared
 * axis, the flattened parameter table) is to be used instead, as {@link Capabilities.compare} says.
 */
export interface CompareRun {
  run: RunView;
  series: Map<string, Series>;
  /** Steps each entry of a key's series summarises (1: raw points). */
  bucketWidth: Map<string, number>;
  epoch: Series | null;
}

const PARALLEL = 4;

export async function loadComparison(
  runIds: readonly number[],
  keys: readonly string[],
  maxPoints: number,
  signal?: AbortSignal,
): Promise<CompareRun[]> {
  return mapLimit(runIds, PARALLEL, async (id) => {
    const [run, series] = await Promise.all([
      getRun(id, signal),
      keys.length ? runSeries(id, { keys: [...new Set([...keys, 'epoch'])], maxPoints }, signal) : Promise.resolve([]),
    ]);
    const out: CompareRun = { run, series: new Map(), bucketWidth: new Map(), epoch: null };
    for (const s of series) {
      if (s.key === 'epoch') out.epoch = fromServer(s);
      if (keys.includes(s.key)) {
        out.series.set(s.key, fromServer(s));
        out.bucketWidth.set(s.key, s.downsampled ? s.bucketWidth : 1);
      }
    }
    return out;
  });
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
  const series = await runSeries(r.run.id, { keys: wanted, maxPoints, fromStep: from, toStep: to }, signal);
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
