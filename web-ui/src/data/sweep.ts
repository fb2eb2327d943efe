import type { SweepParameter } from '../api/types';

/**
 * The Launch page's sweep mode: rows of swept fields, each a list of values or a range, turned into the body of
 * `POST /api/sweeps` around the single-run form's request (the base). A grid over a range takes `steps` values spaced
 * evenly (in log space for a log range), so the grid the platform expands is exactly the one counted here; a random
 * sweep sends the range itself and draws `maxRuns` configs from it.
 */
export type Strategy = 'grid' | 'random';

export interface SweepRow {
  /** The dotted field of the run config (`optimizer.lr`, `batchSize`, `optimizer.type`, `schedule.type`, …). */
  field: string;
  mode: 'values' | 'range';
  /** Comma-separated values (numbers stay numbers). */
  values: string;
  min: string;
  max: string;
  scale: 'linear' | 'log';
  /** Values a grid takes from a range. */
  steps: string;
}

export interface SweepForm {
  strategy: Strategy;
  rows: SweepRow[];
  maxRuns: string;
  seed: string;
  metric: string;
  goal: 'maximize' | 'minimize';
  asha: boolean;
  minResource: string;
  reductionFactor: string;
}

/** Fields offered in the picker (any dotted path of the run config can be typed). */
export const SWEEPABLE = ['optimizer.type', 'optimizer.lr', 'batchSize', 'epochs', 'seed', 'optimizer.weightDecay', 'optimizer.momentum', 'schedule.type', 'valSplit', 'clipGradNorm'];

/** Fields whose values are whole numbers: a range over them draws integers. */
const INT_FIELDS = ['batchSize', 'epochs', 'seed', 'earlyStoppingPatience'];

export function emptyRow(field = 'optimizer.lr'): SweepRow {
  return field === 'optimizer.lr'
    ? { field, mode: 'range', values: '', min: '0.0001', max: '0.1', scale: 'log', steps: '4' }
    : { field, mode: 'values', values: '', min: '', max: '', scale: 'linear', steps: '3' };
}

export function emptySweepForm(): SweepForm {
  return {
    strategy: 'grid',
    rows: [{ ...emptyRow('optimizer.type'), values: 'sgd, adam' }, emptyRow('optimizer.lr')],
    maxRuns: '8',
    seed: '1',
    metric: 'val/accuracy',
    goal: 'maximize',
    asha: false,
    minResource: '1',
    reductionFactor: '3',
  };
}

export class SweepFormError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function num(text: string, field: string, what: string): number {
  const v = Number(text.trim());
  if (!text.trim() || !Number.isFinite(v)) throw new SweepFormError(field, `${what} must be a number`);
  return v;
}

/** A comma-separated list: numbers, true/false, or text. */
export function parseValues(text: string): (string | number | boolean)[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (s === 'true' ? true : s === 'false' ? false : s !== '' && Number.isFinite(Number(s)) ? Number(s) : s));
}

/** `steps` values from min to max inclusive, evenly spaced (in log10 space for a log scale), rounded to 6 digits. */
export function spaced(min: number, max: number, steps: number, log: boolean): number[] {
  if (steps <= 1) return [min];
  const f = log ? Math.log10 : (x: number) => x;
  const g = log ? (x: number) => 10 ** x : (x: number) => x;
  const lo = f(min);
  const hi = f(max);
  return Array.from({ length: steps }, (_, i) => Number(g(lo + ((hi - lo) * i) / (steps - 1)).toPrecision(6)));
}

/** Each row as the API's parameter (throws naming the row's field when a row is incomplete). */
export function sweepParameters(f: SweepForm): Record<string, SweepParameter> {
  const out: Record<string, SweepParameter> = {};
  f.rows.forEach((r, i) => {
    const at = `rows[${i}]`;
    const field = r.field.trim();
    if (!field) throw new SweepFormError(`${at}.field`, 'name the field to sweep');
    if (field in out) throw new SweepFormError(`${at}.field`, `${field} is swept twice`);
    if (r.mode === 'values') {
      const values = parseValues(r.values);
      if (!values.length) throw new SweepFormError(`${at}.values`, 'give at least one value');
      out[field] = values;
      return;
    }
    const min = num(r.min, `${at}.min`, 'min');
    const max = num(r.max, `${at}.max`, 'max');
    if (!(max > min)) throw new SweepFormError(`${at}.max`, 'max must be above min');
    if (r.scale === 'log' && min <= 0) throw new SweepFormError(`${at}.min`, 'a log range starts above 0');
    if (f.strategy === 'grid') {
      const steps = num(r.steps, `${at}.steps`, 'steps');
      if (!Number.isInteger(steps) || steps < 1 || steps > 100) throw new SweepFormError(`${at}.steps`, 'steps is a whole number from 1 to 100');
      const values = spaced(min, max, steps, r.scale === 'log');
      out[field] = INT_FIELDS.includes(field) ? [...new Set(values.map(Math.round))] : values;
    } else {
      const integer = INT_FIELDS.includes(field);
      if (integer && (!Number.isInteger(min) || !Number.isInteger(max))) throw new SweepFormError(`${at}.min`, `${field} takes whole numbers`);
      out[field] = integer ? { min, max, scale: r.scale, type: 'int' } : { min, max, scale: r.scale };
    }
  });
  return out;
}

/**
 * How many runs the form launches, counted here: a grid is the cross product of its lists (ranges already spread into
 * lists), which maxRuns may bound but never cuts short; a random sweep draws maxRuns. The platform's preview is the authority
 * where it has one; this answers where it does not, and before the first answer arrives.
 */
export function sweepCount(f: SweepForm): number {
  const params = sweepParameters(f);
  const max = f.maxRuns.trim() ? num(f.maxRuns, 'maxRuns', 'max runs') : null;
  if (f.strategy === 'random') {
    if (max === null || !Number.isInteger(max) || max < 1) throw new SweepFormError('maxRuns', 'a random sweep needs max runs (1 or more)');
    return max;
  }
  const product = Object.values(params).reduce((n, p) => n * (Array.isArray(p) ? p.length : 1), 1);
  // The platform runs a grid whole or not at all: a max runs below its size is refused, here as there.
  if (max !== null && max < product)
    throw new SweepFormError('maxRuns', `the grid has ${product} runs, more than max runs (${max}): raise it or leave it empty`);
  return product;
}

/** The body of `POST /api/sweeps` (and its preview) around a run request. */
export function sweepRequest(f: SweepForm, base: Record<string, unknown>, name?: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    kind: f.strategy,
    experimentId: base.experimentId,
    base,
    parameters: sweepParameters(f),
    metric: f.metric.trim() || 'val/accuracy',
    goal: f.goal,
  };
  if (name) body.name = name;
  if (f.maxRuns.trim()) body.maxRuns = num(f.maxRuns, 'maxRuns', 'max runs');
  if (f.seed.trim()) body.seed = num(f.seed, 'seed', 'seed');
  if (f.asha)
    body.earlyStopping = {
      type: 'asha',
      rungs: 'epoch',
      minResource: num(f.minResource, 'minResource', 'min resource'),
      reductionFactor: num(f.reductionFactor, 'reductionFactor', 'reduction factor'),
    };
  return body;
}

export const SHOOTOUT_OPTIMIZERS = ['sgd', 'momentum', 'rmsprop', 'adam'];

/** The one-click optimizer shoot-out: each optimizer from the same seed and weights, lrs found by a range test. */
export function shootoutRequest(base: Record<string, unknown>, optimizers: readonly string[], metric: string, goal: 'maximize' | 'minimize', name?: string): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: 'optimizer-shootout', experimentId: base.experimentId, base, optimizers: [...optimizers], lrs: 'auto', metric, goal };
  if (name) body.name = name;
  return body;
}
