import { useState } from 'preact/hooks';
import type { Capabilities } from '../api/capabilities';
import { allPages, getModel, listModels, newModelVersion } from '../api/catalog';
import { ApiError, problemMessage } from '../api/problem';
import { fmtNumber, fmtShape, fmtTime } from '../data/format';
import { useAsync } from '../hooks';
import { navigate } from '../router';
import { ErrorBox, Link, PageHeader, Spinner } from '../ui/components';
import { LayerStack, SpecEditor } from '../ui/model';
import { forgetNames } from '../ui/names';

export function ModelsPage() {
  const list = useAsync(() => allPages((p) => listModels(p)), []);
  return (
    <section>
      <PageHeader title="Models" sub="Model specs, versioned by name; a stored version never changes.">
        <Link class="button" href="/launch">
          Write a spec and launch
        </Link>
      </PageHeader>
      {list.error ? <ErrorBox error={list.error} /> : null}
      {!list.data ? (
        <Spinner />
      ) : (
        <div class="table-wrap">
          <table class="data">
            <thead>
              <tr>
                <th>Model</th>
                <th class="num">Version</th>
                <th>Input</th>
                <th>Output</th>
                <th class="num">Layers</th>
                <th class="num">Parameters</th>
                <th>Loss</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((m) => (
                <tr data-model={m.id}>
                  <td>
                    <Link href={`/models/${m.id}`}>
                      #{m.id} {m.name}
                    </Link>
                  </td>
                  <td class="num">v{m.version}</td>
                  <td class="mono">{fmtShape(m.spec.input)}</td>
                  <td class="mono">{fmtShape(m.outputShape)}</td>
                  <td class="num">{m.layers?.length ?? m.spec.layers.length}</td>
                  <td class="num">{fmtNumber(m.parameters)}</td>
                  <td class="mono">{typeof m.spec.loss === 'string' ? m.spec.loss : m.spec.loss ? JSON.stringify(m.spec.loss) : 'cross_entropy'}</td>
                  <td>{fmtTime(m.createdAt)}</td>
                </tr>
              ))}
              {list.data.length === 0 && (
                <tr>
                  <td colSpan={8} class="muted">
                    No models yet: <Link href="/launch">write a spec or pick a built-in one</Link>.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ModelPage({ params, caps }: { params: Record<string, string>; caps: Capabilities }) {
  const id = Number(params.id);
  const m = useAsync(() => getModel(id), [id]);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  if (m.error) return <ErrorBox error={m.error} title={`Could not load model #${id}`} />;
  if (!m.data) return <Spinner />;
  const model = m.data;

  async function save() {
    setSaving(true);
    setError(undefined);
    try {
      const v = await newModelVersion(model.id, JSON.parse(editing!));
      forgetNames();
      setEditing(null);
      navigate(`/models/${v.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? (e.field && e.field !== '$' ? `${e.field}: ` : '') + problemMessage(e.problem) : (e as Error).message);
    } finally {
      setSaving(false);
    }
  }

  return (
    <section>
      <PageHeader
        title={`${model.name} v${model.version}`}
        sub={
          <>
            {fmtNumber(model.parameters)} parameters · input {fmtShape(model.spec.input)} → output {fmtShape(model.outputShape)} · stored {fmtTime(model.createdAt)}
            {model.versions && model.versions.length > 1 && (
              <>
                {' '}
                · versions:{' '}
                {model.versions.map((v) => (
                  <>
                    {v.id === model.id ? <strong>v{v.version}</strong> : <Link href={`/models/${v.id}`}>v{v.version}</Link>}{' '}
                  </>
                ))}
              </>
            )}
          </>
        }
      >
        <Link class="button primary" href={`/launch?model=${model.id}`}>
          Launch a run with it
        </Link>
        <button onClick={() => setEditing(JSON.stringify(model.spec, null, 2))} disabled={editing !== null}>
          Edit as a new version
        </button>
      </PageHeader>
      {editing !== null ? (
        <div class="panel">
          <SpecEditor value={editing} onInput={setEditing} caps={caps} error={error} rows={20} />
          <div class="form-actions">
            <button class="primary" onClick={save} disabled={saving}>
              Store as v{(model.versions?.length ? Math.max(...model.versions.map((v) => v.version)) : model.version) + 1}
            </button>
            <button onClick={() => (setEditing(null), setError(undefined))}>Cancel</button>
          </div>
        </div>
      ) : (
        <div class="grid-2">
          <div class="panel">
            <h2>Layers</h2>
            <LayerStack input={model.spec.input} layers={model.layers} specLayers={model.spec.layers} parameters={model.parameters} />
          </div>
          <div class="panel">
            <h2>Spec</h2>
            <pre class="json">{JSON.stringify(model.spec, null, 2)}</pre>
          </div>
        </div>
      )}
    </section>
  );
}
