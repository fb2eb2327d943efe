import { del, get, patch, post, request } from './http';
import type { ArtifactView, MetricPoint, Page, RunAttempt, RunView, ServerSeries } from './types';

export interface RunListQuery {
  experimentId?: number;
  modelId?: number;
  datasetId?: number;
  status?: string[];
  /** The filter language's text (only where the platform has it). */
  filter?: string;
  sort?: string;
  page?: number;
  size?: number;
}

export const listRuns = (q: RunListQuery, signal?: AbortSignal) =>
  get<Page<RunView>>('/api/runs', { ...q, status: q.status }, signal);
export const getRun = (id: number, signal?: AbortSignal) => get<RunView>(`/api/runs/${id}`, undefined, signal);
export const createRun = (body: Record<string, unknown>) => post<RunView>('/api/runs', body);
export const cloneRun = (id: number, changes: Record<string, unknown>) => post<RunView>(`/api/runs/${id}/clone`, changes);
export const cancelRun = (id: number) => request<RunView>(`/api/runs/${id}/cancel`, { method: 'POST' });
/** Renames a run, or sets its tags or note (only the fields given change). */
export const patchRun = (id: number, changes: { name?: string; tags?: string[]; note?: string | null }) =>
  patch<RunView>(`/api/runs/${id}`, changes);
export const runAttempts = (id: number, signal?: AbortSignal) => get<RunAttempt[]>(`/api/runs/${id}/attempts`, undefined, signal);
export const runArtifacts = (id: number, signal?: AbortSignal) => get<ArtifactView[]>(`/api/runs/${id}/artifacts`, undefined, signal);
export const artifactUrl = (id: number, name: string) => `/api/runs/${id}/artifacts/${encodeURIComponent(name)}`;
export const deleteRun = (id: number) => del(`/api/runs/${id}`);

export interface SeriesQuery {
  keys?: string[];
  maxPoints?: number;
  fromStep?: number;
  toStep?: number;
}

/** Every asked key's series of one run (every key it has when none is named), downsampled past maxPoints. */
export async function runSeries(id: number, q: SeriesQuery = {}, signal?: AbortSignal): Promise<ServerSeries[]> {
  const query = { key: q.keys, maxPoints: q.maxPoints, fromStep: q.fromStep, toStep: q.toStep };
  if (q.keys?.length === 1) return [await get<ServerSeries>(`/api/runs/${id}/metrics`, query, signal)];
  const all = await get<{ series: ServerSeries[] }>(`/api/runs/${id}/metrics`, query, signal);
  return all.series;
}

export const streamUrl = (id: number) => `/api/runs/${id}/stream`;
export const metricsCsvUrl = (id: number) => `/api/runs/${id}/metrics.csv`;
export const modelDownloadUrl = (id: number) => `/api/runs/${id}/model.safetensors`;

export type { MetricPoint };
