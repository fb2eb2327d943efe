import { describe, expect, it } from 'vitest';
import { csrfToken } from './http';
import { ApiError, fieldMessages, formErrors, inputFor, layerIndex, problemMessage } from './problem';

describe('problem details', () => {
  it('showsTheMessageWithoutTheFieldPrefixTheServerPutsBeforeIt', () => {
    expect(problemMessage({ field: 'optimizer.lr', detail: 'optimizer.lr: learning rate must be > 0, got -1' })).toBe('learning rate must be > 0, got -1');
    expect(problemMessage({ detail: 'run 3 is already SUCCEEDED' })).toBe('run 3 is already SUCCEEDED');
    expect(problemMessage({ title: 'Not Found' })).toBe('Not Found');
  });

  it('putsEachMessageUnderTheInputItsFieldNames', () => {
    const e = new ApiError(400, { field: 'optimizer.beta1', detail: 'optimizer.beta1: must be in [0, 1), got 1.5' });
    expect(formErrors(e, ['optimizer.lr', 'optimizer.beta1'])).toEqual({ 'optimizer.beta1': 'must be in [0, 1), got 1.5' });
  });

  it('givesAFieldWithNoInputOfItsOwnToTheNearestEnclosingOne', () => {
    expect(inputFor('optimizer.betas[0]', ['optimizer', 'epochs'])).toBe('optimizer');
    expect(inputFor('layers[3].out', ['spec'])).toBeNull();
    expect(inputFor('schedule.stepSize', ['schedule.stepSize'])).toBe('schedule.stepSize');
  });

  it('keepsAnUnplacedFieldAtTheFormsTopWithItsName', () => {
    const e = new ApiError(400, { field: 'valSplit', detail: 'valSplit: must be in [0, 1), got 2' });
    expect(formErrors(e, ['epochs'])).toEqual({ '': 'valSplit: must be in [0, 1), got 2' });
  });

  it('treatsTheWholeBodyFieldAndConflictsAsFormLevel', () => {
    expect(formErrors(new ApiError(400, { field: '$', detail: '$: not valid JSON' }), ['epochs'])).toEqual({ '': 'not valid JSON' });
    expect(formErrors(new ApiError(409, { detail: 'run 3 is RUNNING' }), ['epochs'])).toEqual({ '': 'run 3 is RUNNING' });
  });

  it('readsEveryFieldOfAValidationFailure', () => {
    const e = new ApiError(400, {
      field: 'a',
      detail: 'a must not be null',
      errors: [
        { field: 'a', message: 'must not be null' },
        { field: 'b', message: 'must be positive' },
      ],
    });
    expect(fieldMessages(e).get('b')).toBe('must be positive');
  });

  it('turnsAnythingElseIntoAFormLevelMessage', () => {
    expect(formErrors(new Error('offline'), ['x'])).toEqual({ '': 'offline' });
  });

  it('findsTheLayerASpecErrorNames', () => {
    expect(layerIndex('layers[3].out')).toBe(3);
    expect(layerIndex('input')).toBeNull();
    expect(layerIndex(undefined)).toBeNull();
  });

  it('readsSpringSecuritysCsrfCookie', () => {
    expect(csrfToken('a=1; XSRF-TOKEN=abc%3D%3D; b=2')).toBe('abc==');
    expect(csrfToken('a=1')).toBeNull();
  });
});
