import { get, post, url } from './http';
import type { CompareResponse, CompareX, Page, SweepPreview, SweepView } from './types';

/** The platform's sweeps (grid, random, the optimizer shoot-out) and its one-request comparison of runs. */
export const createSweep = (body: Record<string, unknown>) => post<SweepView>('/api/sweeps', body);
export const previewSweep = (body: Record<string, unknown>) => post<SweepPreview>('/api/sweeps/preview', body);
export const listSweeps = (q: { experimentId?: number; page?: number; size?: number }, signal?: AbortSignal) =>
  get<Page<SweepView>>('/api/sweeps', q, signal);
export const getSweep = (id: number, signal?: AbortSignal) => get<SweepView>(`/api/sweeps/${id}`, undefined, signal);
export const cancelSweep = (id: number) => post<SweepView>(`/api/sweeps/${id}/cancel`);

export interface CompareQuery {
  runs: readonly number[];
  keys: readonly string[];
  x?: CompareX;
  maxPoints?: number;
}

const compareQuery = (q: CompareQuery) => ({
  runs: q.runs.join(','),
  keys: q.keys.join(','),
  x: q.x ?? 'step',
  maxPoints: q.maxPoints,
});

export const compareRuns = (q: CompareQuery, signal?: AbortSignal) => get<CompareResponse>('/api/compare', compareQuery(q), signal);
/** The same comparison as CSV rows (run,key,x,min,max,last), for a download link. */
export const compareCsvUrl = (q: CompareQuery) => url('/api/compare', { ...compareQuery(q), format: 'csv' });
