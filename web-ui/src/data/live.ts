import { FINAL_STATUSES, type MetricPoint, type StatusEvent } from '../api/types';

/** The part of EventSource a live run uses (tests pass a fake). */
export interface EventSourceLike {
  readyState: number;
  addEventListener(type: string, listener: (e: MessageEvent) => void): void;
  close(): void;
}

export type EventSourceFactory = (url: string) => EventSourceLike;

export interface LiveHandlers {
  /** The run's status: first as it is when the stream opens, then each change. */
  status(s: StatusEvent): void;
  /** New points, in arrival order, after the history they continue (older or already-held steps are dropped). */
  points(points: MetricPoint[]): void;
  /**
   * The stream came back after a break: points logged meanwhile were not sent, so the page reads them (from the last
   * steps it holds) and passes them through {@link RunLive.fill}.
   */
  reconnected?(): void;
  /** The stream ended for good: the run reached `status` (SUCCEEDED, FAILED, CANCELLED or DELETED). */
  ended?(status: string): void;
}

const CLOSED = 2;

/**
 * A run's Server-Sent Events stream, joined to its history without a gap or a duplicate: the stream is opened first and
 * its points are held back until the history has been read ({@link historyLoaded}); then only points past the
 * history's last step of each key are passed on. The platform ends the stream after the run's final status; the
 * stream is closed then, so EventSource does not reconnect to a finished run.
 */
export class RunLive {
  private source: EventSourceLike | null = null;
  private held: MetricPoint[] | null = [];
  private readonly last = new Map<string, number>();
  private opens = 0;
  private done = false;

  constructor(
    private readonly url: string,
    private readonly handlers: LiveHandlers,
    private readonly factory: EventSourceFactory = (u) => new EventSource(u),
  ) {}

  start(): this {
    const es = this.factory(this.url);
    this.source = es;
    es.addEventListener('open', () => {
      if (this.opens++ > 0 && !this.done) this.handlers.reconnected?.();
    });
    es.addEventListener('status', (e) => this.onStatus(parse<StatusEvent>(e.data)));
    es.addEventListener('metrics', (e) => this.onMetrics(parse<MetricPoint[]>(e.data)));
    es.addEventListener('error', () => {
      // A stream the server refused (the run is gone) is not retried by EventSource.
      if (es.readyState === CLOSED && !this.done) this.finish('DELETED');
    });
    return this;
  }

  /** The history is in: from now on only later steps pass, starting with those that arrived meanwhile. */
  historyLoaded(lastSteps: ReadonlyMap<string, number>): void {
    for (const [k, s] of lastSteps) this.last.set(k, Math.max(s, this.last.get(k) ?? -1));
    const held = this.held ?? [];
    this.held = null;
    this.deliver(held);
  }

  /** Points read to fill a break in the stream, passed on like streamed ones. */
  fill(points: MetricPoint[]): void {
    if (this.held) this.held.push(...points);
    else this.deliver(points);
  }

  close(): void {
    this.done = true;
    this.source?.close();
  }

  get closed(): boolean {
    return this.done;
  }

  private onStatus(s: StatusEvent | null) {
    if (!s) return;
    this.handlers.status(s);
    if (FINAL_STATUSES.includes(s.status)) this.finish(s.status);
  }

  private onMetrics(points: MetricPoint[] | null) {
    if (!Array.isArray(points)) return;
    if (this.held) this.held.push(...points);
    else this.deliver(points);
  }

  private deliver(points: MetricPoint[]) {
    const fresh: MetricPoint[] = [];
    for (const p of points) {
      const last = this.last.get(p.key) ?? -1;
      if (p.step <= last) continue;
      this.last.set(p.key, p.step);
      fresh.push(p);
    }
    if (fresh.length) this.handlers.points(fresh);
  }

  private finish(status: string) {
    if (this.done) return;
    this.close();
    this.handlers.ended?.(status);
  }
}

function parse<T>(data: string): T | null {
  try {
    return JSON.parse(data) as T;
  } catch {
    return null;
  }
}
