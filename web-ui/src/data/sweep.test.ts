import { describe, expect, it } from 'vitest';
import { emptySweepForm, parseValues, shootoutRequest, spaced, sweepCount, SweepFormError, sweepRequest, type SweepForm } from './sweep';

const form = (changes: Partial<SweepForm>): SweepForm => ({ ...emptySweepForm(), ...changes });

describe('sweep form', () => {
  it('counts a grid as the cross product of its lists and spread ranges', () => {
    const f = form({
      maxRuns: '',
      rows: [
        { field: 'optimizer.type', mode: 'values', values: 'sgd, momentum, adam', min: '', max: '', scale: 'linear', steps: '' },
        { field: 'optimizer.lr', mode: 'range', values: '', min: '1e-4', max: '1e-1', scale: 'log', steps: '4' },
        { field: 'batchSize', mode: 'values', values: '64,128', min: '', max: '', scale: 'linear', steps: '' },
      ],
    });
    expect(sweepCount(f)).toBe(3 * 4 * 2);
    expect(sweepCount({ ...f, maxRuns: '24' })).toBe(24);
    expect(() => sweepCount({ ...f, maxRuns: '10' })).toThrow(/the grid has 24 runs/);
  });

  it('counts a random sweep as its max runs, and needs one', () => {
    expect(sweepCount(form({ strategy: 'random', maxRuns: '12' }))).toBe(12);
    expect(() => sweepCount(form({ strategy: 'random', maxRuns: '' }))).toThrow(SweepFormError);
  });

  it('spreads a log range evenly in log space, inclusive', () => {
    expect(spaced(1e-4, 1e-1, 4, true)).toEqual([1e-4, 1e-3, 1e-2, 1e-1]);
    expect(spaced(0, 1, 3, false)).toEqual([0, 0.5, 1]);
  });

  it('sends a random range as a range with its scale, and ASHA with its parameters', () => {
    const f = form({ strategy: 'random', maxRuns: '6', asha: true, minResource: '1', reductionFactor: '3' });
    const body = sweepRequest(f, { experimentId: 4, modelId: 2 });
    expect(body.kind).toBe('random');
    expect(body.experimentId).toBe(4);
    expect((body.parameters as Record<string, unknown>)['optimizer.lr']).toEqual({ min: 0.0001, max: 0.1, scale: 'log' });
    expect((body.parameters as Record<string, unknown>)['optimizer.type']).toEqual(['sgd', 'adam']);
    expect(body.earlyStopping).toEqual({ type: 'asha', rungs: 'epoch', minResource: 1, reductionFactor: 3 });
  });

  it('names the row at fault', () => {
    const f = form({ rows: [{ field: 'optimizer.lr', mode: 'range', values: '', min: '0', max: '1', scale: 'log', steps: '3' }] });
    try {
      sweepRequest(f, {});
      expect.unreachable();
    } catch (e) {
      expect((e as SweepFormError).field).toBe('rows[0].min');
    }
  });

  it('keeps numbers numbers and text text', () => {
    expect(parseValues('64, 128, adam, true')).toEqual([64, 128, 'adam', true]);
  });

  it('asks the shoot-out for every optimizer with an automatic lr', () => {
    const b = shootoutRequest({ experimentId: 1 }, ['sgd', 'adam'], 'val/accuracy', 'maximize');
    expect(b).toMatchObject({ kind: 'optimizer-shootout', optimizers: ['sgd', 'adam'], lrs: 'auto', experimentId: 1 });
  });
});

describe('integer fields', () => {
  it('draws whole batch sizes from a range, and spreads a grid range into distinct whole numbers', () => {
    const row = { field: 'batchSize', mode: 'range' as const, values: '', min: '16', max: '256', scale: 'log' as const, steps: '5' };
    const random = sweepRequest(form({ strategy: 'random', maxRuns: '4', rows: [row] }), {});
    expect((random.parameters as Record<string, unknown>).batchSize).toEqual({ min: 16, max: 256, scale: 'log', type: 'int' });
    const grid = sweepRequest(form({ strategy: 'grid', rows: [row] }), {});
    expect((grid.parameters as Record<string, unknown>).batchSize).toEqual([16, 32, 64, 128, 256]);
  });
});
