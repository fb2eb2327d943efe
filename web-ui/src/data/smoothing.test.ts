import { describe, expect, it } from 'vitest';
import { smooth } from './smoothing';

/** TensorBoard's smoothing, as it is written there, for evenly spaced points. */
function tensorboard(y: number[], w: number): number[] {
  let last = 0;
  return y.map((v, i) => {
    last = last * w + (1 - w) * v;
    return last / (1 - Math.pow(w, i + 1));
  });
}

describe('smooth', () => {
  it('isTensorBoardsDebiasedEmaOnEvenlySpacedPoints', () => {
    const y = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
    const x = y.map((_, i) => i);
    const s = smooth(x, y, 0.6, 1);
    tensorboard(y, 0.6).forEach((v, i) => expect(s[i]).toBeCloseTo(v, 12));
  });

  it('startsAtTheFirstValueInsteadOfBeingDraggedTowardZero', () => {
    expect(smooth([0, 1], [10, 10], 0.9, 1)).toEqual([10, 10]);
  });

  it('hardlySmoothsASparseSeriesOnAFineAxis', () => {
    const s = smooth([0, 1000, 2000], [1, 0, 1], 0.6, 10);
    expect(s[1]).toBeCloseTo(0, 6);
    expect(s[2]).toBeCloseTo(1, 6);
  });

  it('smoothsAlikeAtDifferentResolutions', () => {
    const fine = Array.from({ length: 101 }, (_, i) => i);
    const sFine = smooth(fine, fine.map((i) => (i < 50 ? 0 : 1)), 0.9, 1);
    const coarse = fine.filter((i) => i % 2 === 0);
    const sCoarse = smooth(coarse, coarse.map((i) => (i < 50 ? 0 : 1)), 0.9, 1);
    expect(sCoarse[40]).toBeCloseTo(sFine[80], 1);
  });

  it('passesNonFiniteValuesThroughWithoutPoisoningTheAverage', () => {
    const s = smooth([0, 1, 2], [1, NaN, 1], 0.5, 1);
    expect(Number.isNaN(s[1])).toBe(true);
    expect(s[2]).toBeCloseTo(1, 12);
  });

  it('isTheIdentityAtZero', () => {
    expect(smooth([0, 1, 2], [5, 1, 7], 0, 1)).toEqual([5, 1, 7]);
  });
});
