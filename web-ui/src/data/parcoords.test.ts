import { describe, expect, it } from 'vitest';
import { axisOf, parallelCoordinates } from './parcoords';

describe('parallel coordinates', () => {
  it('scales a numeric axis linearly from its min to its max', () => {
    const a = axisOf('batchSize', [32, 64, 128]);
    expect(a.kind).toBe('linear');
    expect(a.scale(32)).toBe(0);
    expect(a.scale(128)).toBe(1);
    expect(a.scale(64)).toBeCloseTo(1 / 3);
  });

  it('puts learning rates spanning decades on a log axis', () => {
    const a = axisOf('optimizer.lr', [1e-4, 1e-3, 1e-1]);
    expect(a.kind).toBe('log');
    expect(a.scale(1e-4)).toBe(0);
    expect(a.scale(1e-3)).toBeCloseTo(1 / 3);
    expect(a.scale(1e-1)).toBe(1);
    expect(a.ticks[1].label).toBe(String(10 ** -2.5));
  });

  it('spreads categories evenly in sorted order, and a lone value in the middle', () => {
    const a = axisOf('optimizer.type', ['sgd', 'adam', 'momentum', 'adam']);
    expect(a.categories).toEqual(['adam', 'momentum', 'sgd']);
    expect(a.scale('adam')).toBe(0);
    expect(a.scale('momentum')).toBe(0.5);
    expect(a.scale('sgd')).toBe(1);
    expect(axisOf('x', [3, 3]).scale(3)).toBe(0.5);
    expect(axisOf('y', ['a']).scale('a')).toBe(0.5);
  });

  it('leaves a gap where a run has no value', () => {
    const p = parallelCoordinates(
      [{ 'optimizer.type': 'sgd', 'optimizer.lr': 0.1 }, { 'optimizer.type': 'adam' }],
      ['optimizer.type', 'optimizer.lr'],
      'val/accuracy',
      [0.8, null],
    );
    expect(p.axes.map((a) => a.key)).toEqual(['optimizer.type', 'optimizer.lr', 'val/accuracy']);
    expect(p.lines[0]).toEqual([1, 0.5, 0.5]);
    expect(p.lines[1]).toEqual([0, null, null]);
  });

  it('treats a mix of numbers and text as categories', () => {
    expect(axisOf('m', [1, 'two', null]).kind).toBe('category');
  });
});
