import { get } from './http';

/**
 * What the running platform offers beyond the basics, read once from its OpenAPI document, so that views light up as
 * the API grows (the filter language, the compare endpoint, sweeps, results on run rows) without a new UI release.
 */
export interface Capabilities {
  /** Whether the OpenAPI document has been read (or failed to be): until then every flag is false for now. */
  loaded: boolean;
  /** `GET /api/runs?filter=...` (the filter language). */
  runFilter: boolean;
  /** `GET /api/compare` (series on a shared axis, the parameter table). */
  compare: boolean;
  /** `POST /api/sweeps`, `GET /api/sweeps/{id}` (sweeps and the optimizer shoot-out). */
  sweeps: boolean;
  /** Run rows carry final/best metric values (and can be sorted by them). */
  runResults: boolean;
  /** Run rows carry tags. */
  runTags: boolean;
  /** `GET /api/runs/{id}/model.safetensors`. */
  modelDownload: boolean;
  /** `POST /api/sweeps/preview` (how many runs a sweep makes, before launching it). */
  sweepPreview: boolean;
  /** `PATCH /api/runs/{id}` (name, tags, note). */
  runPatch: boolean;
  /** `GET /api/runs/{id}/artifacts` (checkpoints and the final model). */
  artifacts: boolean;
  /** `GET /api/runs/{id}/attempts` (each try with its worker and why it ended). */
  attempts: boolean;
  /** `POST /api/models/validate` (a spec's shapes without storing it). */
  specValidation: boolean;
  /** `GET /api/models/builtins`. */
  builtinModels: boolean;
}

export const NO_CAPABILITIES: Capabilities = {
  loaded: false,
  runFilter: false,
  compare: false,
  sweeps: false,
  runResults: false,
  runTags: false,
  modelDownload: false,
  sweepPreview: false,
  runPatch: false,
  artifacts: false,
  attempts: false,
  specValidation: false,
  builtinModels: false,
};

interface OpenApi {
  paths?: Record<string, Record<string, { parameters?: { name: string }[] } | undefined>>;
  components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
}

export function capabilitiesOf(doc: OpenApi): Capabilities {
  const paths = doc.paths ?? {};
  const runsParams = (paths['/api/runs']?.get?.parameters ?? []).map((p) => p.name);
  const runView = doc.components?.schemas?.['RunView']?.properties ?? {};
  return {
    loaded: true,
    runFilter: runsParams.includes('filter'),
    compare: '/api/compare' in paths,
    sweeps: '/api/sweeps' in paths,
    runResults: 'metrics' in runView,
    runTags: 'tags' in runView,
    modelDownload: '/api/runs/{id}/model.safetensors' in paths,
    sweepPreview: '/api/sweeps/preview' in paths,
    runPatch: !!paths['/api/runs/{id}']?.patch,
    artifacts: '/api/runs/{id}/artifacts' in paths,
    attempts: '/api/runs/{id}/attempts' in paths,
    specValidation: '/api/models/validate' in paths,
    builtinModels: '/api/models/builtins' in paths,
  };
}

let loading: Promise<Capabilities> | null = null;

export function capabilities(): Promise<Capabilities> {
  loading ??= get<OpenApi>('/v3/api-docs')
    .then(capabilitiesOf)
    .catch(() => ({ ...NO_CAPABILITIES, loaded: true }));
  return loading;
}
