import { describe, expect, it } from 'vitest';
import type { MetricPoint, StatusEvent } from '../api/types';
import { RunLive, type EventSourceLike } from './live';

class FakeSource implements EventSourceLike {
  readyState = 0;
  closed = false;
  private listeners = new Map<string, ((e: MessageEvent) => void)[]>();
  addEventListener(type: string, l: (e: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string, data?: unknown) {
    for (const l of this.listeners.get(type) ?? []) l({ data: JSON.stringify(data) } as MessageEvent);
  }
}

function setup() {
  const source = new FakeSource();
  const got = { statuses: [] as StatusEvent[], points: [] as MetricPoint[], ended: [] as string[], reconnects: 0 };
  const live = new RunLive(
    '/api/runs/1/stream',
    {
      status: (s) => got.statuses.push(s),
      points: (p) => got.points.push(...p),
      ended: (s) => got.ended.push(s),
      reconnected: () => got.reconnects++,
    },
    () => source,
  ).start();
  return { source, got, live };
}

const p = (key: string, step: number): MetricPoint => ({ key, step, value: step, timestamp: '2026-01-01T00:00:00Z' });

describe('RunLive', () => {
  it('holdsStreamedPointsUntilTheHistoryIsInThenPassesOnlyLaterSteps', () => {
    const { source, got, live } = setup();
    source.emit('open');
    source.emit('metrics', [p('train/loss', 9), p('train/loss', 10), p('train/loss', 11), p('lr', 3)]);
    expect(got.points).toEqual([]);
    live.historyLoaded(new Map([['train/loss', 10]]));
    expect(got.points.map((x) => `${x.key}@${x.step}`)).toEqual(['train/loss@11', 'lr@3']);
    source.emit('metrics', [p('train/loss', 12)]);
    expect(got.points.at(-1)!.step).toBe(12);
  });

  it('dropsAPointItAlreadyPassedOn', () => {
    const { source, got, live } = setup();
    live.historyLoaded(new Map());
    source.emit('metrics', [p('k', 1), p('k', 2)]);
    source.emit('metrics', [p('k', 2), p('k', 3)]);
    expect(got.points.map((x) => x.step)).toEqual([1, 2, 3]);
  });

  it('closesTheStreamAtTheRunsFinalStatusSoItIsNotReopened', () => {
    const { source, got } = setup();
    source.emit('status', { status: 'RUNNING', attempt: 1 });
    expect(source.closed).toBe(false);
    source.emit('status', { status: 'SUCCEEDED' });
    expect(source.closed).toBe(true);
    expect(got.statuses.map((s) => s.status)).toEqual(['RUNNING', 'SUCCEEDED']);
    expect(got.ended).toEqual(['SUCCEEDED']);
  });

  it('endsWhenTheRunIsDeleted', () => {
    const { source, got } = setup();
    source.emit('status', { status: 'DELETED', cancelRequested: false });
    expect(got.ended).toEqual(['DELETED']);
  });

  it('asksForTheGapAfterAReconnectAndPassesOnTheFilledPointsOnce', () => {
    const { source, got, live } = setup();
    source.emit('open');
    live.historyLoaded(new Map([['k', 5]]));
    source.emit('metrics', [p('k', 6)]);
    source.emit('open');
    expect(got.reconnects).toBe(1);
    live.fill([p('k', 6), p('k', 7), p('k', 8)]);
    source.emit('metrics', [p('k', 8), p('k', 9)]);
    expect(got.points.map((x) => x.step)).toEqual([6, 7, 8, 9]);
  });

  it('ignoresAMalformedEvent', () => {
    const { source, got, live } = setup();
    live.historyLoaded(new Map());
    for (const l of (source as unknown as { listeners: Map<string, ((e: MessageEvent) => void)[]> }).listeners.get('metrics')!)
      l({ data: 'not json' } as MessageEvent);
    expect(got.points).toEqual([]);
  });
});
