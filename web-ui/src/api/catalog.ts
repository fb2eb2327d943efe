import { del, get, post } from './http';
import type {
  BuiltinModel,
  DatasetSamples,
  DatasetView,
  ExperimentView,
  ModelPreview,
  ModelView,
  Page,
  WorkerView,
} from './types';

export const listExperiments = (page = 0, size = 200) => get<Page<ExperimentView>>('/api/experiments', { page, size });
export const createExperiment = (name: string, description?: string) =>
  post<ExperimentView>('/api/experiments', { name, ...(description ? { description } : {}) });

export const listDatasets = (page = 0, size = 200) => get<Page<DatasetView>>('/api/datasets', { page, size });
export const getDataset = (id: number) => get<DatasetView>(`/api/datasets/${id}`);
export const datasetFromSource = (body: Record<string, unknown>) => post<DatasetView>('/api/datasets', body);
export const deleteDataset = (id: number) => del(`/api/datasets/${id}`);
export const datasetSamples = (id: number, split: string, offset: number, limit: number) =>
  get<DatasetSamples>(`/api/datasets/${id}/samples`, { split, offset, limit, format: 'json' });
export const samplesPngUrl = (id: number, split: string, offset: number, limit: number) =>
  `/api/datasets/${id}/samples?split=${split}&offset=${offset}&limit=${limit}&format=png`;

export const listModels = (page = 0, size = 200, name?: string) =>
  get<Page<ModelView>>('/api/models', { page, size, name });
export const getModel = (id: number) => get<ModelView>(`/api/models/${id}`);
export const createModel = (spec: unknown) => post<ModelView>('/api/models', spec);
export const newModelVersion = (id: number, spec: unknown) => post<ModelView>(`/api/models/${id}/versions`, spec);
export const validateSpec = (spec: unknown) => post<ModelPreview>('/api/models/validate', spec);
export const builtinModels = () => get<BuiltinModel[]>('/api/models/builtins');

export const listWorkers = () => get<WorkerView[]>('/api/workers');

/** Every page of a list, for the small lists the UI keeps whole (experiments, datasets, models). */
export async function allPages<T>(fetchPage: (page: number) => Promise<Page<T>>, maxPages = 20): Promise<T[]> {
  const first = await fetchPage(0);
  const out = [...first.content];
  for (let p = 1; p < Math.min(first.totalPages, maxPages); p++) out.push(...(await fetchPage(p)).content);
  return out;
}
