/**
 * Exponential moving average with TensorBoard's debiasing (the first points are not dragged toward zero), weighted by
 * distance: each point decays the average by `weight` per `unit` of x it lies past the previous one. With evenly spaced
 * points one unit apart it is TensorBoard's smoothing exactly; with uneven or downsampled points the smoothing stays the
 * same per unit of x, so runs read at different resolutions are smoothed alike, and a sparse series (one point per
 * epoch on a per-step chart) is hardly smoothed at all. Non-finite values pass through and do not enter the average.
 */
export function smooth(x: ArrayLike<number>, y: ArrayLike<number>, weight: number, unit: number): number[] {
  const out = new Array<number>(y.length);
  const w = Math.min(Math.max(weight, 0), 0.999);
  if (w === 0 || !(unit > 0)) {
    for (let i = 0; i < y.length; i++) out[i] = y[i];
    return out;
  }
  let acc = 0;
  let norm = 0;
  let prevX = NaN;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    const d = Number.isNaN(prevX) ? 1 : Math.max(0, (x[i] - prevX) / unit);
    const decay = Math.pow(w, d);
    acc = decay * acc + (1 - decay) * v;
    norm = decay * norm + (1 - decay);
    out[i] = norm > 0 ? acc / norm : v;
    prevX = x[i];
  }
  return out;
}

/** The x distance a chart smooths over per step of the slider: a thousandth of its span. */
export function smoothingUnit(min: number, max: number): number {
  return max > min ? (max - min) / 1000 : 1;
}
