import { lowerBound, upperBound } from './series';

/** One curve to overlay: ascending x, its values, and optionally a min/max envelope. */
export interface Curve {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  lo?: ArrayLike<number>;
  hi?: ArrayLike<number>;
}

/** Curves on one shared x (uPlot's aligned data): null where a curve has nothing. */
export interface Aligned {
  x: number[];
  y: (number | null)[][];
  lo: (number | null)[][];
  hi: (number | null)[][];
  /** Whether the x values were merged into bins (false: every x is a real point of some curve). */
  binned: boolean;
}

/**
 * Puts curves with different x values on one shared x within [min, max]. When all their x values together are at most
 * `bins`, they are merged exactly; otherwise each curve is merged into `bins` equal bins (the last value of the bin,
 * the min and max of the bin's envelope, so a spike stays visible), at the bins' centres. The nearest point outside the
 * range on each side is kept, so lines run on to the chart's edges when zoomed in.
 */
export function alignCurves(curves: readonly Curve[], min: number, max: number, bins: number): Aligned {
  const ranges = curves.map((c) => [lowerBound(c.x, min), upperBound(c.x, max)] as const);
  let inside = 0;
  for (const [a, b] of ranges) inside += b - a;
  if (inside <= bins) return exact(curves, ranges);
  return binned(curves, ranges, min, max, bins);
}

function outsideXs(curves: readonly Curve[], ranges: readonly (readonly [number, number])[]) {
  const left = new Set<number>();
  const right = new Set<number>();
  curves.forEach((c, i) => {
    const [a, b] = ranges[i];
    if (a > 0) left.add(c.x[a - 1]);
    if (b < c.x.length) right.add(c.x[b]);
  });
  return { left: [...left].sort((p, q) => p - q), right: [...right].sort((p, q) => p - q) };
}

function exact(curves: readonly Curve[], ranges: readonly (readonly [number, number])[]): Aligned {
  const xs = new Set<number>();
  curves.forEach((c, i) => {
    const [a, b] = ranges[i];
    const from = a > 0 ? a - 1 : a;
    const to = b < c.x.length ? b + 1 : b;
    for (let j = from; j < to; j++) xs.add(c.x[j]);
  });
  const x = [...xs].sort((p, q) => p - q);
  const index = new Map<number, number>();
  x.forEach((v, i) => index.set(v, i));
  const out: Aligned = { x, y: [], lo: [], hi: [], binned: false };
  curves.forEach((c, i) => {
    const y = new Array<number | null>(x.length).fill(null);
    const lo = new Array<number | null>(x.length).fill(null);
    const hi = new Array<number | null>(x.length).fill(null);
    const [a, b] = ranges[i];
    const from = a > 0 ? a - 1 : a;
    const to = b < c.x.length ? b + 1 : b;
    for (let j = from; j < to; j++) {
      const k = index.get(c.x[j])!;
      y[k] = finite(c.y[j]);
      lo[k] = finite(c.lo ? c.lo[j] : c.y[j]);
      hi[k] = finite(c.hi ? c.hi[j] : c.y[j]);
    }
    out.y.push(y);
    out.lo.push(lo);
    out.hi.push(hi);
  });
  return out;
}

function binned(
  curves: readonly Curve[],
  ranges: readonly (readonly [number, number])[],
  min: number,
  max: number,
  bins: number,
): Aligned {
  const { left, right } = outsideXs(curves, ranges);
  const width = (max - min) / bins || 1;
  const n = left.length + bins + right.length;
  const x = new Array<number>(n);
  left.forEach((v, i) => (x[i] = v));
  for (let b = 0; b < bins; b++) x[left.length + b] = min + (b + 0.5) * width;
  right.forEach((v, i) => (x[left.length + bins + i] = v));
  const out: Aligned = { x, y: [], lo: [], hi: [], binned: true };
  curves.forEach((c, i) => {
    const y = new Array<number | null>(n).fill(null);
    const lo = new Array<number | null>(n).fill(null);
    const hi = new Array<number | null>(n).fill(null);
    const [a, b] = ranges[i];
    if (a > 0) {
      const k = left.indexOf(c.x[a - 1]);
      y[k] = finite(c.y[a - 1]);
      lo[k] = finite(c.lo ? c.lo[a - 1] : c.y[a - 1]);
      hi[k] = finite(c.hi ? c.hi[a - 1] : c.y[a - 1]);
    }
    for (let j = a; j < b; j++) {
      const k = left.length + Math.min(bins - 1, Math.floor((c.x[j] - min) / width));
      const v = finite(c.y[j]);
      const l = finite(c.lo ? c.lo[j] : c.y[j]);
      const h = finite(c.hi ? c.hi[j] : c.y[j]);
      if (v !== null) y[k] = v;
      if (l !== null && (lo[k] === null || l < lo[k]!)) lo[k] = l;
      if (h !== null && (hi[k] === null || h > hi[k]!)) hi[k] = h;
    }
    if (b < c.x.length) {
      const k = left.length + bins + right.indexOf(c.x[b]);
      y[k] = finite(c.y[b]);
      lo[k] = finite(c.lo ? c.lo[b] : c.y[b]);
      hi[k] = finite(c.hi ? c.hi[b] : c.y[b]);
    }
    out.y.push(y);
    out.lo.push(lo);
    out.hi.push(hi);
  });
  return out;
}

function finite(v: number | undefined): number | null {
  return v !== undefined && Number.isFinite(v) ? v : null;
}

/** The smallest and largest x of any curve, or null when all are empty. */
export function extent(curves: readonly Curve[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of curves) {
    if (!c.x.length) continue;
    lo = Math.min(lo, c.x[0]);
    hi = Math.max(hi, c.x[c.x.length - 1]);
  }
  return lo <= hi ? [lo, hi] : null;
}
