import { describe, expect, it } from 'vitest';
import type { CompareResponse } from '../api/types';
import { fromCompareResponse } from './compare';

const response: CompareResponse = {
  x: 'epoch',
  keys: ['train/loss'],
  differing: ['optimizer.type'],
  runs: [
    {
      id: 7,
      name: 'adam',
      status: 'SUCCEEDED',
      params: { 'optimizer.type': 'adam', 'optimizer.lr': 0.001 },
      metrics: { 'train/loss': { last: 0.2, best: 0.1, bestStep: 90, final: 0.2 } },
      series: { 'train/loss': { x: [0.5, 1, 1.5], min: [1, 0.5, 0.1], max: [2, 0.9, 0.4], last: [1.5, 0.7, 0.2], bucketWidth: 50 } },
    },
    {
      id: 8,
      name: null,
      status: 'RUNNING',
      params: { 'optimizer.type': 'sgd' },
      metrics: {},
      // A broken answer: a column short, an x that goes back.
      series: { 'train/loss': { x: [1, 3, 2, 4], min: [1, 1, 1], max: [1, 1, 1, 1], last: [1, 2, 3, 4], bucketWidth: 0 } },
    },
  ],
};

describe('fromCompareResponse', () => {
  it('puts each run key on the asked axis with its bucket envelope', () => {
    const [a] = fromCompareResponse(response);
    const s = a.series.get('train/loss')!;
    expect(a.id).toBe(7);
    expect(s.step).toEqual([0.5, 1, 1.5]);
    expect(s.value).toEqual([1.5, 0.7, 0.2]);
    expect(s.min).toEqual([1, 0.5, 0.1]);
    expect(s.max).toEqual([2, 0.9, 0.4]);
    expect(a.bucketWidth.get('train/loss')).toBe(50);
    expect(a.params).toEqual({ 'optimizer.type': 'adam', 'optimizer.lr': 0.001 });
    expect(a.metrics?.['train/loss'].best).toBe(0.1);
  });

  it('cuts unequal columns to the shortest and drops x that does not grow', () => {
    const [, b] = fromCompareResponse(response);
    const s = b.series.get('train/loss')!;
    expect(s.step).toEqual([1, 3]);
    expect(s.value).toEqual([1, 2]);
    expect(b.bucketWidth.get('train/loss')).toBe(1);
  });
});
