import { describe, expect, it } from 'vitest';
import type { RunView } from '../api/types';
import { cloneChanges, emptyForm, formOf, requestOf } from './launch';

const original = {
  id: 7,
  experimentId: 1,
  datasetId: 2,
  modelId: 3,
  name: null,
  priority: 0,
  maxAttempts: 3,
  config: {
    optimizer: { type: 'adam', lr: 0.001, beta1: 0.9 },
    schedule: null,
    batchSize: 128,
    epochs: 5,
    seed: 42,
    valSplit: 0.1,
    engine: 'native',
    device: 'auto',
    earlyStoppingPatience: 0,
    clipGradNorm: 0,
  },
} as unknown as RunView;

describe('the launch form', () => {
  it('sendsOnlyWhatWasFilledInWithNumbersAsNumbersAndTyposAsTheyAre', () => {
    const f = { ...emptyForm(), datasetId: '2', optimizer: 'sgd', lr: '1e-2', opt: { momentum: '0.9', nesterov: 'true', dampening: '' }, epochs: 'five' };
    const body = requestOf(f, 1, 3);
    expect(body.optimizer).toEqual({ type: 'sgd', lr: 0.01, momentum: 0.9, nesterov: true });
    expect(body.epochs).toBe('five');
    expect(body.datasetId).toBe(2);
    expect('clipGradNorm' in body).toBe(false);
  });

  it('sendsAScheduleWithTheOptionsOfTheScheduleAfterAWarmUp', () => {
    const f = { ...emptyForm(), schedule: 'warmup', sched: { warmupSteps: '100', after: 'cosine', tMax: '10' } };
    expect(requestOf(f, 1, 1).schedule).toEqual({ type: 'warmup', warmupSteps: 100, after: 'cosine', tMax: 10 });
  });

  it('clonesWithOnlyTheFieldsThatDiffer', () => {
    const form = formOf(original);
    const before = requestOf(form, 1, 3);
    const after = requestOf({ ...form, lr: '0.01', batchSize: '64' }, 1, 3);
    expect(cloneChanges(before, after)).toEqual({ optimizer: { lr: 0.01 }, batchSize: 64 });
    expect(cloneChanges(before, before)).toEqual({});
  });

  it('submitsTheRunWholeWhenAChangeCannotBeMergedIntoTheOriginal', () => {
    const form = formOf(original);
    const before = requestOf(form, 1, 3);
    expect(cloneChanges(before, requestOf({ ...form, optimizer: 'sgd', opt: {} }, 1, 3))).toBeNull();
    expect(cloneChanges(before, requestOf({ ...form, opt: {} }, 1, 3))).toBeNull();
  });
});
