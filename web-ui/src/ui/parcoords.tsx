import { useState } from 'preact/hooks';
import { fmtNumber } from '../data/format';
import type { Scalar } from '../data/hparams';
import { parallelCoordinates } from '../data/parcoords';

/**
 * A parallel-coordinates chart in plain SVG (a few dozen lines, no chart library): one axis per swept parameter and
 * one for the target metric, one polyline per run in its colour. Hovering a run (or its row elsewhere, through
 * `highlight`) brings its line forward; the best run is drawn thick.
 */
export function ParallelCoords(props: {
  rows: readonly Record<string, Scalar>[];
  ids: readonly number[];
  colors: readonly string[];
  params: readonly string[];
  target: string;
  targetValues: readonly (number | null | undefined)[];
  best?: number;
  height?: number;
}) {
  const [hover, setHover] = useState<number | null>(null);
  const pc = parallelCoordinates(props.rows, props.params, props.target, props.targetValues, (n) => fmtNumber(n, 3));
  const n = pc.axes.length;
  // Drawn at about the pixel size it is shown at (a panel at 1280 wide), so its text reads as the page's text does.
  const width = Math.max(560, Math.min(1180, n * 240));
  const height = props.height ?? 260;
  const top = 28;
  const bottom = 22;
  const left = 90;
  const right = 70;
  const xOf = (j: number) => (n === 1 ? width / 2 : left + (j * (width - left - right)) / (n - 1));
  const yOf = (t: number) => top + (1 - t) * (height - top - bottom);
  const path = (line: (number | null)[]) => {
    let d = '';
    let pen = false;
    line.forEach((t, j) => {
      if (t === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${xOf(j).toFixed(1)},${yOf(t).toFixed(1)}`;
      pen = true;
    });
    return d;
  };
  const order = pc.lines.map((_, i) => i).sort((a, b) => (a === hover || a === props.best ? 1 : 0) - (b === hover || b === props.best ? 1 : 0));
  return (
    <figure class="parcoords" data-axes={n} data-lines={pc.lines.length}>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} style={{ maxWidth: '100%', height: 'auto' }} role="img" aria-label={`parallel coordinates of ${props.params.join(', ')} against ${props.target}`}>
        {pc.axes.map((a, j) => (
          <g class="axis">
            <line x1={xOf(j)} x2={xOf(j)} y1={yOf(0)} y2={yOf(1)} />
            <text class="axis-title" x={xOf(j)} y={12} text-anchor="middle">
              {a.key}
              {a.kind === 'log' ? ' (log)' : ''}
            </text>
            {a.ticks.map((t) => (
              <text class="tick" x={xOf(j) - 5} y={yOf(t.at) + 4} text-anchor="end">
                {t.label}
              </text>
            ))}
          </g>
        ))}
        {order.map((i) => (
          <path
            d={path(pc.lines[i])}
            stroke={props.colors[i]}
            stroke-width={i === props.best ? 3.5 : hover === i ? 2.5 : 1.5}
            stroke-opacity={hover === null || hover === i ? 0.95 : 0.25}
            fill="none"
            data-run={props.ids[i]}
            onMouseEnter={() => setHover(i)}
            onMouseLeave={() => setHover(null)}
          >
            <title>
              #{props.ids[i]}: {props.params.map((k) => `${k} ${String(props.rows[i][k] ?? '—')}`).join(', ')} → {props.target} {fmtNumber(props.targetValues[i] ?? undefined, 4)}
            </title>
          </path>
        ))}
      </svg>
      <figcaption class="hint">Each line is a run; the last axis is {props.target}; the thick line is the best run.</figcaption>
    </figure>
  );
}
