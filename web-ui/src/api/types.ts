/** The REST API's JSON shapes, as the platform sends them. Fields marked "not yet" are read when present. */

export const RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const FINAL_STATUSES: readonly string[] = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'DELETED'];

export interface Page<T> {
  content: T[];
  page: number;
  size: number;
  totalElements: number;
  totalPages: number;
}

export interface Latest {
  step: number;
  value: number;
  timestamp: string;
}

export interface OptimizerJson {
  type: string;
  lr: number;
  [option: string]: unknown;
}

export interface ScheduleJson {
  type: string;
  [option: string]: unknown;
}

/** A train config as stored with a run (TrainConfig's JSON form). */
export interface TrainConfigJson {
  optimizer: OptimizerJson;
  schedule?: ScheduleJson | null;
  batchSize: number;
  epochs: number;
  seed: number;
  valSplit: number;
  engine: string;
  device: string;
  earlyStoppingPatience: number;
  clipGradNorm: number;
}

/** A run's final and best value of one key (not yet in the API). */
export interface RunMetricSummary {
  final?: number;
  best?: number;
  bestStep?: number;
  last?: number;
}

export interface RunView {
  id: number;
  experimentId: number;
  datasetId: number | null;
  modelId: number;
  name: string | null;
  status: RunStatus;
  priority: number;
  engine: string;
  device: string;
  config: TrainConfigJson;
  attempt: number;
  maxAttempts: number;
  workerId: string | null;
  cancelRequested: boolean;
  error: string | null;
  result: TrainResultJson | null;
  createdAt: string;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  latest: Record<string, Latest>;
  /** Not yet: tags, a note, final/best values per key, attempts with their reasons. */
  tags?: Record<string, string> | string[];
  note?: string;
  metrics?: Record<string, RunMetricSummary>;
  attempts?: { attempt: number; workerId?: string; reason?: string; startedAt?: string; endedAt?: string }[];
}

export interface TrainResultJson {
  status: string;
  message: string;
  epochs: number;
  steps: number;
  epochSeconds: number[];
  samplesPerSecond: number;
  parameters: number;
  metrics: Record<string, number>;
}

/** A status event of a run's stream (the first one is the run as it is now). */
export interface StatusEvent {
  status: string;
  attempt?: number;
  workerId?: string;
  error?: string;
  cancelRequested?: boolean;
}

export interface MetricPoint {
  key: string;
  step: number;
  value: number;
  timestamp?: string | null;
}

export interface SeriesPoint {
  step: number;
  value: number;
  timestamp: string;
}

export interface SeriesBucket {
  fromStep: number;
  toStep: number;
  min: number;
  max: number;
  last: number;
  lastStep: number;
}

/** One key's series: raw points when few, otherwise min/max/last buckets. */
export interface ServerSeries {
  key: string;
  downsampled: boolean;
  fromStep: number;
  toStep: number;
  bucketWidth: number;
  points: SeriesPoint[] | null;
  buckets: SeriesBucket[] | null;
}

export interface LayerSummary {
  index: number;
  type: string;
  outputShape: number[];
  params: number;
}

export interface ModelSpecJson {
  name: string;
  input: number[];
  layers: Record<string, unknown>[];
  loss?: unknown;
  [k: string]: unknown;
}

export interface ModelView {
  id: number;
  name: string;
  version: number;
  spec: ModelSpecJson;
  parameters: number;
  outputShape: number[];
  layers: LayerSummary[];
  createdAt: string;
  versions: { id: number; version: number }[] | null;
}

/** What building a spec inferred, without storing it. */
export interface ModelPreview {
  name: string;
  spec: ModelSpecJson;
  parameters: number;
  outputShape: number[];
  layers: LayerSummary[];
}

export interface BuiltinModel {
  name: string;
  spec: ModelSpecJson;
}

export interface DatasetFile {
  role: string;
  sha256: string;
  sizeBytes: number;
}

export interface DatasetView {
  id: number;
  name: string;
  source: string;
  format: string;
  sha256: string;
  trainSize: number;
  testSize: number;
  sampleShape: number[];
  numClasses: number | null;
  classHistogram: { train?: number[]; test?: number[] } | null;
  options: Record<string, unknown>;
  sizeBytes: number;
  createdAt: string;
  files: DatasetFile[] | null;
}

export interface DatasetSamples {
  datasetId: number;
  split: string;
  offset: number;
  total: number;
  sampleShape: number[];
  samples: { index: number; target: number; values: number[] }[];
}

export interface ExperimentView {
  id: number;
  name: string;
  description: string | null;
  createdAt: string;
  runs: RunView[] | null;
}

export interface WorkerView {
  id: string;
  host: string;
  pid: number;
  state: string;
  currentRunId: number | null;
  startedAt: string;
  lastHeartbeat: string;
  devices: { cpuCores: number; memoryMb: number; gpuName: string | null; gpuMemoryMb: number | null };
}
