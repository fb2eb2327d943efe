import type { Series } from './series';

/**
 * The x axis of a chart: optimizer steps, epochs, or seconds since the run started. Metrics are stored by step, so
 * epochs and time are mapped from steps through anchors the run itself logged: the `epoch` key (its value at the step
 * where each epoch ended) and the wall time of any raw point. Between anchors the mapping is linear, past the last one
 * it goes on at the last segment's slope.
 */
export type XMode = 'step' | 'epoch' | 'time';

export const X_LABELS: Record<XMode, string> = { step: 'step', epoch: 'epoch', time: 'time (s)' };

export class StepMap {
  private readonly steps: number[];
  private readonly xs: number[];

  /** `anchors` as [step, x] pairs; both must grow together. */
  constructor(anchors: readonly (readonly [number, number])[]) {
    const sorted = [...anchors].sort((a, b) => a[0] - b[0]);
    this.steps = [];
    this.xs = [];
    for (const [s, x] of sorted) {
      if (this.steps.length && s === this.steps[this.steps.length - 1]) continue;
      this.steps.push(s);
      this.xs.push(x);
    }
  }

  get size(): number {
    return this.steps.length;
  }

  map(step: number): number {
    return interpolate(this.steps, this.xs, step);
  }

  invert(x: number): number {
    return interpolate(this.xs, this.steps, x);
  }
}

function interpolate(from: number[], to: number[], v: number): number {
  const n = from.length;
  if (n === 0) return v;
  if (n === 1) return from[0] === 0 ? to[0] : (v / from[0]) * to[0];
  let i = 1;
  if (v >= from[n - 1]) i = n - 1;
  else {
    let lo = 1;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (from[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    i = lo;
  }
  const f0 = from[i - 1];
  const f1 = from[i];
  const t = f1 === f0 ? 0 : (v - f0) / (f1 - f0);
  return to[i - 1] + t * (to[i] - to[i - 1]);
}

/** Steps to epochs from the `epoch` series (epoch k ended at its step); null when no epoch has ended yet. */
export function epochMap(epoch: Series | undefined): StepMap | null {
  if (!epoch || epoch.step.length === 0) return null;
  const anchors: [number, number][] = [[0, 0]];
  for (let i = 0; i < epoch.step.length; i++) anchors.push([epoch.step[i], epoch.value[i]]);
  return new StepMap(anchors);
}

/**
 * Steps to seconds since `startMs` from the wall times the series carry (raw points have one, buckets do not); null
 * with fewer than two distinct times.
 */
export function timeMap(series: Iterable<Series>, startMs: number): StepMap | null {
  const byStep = new Map<number, number>();
  for (const s of series) {
    for (let i = 0; i < s.step.length; i++) {
      const t = s.time[i];
      if (Number.isFinite(t) && !byStep.has(s.step[i])) byStep.set(s.step[i], (t - startMs) / 1000);
    }
  }
  if (byStep.size < 2) return null;
  // Wall time only grows with the step: drop anchors that would bend the mapping backwards (clock steps, retries).
  const anchors = [...byStep.entries()].sort((a, b) => a[0] - b[0]);
  const monotone: [number, number][] = [];
  for (const a of anchors) if (!monotone.length || a[1] >= monotone[monotone.length - 1][1]) monotone.push(a);
  return monotone.length >= 2 ? new StepMap(monotone) : null;
}

/** The x values of a series in a mode, through `map` (steps as they are when it is null). */
export function xsOf(s: Series, map: StepMap | null): number[] {
  if (!map) return s.step.slice();
  return s.step.map((st) => map.map(st));
}
