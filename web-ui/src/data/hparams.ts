import type { RunView } from '../api/types';

export type Scalar = string | number | boolean | null;

/** A nested config as flat dotted keys (`optimizer.lr`); lists become their JSON text. */
export function flatten(value: unknown, prefix = '', out: Record<string, Scalar> = {}): Record<string, Scalar> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out[prefix] = Array.isArray(value) ? JSON.stringify(value) : (value as Scalar);
  }
  return out;
}

/** What a run was asked to do, flattened: where it trains and on what, and its train config. */
export function runParams(run: RunView): Record<string, Scalar> {
  const p: Record<string, Scalar> = {
    datasetId: run.datasetId,
    modelId: run.modelId,
  };
  flatten(run.config, '', p);
  return p;
}

/** Keys first in this order, the rest alphabetically: the ones people compare first. */
const FIRST = ['optimizer.type', 'optimizer.lr', 'batchSize', 'epochs', 'schedule.type', 'seed'];

export function orderKeys(keys: Iterable<string>): string[] {
  return [...new Set(keys)].sort((a, b) => {
    const ia = FIRST.indexOf(a);
    const ib = FIRST.indexOf(b);
    if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
    return a.localeCompare(b);
  });
}

/** The keys whose values are not all the same (a key some rows lack differs too). */
export function differingKeys(rows: readonly Record<string, Scalar>[]): Set<string> {
  const out = new Set<string>();
  const keys = new Set(rows.flatMap((r) => Object.keys(r)));
  for (const k of keys) {
    const first = rows.length ? rows[0][k] : undefined;
    if (rows.some((r) => !(k in r) || !same(r[k], first))) out.add(k);
  }
  return out;
}

function same(a: Scalar | undefined, b: Scalar | undefined): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}

export type Goal = 'min' | 'max';

/** Whether less or more of a metric is better, from its name; null when the name does not say. */
export function goalOf(key: string): Goal | null {
  const leaf = key.toLowerCase();
  if (/(loss|error|mse|mae|rmse|perplexity|nll)/.test(leaf)) return 'min';
  if (/(acc|accuracy|f1|precision|recall|auc|iou|top\d)/.test(leaf)) return 'max';
  return null;
}

/** The index of the best finite value for `goal` (the first on a tie), or -1. */
export function bestIndex(values: readonly (number | null | undefined)[], goal: Goal | null): number {
  if (!goal) return -1;
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (best < 0 || (goal === 'min' ? v < values[best]! : v > values[best]!)) best = i;
  }
  return best;
}

/** A run's value of a metric for the table: its best (where the platform reports one), else its latest. */
export function metricValue(run: RunView, key: string): number | undefined {
  const m = run.metrics?.[key];
  if (m) return m.best ?? m.final ?? m.last;
  return run.latest?.[key]?.value;
}
