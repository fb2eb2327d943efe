import { describe, expect, it } from 'vitest';
import type { RunView } from '../api/types';
import { bestIndex, differingKeys, flatten, goalOf, metricValue, orderKeys, runParams } from './hparams';

const run = (id: number, optimizer: Record<string, unknown>, batchSize = 128, latest: Record<string, number> = {}) =>
  ({
    id,
    datasetId: 1,
    modelId: 2,
    config: { optimizer, batchSize, epochs: 5, seed: 42, valSplit: 0.1, engine: 'native', device: 'auto', earlyStoppingPatience: 0, clipGradNorm: 0 },
    latest: Object.fromEntries(Object.entries(latest).map(([k, v]) => [k, { step: 10, value: v, timestamp: '' }])),
  }) as unknown as RunView;

describe('hyperparameters', () => {
  it('flattensANestedConfigIntoDottedKeys', () => {
    expect(flatten({ optimizer: { type: 'adam', lr: 0.001 }, schedule: { type: 'step', milestones: [1, 2] }, epochs: 3 })).toEqual({
      'optimizer.type': 'adam',
      'optimizer.lr': 0.001,
      'schedule.type': 'step',
      'schedule.milestones': '[1,2]',
      epochs: 3,
    });
  });

  it('findsTheKeysThatDifferIncludingOnesSomeRunsLack', () => {
    const rows = [
      runParams(run(1, { type: 'adam', lr: 0.001, beta1: 0.9 })),
      runParams(run(2, { type: 'sgd', lr: 0.001 }, 64)),
    ];
    expect([...differingKeys(rows)].sort()).toEqual(['batchSize', 'optimizer.beta1', 'optimizer.type']);
  });

  it('findsNothingDifferentInIdenticalRuns', () => {
    expect(differingKeys([runParams(run(1, { type: 'adam', lr: 1 })), runParams(run(2, { type: 'adam', lr: 1 }))]).size).toBe(0);
  });

  it('knowsWhichWayIsBetterFromTheMetricsName', () => {
    expect(goalOf('val/accuracy')).toBe('max');
    expect(goalOf('train/loss')).toBe('min');
    expect(goalOf('test/top5')).toBe('max');
    expect(goalOf('lr')).toBeNull();
  });

  it('marksTheBestRunSkippingMissingAndNonFiniteValues', () => {
    expect(bestIndex([0.8, undefined, 0.9, NaN], 'max')).toBe(2);
    expect(bestIndex([0.3, 0.1, null, 0.2], 'min')).toBe(1);
    expect(bestIndex([0.3, 0.1], null)).toBe(-1);
    expect(bestIndex([undefined, NaN], 'max')).toBe(-1);
  });

  it('readsAMetricsBestValueWhereThePlatformReportsOneElseItsLatest', () => {
    const r = run(1, { type: 'adam', lr: 1 }, 128, { 'val/accuracy': 0.8 });
    expect(metricValue(r, 'val/accuracy')).toBe(0.8);
    expect(metricValue({ ...r, metrics: { 'val/accuracy': { best: 0.85, final: 0.8 } } }, 'val/accuracy')).toBe(0.85);
  });

  it('putsTheKeysPeopleCompareFirst', () => {
    expect(orderKeys(['seed', 'zeta', 'optimizer.lr', 'alpha', 'optimizer.type'])).toEqual(['optimizer.type', 'optimizer.lr', 'seed', 'alpha', 'zeta']);
  });
});
