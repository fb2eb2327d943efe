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

/**
 * A run's summary of one key: best is the min for keys whose last segment names a loss or an error, else the max;
 * final is the last value once the run has ended (null while it runs).
 */
export interface RunMetricSummary {
  last?: number;
  lastStep?: number;
  best?: number;
  bestStep?: number;
  final?: number | null;
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
  /** Where the platform has run results (see Capabilities.runResults): these are read when present. */
  tags?: string[] | Record<string, string>;
  note?: string | null;
  metrics?: Record<string, RunMetricSummary>;
  durationSeconds?: number | null;
  worker?: string | null;
  /** How many attempts the run has made (their reasons come from `GET /api/runs/{id}/attempts`). */
  attempts?: number;
  sweepId?: number | null;
  /** Why it is in its status (a reason code) and the same in words ("stopped early by ASHA at epoch 3"). */
  statusReason?: string | null;
  statusMessage?: string | null;
}

/** One claim of a run by a worker, as `GET /api/runs/{id}/attempts` lists them. */
export interface RunAttempt {
  /** The claim's ordinal, from 1 (a claim after a worker's shutdown does not use up an attempt). */
  number?: number;
  attempt: number;
  claimedAt?: string | null;
  /** How it ended, in words. */
  message?: string | null;
  workerId?: string | null;
  worker?: string | null;
  device?: string | null;
  status?: string | null;
  reason?: string | null;
  startedAt?: string | null;
  endedAt?: string | null;
  finishedAt?: string | null;
}

/** One key of one run on the comparison's shared axis: a bucket per entry (its min, max and last value). */
export interface CompareSeriesJson {
  x: number[];
  min: number[];
  max: number[];
  last: number[];
  bucketWidth: number;
}

export interface CompareRunJson {
  id: number;
  name: string | null;
  status: RunStatus;
  params: Record<string, string | number | boolean | null>;
  metrics: Record<string, RunMetricSummary>;
  series: Record<string, CompareSeriesJson>;
}

export type CompareX = 'step' | 'epoch' | 'time';

/** `GET /api/compare`: every run's series on one x axis and its flattened parameters. */
export interface CompareResponse {
  x: CompareX;
  keys: string[];
  differing: string[];
  runs: CompareRunJson[];
}

export const SWEEP_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type SweepKind = 'grid' | 'random' | 'optimizer-shootout';

/** A swept parameter's values: a list, or a range (log scale draws evenly in log space). */
export type SweepParameter = (string | number | boolean)[] | { min: number; max: number; scale?: 'linear' | 'log'; type?: 'float' | 'int' };

export interface EarlyStoppingJson {
  type: 'asha';
  rungs?: string;
  minResource?: number;
  reductionFactor?: number;
}

export interface SweepRunJson {
  id: number;
  name: string | null;
  status: RunStatus;
  reason: string | null;
  params: Record<string, string | number | boolean | null>;
  value: number | null;
  step: number | null;
  rung: number | null;
  stoppedEarly: boolean;
}

export interface ShootoutRanking {
  optimizer: string;
  runId: number;
  lr: number;
  best: number | null;
  last?: number | null;
  final: number | null;
  stepsToTarget: number | null;
  secondsToTarget: number | null;
}

export interface SweepView {
  id: number;
  experimentId: number;
  name: string | null;
  kind: SweepKind;
  status: (typeof SWEEP_STATUSES)[number];
  metric: string;
  goal: 'maximize' | 'minimize';
  parameters: Record<string, SweepParameter> | null;
  earlyStopping: EarlyStoppingJson | null;
  maxRuns: number | null;
  seed: number | null;
  createdAt: string;
  runs: SweepRunJson[];
  best: { runId: number; value: number; step: number } | null;
  importance: { parameter: string; importance: number; correlation: number }[];
  shootout: {
    /** The value that counts as reached (the request's, else the worst of the runs' best values); null until known. */
    target: number | null;
    ranking: ShootoutRanking[];
    lrRangeTest: { optimizer: string; lr: number; loss: number }[];
  } | null;
}

/** What a sweep would launch, without storing anything. */
export interface SweepPreview {
  count: number;
  configs: Record<string, unknown>[];
}

export interface ArtifactView {
  name: string;
  kind: 'CHECKPOINT' | 'MODEL';
  size: number;
  sha256: string;
  createdAt: string;
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
