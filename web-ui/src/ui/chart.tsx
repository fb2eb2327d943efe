import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { alignCurves, extent, type Aligned } from '../data/align';
import { fmtNumber } from '../data/format';
import { registerChart } from '../perf';

/** One line of a chart: ascending x, values, and optionally the min/max envelope drawn as a band around it. */
export interface ChartLine {
  id: string;
  label: string;
  color: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  lo?: ArrayLike<number>;
  hi?: ArrayLike<number>;
  /** A raw line drawn thin and pale behind its smoothed twin, left out of the legend. */
  faint?: boolean;
}

export interface ChartProps {
  title: string;
  lines: ChartLine[];
  xLabel: string;
  log?: boolean;
  height?: number;
  /** The x range shown (shared by a view's charts); null shows everything. */
  range?: [number, number] | null;
  onRange?: (range: [number, number] | null) => void;
  xFormat?: (v: number) => string;
  /** Charts with the same key share their cursor. */
  syncKey?: string;
  /** After each draw (live-latency measurement). */
  onDraw?: () => void;
  empty?: string;
}

const theme = () => {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return { fg: v('--fg-muted', '#666'), grid: v('--grid', 'rgba(128,128,128,0.2)') };
};

function useColorScheme(): string {
  const q = typeof matchMedia === 'undefined' ? null : matchMedia('(prefers-color-scheme: dark)');
  const [dark, setDark] = useState(q?.matches ?? false);
  useEffect(() => {
    if (!q) return;
    const f = () => setDark(q.matches);
    q.addEventListener('change', f);
    return () => q.removeEventListener('change', f);
  }, []);
  return dark ? 'dark' : 'light';
}

/**
 * A canvas line chart (uPlot) of any number of lines. The lines are put on one shared x (merged into as many bins as
 * the plot is wide, so 20 runs of 10,000 points draw as fast as one) for the range shown, again whenever the range
 * changes. Drag to zoom, double-click to see everything; with the chart focused, arrows pan, + and - zoom, 0 resets;
 * Ctrl+wheel zooms and Shift+wheel pans.
 */
export function Chart(props: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [width, setWidth] = useState(0);
  const [ownRange, setOwnRange] = useState<[number, number] | null>(null);
  const [cursor, setCursor] = useState<number | null>(null);
  const scheme = useColorScheme();
  const controlled = props.onRange !== undefined;
  const range = controlled ? (props.range ?? null) : ownRange;
  const setRange = (r: [number, number] | null) => (controlled ? props.onRange!(r) : setOwnRange(r));
  const setRangeRef = useRef(setRange);
  setRangeRef.current = setRange;
  const height = props.height ?? 220;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.floor(el.clientWidth)));
    ro.observe(el);
    setWidth(Math.floor(el.clientWidth));
    return () => ro.disconnect();
  }, []);

  const full = useMemo(() => extent(props.lines), [props.lines]);
  const shown: [number, number] | null = range ?? full;

  const aligned: Aligned | null = useMemo(() => {
    if (!shown || width <= 0) return null;
    const [min, max] = shown[0] === shown[1] ? [shown[0] - 0.5, shown[1] + 0.5] : shown;
    const a = alignCurves(props.lines, min, max, Math.max(50, width));
    if (props.log) for (const arrs of [a.y, a.lo, a.hi]) for (const arr of arrs) clampLog(arr);
    return a;
  }, [props.lines, shown?.[0], shown?.[1], width, props.log]);

  const structure = `${props.lines.map((l) => `${l.id}|${l.color}|${l.faint ? 1 : 0}|${l.lo ? 1 : 0}|${l.x.length <= 60 ? 1 : 0}`).join(';')}|${props.log ? 1 : 0}|${height}|${scheme}|${props.syncKey ?? ''}`;

  // (Re)create the plot when the set of lines or its look changes; data alone goes through setData below. Both run
  // before the browser paints, so a pan or a live point shows in the frame that follows it.
  useLayoutEffect(() => {
    const el = box.current?.querySelector<HTMLDivElement>('.plot');
    if (!el || width <= 0) return;
    const t = theme();
    const series: uPlot.Series[] = [{}];
    const bands: uPlot.Band[] = [];
    for (const l of props.lines) {
      series.push({
        label: l.label,
        stroke: l.faint ? withAlpha(l.color, 0.3) : l.color,
        width: l.faint ? 1 : 1.75,
        spanGaps: true,
        // A few points (one per epoch) are drawn as dots too, so they read apart from a dense line they cross.
        points: { show: !l.faint && l.x.length <= 60, size: 5, fill: l.color },
      });
      if (l.lo && l.hi) {
        const lo = series.push({ label: `${l.label} min`, stroke: 'transparent', width: 0, spanGaps: true, points: { show: false } }) - 1;
        const hi = series.push({ label: `${l.label} max`, stroke: 'transparent', width: 0, spanGaps: true, points: { show: false } }) - 1;
        bands.push({ series: [hi, lo], fill: withAlpha(l.color, 0.16) });
      }
    }
    const opts: uPlot.Options = {
      width,
      height,
      series,
      bands,
      legend: { show: false },
      scales: { x: { time: false }, y: props.log ? { distr: 3, log: 10 } : {} },
      axes: [
        {
          stroke: t.fg,
          grid: { stroke: t.grid, width: 1 },
          ticks: { stroke: t.grid, width: 1 },
          values: props.xFormat ? (_u, vals) => vals.map((v) => props.xFormat!(v)) : undefined,
          label: props.xLabel,
          labelSize: 18,
          labelFont: '11px system-ui, sans-serif',
          font: '11px system-ui, sans-serif',
        },
        {
          stroke: t.fg,
          grid: { stroke: t.grid, width: 1 },
          ticks: { stroke: t.grid, width: 1 },
          size: 56,
          font: '11px system-ui, sans-serif',
          values: (_u, vals) => vals.map((v) => (v === null ? '' : fmtNumber(v, 3))),
        },
      ],
      cursor: {
        drag: { x: true, y: false, setScale: false },
        sync: props.syncKey ? { key: props.syncKey } : undefined,
        points: { show: false },
      },
      hooks: {
        setSelect: [
          (u) => {
            if (u.select.width > 4) {
              const a = u.posToVal(u.select.left, 'x');
              const b = u.posToVal(u.select.left + u.select.width, 'x');
              setRangeRef.current([a, b]);
            }
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          },
        ],
        setCursor: [(u) => setCursor(u.cursor.idx ?? null)],
        draw: [() => drawHook.current?.()],
      },
      data: [[]],
    };
    const u = new uPlot(opts, [[]] as unknown as uPlot.AlignedData, el);
    plot.current = u;
    const unregister = registerChart(u);
    u.over.addEventListener('dblclick', () => setRangeRef.current(null));
    u.over.addEventListener('wheel', (e) => onWheel(u, e), { passive: false });
    return () => {
      unregister();
      u.destroy();
      plot.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [structure, width > 0]);

  const drawHook = useRef<(() => void) | undefined>(undefined);
  drawHook.current = props.onDraw;

  useLayoutEffect(() => {
    const u = plot.current;
    if (!u) return;
    if (u.width !== width) u.setSize({ width, height });
    if (!aligned || !shown) {
      u.setData([[]] as unknown as uPlot.AlignedData);
      return;
    }
    const data: (number | null)[][] = [aligned.x];
    props.lines.forEach((l, i) => {
      data.push(aligned.y[i]);
      if (l.lo && l.hi) data.push(aligned.lo[i], aligned.hi[i]);
    });
    u.batch(() => {
      u.setData(data as unknown as uPlot.AlignedData, false);
      const [min, max] = shown[0] === shown[1] ? [shown[0] - 0.5, shown[1] + 0.5] : shown;
      u.setScale('x', { min, max });
    });
  }, [aligned, structure, width]);

  function onWheel(u: uPlot, e: WheelEvent) {
    if (!e.ctrlKey && !e.shiftKey) return;
    e.preventDefault();
    const min = u.scales.x.min!;
    const max = u.scales.x.max!;
    const span = max - min;
    if (e.ctrlKey) {
      const at = u.posToVal(e.offsetX, 'x');
      const f = e.deltaY < 0 ? 0.8 : 1.25;
      setRangeRef.current([at - (at - min) * f, at + (max - at) * f]);
    } else {
      const d = ((e.deltaY || e.deltaX) > 0 ? 0.1 : -0.1) * span;
      setRangeRef.current([min + d, max + d]);
    }
  }

  function onKey(e: KeyboardEvent) {
    const u = plot.current;
    if (!u || u.scales.x.min === undefined) return;
    const min = u.scales.x.min!;
    const max = u.scales.x.max!;
    const span = max - min;
    const mid = (min + max) / 2;
    let next: [number, number] | null | undefined;
    if (e.key === 'ArrowLeft') next = [min - span * 0.1, max - span * 0.1];
    else if (e.key === 'ArrowRight') next = [min + span * 0.1, max + span * 0.1];
    else if (e.key === '+' || e.key === '=') next = [mid - span * 0.4, mid + span * 0.4];
    else if (e.key === '-') next = [mid - span * 0.625, mid + span * 0.625];
    else if (e.key === '0' || e.key === 'Escape') next = null;
    if (next === undefined) return;
    e.preventDefault();
    setRange(next);
  }

  const legendLines = props.lines.map((l, i) => ({ l, i })).filter(({ l }) => !l.faint);
  const points = props.lines.reduce((n, l) => n + (l.faint ? 0 : l.x.length), 0);
  const lastX = full ? full[1] : '';
  return (
    <figure class="chart" data-chart={props.title} data-points={points} data-last-x={lastX}>
      <figcaption>
        <span class="chart-title">{props.title}</span>
        {range && (
          <button class="link small" onClick={() => setRange(null)} title="show everything (double-click or 0)">
            reset zoom
          </button>
        )}
      </figcaption>
      <div
        class="chart-box"
        ref={box}
        tabIndex={0}
        role="img"
        aria-label={`${props.title}: ${legendLines.map(({ l }) => l.label).join(', ')}`}
        onKeyDown={onKey as never}
      >
        {props.lines.length === 0 || !full ? <div class="chart-empty" style={{ height }}>{props.empty ?? 'no points yet'}</div> : null}
        <div class="plot" style={props.lines.length === 0 || !full ? { display: 'none' } : undefined} />
      </div>
      {legendLines.length > 0 && (
        <ul class="legend">
          {legendLines.map(({ l, i }) => (
            <li key={l.id}>
              <span class="swatch" style={{ background: l.color }} />
              {l.label}
              <span class="legend-value">{legendValue(aligned, i, cursor)}</span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

function legendValue(a: Aligned | null, line: number, idx: number | null): string {
  if (!a) return '';
  const ys = a.y[line];
  if (idx !== null && idx >= 0 && idx < ys.length) return ys[idx] === null ? '' : fmtNumber(ys[idx]!);
  for (let i = ys.length - 1; i >= 0; i--) if (ys[i] !== null) return fmtNumber(ys[i]!);
  return '';
}

function clampLog(arr: (number | null)[]) {
  for (let i = 0; i < arr.length; i++) if (arr[i] !== null && arr[i]! <= 0) arr[i] = null;
}

export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) return hex;
  const n = parseInt(m[1], 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
