import { useMemo } from 'preact/hooks';
import type { Series } from '../data/series';
import { smooth, smoothingUnit } from '../data/smoothing';
import { fmtDuration, fmtNumber } from '../data/format';
import { xsOf, type StepMap, type XMode } from '../data/xaxis';
import type { ChartLine } from './chart';

/** Chart controls shared by the Run and Compare views; their values live in the URL. */
export function CurveControls(props: {
  smoothing: number;
  onSmoothing: (v: number) => void;
  log: boolean;
  onLog: (v: boolean) => void;
  x: XMode;
  onX: (x: XMode) => void;
  available: Record<XMode, boolean>;
  children?: preact.ComponentChildren;
}) {
  return (
    <div class="chart-controls">
      <label>
        Smoothing
        <input
          type="range"
          min={0}
          max={0.99}
          step={0.01}
          value={props.smoothing}
          aria-label="Smoothing"
          onInput={(e) => props.onSmoothing(Number((e.target as HTMLInputElement).value))}
        />
        <span class="mono" style={{ width: '3em' }}>
          {props.smoothing.toFixed(2)}
        </span>
      </label>
      <label>
        <input type="checkbox" checked={props.log} onChange={(e) => props.onLog((e.target as HTMLInputElement).checked)} /> log scale
      </label>
      <span>
        x:{' '}
        <span class="segmented" role="group" aria-label="x axis">
          {(['step', 'epoch', 'time'] as XMode[]).map((m) => (
            <button
              type="button"
              aria-pressed={props.x === m}
              disabled={!props.available[m]}
              title={props.available[m] ? undefined : m === 'epoch' ? 'no epoch has ended yet' : 'the points carry no wall time'}
              onClick={() => props.onX(m)}
            >
              {m === 'time' ? 'wall time' : m}
            </button>
          ))}
        </span>
      </span>
      {props.children}
    </div>
  );
}

export function xFormatter(mode: XMode): (v: number) => string {
  if (mode === 'time') return (v) => fmtDuration(v * 1000);
  if (mode === 'epoch') return (v) => fmtNumber(v, 3);
  return (v) => fmtNumber(Math.round(v));
}

/**
 * A series as chart lines: with smoothing, its raw line pale behind the smoothed one; with an envelope (downsampled
 * history), the band of each bucket's min and max.
 */
export function seriesLines(
  s: Series,
  opts: { id: string; label: string; color: string; map: StepMap | null; smoothing: number; unit: number; envelope: boolean },
): ChartLine[] {
  const x = xsOf(s, opts.map);
  const hasEnvelope = opts.envelope && s.min.some((v, i) => v !== s.max[i]);
  const out: ChartLine[] = [];
  const smoothed = opts.smoothing > 0 && s.step.length > 2;
  if (smoothed) out.push({ id: `${opts.id}:raw`, label: `${opts.label} (raw)`, color: opts.color, x, y: s.value, faint: true });
  out.push({
    id: opts.id,
    label: opts.label,
    color: opts.color,
    x,
    y: smoothed ? smooth(x, s.value, opts.smoothing, opts.unit) : s.value,
    lo: hasEnvelope ? s.min : undefined,
    hi: hasEnvelope ? s.max : undefined,
  });
  return out;
}

/**
 * The smoothing unit for a set of series in a mode: the spacing of the densest series' points (so 0.6 on per-step
 * points is TensorBoard's 0.6), but never finer than a thousandth of their joint span, so that runs read at different
 * resolutions are smoothed alike.
 */
export function useUnit(series: Series[], map: (s: Series) => StepMap | null, deps: unknown[]): number {
  return useMemo(() => {
    let lo = Infinity;
    let hi = -Infinity;
    let spacing = Infinity;
    for (const s of series) {
      if (s.step.length < 2) continue;
      const m = map(s);
      const xs = m ? s.step.map((st) => m.map(st)) : s.step;
      lo = Math.min(lo, xs[0]);
      hi = Math.max(hi, xs[xs.length - 1]);
      spacing = Math.min(spacing, medianGap(xs));
    }
    if (!(lo < hi)) return 1;
    return Math.max(smoothingUnit(lo, hi), Number.isFinite(spacing) ? spacing : 0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
}

function medianGap(xs: readonly number[]): number {
  const gaps: number[] = [];
  const step = Math.max(1, Math.floor(xs.length / 200));
  for (let i = step; i < xs.length; i += step) gaps.push((xs[i] - xs[i - step]) / step);
  gaps.sort((a, b) => a - b);
  return gaps.length ? gaps[gaps.length >> 1] : Infinity;
}
