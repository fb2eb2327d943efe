import { describe, expect, it } from 'vitest';
import { append, compact, emptySeries, fromServer, lastStep, splice } from './series';

const raw = (steps: number[]) =>
  fromServer({
    key: 'k',
    downsampled: false,
    fromStep: steps[0],
    toStep: steps[steps.length - 1],
    bucketWidth: 1,
    points: steps.map((s) => ({ step: s, value: s * 10, timestamp: new Date(1000 * s).toISOString() })),
    buckets: null,
  });

describe('series', () => {
  it('readsDownsampledBucketsAsTheirLastPointWithTheBucketsMinAndMax', () => {
    const s = fromServer({
      key: 'loss',
      downsampled: true,
      fromStep: 0,
      toStep: 199,
      bucketWidth: 100,
      points: null,
      buckets: [
        { fromStep: 0, toStep: 99, min: 0.5, max: 9, last: 1, lastStep: 99 },
        { fromStep: 100, toStep: 199, min: 0.2, max: 0.7, last: 0.3, lastStep: 199 },
      ],
    });
    expect(s.step).toEqual([99, 199]);
    expect(s.value).toEqual([1, 0.3]);
    expect(s.min).toEqual([0.5, 0.2]);
    expect(s.max).toEqual([9, 0.7]);
    expect(s.time.every(Number.isNaN)).toBe(true);
  });

  it('appendsLivePointsAfterTheHistoryAndIgnoresARe-sentStep', () => {
    const s = raw([1, 2, 3]);
    expect(append(s, [{ step: 3, value: 999 }, { step: 4, value: 40, timestamp: '2026-01-01T00:00:04Z' }])).toBe(1);
    expect(s.step).toEqual([1, 2, 3, 4]);
    expect(s.value[2]).toBe(30);
    expect(s.time[3]).toBe(Date.parse('2026-01-01T00:00:04Z'));
  });

  it('putsALatePointInStepOrder', () => {
    const s = raw([1, 2, 5]);
    append(s, [{ step: 3, value: 33 }]);
    expect(s.step).toEqual([1, 2, 3, 5]);
    expect(s.value).toEqual([10, 20, 33, 50]);
  });

  it('foldsALatePointInsideADownsampledBucketIntoItsEnvelopeWithoutMovingItsLastValue', () => {
    const s = fromServer({
      key: 'k',
      downsampled: true,
      fromStep: 0,
      toStep: 199,
      bucketWidth: 100,
      points: null,
      buckets: [
        { fromStep: 0, toStep: 99, min: 1, max: 2, last: 1.5, lastStep: 99 },
        { fromStep: 100, toStep: 199, min: 1, max: 2, last: 1.5, lastStep: 199 },
      ],
    });
    append(s, [{ step: 150, value: 7 }]);
    expect(s.step).toEqual([99, 199]);
    expect(s.max[1]).toBe(7);
    expect(s.value[1]).toBe(1.5);
  });

  it('compactsByMergingNeighboursSoNoSpikeIsLost', () => {
    const s = emptySeries('k');
    append(
      s,
      Array.from({ length: 1000 }, (_, i) => ({ step: i, value: i === 501 ? 100 : 1 })),
    );
    compact(s, 300);
    expect(s.step.length).toBeLessThanOrEqual(300);
    expect(Math.max(...s.max)).toBe(100);
    expect(Math.max(...s.value)).toBeLessThanOrEqual(100);
    expect(lastStep(s)).toBe(999);
    expect([...s.step].sort((a, b) => a - b)).toEqual(s.step);
  });

  it('splicesAFinerReadingOfARangeInPlaceOfTheCoarseOne', () => {
    const s = raw([0, 10, 20, 30]);
    splice(s, 5, 25, raw([12, 14, 16]));
    expect(s.step).toEqual([0, 12, 14, 16, 30]);
  });
});
