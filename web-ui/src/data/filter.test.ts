import { describe, expect, it } from 'vitest';
import { errorMarker, expectedText, FilterError, filterToQuery } from './filter';

describe('filterToQuery', () => {
  it('turnsStatusAndIdConditionsIntoListParameters', () => {
    expect(filterToQuery("status in ('RUNNING', 'queued') and experimentId = 3 and modelId = 2")).toEqual({
      status: ['RUNNING', 'QUEUED'],
      experimentId: 3,
      modelId: 2,
    });
    expect(filterToQuery("status = 'FAILED'")).toEqual({ status: ['FAILED'] });
  });

  it('namesThePositionOfWhatItCannotExpress', () => {
    const text = "status = 'RUNNING' and params.optimizer.type = 'adam'";
    try {
      filterToQuery(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FilterError);
      expect((e as FilterError).position).toBe(text.indexOf('params'));
      expect((e as Error).message).toContain('cannot be filtered on');
    }
  });

  it('refusesAnUnknownStatusAndOr', () => {
    expect(() => filterToQuery("status = 'DONE'")).toThrow(/unknown status 'DONE'/);
    expect(() => filterToQuery('experimentId = 1 or experimentId = 2')).toThrow(/expected 'and'/);
    expect(() => filterToQuery("status = 'RUNNING")).toThrow(/unterminated string/);
    expect(() => filterToQuery('experimentId = ')).toThrow(/expected a value at the end/);
    expect(() => filterToQuery("experimentId = 'x'")).toThrow(/one whole number/);
  });
});

describe('errorMarker', () => {
  it('puts the caret under the character the platform names', () => {
    const text = "status = 'RUNNING' and metrics.val/accuracy >> 0.8";
    const at = text.indexOf('>>') + 1;
    const m = errorMarker(text, at)!;
    expect(m.at).toBe('>');
    expect(m.before + m.at + m.after).toBe(text);
    expect(m.caret.length).toBe(at + 1);
    expect(m.caret.endsWith('^')).toBe(true);
    expect(m.column).toBe(at + 1);
  });

  it('clamps a position past the end to the end (an unfinished expression)', () => {
    const m = errorMarker("status in ('A'", 99)!;
    expect(m.at).toBe('');
    expect(m.before).toBe("status in ('A'");
    expect(m.caret).toBe(`${' '.repeat(14)}^`);
  });

  it('has no marker without a usable position', () => {
    expect(errorMarker('x', undefined)).toBeNull();
    expect(errorMarker('x', -1)).toBeNull();
    expect(errorMarker('x', 1.5)).toBeNull();
  });

  it('says what was expected', () => {
    expect(expectedText(['a value', "')'", "'and'"])).toBe("a value, ')' or 'and'");
    expect(expectedText('a field')).toBe('a field');
    expect(expectedText(undefined)).toBeNull();
  });
});
