import type { RunView } from '../api/types';
import { OPTIMIZERS, parseValue, SCHEDULES, warmupAfterOptions, type OptionSpec } from './options';

/** The form as typed: text everywhere, so an empty field means "the default" and a typo reaches the platform's check. */
export interface LaunchForm {
  experimentId: string;
  newExperiment: string;
  name: string;
  datasetId: string;
  modelMode: 'stored' | 'builtin' | 'spec';
  modelId: string;
  builtin: string;
  specText: string;
  engine: string;
  device: string;
  optimizer: string;
  lr: string;
  opt: Record<string, string>;
  schedule: string;
  sched: Record<string, string>;
  epochs: string;
  batchSize: string;
  seed: string;
  valSplit: string;
  clipGradNorm: string;
  earlyStoppingPatience: string;
  priority: string;
  maxAttempts: string;
}

export const NEW = 'new';

export function emptyForm(): LaunchForm {
  return {
    experimentId: '',
    newExperiment: '',
    name: '',
    datasetId: '',
    modelMode: 'stored',
    modelId: '',
    builtin: 'keras-mlp',
    specText: '',
    engine: 'native',
    device: 'auto',
    optimizer: 'adam',
    lr: '0.001',
    opt: {},
    schedule: '',
    sched: {},
    epochs: '5',
    batchSize: '128',
    seed: '42',
    valSplit: '0.1',
    clipGradNorm: '',
    earlyStoppingPatience: '',
    priority: '',
    maxAttempts: '',
  };
}

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** The form of an existing run, for cloning it. */
export function formOf(run: RunView): LaunchForm {
  const c = run.config;
  const { type, lr, ...opt } = c.optimizer;
  const sched = c.schedule ? Object.fromEntries(Object.entries(c.schedule).filter(([k]) => k !== 'type').map(([k, v]) => [k, text(v)])) : {};
  return {
    ...emptyForm(),
    experimentId: String(run.experimentId),
    name: run.name ?? '',
    datasetId: text(run.datasetId),
    modelMode: 'stored',
    modelId: String(run.modelId),
    engine: c.engine,
    device: c.device,
    optimizer: type,
    lr: text(lr),
    opt: Object.fromEntries(Object.entries(opt).map(([k, v]) => [k, text(v)])),
    schedule: c.schedule?.type ?? '',
    sched,
    epochs: text(c.epochs),
    batchSize: text(c.batchSize),
    seed: text(c.seed),
    valSplit: text(c.valSplit),
    clipGradNorm: c.clipGradNorm ? text(c.clipGradNorm) : '',
    earlyStoppingPatience: c.earlyStoppingPatience ? text(c.earlyStoppingPatience) : '',
    priority: text(run.priority),
    maxAttempts: text(run.maxAttempts),
  };
}

export function optionSpecs(f: LaunchForm): { optimizer: OptionSpec[]; schedule: OptionSpec[] } {
  const sched = f.schedule ? (SCHEDULES[f.schedule]?.options ?? []) : [];
  const after = f.schedule === 'warmup' ? warmupAfterOptions(f.sched.after || 'constant') : [];
  return { optimizer: OPTIMIZERS[f.optimizer]?.options ?? [], schedule: [...sched, ...after] };
}

function put(o: Record<string, unknown>, key: string, text: string, kind: OptionSpec['kind'] = 'number') {
  const v = parseValue(text, kind);
  if (v !== undefined) o[key] = v;
}

/** The run request the form stands for (ids of the experiment and model filled in by the caller). */
export function requestOf(f: LaunchForm, experimentId: number | string, modelId: number | string): Record<string, unknown> {
  const specs = optionSpecs(f);
  const optimizer: Record<string, unknown> = { type: f.optimizer };
  put(optimizer, 'lr', f.lr);
  for (const o of specs.optimizer) put(optimizer, o.name, f.opt[o.name] ?? '', o.kind);
  const body: Record<string, unknown> = { experimentId, modelId, optimizer };
  put(body, 'datasetId', f.datasetId, 'int');
  if (f.name.trim()) body.name = f.name.trim();
  if (f.schedule) {
    const schedule: Record<string, unknown> = { type: f.schedule };
    for (const o of specs.schedule) put(schedule, o.name, f.sched[o.name] ?? '', o.kind);
    body.schedule = schedule;
  }
  for (const k of ['epochs', 'batchSize', 'seed', 'valSplit', 'clipGradNorm', 'earlyStoppingPatience', 'priority', 'maxAttempts'] as const)
    put(body, k, f[k], 'number');
  if (f.engine.trim()) body.engine = f.engine.trim();
  if (f.device) body.device = f.device;
  return body;
}

/**
 * What a clone changes: the top-level fields whose values differ, and of the optimizer only its changed options (the
 * platform merges them into the original's). Null when a change cannot be said as a merge (an option removed, another
 * optimizer type, the schedule dropped): then the run is submitted whole.
 */
export function cloneChanges(original: Record<string, unknown>, next: Record<string, unknown>): Record<string, unknown> | null {
  const changes: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(original), ...Object.keys(next)])) {
    const a = original[k];
    const b = next[k];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (b === undefined) return null;
    if (k === 'optimizer') {
      const oa = a as Record<string, unknown>;
      const ob = b as Record<string, unknown>;
      if (oa.type !== ob.type || Object.keys(oa).some((x) => !(x in ob))) return null;
      changes.optimizer = Object.fromEntries(Object.entries(ob).filter(([x, v]) => JSON.stringify(oa[x]) !== JSON.stringify(v)));
    } else changes[k] = b;
  }
  return changes;
}

