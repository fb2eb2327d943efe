import { useEffect, useState } from 'preact/hooks';
import type { Capabilities } from '../api/capabilities';
import { allPages, datasetFromSource, datasetSamples, deleteDataset, getDataset, listDatasets, samplesPngUrl } from '../api/catalog';
import { formErrors } from '../api/problem';
import type { DatasetSamples, DatasetView } from '../api/types';
import { uploadForm } from '../api/upload';
import { fmtBytes, fmtNumber, fmtShape, fmtTime, shortHash } from '../data/format';
import { useAsync } from '../hooks';
import { navigate } from '../router';
import { Dialog, ErrorBox, Field, KeyValues, Link, PageHeader, Spinner } from '../ui/components';
import { forgetNames } from '../ui/names';

const IDX_PARTS = [
  ['trainImages', 'Train images'],
  ['trainLabels', 'Train labels'],
  ['testImages', 'Test images'],
  ['testLabels', 'Test labels'],
] as const;
const CSV_PARTS = [
  ['trainCsv', 'Train CSV'],
  ['testCsv', 'Test CSV'],
] as const;
const SYNTHETIC = ['spirals', 'moons', 'blobs', 'xor', 'parabola', 'sine'];

export function DatasetsPage(_: { caps: Capabilities }) {
  const list = useAsync(() => allPages((p) => listDatasets(p)), []);
  return (
    <section>
      <PageHeader title="Datasets" sub="Stored datasets, each with its files' hashes; identical data is stored once." />
      <div class="split">
        <div>
          {list.error ? <ErrorBox error={list.error} /> : null}
          {!list.data ? (
            <Spinner />
          ) : (
            <div class="table-wrap">
              <table class="data">
                <thead>
                  <tr>
                    <th>Dataset</th>
                    <th>Source</th>
                    <th class="num">Train</th>
                    <th class="num">Test</th>
                    <th>Sample shape</th>
                    <th class="num">Classes</th>
                    <th class="num">Size</th>
                    <th>sha256</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.map((d) => (
                    <tr data-dataset={d.id}>
                      <td>
                        <Link href={`/datasets/${d.id}`}>
                          #{d.id} {d.name}
                        </Link>
                      </td>
                      <td>
                        {d.source} · {d.format}
                      </td>
                      <td class="num">{fmtNumber(d.trainSize)}</td>
                      <td class="num">{fmtNumber(d.testSize)}</td>
                      <td class="mono">{fmtShape(d.sampleShape)}</td>
                      <td class="num">{d.numClasses ?? '—'}</td>
                      <td class="num">{fmtBytes(d.sizeBytes)}</td>
                      <td class="mono" title={d.sha256}>
                        {shortHash(d.sha256)}
                      </td>
                    </tr>
                  ))}
                  {list.data.length === 0 && (
                    <tr>
                      <td colSpan={8} class="muted">
                        No datasets yet: add one.
                      </td>
                    </tr>
                  )}
                </tbody>
              </table>
            </div>
          )}
        </div>
        <AddDataset onAdded={(d) => (forgetNames(), navigate(`/datasets/${d.id}`))} />
      </div>
    </section>
  );
}

type Mode = 'idx' | 'csv' | 'fashion-mnist' | 'synthetic';

function AddDataset({ onAdded }: { onAdded: (d: DatasetView) => void }) {
  const [mode, setMode] = useState<Mode>('idx');
  const [files, setFiles] = useState<Record<string, File | undefined>>({});
  const [name, setName] = useState('');
  const [sampleShape, setSampleShape] = useState('');
  const [kind, setKind] = useState('spirals');
  const [n, setN] = useState('');
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [abort, setAbort] = useState<(() => void) | null>(null);

  const inputs = ['name', 'sampleShape', 'kind', 'n', 'source', 'file', ...IDX_PARTS.map((p) => p[0]), ...CSV_PARTS.map((p) => p[0])];

  async function submit(e: Event) {
    e.preventDefault();
    setErrors({});
    setBusy(true);
    try {
      let d: DatasetView;
      if (mode === 'idx' || mode === 'csv') {
        const form = new FormData();
        for (const [part] of mode === 'idx' ? IDX_PARTS : CSV_PARTS) {
          const f = files[part];
          if (f) form.append(part, f, f.name);
        }
        if (name.trim()) form.append('name', name.trim());
        if (mode === 'csv' && sampleShape.trim()) form.append('sampleShape', sampleShape.trim());
        setProgress({ sent: 0, total: 1 });
        const up = uploadForm<DatasetView>('/api/datasets', form, (sent, total) => setProgress({ sent, total }));
        setAbort(() => up.abort);
        d = await up.done;
      } else if (mode === 'fashion-mnist') {
        d = await datasetFromSource({ source: 'fashion-mnist', ...(name.trim() ? { name: name.trim() } : {}) });
      } else {
        const body: Record<string, unknown> = { source: 'synthetic', kind };
        if (n.trim()) body.n = Number(n) || n;
        if (name.trim()) body.name = name.trim();
        d = await datasetFromSource(body);
      }
      onAdded(d);
    } catch (err) {
      setErrors(formErrors(err, inputs));
    } finally {
      setBusy(false);
      setAbort(null);
    }
  }

  const fileField = ([part, label]: readonly [string, string]) => (
    <Field label={label} name={part} error={errors[part]}>
      <input id={`f-${part}`} type="file" name={part} onChange={(e) => setFiles({ ...files, [part]: (e.target as HTMLInputElement).files?.[0] })} />
    </Field>
  );

  return (
    <form class="panel" onSubmit={submit} aria-label="Add a dataset">
      <h2>Add a dataset</h2>
      <div class="radio-row" role="radiogroup" aria-label="Where the data comes from">
        {(
          [
            ['idx', 'IDX files'],
            ['csv', 'CSV'],
            ['fashion-mnist', 'Fashion-MNIST'],
            ['synthetic', 'Synthetic'],
          ] as const
        ).map(([m, label]) => (
          <label>
            <input type="radio" name="mode" checked={mode === m} onChange={() => (setMode(m), setErrors({}))} /> {label}
          </label>
        ))}
      </div>
      <ErrorBox error={errors['']} />
      <div class="form-grid" style={{ gridTemplateColumns: '1fr' }}>
        {mode === 'idx' && IDX_PARTS.map(fileField)}
        {mode === 'idx' && <div class="hint">MNIST's layout: images and labels, each may be gzipped; the test pair is optional.</div>}
        {mode === 'csv' && CSV_PARTS.map(fileField)}
        {mode === 'csv' && (
          <Field label="Sample shape" name="sampleShape" error={errors.sampleShape} hint="e.g. 1,28,28 (label,p0,…,pN rows)">
            <input id="f-sampleShape" value={sampleShape} onInput={(e) => setSampleShape((e.target as HTMLInputElement).value)} />
          </Field>
        )}
        {mode === 'fashion-mnist' && <div class="hint">Reads the Fashion-MNIST files installed on the platform's machine (Debian package dataset-fashion-mnist).</div>}
        {mode === 'synthetic' && (
          <>
            <Field label="Kind" name="kind" error={errors.kind}>
              <select id="f-kind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value)}>
                {SYNTHETIC.map((k) => (
                  <option value={k}>{k}</option>
                ))}
              </select>
            </Field>
            <Field label="Samples" name="n" error={errors.n} hint="default 1,200">
              <input id="f-n" inputMode="numeric" value={n} onInput={(e) => setN((e.target as HTMLInputElement).value)} />
            </Field>
          </>
        )}
        <Field label="Name (optional)" name="name" error={errors.name}>
          <input id="f-name" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </Field>
        {errors.file && <div class="field-error">{errors.file}</div>}
        {progress && busy && (
          <div class="upload-progress">
            <progress value={progress.sent} max={progress.total || 1} aria-label="Upload progress" />
            <div class="hint">
              {progress.sent >= progress.total && progress.total > 0
                ? 'uploaded; the platform is reading the files…'
                : `${fmtBytes(progress.sent)} of ${fmtBytes(progress.total)}`}
            </div>
          </div>
        )}
      </div>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Adding…' : mode === 'idx' || mode === 'csv' ? 'Upload' : 'Add'}
        </button>
        {abort && (
          <button type="button" onClick={abort}>
            Stop the upload
          </button>
        )}
      </div>
    </form>
  );
}

const PER_PAGE = 64;

export function DatasetPage({ params }: { params: Record<string, string> }) {
  const id = Number(params.id);
  const d = useAsync(() => getDataset(id), [id]);
  const [split, setSplit] = useState<'train' | 'test'>('train');
  const [offset, setOffset] = useState(0);
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const total = d.data ? (split === 'train' ? d.data.trainSize : d.data.testSize) : 0;
  const limit = Math.min(PER_PAGE, Math.max(0, total - offset));

  if (d.error) return <ErrorBox error={d.error} title={`Could not load dataset #${id}`} />;
  if (!d.data) return <Spinner />;
  const ds = d.data;
  const image = isImage(ds.sampleShape);
  return (
    <section>
      <PageHeader title={`Dataset #${ds.id} ${ds.name}`} sub={`${ds.source} · ${ds.format} · added ${fmtTime(ds.createdAt)}`}>
        <Link class="button primary" href={`/launch?dataset=${ds.id}`}>
          Launch a run on it
        </Link>
        <button class="danger" onClick={() => setConfirm(true)}>
          Delete
        </button>
      </PageHeader>
      <ErrorBox error={error} />
      <div class="grid-2">
        <div class="panel">
          <h2>Facts</h2>
          <KeyValues
            items={[
              ['train samples', fmtNumber(ds.trainSize)],
              ['test samples', fmtNumber(ds.testSize)],
              ['sample shape', <code>{fmtShape(ds.sampleShape)}</code>],
              ['classes', ds.numClasses ?? 'none (regression targets)'],
              ['stored size', fmtBytes(ds.sizeBytes)],
              ['sha256', <code class="hash">{ds.sha256}</code>],
              ...(Object.keys(ds.options ?? {}).length ? ([['options', <code>{JSON.stringify(ds.options)}</code>]] as [string, preact.ComponentChildren][]) : []),
            ]}
          />
          {ds.files && ds.files.length > 0 && (
            <>
              <h3>Files</h3>
              <table class="data">
                <thead>
                  <tr>
                    <th>Role</th>
                    <th class="num">Size</th>
                    <th>sha256</th>
                  </tr>
                </thead>
                <tbody>
                  {ds.files.map((f) => (
                    <tr>
                      <td>{f.role}</td>
                      <td class="num">{fmtBytes(f.sizeBytes)}</td>
                      <td class="mono" title={f.sha256}>
                        {shortHash(f.sha256)}…
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
        <div class="panel">
          <h2>Classes</h2>
          {ds.classHistogram ? <Histogram hist={ds.classHistogram} /> : <div class="muted">Regression targets: no classes.</div>}
        </div>
      </div>
      <div class="panel">
        <div class="toolbar" style={{ justifyContent: 'space-between' }}>
          <h2 style={{ margin: 0 }}>Samples</h2>
          <div class="toolbar" style={{ margin: 0 }}>
            <span class="segmented" role="group" aria-label="Split">
              {(['train', 'test'] as const).map((s) => (
                <button aria-pressed={split === s} onClick={() => (setSplit(s), setOffset(0))}>
                  {s}
                </button>
              ))}
            </span>
            <button disabled={offset <= 0} onClick={() => setOffset(Math.max(0, offset - PER_PAGE))} aria-label="Previous samples">
              ‹
            </button>
            <span class="muted">
              {total ? `${fmtNumber(offset + 1)}–${fmtNumber(offset + limit)} of ${fmtNumber(total)}` : 'none'}
            </span>
            <button disabled={offset + PER_PAGE >= total} onClick={() => setOffset(offset + PER_PAGE)} aria-label="Next samples">
              ›
            </button>
          </div>
        </div>
        {total === 0 ? (
          <div class="muted">This split is empty.</div>
        ) : image ? (
          <SampleGrid dataset={ds} split={split} offset={offset} limit={limit} />
        ) : (
          <SampleTable dataset={ds} split={split} offset={offset} limit={Math.min(limit, 20)} />
        )}
      </div>
      <Dialog
        open={confirm}
        title={`Delete dataset #${ds.id}?`}
        onClose={() => setConfirm(false)}
        actions={
          <>
            <button onClick={() => setConfirm(false)} autofocus>
              Keep
            </button>
            <button
              class="danger"
              onClick={async () => {
                setConfirm(false);
                try {
                  await deleteDataset(ds.id);
                  forgetNames();
                  navigate('/datasets');
                } catch (e) {
                  setError(e);
                }
              }}
            >
              Delete
            </button>
          </>
        }
      >
        Its files are deleted with it. Runs that trained on it keep their metrics.
      </Dialog>
    </section>
  );
}

function isImage(shape: number[]): boolean {
  return (shape.length === 3 && (shape[0] === 1 || shape[0] === 3)) || shape.length === 2;
}

/** The platform's PNG strip of samples (16 to a row), with each sample's label over its corner. */
function SampleGrid({ dataset, split, offset, limit }: { dataset: DatasetView; split: string; offset: number; limit: number }) {
  const [labels, setLabels] = useState<DatasetSamples | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let stale = false;
    setLabels(null);
    datasetSamples(dataset.id, split, offset, limit).then(
      (s) => !stale && setLabels(s),
      (e) => !stale && setError(e),
    );
    return () => void (stale = true);
  }, [dataset.id, split, offset, limit]);
  const h = dataset.sampleShape[dataset.sampleShape.length - 2];
  const w = dataset.sampleShape[dataset.sampleShape.length - 1];
  const perRow = Math.min(16, limit);
  const rows = Math.ceil(limit / perRow);
  const scale = Math.max(1, Math.min(3, Math.floor(56 / Math.max(h, w)) || 1));
  return (
    <div>
      <ErrorBox error={error} />
      <div class="samples" style={{ width: perRow * w * scale, height: rows * h * scale }}>
        <img
          src={samplesPngUrl(dataset.id, split, offset, limit)}
          width={perRow * w * scale}
          height={rows * h * scale}
          alt={`${limit} ${split} samples from ${offset + 1}`}
        />
        <div class="labels" style={{ gridTemplateColumns: `repeat(${perRow}, ${w * scale}px)`, gridAutoRows: `${h * scale}px` }}>
          {labels?.samples.map((s) => (
            <span title={`#${s.index}`}>{String(s.target)}</span>
          ))}
        </div>
      </div>
    </div>
  );
}

function SampleTable({ dataset, split, offset, limit }: { dataset: DatasetView; split: string; offset: number; limit: number }) {
  const s = useAsync(() => datasetSamples(dataset.id, split, offset, limit), [dataset.id, split, offset, limit]);
  if (s.error) return <ErrorBox error={s.error} />;
  if (!s.data) return <Spinner />;
  return (
    <table class="data">
      <thead>
        <tr>
          <th class="num">#</th>
          <th>Target</th>
          <th>Values</th>
        </tr>
      </thead>
      <tbody>
        {s.data.samples.map((x) => (
          <tr>
            <td class="num">{x.index}</td>
            <td>{fmtNumber(x.target)}</td>
            <td class="mono">{x.values.slice(0, 12).map((v) => fmtNumber(v, 3)).join(', ')}{x.values.length > 12 ? ', …' : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Samples per class, train and test side by side. */
function Histogram({ hist }: { hist: NonNullable<DatasetView['classHistogram']> }) {
  const train = hist.train ?? [];
  const test = hist.test ?? [];
  const classes = Math.max(train.length, test.length);
  const max = Math.max(1, ...train, ...test);
  return (
    <div>
      <div class="histogram" role="img" aria-label={`samples per class: ${train.join(', ')}`}>
        {Array.from({ length: classes }, (_, c) => (
          <div class="bar" title={`class ${c}: ${train[c] ?? 0} train, ${test[c] ?? 0} test`}>
            <div style={{ display: 'flex', gap: '1px', alignItems: 'flex-end', width: '100%', height: '100%' }}>
              <div class="fill" style={{ height: `${((train[c] ?? 0) / max) * 100}%` }} />
              {test.length > 0 && <div class="fill test" style={{ height: `${((test[c] ?? 0) / max) * 100}%` }} />}
            </div>
            <div class="label">{c}</div>
          </div>
        ))}
      </div>
      <div class="legend">
        <span>
          <span class="swatch" style={{ background: 'var(--accent)' }} /> train
        </span>
        {test.length > 0 && (
          <span>
            <span class="swatch" style={{ background: 'color-mix(in srgb, var(--accent) 45%, var(--panel))' }} /> test
          </span>
        )}
      </div>
    </div>
  );
}
