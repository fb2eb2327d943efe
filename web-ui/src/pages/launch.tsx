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

  async function submit(e: Event) {
    e.preventDefault();
    setSubmitting(true);
    setErrors({});
    try {
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

      const request = requestOf(form, experimentId, modelId);
      let run: RunView;
      const changes = original && originalRequest ? cloneChanges(originalRequest, request) : null;
      if (original && changes) run = await cloneRun(original.id, changes);
      else run = await createRun(request);
      forgetNames();
      navigate(`/runs/${run.id}`);
    } catch (err) {
      setErrors(formErrors(err, inputs));
      setSubmitting(false);
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.has-error input, .has-error select, .has-error textarea, .error-box')?.focus());
    }
  }

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

        <div class="form-actions">
          <button type="submit" class="primary" disabled={submitting}>
            {submitting ? 'Launching…' : original ? 'Launch the clone' : 'Launch'}
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
