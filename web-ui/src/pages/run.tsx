import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Capabilities } from '../api/capabilities';
import { getModel } from '../api/catalog';
import { artifactUrl, cancelRun, getRun, metricsCsvUrl, modelDownloadUrl, runArtifacts, runAttempts, runSeries, streamUrl } from '../api/runs';
import type { ArtifactView, MetricPoint, ModelView, RunAttempt, RunView } from '../api/types';
import { fmtBytes, fmtDuration, fmtNumber, fmtTime, runDuration, shortHash } from '../data/format';
import { flatten } from '../data/hparams';
import { RunLive } from '../data/live';
import { append, compact, fromServer, lastStep, type Series } from '../data/series';
import { epochMap, timeMap, X_LABELS, type StepMap, type XMode } from '../data/xaxis';
import { useAsync, useNow } from '../hooks';
import { recordLiveLatency } from '../perf';
import { setQuery } from '../router';
import { Chart, type ChartLine } from '../ui/chart';
import { ErrorBox, KeyValues, Link, PageHeader, Spinner, StatusBadge } from '../ui/components';
import { CurveControls, seriesLines, useUnit, xFormatter } from '../ui/curves';
import { LayerStack } from '../ui/model';
import { datasetName, experimentName, names, type Names } from '../ui/names';

/** Points a chart reads from the server at first, and the most a live series holds before it is halved. */
const HISTORY_POINTS = 2000;
const LIVE_MAX = 4000;

interface Group {
  title: string;
  keys: string[];
}

const GROUPS: Group[] = [
  { title: 'Loss', keys: ['train/loss', 'train/epoch_loss', 'val/loss', 'test/loss'] },
  { title: 'Accuracy', keys: ['train/accuracy', 'train/epoch_accuracy', 'val/accuracy', 'test/accuracy'] },
  { title: 'Learning rate', keys: ['lr'] },
  { title: 'Gradient norm', keys: ['grad_norm'] },
  { title: 'Throughput (samples/s)', keys: ['throughput/samples_per_s'] },
];

const KEY_COLORS: Record<string, string> = {
  'train/loss': '#4e79a7',
  'train/accuracy': '#4e79a7',
  'train/epoch_loss': '#f28e2b',
  'train/epoch_accuracy': '#f28e2b',
  'val/loss': '#59a14f',
  'val/accuracy': '#59a14f',
  'test/loss': '#e15759',
  'test/accuracy': '#e15759',
  lr: '#b07aa1',
  grad_norm: '#9c755f',
  'throughput/samples_per_s': '#76b7b2',
};

/** Groups for the keys a run has: the known ones first, then one chart per other key (the epoch counter aside). */
export function groupsFor(keys: Iterable<string>): Group[] {
  const all = [...keys].filter((k) => k !== 'epoch');
  const out = GROUPS.map((g) => ({ ...g, keys: g.keys.filter((k) => all.includes(k)) })).filter((g) => g.keys.length);
  const known = new Set(GROUPS.flatMap((g) => g.keys));
  for (const k of all.sort()) if (!known.has(k)) out.push({ title: k, keys: [k] });
  return out;
}

export function RunPage({ params, query, caps }: { params: Record<string, string>; query: URLSearchParams; caps: Capabilities }) {
  const id = Number(params.id);
  const now = useNow(1000);
  const [run, setRun] = useState<RunView | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [deleted, setDeleted] = useState(false);
  const store = useRef(new Map<string, Series>());
  const [version, setVersion] = useState(0);
  const frame = useRef(0);
  const pendingLatency = useRef<number[]>([]);
  const [nameMap, setNameMap] = useState<Names>();
  useEffect(() => void names().then(setNameMap, () => {}), []);

  const smoothing = Number(query.get('smooth') ?? 0.6);
  const log = query.get('log') === '1';
  const xWanted = (query.get('x') ?? 'step') as XMode;
  const [range, setRange] = useState<[number, number] | null>(null);

  const redraw = () => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      setVersion((v) => v + 1);
    });
  };

  useEffect(() => {
    const ctrl = new AbortController();
    let refreshing = false;
    const refreshRun = () => {
      if (refreshing) return;
      refreshing = true;
      getRun(id, ctrl.signal)
        .then(setRun, () => {})
        .finally(() => (refreshing = false));
    };
    const live = new RunLive(streamUrl(id), {
      status: (s) => {
        setRun((r) => (r ? { ...r, ...s, status: s.status as RunView['status'] } : r));
        refreshRun();
      },
      points: (points) => {
        addPoints(points);
        // The latest values follow the stream too, not only the charts.
        setRun((r) => {
          if (!r) return r;
          const latest = { ...r.latest };
          for (const p of points)
            if (!latest[p.key] || p.step >= latest[p.key].step)
              latest[p.key] = { step: p.step, value: p.value, timestamp: p.timestamp ?? '' };
          return { ...r, latest };
        });
        for (const p of points) if (p.key === 'train/loss' && p.timestamp) pendingLatency.current.push(Date.parse(p.timestamp));
        redraw();
      },
      reconnected: () => fillGap(),
      ended: (status) => {
        if (status === 'DELETED') setDeleted(true);
        else refreshRun();
      },
    }).start();

    function addPoints(points: MetricPoint[]) {
      const byKey = new Map<string, MetricPoint[]>();
      for (const p of points) {
        const list = byKey.get(p.key) ?? [];
        list.push(p);
        byKey.set(p.key, list);
      }
      for (const [key, list] of byKey) {
        let s = store.current.get(key);
        if (!s) store.current.set(key, (s = fromServer({ key, downsampled: false, fromStep: 0, toStep: 0, bucketWidth: 1, points: [], buckets: null })));
        append(s, list);
        if (s.step.length > LIVE_MAX) compact(s, LIVE_MAX / 2);
      }
    }

    async function fillGap() {
      const from = Math.min(...[...store.current.values()].map((s) => lastStep(s) + 1), Infinity);
      const series = await runSeries(id, { maxPoints: 10_000, fromStep: Number.isFinite(from) ? from : 0 }, ctrl.signal).catch(() => []);
      const points: MetricPoint[] = [];
      for (const s of series)
        for (const p of s.points ?? s.buckets?.map((b) => ({ step: b.lastStep, value: b.last, timestamp: null })) ?? [])
          points.push({ key: s.key, step: p.step, value: p.value, timestamp: p.timestamp });
      live.fill(points);
    }

    Promise.all([getRun(id, ctrl.signal), runSeries(id, { maxPoints: HISTORY_POINTS }, ctrl.signal)]).then(
      ([r, series]) => {
        setRun(r);
        const last = new Map<string, number>();
        for (const s of series) {
          const held = fromServer(s);
          store.current.set(s.key, held);
          last.set(s.key, lastStep(held));
        }
        live.historyLoaded(last);
        redraw();
      },
      (e) => {
        if ((e as Error).name !== 'AbortError') setLoadError(e);
      },
    );
    return () => {
      ctrl.abort();
      live.close();
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
  }, [id]);

  const model = useAsync<ModelView | null>(() => (run ? getModel(run.modelId) : Promise.resolve(null)), [run?.modelId]);
  // Attempts and artifacts change when the run does: read again on each status change.
  const attempts = useAsync<RunAttempt[] | null>(
    (signal) => (caps.attempts && run ? runAttempts(run.id, signal) : Promise.resolve(null)),
    [caps.attempts, run?.id, run?.status, run?.attempt],
  );
  const artifacts = useAsync<ArtifactView[] | null>(
    (signal) => (caps.artifacts && run ? runArtifacts(run.id, signal) : Promise.resolve(null)),
    [caps.artifacts, run?.id, run?.status],
  );

  const series = store.current;
  const epochs = useMemo(() => epochMap(series.get('epoch')), [version]);
  const startMs = run?.startedAt ? Date.parse(run.startedAt) : run ? Date.parse(run.createdAt) : 0;
  const times = useMemo(() => (run ? timeMap(series.values(), startMs) : null), [version, startMs]);
  const available: Record<XMode, boolean> = { step: true, epoch: epochs !== null, time: times !== null };
  const x: XMode = available[xWanted] ? xWanted : 'step';
  const map: StepMap | null = x === 'epoch' ? epochs : x === 'time' ? times : null;
  useEffect(() => setRange(null), [x]);
  const unit = useUnit([...series.values()], () => map, [version, x]);

  const charts = useMemo(
    () =>
      groupsFor(series.keys()).map((g) => ({
        title: g.title,
        lines: g.keys.flatMap((k, i) =>
          seriesLines(series.get(k)!, {
            id: k,
            label: k,
            color: KEY_COLORS[k] ?? ['#4e79a7', '#f28e2b', '#59a14f', '#e15759'][i % 4],
            map,
            smoothing,
            unit,
            envelope: true,
          }),
        ) as ChartLine[],
      })),
    [version, smoothing, x, map, unit],
  );

  if (loadError) return <ErrorBox error={loadError} title={`Could not load run #${id}`} />;
  if (!run) return <Spinner />;

  const active = run.status === 'QUEUED' || run.status === 'RUNNING';
  const cancel = async () => {
    setActionError(null);
    try {
      setRun(await cancelRun(run.id));
    } catch (e) {
      setActionError(e);
    }
  };
  const result = run.result;
  const config = flatten(run.config);

  return (
    <section>
      <PageHeader
        title={
          <>
            Run #{run.id} {run.name && <span class="muted">{run.name}</span>} <StatusBadge status={deleted ? 'DELETED' : run.status} cancelRequested={run.cancelRequested} />
          </>
        }
        sub={
          <>
            {experimentName(nameMap, run.experimentId)} · {datasetName(nameMap, run.datasetId)} · {model.data ? `${model.data.name} v${model.data.version}` : `model #${run.modelId}`} · {run.config.optimizer.type} lr {fmtNumber(run.config.optimizer.lr)} · batch {run.config.batchSize}
          </>
        }
      >
        {active && !run.cancelRequested && (
          <button onClick={cancel} class="danger">
            Cancel
          </button>
        )}
        <Link class="button" href={`/launch?from=${run.id}`}>
          Clone
        </Link>
        <Link class="button" href={`/compare?runs=${run.id}`}>
          Compare…
        </Link>
        <a class="button" href={metricsCsvUrl(run.id)} download>
          Metrics CSV
        </a>
        {caps.modelDownload && run.status === 'SUCCEEDED' && (
          <a class="button" href={modelDownloadUrl(run.id)} download>
            Model (safetensors)
          </a>
        )}
      </PageHeader>
      <ErrorBox error={actionError} />
      {deleted && <div class="notice">This run was deleted.</div>}

      <div class="split">
        <div>
          <CurveControls
            smoothing={smoothing}
            onSmoothing={(v) => setQuery({ smooth: v === 0.6 ? null : v })}
            log={log}
            onLog={(v) => setQuery({ log: v ? 1 : null })}
            x={x}
            onX={(m) => setQuery({ x: m === 'step' ? null : m })}
            available={available}
          />
          {charts.length === 0 ? (
            <div class="notice">{run.status === 'QUEUED' ? 'Queued: the charts start when a worker picks it up.' : 'No metrics logged.'}</div>
          ) : (
            <div class="charts">
              {charts.map((c) => (
                <Chart
                  key={c.title}
                  title={c.title}
                  lines={c.lines}
                  xLabel={X_LABELS[x]}
                  xFormat={xFormatter(x)}
                  log={log}
                  range={range}
                  onRange={setRange}
                  syncKey={`run-${run.id}`}
                  onDraw={
                    c.title === 'Loss'
                      ? () => {
                          const t = Date.now();
                          for (const ts of pendingLatency.current) recordLiveLatency(t - ts);
                          pendingLatency.current = [];
                        }
                      : undefined
                  }
                />
              ))}
            </div>
          )}
        </div>
        <aside>
          <div class="panel">
            <h2>Status</h2>
            <KeyValues
              items={[
                ['status', <StatusBadge status={deleted ? 'DELETED' : run.status} cancelRequested={run.cancelRequested} />],
                ['attempt', `${run.attempt} of ${run.maxAttempts}`],
                ...(run.statusMessage ? [['why', run.statusMessage] as [string, preact.ComponentChildren]] : []),
                ['worker', run.workerId || run.worker ? <Link href="/workers">{run.workerId ?? run.worker}</Link> : '—'],
                ['engine · device', `${run.engine} · ${run.device}`],
                ['created', fmtTime(run.createdAt)],
                ['started', fmtTime(run.startedAt)],
                ['finished', fmtTime(run.finishedAt)],
                ['duration', fmtDuration(runDuration(run, now))],
                ...(run.error ? [['error', <span class="field-error">{run.error}</span>] as [string, preact.ComponentChildren]] : []),
                ...(result
                  ? ([
                      ['result', result.message ? `${result.status.toLowerCase().replace('_', ' ')}: ${result.message}` : result.status.toLowerCase().replace('_', ' ')],
                      ['trained', `${result.epochs} epochs, ${fmtNumber(result.steps)} steps, ${fmtNumber(result.samplesPerSecond, 4)} samples/s`],
                    ] as [string, preact.ComponentChildren][])
                  : []),
              ]}
            />
            {attempts.data && attempts.data.length > 0 && (
              <>
                <h3>Attempts</h3>
                <ol class="attempts">
                  {attempts.data.map((a) => (
                    <li data-attempt={a.number ?? a.attempt}>
                      attempt {a.attempt} on {a.worker ?? a.workerId ?? '—'}
                      {a.device ? ` · ${a.device}` : ''}
                      {a.status ? <> <StatusBadge status={a.status} /></> : null}
                      {a.claimedAt ? <span class="muted"> · {fmtTime(a.claimedAt)}</span> : null}
                      {a.reason || a.message ? (
                        <div class="stop-reason">
                          {a.message ?? ''}
                          {a.reason && !a.message ? a.reason.toLowerCase().replace(/_/g, ' ') : ''}
                        </div>
                      ) : a.endedAt || a.finishedAt ? null : (
                        <div class="stop-reason">running</div>
                      )}
                    </li>
                  ))}
                </ol>
              </>
            )}
          </div>
          {artifacts.data && (
            <div class="panel artifacts">
              <h2>Artifacts</h2>
              {artifacts.data.length === 0 ? (
                <div class="muted">none yet</div>
              ) : (
                <table class="data">
                  <tbody>
                    {artifacts.data.map((a) => (
                      <tr data-artifact={a.name}>
                        <td>
                          <a href={artifactUrl(run.id, a.name)} download>
                            {a.name}
                          </a>
                          <div class="hint">
                            {a.kind.toLowerCase()} · <span title={a.sha256}>sha256 {shortHash(a.sha256)}</span>
                          </div>
                        </td>
                        <td class="num">{fmtBytes(a.size)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          )}
          <div class="panel">
            <h2>Latest values</h2>
            <KeyValues items={Object.entries(run.latest ?? {}).map(([k, l]) => [k, `${fmtNumber(l.value)} @ ${fmtNumber(l.step)}`])} />
            {Object.keys(run.latest ?? {}).length === 0 && <div class="muted">none yet</div>}
          </div>
          <div class="panel">
            <h2>Config</h2>
            <KeyValues items={Object.entries(config).map(([k, v]) => [k, <code>{String(v)}</code>])} />
          </div>
          <div class="panel">
            <h2>
              Model {model.data && <Link href={`/models/${model.data.id}`}>{`${model.data.name} v${model.data.version}`}</Link>}
            </h2>
            {model.data ? (
              <LayerStack input={model.data.spec.input} layers={model.data.layers} specLayers={model.data.spec.layers} parameters={model.data.parameters} />
            ) : (
              <ErrorBox error={model.error} />
            )}
          </div>
        </aside>
      </div>
    </section>
  );
}
