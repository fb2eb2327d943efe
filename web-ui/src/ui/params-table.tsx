import { fmtNumber } from '../data/format';
import { goalOf } from '../data/hparams';
import { Link } from './components';

/** One compared metric: each run's value and the index of the best (-1: none marked). */
export interface MetricColumn {
  key: string;
  values: (number | null | undefined)[];
  best: number;
}

/**
 * The Compare views' hyperparameter table: one row per run, the flattened config's columns (those that differ between
 * the runs highlighted) and then the compared metrics (each column's best value marked). Both Compare views, the one
 * over the platform's compare endpoint and the one over per-run reads, render it from their own data.
 */
export function ParamsTable(props: {
  runIds: number[];
  colors: string[];
  /** Shown parameter columns, in order. */
  params: string[];
  differ: Set<string>;
  cell: (key: string, value: unknown, run: number) => string;
  rows: Record<string, unknown>[];
  metrics: MetricColumn[];
  /** The best run's index, starred (-1: none). */
  bestRun?: number;
  bestTitle?: string;
  all: boolean;
  onAll: (all: boolean) => void;
  hint: string;
}) {
  const { runIds, colors, params, differ, cell, rows, metrics, all, onAll, hint } = props;
  const bestRun = props.bestRun ?? -1;
  const many = runIds.length > 1;
  return (
    <div class="panel">
      <div class="toolbar" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>Hyperparameters</h2>
        <label class="hint">
          <input type="checkbox" checked={all} onChange={() => onAll(!all)} /> show the ones that are the same too
        </label>
      </div>
      <div class="table-wrap">
        <table class="data params-table">
          <thead>
            <tr>
              <th>Run</th>
              {params.map((k) => (
                <th class={differ.has(k) ? 'diff' : ''} title={differ.has(k) ? 'differs between the runs' : undefined}>
                  {k}
                </th>
              ))}
              {metrics.map((m) => (
                <th class="num" title={goalOf(m.key) ? `${goalOf(m.key) === 'max' ? 'higher' : 'lower'} is better` : undefined}>
                  {m.key}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {runIds.map((id, i) => (
              <tr data-run={id} class={i === bestRun && many ? 'best' : ''}>
                <td class="nowrap">
                  <span class="swatch" style={{ background: colors[i] }} /> <Link href={`/runs/${id}`}>#{id}</Link>
                  {i === bestRun && many ? <span title={props.bestTitle}> ★</span> : null}
                </td>
                {params.map((k) => (
                  <td class={differ.has(k) ? 'diff' : ''}>{cell(k, rows[i][k], i)}</td>
                ))}
                {metrics.map((m) => (
                  <td class={`num${m.best === i ? ' best' : ''}`}>{fmtNumber(m.values[i])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!all && differ.size === 0 && many && <div class="hint">These runs were configured alike.</div>}
      <div class="hint">{hint}</div>
    </div>
  );
}
