import type { Scalar } from './hparams';

/**
 * The scales of a parallel-coordinates chart: one vertical axis per parameter and one for the target metric, each
 * mapping its values to 0 (bottom) .. 1 (top). A numeric parameter is linear, or logarithmic when all its values are
 * positive and span more than two decades (learning rates); anything else is categorical, its values spread evenly in
 * sorted order. A run lacking a value has null on that axis (drawn as a gap).
 */
export interface Axis {
  key: string;
  kind: 'linear' | 'log' | 'category';
  /** Numeric axes: the domain. */
  min: number;
  max: number;
  /** Categorical axes: the values bottom to top. */
  categories: string[];
  /** Where a value sits on the axis, 0..1, or null when it has none. */
  scale: (v: Scalar | undefined) => number | null;
  /** Labels along the axis with their positions. */
  ticks: { at: number; label: string }[];
}

export function axisOf(key: string, values: readonly (Scalar | undefined)[], fmt: (n: number) => string = String): Axis {
  const present = values.filter((v): v is Exclude<Scalar, null> => v !== null && v !== undefined);
  const numeric = present.length > 0 && present.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (numeric) {
    const nums = present as number[];
    const min = Math.min(...nums);
    const max = Math.max(...nums);
    const log = min > 0 && max / min > 100;
    const f = log ? Math.log10 : (x: number) => x;
    const lo = f(min);
    const hi = f(max);
    const scale = (v: Scalar | undefined) => {
      if (typeof v !== 'number' || !Number.isFinite(v) || (log && v <= 0)) return null;
      return hi === lo ? 0.5 : (f(v) - lo) / (hi - lo);
    };
    const ticks = hi === lo ? [{ at: 0.5, label: fmt(min) }] : [0, 0.5, 1].map((t) => ({ at: t, label: fmt(log ? 10 ** (lo + t * (hi - lo)) : lo + t * (hi - lo)) }));
    return { key, kind: log ? 'log' : 'linear', min, max, categories: [], scale, ticks };
  }
  const categories = [...new Set(present.map(String))].sort();
  const pos = (i: number) => (categories.length === 1 ? 0.5 : i / (categories.length - 1));
  const scale = (v: Scalar | undefined) => {
    if (v === null || v === undefined) return null;
    const i = categories.indexOf(String(v));
    return i < 0 ? null : pos(i);
  };
  return { key, kind: 'category', min: 0, max: categories.length - 1, categories, scale, ticks: categories.map((c, i) => ({ at: pos(i), label: c })) };
}

export interface ParCoords {
  axes: Axis[];
  /** Per row: its position on each axis (null where it has no value). */
  lines: (number | null)[][];
}

/**
 * The chart's data: the parameters (those that differ, so a constant axis does not waste width) then the target, one
 * line per row.
 */
export function parallelCoordinates(
  rows: readonly Record<string, Scalar>[],
  params: readonly string[],
  target: string,
  targetValues: readonly (number | null | undefined)[],
  fmt?: (n: number) => string,
): ParCoords {
  const axes = params.map((k) => axisOf(k, rows.map((r) => r[k]), fmt));
  axes.push(axisOf(target, targetValues.map((v) => (v === undefined ? null : v)), fmt));
  const lines = rows.map((r, i) => axes.map((a, j) => a.scale(j === axes.length - 1 ? (targetValues[i] ?? null) : r[a.key])));
  return { axes, lines };
}
