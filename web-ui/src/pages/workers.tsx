import { listWorkers } from '../api/catalog';
import { getRun } from '../api/runs';
import type { RunView, WorkerView } from '../api/types';
import { fmtAgo, fmtNumber, fmtTime } from '../data/format';
import { useAsync, useInterval, useNow } from '../hooks';
import { ErrorBox, Link, PageHeader, Spinner, StatusBadge } from '../ui/components';

const POLL_MS = 2000;

interface Row {
  worker: WorkerView;
  run: RunView | null;
}

/** Every worker seen in the last day, refreshed every two seconds, with the run each is training. */
export function WorkersPage() {
  const now = useNow(1000);
  const list = useAsync<Row[]>(async (signal) => {
    const workers = await listWorkers();
    return Promise.all(
      workers.map(async (w) => ({ worker: w, run: w.currentRunId ? await getRun(w.currentRunId, signal).catch(() => null) : null })),
    );
  }, []);
  useInterval(list.reload, POLL_MS);
  return (
    <section>
      <PageHeader title="Workers" sub="Processes that claim queued runs and train them; the platform runs one in-process by default." />
      {list.error ? <ErrorBox error={list.error} /> : null}
      {!list.data ? (
        <Spinner />
      ) : (
        <div class="table-wrap">
          <table class="data workers-table">
            <thead>
              <tr>
                <th>Worker</th>
                <th>State</th>
                <th>Current run</th>
                <th class="num">CPU cores</th>
                <th class="num">Memory</th>
                <th>GPU</th>
                <th>Started</th>
                <th>Last heartbeat</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map(({ worker: w, run }) => (
                <tr data-worker={w.id}>
                  <td>
                    <span class="mono">{w.id}</span>
                    <div class="hint">
                      {w.host} · pid {w.pid}
                    </div>
                  </td>
                  <td>
                    <StatusBadge status={w.state} />
                  </td>
                  <td>
                    {w.currentRunId && w.state !== 'OFFLINE' ? (
                      <>
                        <Link href={`/runs/${w.currentRunId}`}>#{w.currentRunId}</Link>{' '}
                        {run && (
                          <span class="muted">
                            {run.config.optimizer.type} · step {fmtNumber(Math.max(0, ...Object.values(run.latest ?? {}).map((l) => l.step)))}
                            {run.latest?.['train/loss'] ? ` · loss ${fmtNumber(run.latest['train/loss'].value, 4)}` : ''}
                          </span>
                        )}
                      </>
                    ) : (
                      <span class="muted">—</span>
                    )}
                  </td>
                  <td class="num">{w.devices.cpuCores}</td>
                  <td class="num">{fmtNumber(Math.round(w.devices.memoryMb / 1024))} GB</td>
                  <td>{w.devices.gpuName ? `${w.devices.gpuName}${w.devices.gpuMemoryMb ? ` (${fmtNumber(Math.round(w.devices.gpuMemoryMb / 1024))} GB)` : ''}` : <span class="muted">none</span>}</td>
                  <td>{fmtTime(w.startedAt)}</td>
                  <td title={w.lastHeartbeat}>{fmtAgo(w.lastHeartbeat, now)}</td>
                </tr>
              ))}
              {list.data.length === 0 && (
                <tr>
                  <td colSpan={8} class="muted">
                    No worker has been seen in the last day. Start one with <code>java -jar descent-platform.jar --descent.role=worker</code>.
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
