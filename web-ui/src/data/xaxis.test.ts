import { describe, expect, it } from 'vitest';
import { append, emptySeries } from './series';
import { epochMap, StepMap, timeMap } from './xaxis';

describe('x axes', () => {
  it('mapsStepsToEpochsThroughTheEpochKeyAndOnPastTheLastEnd', () => {
    const epoch = emptySeries('epoch');
    append(epoch, [
      { step: 469, value: 1 },
      { step: 938, value: 2 },
    ]);
    const m = epochMap(epoch)!;
    expect(m.map(0)).toBe(0);
    expect(m.map(234.5)).toBeCloseTo(0.5);
    expect(m.map(938)).toBe(2);
    expect(m.map(1407)).toBeCloseTo(3);
    expect(m.invert(1.5)).toBeCloseTo(703.5);
  });

  it('hasNoEpochAxisBeforeTheFirstEpochEnds', () => {
    expect(epochMap(undefined)).toBeNull();
    expect(epochMap(emptySeries('epoch'))).toBeNull();
  });

  it('mapsStepsToSecondsSinceTheStartFromThePointsWallTimes', () => {
    const s = emptySeries('train/loss');
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    append(s, [
      { step: 1, value: 1, timestamp: t0 + 1000 },
      { step: 101, value: 1, timestamp: t0 + 11_000 },
    ]);
    const m = timeMap([s], t0)!;
    expect(m.map(1)).toBeCloseTo(1);
    expect(m.map(51)).toBeCloseTo(6);
  });

  it('needsTwoWallTimesForATimeAxis', () => {
    const s = emptySeries('k');
    append(s, [{ step: 1, value: 1, timestamp: 5 }]);
    expect(timeMap([s], 0)).toBeNull();
  });

  it('inventsNothingForASingleAnchorButScalesThroughIt', () => {
    const m = new StepMap([[100, 2]]);
    expect(m.map(50)).toBe(1);
  });
});
