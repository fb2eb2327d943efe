import { describe, expect, it } from 'vitest';
import { FilterError, filterToQuery } from './filter';

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
