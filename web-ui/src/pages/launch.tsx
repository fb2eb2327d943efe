import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Capabilities } from '../api/capabilities';
import { allPages, builtinModels, createExperiment, createModel, listDatasets, listExperiments, listModels } from '../api/catalog';
import { ApiError, formErrors, problemMessage } from '../api/problem';
import { cloneRun, createRun, getRun } from '../api/runs';
import type { BuiltinModel, DatasetView, ExperimentView, ModelView, RunView } from '../api/types';
import { fmtNumber, fmtShape } from '../data/format';
import { DEVICES, ENGINES, OPTIMIZERS, SCHEDULES, type OptionSpec } from '../data/options';
import { cloneChanges, emptyForm, formOf, NEW, optionSpecs, requestOf, type LaunchForm } from '../data/launch';
import { useAsync } from '../hooks';
import { createSweep, previewSweep } from '../api/sweeps';
import { emptyRow, emptySweepForm, SHOOTOUT_OPTIMIZERS, shootoutRequest, sweepCount, SweepFormError, sweepRequest, SWEEPABLE, type SweepForm } from '../data/sweep';
import { navigate } from '../router';
import { ErrorBox, Field, Link, PageHeader, Spinner } from '../ui/components';
import { LayerStack, SpecEditor, useSpecCheck, type SpecCheck } from '../ui/model';
import { forgetNames } from '../ui/names';

export function LaunchPage({ query, caps }: { query: URLSearchParams; caps: Capabilities }) {
  const cloneOf = query.get('from') ? Number(query.get('from')) : null;
  const lists = useAsync(
    () =>
      Promise.all([
        allPages((p) => listExperiments(p)),
        allPages((p) => listDatasets(p)),
        allPages((p) => listModels(p)),
        cloneOf !== null ? getRun(cloneOf) : Promise.resolve(null),
      ]),
    [cloneOf],
  );
  const builtins = useAsync<BuiltinModel[]>(() => (caps.builtinModels ? builtinModels() : Promise.resolve([])), [caps.builtinModels]);

  if (lists.error) return <ErrorBox error={lists.error} title="Could not load what a run needs" />;
  if (!lists.data) return <Spinner />;
  const [experiments, datasets, models, original] = lists.data;
  return (
    <LaunchFormView
      key={cloneOf ?? 'new'}
      experiments={experiments}
      datasets={datasets}
      models={models}
      builtins={builtins.data ?? []}
      original={original}
      caps={caps}
      query={query}
    />
  );
}

function LaunchFormView(props: {
  experiments: ExperimentView[];
  datasets: DatasetView[];
  models: ModelView[];
  builtins: BuiltinModel[];
  original: RunView | null;
  caps: Capabilities;
  query: URLSearchParams;
}) {
  const { datasets, models, builtins, original, caps } = props;
  // An experiment made by a submission that failed later is kept, so the next try does not make it again.
  const [experiments, setExperiments] = useState(props.experiments);
  const initial = useMemo(() => {
    if (original) return formOf(original);
    const f = emptyForm();
    f.experimentId = experiments.length ? String(experiments[0].id) : NEW;
    f.datasetId = props.query.get('dataset') ?? (datasets.length ? String(datasets[0].id) : '');
    f.modelId = props.query.get('model') ?? (models.length ? String(models[0].id) : '');
    if (!models.length) f.modelMode = 'builtin';
    return f;
  }, [original]);
  const [form, setForm] = useState<LaunchForm>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [submitting, setSubmitting] = useState(false);
  const [specCheck, setSpecCheck] = useState<SpecCheck | null>(null);
  useEffect(() => {
    if (form.modelMode === 'builtin' && !caps.builtinModels && models.length) set({ modelMode: 'stored' });
  }, [caps.builtinModels]);

  const set = (changes: Partial<LaunchForm>) => {
    setForm((f) => ({ ...f, ...changes }));
    const cleared = { ...errors };
    for (const k of Object.keys(changes)) delete cleared[fieldOf(k)];
    setErrors(cleared);
  };
  const setOpt = (name: string, v: string) => {
    setForm((f) => ({ ...f, opt: { ...f.opt, [name]: v } }));
    setErrors(({ [`optimizer.${name}`]: _, ...rest }) => rest);
  };
  const setSched = (name: string, v: string) => {
    setForm((f) => ({ ...f, sched: { ...f.sched, [name]: v } }));
    setErrors(({ [`schedule.${name}`]: _, ...rest }) => rest);
  };

  const specs = optionSpecs(form);
  const inputs = [
    'experimentId', 'name', 'datasetId', 'modelId', 'spec', 'engine', 'device', 'optimizer.type', 'optimizer.lr',
    ...specs.optimizer.map((o) => `optimizer.${o.name}`),
    'schedule.type', 'schedule',
    ...specs.schedule.map((o) => `schedule.${o.name}`),
    'epochs', 'batchSize', 'seed', 'valSplit', 'clipGradNorm', 'earlyStoppingPatience', 'priority', 'maxAttempts',
  ];
  const originalForm = useMemo(() => (original ? formOf(original) : null), [original]);
  const originalRequest = useMemo(
    () => (originalForm ? requestOf(originalForm, originalForm.experimentId, originalForm.modelId) : null),
    [originalForm],
  );
  const currentRequest = requestOf(form, form.experimentId, form.modelId);
  const changed = (field: string): boolean => {
    if (!originalRequest) return false;
    const get = (o: Record<string, unknown>) => field.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);
    return JSON.stringify(get(originalRequest)) !== JSON.stringify(get(currentRequest));
  };

  const dataset = datasets.find((d) => String(d.id) === form.datasetId);
  const storedModel = models.find((m) => String(m.id) === form.modelId);
  const builtin = builtins.find((b) => b.name === form.builtin);
  const modelInput =
    form.modelMode === 'stored' ? storedModel?.spec.input : form.modelMode === 'builtin' ? builtin?.spec.input : specCheck?.preview?.spec.input;
  const fitWarning =
    dataset && modelInput && product(dataset.sampleShape) !== product(modelInput)
      ? `dataset samples are ${fmtShape(dataset.sampleShape)} but the model takes ${fmtShape(modelInput)}`
      : null;

  const modeWanted = props.query.get('mode');
  const [mode, setMode] = useState<'single' | 'sweep' | 'shootout'>(
    caps.sweeps && !original && (modeWanted === 'sweep' || modeWanted === 'shootout') ? modeWanted : 'single',
  );
  // The capabilities may arrive after the form mounts: the mode the URL asks for applies once sweeps are known.
  useEffect(() => {
    if (caps.sweeps && !original && (modeWanted === 'sweep' || modeWanted === 'shootout')) setMode(modeWanted);
  }, [caps.sweeps]);
  const [sweep, setSweep] = useState<SweepForm>(emptySweepForm);
  const [optimizers, setOptimizers] = useState<string[]>(SHOOTOUT_OPTIMIZERS);
  const [sweepName, setSweepName] = useState('');

  /** The experiment and model the form names, made first where the form asks for new ones. */
  async function resolveIds(): Promise<{ experimentId: number; modelId: number }> {
      let experimentId: number;
      if (form.experimentId === NEW) {
        if (!form.newExperiment.trim()) throw fieldError('experimentId', 'name the new experiment');
        try {
          const created = await createExperiment(form.newExperiment.trim());
          experimentId = created.id;
          setExperiments((list) => [...list, created]);
          setForm((f) => ({ ...f, experimentId: String(created.id), newExperiment: '' }));
          forgetNames();
        } catch (err) {
          throw fieldError('experimentId', err instanceof ApiError ? problemMessage(err.problem) : String(err));
        }
      } else experimentId = Number(form.experimentId);

      let modelId: number;
      if (form.modelMode === 'stored') {
        if (!form.modelId) throw fieldError('modelId', 'pick a model, or write a spec');
        modelId = Number(form.modelId);
      } else {
        let spec: unknown;
        if (form.modelMode === 'builtin') spec = builtin?.spec;
        else {
          try {
            spec = JSON.parse(form.specText);
          } catch (err) {
            throw fieldError('spec', (err as Error).message);
          }
        }
        try {
          modelId = (await createModel(spec)).id;
          forgetNames();
        } catch (err) {
          if (err instanceof ApiError) throw fieldError('spec', (err.field && err.field !== '$' ? `${err.field}: ` : '') + problemMessage(err.problem));
          throw err;
        }
      }

      return { experimentId, modelId };
  }

  async function submit(e: Event) {
    e.preventDefault();
    setSubmitting(true);
    setErrors({});
    try {
      const { experimentId, modelId } = await resolveIds();
      const request = requestOf(form, experimentId, modelId);
      if (mode !== 'single') {
        const name = sweepName.trim() || undefined;
        const body = mode === 'sweep' ? sweepRequest(sweep, request, name) : shootoutRequest(request, optimizers, sweep.metric.trim() || 'val/accuracy', sweep.goal, name);
        const created = await createSweep(body);
        forgetNames();
        navigate(`/sweeps/${created.id}`);
        return;
      }
      let run: RunView;
      const changes = original && originalRequest ? cloneChanges(originalRequest, request) : null;
      if (original && changes) run = await cloneRun(original.id, changes);
      else run = await createRun(request);
      forgetNames();
      navigate(`/runs/${run.id}`);
    } catch (err) {
      if (err instanceof SweepFormError) {
        setErrors({ [err.field]: err.message });
        setSubmitting(false);
        return;
      }
      setErrors(sweepErrors(err, inputs, sweep));
      setSubmitting(false);
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.has-error input, .has-error select, .has-error textarea, .error-box')?.focus());
    }
  }

  // How many runs the sweep makes: counted here at once, then by the platform's preview where it has one (which also
  // checks every config). The preview needs stored ids, so a new experiment or model is counted here only.
  let localCount: number | null = null;
  let countError: string | null = null;
  try {
    localCount = mode === 'sweep' ? sweepCount(sweep) : mode === 'shootout' ? optimizers.length : null;
  } catch (err) {
    countError = (err as Error).message;
  }
  const previewBody = useMemo(() => {
    if (mode === 'single' || !caps.sweepPreview || form.experimentId === NEW || form.modelMode !== 'stored' || !form.modelId) return null;
    try {
      const base = requestOf(form, Number(form.experimentId), Number(form.modelId));
      return JSON.stringify(mode === 'sweep' ? sweepRequest(sweep, base) : shootoutRequest(base, optimizers, sweep.metric || 'val/accuracy', sweep.goal));
    } catch {
      return null;
    }
  }, [mode, caps.sweepPreview, form, sweep, optimizers]);
  const [preview, setPreview] = useState<{ body: string; count: number | null; error: unknown } | null>(null);
  useEffect(() => {
    if (!previewBody) return;
    const t = setTimeout(() => {
      previewSweep(JSON.parse(previewBody)).then(
        (p) => setPreview({ body: previewBody, count: p.count, error: null }),
        (error) => setPreview({ body: previewBody, count: null, error }),
      );
    }, 300);
    return () => clearTimeout(t);
  }, [previewBody]);
  const current = preview && preview.body === previewBody ? preview : null;
  const runCount = current?.count ?? localCount;
  const setRow = (i: number, changes: Partial<SweepForm['rows'][number]>) => {
    setSweep((f) => ({ ...f, rows: f.rows.map((r, j) => (j === i ? { ...r, ...changes } : r)) }));
    setErrors(({ [`rows[${i}].field`]: _a, [`rows[${i}].values`]: _b, [`rows[${i}].min`]: _c, [`rows[${i}].max`]: _d, [`rows[${i}].steps`]: _e, ...rest }) => rest);
  };

  const numberInput = (name: keyof LaunchForm & string, label: string, hint?: string, placeholder?: string) => (
    <Field label={label} name={name} error={errors[name]} hint={hint} changed={changed(name)}>
      <input
        id={`f-${name}`}
        inputMode="decimal"
        value={form[name] as string}
        placeholder={placeholder}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `f-${name}-error` : undefined}
        onInput={(e) => set({ [name]: (e.target as HTMLInputElement).value } as Partial<LaunchForm>)}
      />
    </Field>
  );

  return (
    <section>
      <PageHeader
        title={original ? `Clone run #${original.id}` : 'Launch a run'}
        sub={
          original ? (
            <>
              Every field starts as run <Link href={`/runs/${original.id}`}>#{original.id}</Link> had it; the ones you change are marked ●.
            </>
          ) : (
            'Queue a training run on the platform’s workers.'
          )
        }
      />
      <form onSubmit={submit} noValidate class="launch-form">
        <ErrorBox error={errors['']} />
        <fieldset>
          <legend>Experiment and data</legend>
          <div class="form-grid">
            <Field label="Experiment" name="experimentId" error={errors.experimentId} changed={changed('experimentId')}>
              <select id="f-experimentId" value={form.experimentId} onChange={(e) => set({ experimentId: (e.target as HTMLSelectElement).value })}>
                {experiments.map((x) => (
                  <option value={x.id}>{x.name}</option>
                ))}
                <option value={NEW}>+ new experiment…</option>
              </select>
            </Field>
            {form.experimentId === NEW && (
              <Field label="New experiment's name" name="newExperiment">
                <input id="f-newExperiment" value={form.newExperiment} onInput={(e) => set({ newExperiment: (e.target as HTMLInputElement).value })} />
              </Field>
            )}
            <Field label="Run name (optional)" name="name" error={errors.name} changed={changed('name')}>
              <input id="f-name" value={form.name} onInput={(e) => set({ name: (e.target as HTMLInputElement).value })} />
            </Field>
            <Field
              label="Dataset"
              name="datasetId"
              error={errors.datasetId}
              changed={changed('datasetId')}
              hint={
                dataset ? (
                  `${fmtShape(dataset.sampleShape)} · ${dataset.numClasses ?? 'regression'}${dataset.numClasses ? ' classes' : ''} · ${fmtNumber(dataset.trainSize)} train`
                ) : (
                  <Link href="/datasets">add a dataset</Link>
                )
              }
            >
              <select id="f-datasetId" value={form.datasetId} onChange={(e) => set({ datasetId: (e.target as HTMLSelectElement).value })}>
                {!datasets.length && <option value="">no datasets yet</option>}
                {datasets.map((d) => (
                  <option value={d.id}>
                    {d.name} (#{d.id})
                  </option>
                ))}
              </select>
            </Field>
          </div>
        </fieldset>

        <fieldset>
          <legend>Model</legend>
          <div class="radio-row" role="radiogroup" aria-label="Model source">
            {(
              [
                ['stored', 'A stored model'],
                ['builtin', 'A built-in model'],
                ['spec', 'Write a spec'],
              ] as const
            )
              .filter(([m]) => m !== 'builtin' || caps.builtinModels)
              .map(([m, label]) => (
                <label>
                  <input type="radio" name="modelMode" checked={form.modelMode === m} onChange={() => set({ modelMode: m })} /> {label}
                </label>
              ))}
          </div>
          {form.modelMode === 'stored' && (
            <div class="grid-2">
              <Field label="Model" name="modelId" error={errors.modelId} changed={changed('modelId')} hint={fitWarning ?? undefined}>
                <select id="f-modelId" value={form.modelId} onChange={(e) => set({ modelId: (e.target as HTMLSelectElement).value })}>
                  {!models.length && <option value="">no stored models yet</option>}
                  {models.map((m) => (
                    <option value={m.id}>
                      {m.name} v{m.version} · {fmtNumber(m.parameters)} params
                    </option>
                  ))}
                </select>
              </Field>
              {storedModel && (
                <LayerStack input={storedModel.spec.input} layers={storedModel.layers} specLayers={storedModel.spec.layers} parameters={storedModel.parameters} />
              )}
            </div>
          )}
          {form.modelMode === 'builtin' && (
            <div class="grid-2">
              <Field label="Built-in model" name="builtin" error={errors.spec} hint={fitWarning ?? 'stored as a model when the run is launched'}>
                <select id="f-builtin" value={form.builtin} onChange={(e) => set({ builtin: (e.target as HTMLSelectElement).value })}>
                  {builtins.map((b) => (
                    <option value={b.name}>{b.name}</option>
                  ))}
                </select>
                <button
                  type="button"
                  class="link small"
                  style={{ alignSelf: 'flex-start', marginTop: 4 }}
                  onClick={() => builtin && set({ modelMode: 'spec', specText: JSON.stringify(builtin.spec, null, 2) })}
                >
                  edit as a spec
                </button>
              </Field>
              {builtin && <BuiltinPreview spec={builtin.spec} caps={caps} />}
            </div>
          )}
          {form.modelMode === 'spec' && (
            <>
              <SpecEditor value={form.specText} onInput={(t) => set({ specText: t })} onCheck={setSpecCheck} caps={caps} error={errors.spec} />
              {fitWarning && <div class="hint">{fitWarning}</div>}
              {!form.specText && (
                <div class="hint">
                  Start from{' '}
                  {[...builtins.map((b) => ({ label: b.name, spec: b.spec })), ...models.slice(0, 5).map((m) => ({ label: `${m.name} v${m.version}`, spec: m.spec }))].map((t) => (
                    <button type="button" class="link small" onClick={() => set({ specText: JSON.stringify(t.spec, null, 2) })}>
                      {t.label}
                    </button>
                  ))}
                </div>
              )}
            </>
          )}
        </fieldset>

        <div class="grid-2">
          <fieldset>
            <legend>Optimizer</legend>
            <div class="form-grid">
              <Field label="Optimizer" name="optimizer.type" error={errors['optimizer.type']} changed={changed('optimizer.type')} hint={OPTIMIZERS[form.optimizer]?.hint}>
                <select
                  id="f-optimizer.type"
                  value={form.optimizer}
                  onChange={(e) => {
                    const type = (e.target as HTMLSelectElement).value;
                    set({ optimizer: type, opt: {}, lr: String(OPTIMIZERS[type]?.lr ?? form.lr) });
                  }}
                >
                  {Object.entries(OPTIMIZERS).map(([k, o]) => (
                    <option value={k}>{o.label}</option>
                  ))}
                </select>
              </Field>
              <Field label="Learning rate α" name="optimizer.lr" error={errors['optimizer.lr']} changed={changed('optimizer.lr')}>
                <input id="f-optimizer.lr" inputMode="decimal" value={form.lr} onInput={(e) => set({ lr: (e.target as HTMLInputElement).value })} />
              </Field>
              {specs.optimizer.map((o) => (
                <OptionField o={o} prefix="optimizer" value={form.opt[o.name] ?? ''} error={errors[`optimizer.${o.name}`]} changed={changed(`optimizer.${o.name}`)} onInput={(v) => setOpt(o.name, v)} />
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>Learning-rate schedule</legend>
            <div class="form-grid">
              <Field label="Schedule" name="schedule.type" error={errors['schedule.type'] ?? errors.schedule} changed={changed('schedule')} hint={SCHEDULES[form.schedule]?.hint}>
                <select id="f-schedule.type" value={form.schedule} onChange={(e) => set({ schedule: (e.target as HTMLSelectElement).value, sched: {} })}>
                  <option value="">constant</option>
                  {Object.entries(SCHEDULES).map(([k, s]) => (
                    <option value={k}>{s.label}</option>
                  ))}
                </select>
              </Field>
              {specs.schedule.map((o) => (
                <OptionField o={o} prefix="schedule" value={form.sched[o.name] ?? ''} error={errors[`schedule.${o.name}`]} changed={false} onInput={(v) => setSched(o.name, v)} />
              ))}
            </div>
          </fieldset>
        </div>

        <div class="grid-2">
          <fieldset>
            <legend>Training</legend>
            <div class="form-grid">
              {numberInput('epochs', 'Epochs')}
              {numberInput('batchSize', 'Batch size')}
              {numberInput('seed', 'Seed', 'same seed, data and config: same curve')}
              {numberInput('valSplit', 'Validation split', 'fraction of train held out', '0')}
              {numberInput('clipGradNorm', 'Clip gradient norm', '0: off', '0')}
              {numberInput('earlyStoppingPatience', 'Early stopping patience', 'epochs; 0: off', '0')}
            </div>
          </fieldset>
          <fieldset>
            <legend>Where it runs</legend>
            <div class="form-grid">
              <Field label="Engine" name="engine" error={errors.engine} changed={changed('engine')} hint="native: Descent's own core; djl: libtorch">
                <input id="f-engine" list="engines" value={form.engine} onInput={(e) => set({ engine: (e.target as HTMLInputElement).value })} />
                <datalist id="engines">
                  {ENGINES.map((x) => (
                    <option value={x} />
                  ))}
                </datalist>
              </Field>
              <Field label="Device" name="device" error={errors.device} changed={changed('device')} hint="cuda runs wait for a GPU worker">
                <select id="f-device" value={form.device} onChange={(e) => set({ device: (e.target as HTMLSelectElement).value })}>
                  {DEVICES.map((d) => (
                    <option value={d}>{d}</option>
                  ))}
                </select>
              </Field>
              {numberInput('priority', 'Priority', 'higher runs first', '0')}
              {numberInput('maxAttempts', 'Max attempts', 'tries before it fails', 'platform default')}
            </div>
          </fieldset>
        </div>

        {caps.sweeps && !original && (
          <fieldset class="sweep-mode">
            <legend>Runs to launch</legend>
            <div class="radio-row" role="radiogroup" aria-label="Launch mode">
              {(
                [
                  ['single', 'One run'],
                  ['sweep', 'A sweep (grid or random)'],
                  ['shootout', 'Optimizer shoot-out'],
                ] as const
              ).map(([m, label]) => (
                <label>
                  <input type="radio" name="launchMode" checked={mode === m} onChange={() => setMode(m)} /> {label}
                </label>
              ))}
            </div>
            {mode !== 'single' && (
              <div class="form-grid">
                <Field label="Sweep name (optional)" name="sweepName">
                  <input id="f-sweepName" value={sweepName} onInput={(e) => setSweepName((e.target as HTMLInputElement).value)} />
                </Field>
                <Field label="Target metric" name="metric" error={errors.metric}>
                  <input id="f-metric" value={sweep.metric} onInput={(e) => setSweep({ ...sweep, metric: (e.target as HTMLInputElement).value })} />
                </Field>
                <Field label="Goal" name="goal" error={errors.goal}>
                  <select id="f-goal" value={sweep.goal} onChange={(e) => setSweep({ ...sweep, goal: (e.target as HTMLSelectElement).value as SweepForm['goal'] })}>
                    <option value="maximize">maximize</option>
                    <option value="minimize">minimize</option>
                  </select>
                </Field>
              </div>
            )}
            {mode === 'sweep' && (
              <>
                <div class="form-grid">
                  <Field label="Strategy" name="kind" error={errors.kind}>
                    <select id="f-kind" value={sweep.strategy} onChange={(e) => setSweep({ ...sweep, strategy: (e.target as HTMLSelectElement).value as SweepForm['strategy'] })}>
                      <option value="grid">grid (every combination)</option>
                      <option value="random">random (draws from the ranges)</option>
                    </select>
                  </Field>
                  <Field label="Max runs" name="maxRuns" error={errors.maxRuns} hint={sweep.strategy === 'grid' ? 'at least the grid\'s size; empty: all of it' : 'how many configs to draw'}>
                    <input id="f-maxRuns" inputMode="numeric" value={sweep.maxRuns} onInput={(e) => setSweep({ ...sweep, maxRuns: (e.target as HTMLInputElement).value })} />
                  </Field>
                  <Field label="Sweep seed" name="sweepSeed" error={errors.sweepSeed} hint="the same seed draws the same configs">
                    <input id="f-sweepSeed" inputMode="numeric" value={sweep.seed} onInput={(e) => setSweep({ ...sweep, seed: (e.target as HTMLInputElement).value })} />
                  </Field>
                </div>
                <h3>Swept fields</h3>
                <datalist id="sweepable">
                  {SWEEPABLE.map((f) => (
                    <option value={f} />
                  ))}
                </datalist>
                {sweep.rows.map((r, i) => (
                  <div class="sweep-row" data-row={i}>
                    <Field label="Field" name={`rows[${i}].field`} error={errors[`rows[${i}].field`]}>
                      <input id={`f-rows[${i}].field`} list="sweepable" value={r.field} onInput={(e) => setRow(i, { field: (e.target as HTMLInputElement).value })} />
                    </Field>
                    <Field label="Over" name={`rows[${i}].mode`}>
                      <select id={`f-rows[${i}].mode`} value={r.mode} onChange={(e) => setRow(i, { mode: (e.target as HTMLSelectElement).value as 'values' | 'range' })}>
                        <option value="values">values</option>
                        <option value="range">a range</option>
                      </select>
                    </Field>
                    {r.mode === 'values' ? (
                      <Field label="Values (comma-separated)" name={`rows[${i}].values`} error={errors[`rows[${i}].values`]}>
                        <input id={`f-rows[${i}].values`} value={r.values} placeholder="sgd, momentum, adam" onInput={(e) => setRow(i, { values: (e.target as HTMLInputElement).value })} />
                      </Field>
                    ) : (
                      <div class="form-grid range-fields">
                        <Field label="Min" name={`rows[${i}].min`} error={errors[`rows[${i}].min`]}>
                          <input id={`f-rows[${i}].min`} inputMode="decimal" value={r.min} onInput={(e) => setRow(i, { min: (e.target as HTMLInputElement).value })} />
                        </Field>
                        <Field label="Max" name={`rows[${i}].max`} error={errors[`rows[${i}].max`]}>
                          <input id={`f-rows[${i}].max`} inputMode="decimal" value={r.max} onInput={(e) => setRow(i, { max: (e.target as HTMLInputElement).value })} />
                        </Field>
                        <Field label="Scale" name={`rows[${i}].scale`}>
                          <select id={`f-rows[${i}].scale`} value={r.scale} onChange={(e) => setRow(i, { scale: (e.target as HTMLSelectElement).value as 'linear' | 'log' })}>
                            <option value="log">log</option>
                            <option value="linear">linear</option>
                          </select>
                        </Field>
                        {sweep.strategy === 'grid' && (
                          <Field label="Steps" name={`rows[${i}].steps`} error={errors[`rows[${i}].steps`]}>
                            <input id={`f-rows[${i}].steps`} inputMode="numeric" value={r.steps} onInput={(e) => setRow(i, { steps: (e.target as HTMLInputElement).value })} />
                          </Field>
                        )}
                      </div>
                    )}
                    <button type="button" class="small" aria-label={`Remove swept field ${i + 1}`} onClick={() => setSweep({ ...sweep, rows: sweep.rows.filter((_, j) => j !== i) })}>
                      ×
                    </button>
                  </div>
                ))}
                <button type="button" class="small" onClick={() => setSweep({ ...sweep, rows: [...sweep.rows, emptyRow('batchSize')] })}>
                  + sweep another field
                </button>
                <div class="form-grid">
                  <Field label="Early stopping" name="earlyStopping" error={errors.earlyStopping} hint="ASHA stops runs outside the top 1/η at each rung">
                    <label>
                      <input id="f-earlyStopping" type="checkbox" checked={sweep.asha} onChange={(e) => setSweep({ ...sweep, asha: (e.target as HTMLInputElement).checked })} /> ASHA
                    </label>
                  </Field>
                  {sweep.asha && (
                    <>
                      <Field label="Min resource (epochs)" name="minResource" error={errors.minResource ?? errors['earlyStopping.minResource']}>
                        <input id="f-minResource" inputMode="numeric" value={sweep.minResource} onInput={(e) => setSweep({ ...sweep, minResource: (e.target as HTMLInputElement).value })} />
                      </Field>
                      <Field label="Reduction factor η" name="reductionFactor" error={errors.reductionFactor ?? errors['earlyStopping.reductionFactor']}>
                        <input id="f-reductionFactor" inputMode="numeric" value={sweep.reductionFactor} onInput={(e) => setSweep({ ...sweep, reductionFactor: (e.target as HTMLInputElement).value })} />
                      </Field>
                    </>
                  )}
                </div>
              </>
            )}
            {mode === 'shootout' && (
              <Field label="Optimizers" name="optimizers" error={errors.optimizers} hint="each from the same seed, data order and initial weights; learning rates from a short range test each">
                <div class="chips" role="group" aria-label="Optimizers">
                  {Object.keys(OPTIMIZERS).map((o) => (
                    <button type="button" class="chip" aria-pressed={optimizers.includes(o)} onClick={() => setOptimizers(optimizers.includes(o) ? optimizers.filter((x) => x !== o) : [...optimizers, o])}>
                      {o}
                    </button>
                  ))}
                </div>
              </Field>
            )}
            {mode !== 'single' && (
              <div class="sweep-count" role="status" data-count={runCount ?? ''}>
                {countError
                  ? countError
                  : runCount !== null
                    ? `${runCount} run${runCount === 1 ? '' : 's'} will be launched${current?.count !== undefined && current?.count !== null ? '' : ' (counted here)'}`
                    : ''}
                {current?.error ? <div class="field-error">{(current.error as Error).message}</div> : null}
              </div>
            )}
          </fieldset>
        )}

        <div class="form-actions">
          <button type="submit" class="primary" disabled={submitting || (mode !== 'single' && !!countError)}>
            {submitting ? 'Launching…' : original ? 'Launch the clone' : mode === 'sweep' ? `Launch the sweep${runCount ? ` (${runCount} runs)` : ''}` : mode === 'shootout' ? 'Run the shoot-out' : 'Launch'}
          </button>
          <Link class="button" href={original ? `/runs/${original.id}` : '/runs'}>
            Cancel
          </Link>
          {/* A sweep mode and the one-click optimizer shoot-out go here once the platform has sweeps
              (caps.sweeps): both post requestOf(form, …) as the sweep's base config. */}
        </div>
      </form>
    </section>
  );
}

function BuiltinPreview({ spec, caps }: { spec: BuiltinModel['spec']; caps: Capabilities }) {
  const check = useSpecCheck(useMemo(() => JSON.stringify(spec), [spec]), caps);
  return <LayerStack input={spec.input} layers={check.preview?.layers ?? []} specLayers={spec.layers} parameters={check.preview?.parameters} />;
}

function OptionField(props: { o: OptionSpec; prefix: string; value: string; error?: string; changed: boolean; onInput: (v: string) => void }) {
  const { o } = props;
  const name = `${props.prefix}.${o.name}`;
  const id = `f-${name}`;
  const def = o.default === undefined ? undefined : typeof o.default === 'number' ? fmtNumber(o.default, 4) : String(o.default);
  return (
    <Field label={o.label + (o.required ? ' *' : '')} name={name} error={props.error} changed={props.changed} hint={o.hint ?? (def !== undefined ? `default ${def}` : undefined)}>
      {o.kind === 'bool' || o.kind === 'choice' ? (
        <select id={id} value={props.value} onChange={(e) => props.onInput((e.target as HTMLSelectElement).value)}>
          <option value="">default{def !== undefined ? ` (${def})` : ''}</option>
          {(o.kind === 'bool' ? ['true', 'false'] : (o.choices ?? [])).map((c) => (
            <option value={c}>{c}</option>
          ))}
        </select>
      ) : (
        <input id={id} inputMode="decimal" placeholder={def} value={props.value} onInput={(e) => props.onInput((e.target as HTMLInputElement).value)} />
      )}
    </Field>
  );
}

/**
 * A refused sweep's problem spread over the form: `base.optimizer.lr` is the run form's `optimizer.lr`, and
 * `parameters.<field>` is the row that sweeps that field.
 */
function sweepErrors(err: unknown, inputs: string[], sweep: SweepForm): Record<string, string> {
  if (err instanceof ApiError && err.field) {
    const f = err.field;
    let mapped: string | null = null;
    if (f.startsWith('base.')) mapped = f.slice(5);
    else if (f.startsWith('parameters')) {
      const name = f.replace(/^parameters\.?/, '').replace(/^\[['"]?|['"]?\]$/g, '');
      const i = sweep.rows.findIndex((r) => name === r.field || name.startsWith(`${r.field}.`) || name.startsWith(`${r.field}[`));
      const rest = i >= 0 ? name.slice(sweep.rows[i].field.length) : '';
      mapped = i < 0 ? null : sweep.rows[i].mode === 'values' ? `rows[${i}].values` : rest === '.max' ? `rows[${i}].max` : `rows[${i}].min`;
    } else if (f === 'seed') mapped = 'sweepSeed';
    else if (f === 'kind' || f === 'maxRuns' || f === 'metric' || f === 'goal' || f === 'optimizers' || f.startsWith('earlyStopping')) mapped = f.startsWith('earlyStopping.') ? f : f;
    if (mapped) {
      const known = [...inputs, 'metric', 'goal', 'kind', 'maxRuns', 'sweepSeed', 'optimizers', 'earlyStopping', 'earlyStopping.minResource', 'earlyStopping.reductionFactor', ...sweep.rows.flatMap((_, i) => [`rows[${i}].values`, `rows[${i}].min`, `rows[${i}].max`])];
      return formErrors(new ApiError(err.status, { ...err.problem, field: mapped, detail: problemMessage(err.problem) }), known);
    }
  }
  return formErrors(err, inputs);
}

function fieldError(field: string, message: string): ApiError {
  return new ApiError(400, { field, detail: message });
}

function fieldOf(formKey: string): string {
  return (
    ({ lr: 'optimizer.lr', optimizer: 'optimizer.type', schedule: 'schedule.type', specText: 'spec', builtin: 'spec', modelMode: 'spec', newExperiment: 'experimentId' } as Record<string, string>)[formKey] ?? formKey
  );
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
