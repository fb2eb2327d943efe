import type { ServerSeries } from '../api/types';

/**
 * A metric series held column-wise, as charts read it: ascending steps, each entry the last value of its bucket with
 * the bucket's min and max (all three equal for a raw point), and its wall time in ms where known (NaN for buckets,
 * which carry none). History comes downsampled from the server; live points are appended raw; {@link compact} keeps a
 * long-running chart's arrays bounded by merging neighbours the way the server's buckets do (min of mins, max of maxes,
 * the later last), so a spike is never averaged away.
 */
export interface Series {
  key: string;
  step: number[];
  value: number[];
  min: number[];
  max: number[];
  time: number[];
}

export interface RawPoint {
  step: number;
  value: number;
  timestamp?: string | number | null;
}

export function emptySeries(key: string): Series {
  return { key, step: [], value: [], min: [], max: [], time: [] };
}

export function fromServer(s: ServerSeries): Series {
  const out = emptySeries(s.key);
  if (s.points) {
    for (const p of s.points) push(out, p.step, p.value, p.value, p.value, toMs(p.timestamp));
  } else if (s.buckets) {
    for (const b of s.buckets) push(out, b.lastStep, b.last, b.min, b.max, NaN);
  }
  return out;
}

export function lastStep(s: Series): number {
  return s.step.length ? s.step[s.step.length - 1] : -1;
}

function push(s: Series, step: number, value: number, min: number, max: number, time: number) {
  s.step.push(step);
  s.value.push(value);
  s.min.push(min);
  s.max.push(max);
  s.time.push(time);
}

export function toMs(t: string | number | null | undefined): number {
  if (t === null || t === undefined) return NaN;
  return typeof t === 'number' ? t : Date.parse(t);
}

/** The first index whose step is >= `step` (the length when none is). */
export function lowerBound(steps: ArrayLike<number>, step: number, from = 0, to = steps.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (steps[mid] < step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose step is > `step`. */
export function upperBound(steps: ArrayLike<number>, step: number): number {
  let i = lowerBound(steps, step);
  while (i < steps.length && steps[i] === step) i++;
  return i;
}

/**
 * Adds live points. A step already held is kept as it was (the server stores a (run, key, step) once, so a re-sent
 * point changes nothing); a step inside a downsampled bucket widens that bucket's min/max; anything else lands in step
 * order. Answers how many entries were added.
 */
export function append(s: Series, points: readonly RawPoint[]): number {
  let added = 0;
  for (const p of points) {
    const n = s.step.length;
    const t = toMs(p.timestamp);
    if (n === 0 || p.step > s.step[n - 1]) {
      push(s, p.step, p.value, p.value, p.value, t);
      added++;
      continue;
    }
    const i = lowerBound(s.step, p.step);
    if (s.step[i] === p.step) continue;
    // A downsampled bucket (no wall time) ending at step[i] already summarises the steps before it.
    if (Number.isNaN(s.time[i])) {
      if (p.value < s.min[i]) s.min[i] = p.value;
      if (p.value > s.max[i]) s.max[i] = p.value;
      continue;
    }
    s.step.splice(i, 0, p.step);
    s.value.splice(i, 0, p.value);
    s.min.splice(i, 0, p.value);
    s.max.splice(i, 0, p.value);
    s.time.splice(i, 0, t);
    added++;
  }
  return added;
}

/**
 * Halves the series (merging neighbours pairwise: min of mins, max of maxes, the later value, step and time) until it
 * holds at most `max` entries.
 */
export function compact(s: Series, max: number): void {
  while (s.step.length > max && s.step.length > 2) {
    const n = s.step.length;
    let w = 0;
    for (let r = 0; r < n; r += 2, w++) {
      const j = r + 1 < n ? r + 1 : r;
      s.step[w] = s.step[j];
      s.value[w] = s.value[j];
      s.time[w] = s.time[j];
      s.min[w] = Math.min(s.min[r], s.min[j]);
      s.max[w] = Math.max(s.max[r], s.max[j]);
    }
    for (const a of [s.step, s.value, s.min, s.max, s.time]) a.length = w;
  }
}

/**
 * Replaces the entries between `from` and `to` (inclusive, by step) with a finer reading of the same range, as when a
 * zoomed-in chart fetches more detail.
 */
export function splice(s: Series, from: number, to: number, finer: Series): void {
  const a = lowerBound(s.step, from);
  const b = lowerBound(s.step, to + 1);
  s.step.splice(a, b - a, ...finer.step);
  s.value.splice(a, b - a, ...finer.value);
  s.min.splice(a, b - a, ...finer.min);
  s.max.splice(a, b - a, ...finer.max);
  s.time.splice(a, b - a, ...finer.time);
}
