import { allPages, listDatasets, listExperiments, listModels } from '../api/catalog';
import type { DatasetView, ExperimentView, ModelView } from '../api/types';

/**
 * The names of experiments, datasets and models by id, for tables that hold only ids. Read whole once and again after
 * a while (or when an unknown id turns up): these lists are short next to the runs.
 */
export interface Names {
  experiments: Map<number, ExperimentView>;
  datasets: Map<number, DatasetView>;
  models: Map<number, ModelView>;
}

let cache: { at: number; value: Promise<Names> } | null = null;
const FRESH_MS = 30_000;

export function names(force = false): Promise<Names> {
  if (!force && cache && Date.now() - cache.at < FRESH_MS) return cache.value;
  const value = Promise.all([
    allPages((p) => listExperiments(p)),
    allPages((p) => listDatasets(p)),
    allPages((p) => listModels(p)),
  ]).then(([e, d, m]) => ({
    experiments: new Map(e.map((x) => [x.id, x])),
    datasets: new Map(d.map((x) => [x.id, x])),
    models: new Map(m.map((x) => [x.id, x])),
  }));
  cache = { at: Date.now(), value };
  value.catch(() => (cache = null));
  return value;
}

export function forgetNames(): void {
  cache = null;
}

export const experimentName = (n: Names | undefined, id: number) => n?.experiments.get(id)?.name ?? `#${id}`;
export const datasetName = (n: Names | undefined, id: number | null) =>
  id === null ? '—' : (n?.datasets.get(id)?.name ?? `#${id}`);
export const modelName = (n: Names | undefined, id: number) => {
  const m = n?.models.get(id);
  return m ? `${m.name} v${m.version}` : `#${id}`;
};
