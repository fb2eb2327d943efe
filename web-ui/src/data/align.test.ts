import { describe, expect, it } from 'vitest';
import { alignCurves, extent } from './align';

describe('alignCurves', () => {
  it('mergesFewPointsExactlyWithNullsWhereACurveHasNone', () => {
    const a = alignCurves(
      [
        { x: [0, 2, 4], y: [1, 2, 3] },
        { x: [1, 2], y: [5, 6] },
      ],
      0,
      4,
      100,
    );
    expect(a.binned).toBe(false);
    expect(a.x).toEqual([0, 1, 2, 4]);
    expect(a.y[0]).toEqual([1, null, 2, 3]);
    expect(a.y[1]).toEqual([null, 5, 6, null]);
  });

  it('binsManyPointsKeepingEachBinsLastValueAndItsMinAndMax', () => {
    const x = Array.from({ length: 10_000 }, (_, i) => i);
    const y = x.map((i) => (i === 4321 ? 50 : i % 2));
    const a = alignCurves([{ x, y }], 0, 9999, 100);
    expect(a.binned).toBe(true);
    expect(a.x.length).toBe(100);
    const bin = Math.floor(4321 / 100);
    expect(a.hi[0][bin]).toBe(50);
    expect(a.lo[0][bin]).toBe(0);
    expect(a.y[0][bin]).toBe(1);
  });

  // How fast this is belongs to the web bench (compare with 20 runs x 10,000 points), not to a unit test on a shared
  // machine; here the 20 curves must come out binned onto one axis, each bin with its run's value.
  it('twentyCurvesOfTenThousandPointsAlignOnOneSharedAxis', () => {
    const curves = Array.from({ length: 20 }, (_, r) => {
      const x = Array.from({ length: 10_000 }, (_, i) => i * (1 + r / 10));
      return { x, y: x.map((v) => Math.exp(-v / 5000)), lo: x.map(() => 0), hi: x.map(() => 1) };
    });
    const [min, max] = extent(curves)!;
    const a = alignCurves(curves, min, max, 1200);
    expect(a.y).toHaveLength(20);
    expect(a.x.length).toBe(1200);
    expect(a.y[0][0]).toBeCloseTo(1, 1);
    // The slowest run (x up to 29,998) reaches the last bin; the fastest (x up to 9,999) stops a third of the way.
    expect(a.y[19][a.x.length - 1]).not.toBeNull();
    expect(a.y[0][a.x.length - 1]).toBeNull();
  });

  it('keepsTheNearestPointsOutsideAZoomedRangeSoLinesReachTheEdges', () => {
    const x = Array.from({ length: 1000 }, (_, i) => i * 10);
    const a = alignCurves([{ x, y: x }], 4995, 5105, 5);
    expect(a.x[0]).toBe(4990);
    expect(a.x[a.x.length - 1]).toBe(5110);
    expect(a.y[0][0]).toBe(4990);
  });

  it('leavesNonFiniteValuesOutAsGaps', () => {
    const a = alignCurves([{ x: [0, 1, 2], y: [1, NaN, Infinity] }], 0, 2, 10);
    expect(a.y[0]).toEqual([1, null, null]);
  });
});
