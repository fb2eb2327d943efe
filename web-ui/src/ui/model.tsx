import { useEffect, useState } from 'preact/hooks';
import type { Capabilities } from '../api/capabilities';
import { validateSpec } from '../api/catalog';
import { ApiError, layerIndex, problemMessage } from '../api/problem';
import type { LayerSummary, ModelPreview } from '../api/types';
import { fmtNumber, fmtShape } from '../data/format';
import { useDebounced } from '../hooks';

/**
 * A model drawn as its layers, top to bottom: each with its type, the shape it outputs and its parameters, between the
 * input and the output. `bad` marks the layer a spec error names.
 */
export function LayerStack(props: {
  input: number[] | undefined;
  layers: LayerSummary[];
  specLayers?: Record<string, unknown>[];
  parameters?: number;
  bad?: number | null;
  badMessage?: string;
}) {
  const { layers, specLayers } = props;
  // A spec that failed has no summary; its layers are still drawn (from the spec) so the error has a place.
  const rows: { index: number; type: string; shape?: number[]; params?: number; detail?: string }[] = layers.length
    ? layers.map((l) => ({ index: l.index, type: l.type, shape: l.outputShape, params: l.params, detail: describe(specLayers?.[l.index]) }))
    : (specLayers ?? []).map((l, i) => ({ index: i, type: String(l.type ?? '?'), detail: describe(l) }));
  return (
    <div class="layers" aria-label="Layers">
      <div class="layer io">
        <span />
        <span class="type">input</span>
        <span class="shape">{fmtShape(props.input)}</span>
        <span class="params" />
      </div>
      {rows.map((r) => (
        <>
          <div class="layer-arrow" aria-hidden="true">
            ↓
          </div>
          <div class={`layer${props.bad === r.index ? ' bad' : ''}`} data-layer={r.index} title={props.bad === r.index ? props.badMessage : undefined}>
            <span class="muted">{r.index}</span>
            <span>
              <span class="type">{r.type}</span> <span class="muted">{r.detail}</span>
            </span>
            <span class="shape">{r.shape ? fmtShape(r.shape) : ''}</span>
            <span class="params">{r.params !== undefined ? (r.params ? fmtNumber(r.params) : '—') : ''}</span>
          </div>
        </>
      ))}
      {props.parameters !== undefined && (
        <div class="hint" style={{ marginTop: 6, textAlign: 'right' }}>
          {fmtNumber(props.parameters)} parameters
        </div>
      )}
    </div>
  );
}

function describe(l: Record<string, unknown> | undefined): string {
  if (!l) return '';
  return Object.entries(l)
    .filter(([k]) => k !== 'type')
    .map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(',')}]` : String(v)}`)
    .join(' ');
}

export interface SpecCheck {
  preview: ModelPreview | null;
  error: { message: string; field?: string } | null;
  checking: boolean;
}

/**
 * A spec's check as it is typed (debounced): first that it parses, then by the platform, which infers every layer's
 * output shape and parameter count or names the layer and field at fault.
 */
export function useSpecCheck(value: string, caps: Capabilities, onCheck?: (c: SpecCheck) => void): SpecCheck {
  const text = useDebounced(value, 350);
  const [check, setCheck] = useState<SpecCheck>({ preview: null, error: null, checking: false });
  useEffect(() => {
    let stale = false;
    const done = (c: SpecCheck) => {
      if (stale) return;
      setCheck(c);
      onCheck?.(c);
    };
    if (!text.trim()) return done({ preview: null, error: null, checking: false });
    let spec: unknown;
    try {
      spec = JSON.parse(text);
    } catch (e) {
      return done({ preview: null, error: { message: jsonError(text, e as Error), field: '$' }, checking: false });
    }
    if (!caps.specValidation) return done({ preview: null, error: null, checking: false });
    setCheck((c) => ({ ...c, checking: true }));
    validateSpec(spec).then(
      (preview) => done({ preview, error: null, checking: false }),
      (e) =>
        done({
          preview: null,
          error: e instanceof ApiError ? { message: problemMessage(e.problem, e.status), field: e.field } : { message: String(e) },
          checking: false,
        }),
    );
    return () => void (stale = true);
  }, [text, caps.specValidation]);
  return check;
}

/** A model spec written as JSON, checked as it is typed, beside the layers it builds. */
export function SpecEditor(props: {
  value: string;
  onInput: (text: string) => void;
  onCheck?: (c: SpecCheck) => void;
  caps: Capabilities;
  error?: string;
  rows?: number;
}) {
  const check = useSpecCheck(props.value, props.caps, props.onCheck);
  let parsed: { input?: number[]; layers?: Record<string, unknown>[] } | null = null;
  try {
    parsed = JSON.parse(props.value);
  } catch {
    parsed = null;
  }
  const error = props.error ? { message: props.error, field: undefined } : check.error;
  const bad = layerIndex(error?.field);
  return (
    <div class="spec-editor grid-2">
      <div class="field" data-field="spec">
        <label for="f-spec">Model spec (JSON)</label>
        <textarea
          id="f-spec"
          rows={props.rows ?? 16}
          spellcheck={false}
          value={props.value}
          aria-invalid={error ? true : undefined}
          aria-describedby="f-spec-status"
          onInput={(e) => props.onInput((e.target as HTMLTextAreaElement).value)}
        />
        <div id="f-spec-status" role="status">
          {error ? (
            <div class="field-error spec-error">
              {error.field && error.field !== '$' ? <code>{error.field}</code> : null} {error.message}
            </div>
          ) : check.checking ? (
            <div class="hint">checking…</div>
          ) : check.preview ? (
            <div class="hint spec-ok">
              ✓ builds: output {fmtShape(check.preview.outputShape)}, {fmtNumber(check.preview.parameters)} parameters
            </div>
          ) : !props.caps.specValidation && props.value.trim() ? (
            <div class="hint">The platform checks the spec when it is stored.</div>
          ) : (
            <div class="hint">name, input shape, layers and loss, as the CLI and the API take them</div>
          )}
        </div>
      </div>
      <div>
        <h3>Layers</h3>
        <LayerStack
          input={check.preview?.spec.input ?? parsed?.input}
          layers={check.preview?.layers ?? []}
          specLayers={check.preview?.spec.layers ?? (Array.isArray(parsed?.layers) ? parsed!.layers : undefined)}
          parameters={check.preview?.parameters}
          bad={bad}
          badMessage={error?.message}
        />
      </div>
    </div>
  );
}

/** JSON.parse's complaint with a line and column instead of an offset. */
export function jsonError(text: string, e: Error): string {
  const m = /position (\d+)/.exec(e.message);
  if (!m) return `not valid JSON: ${e.message}`;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `not valid JSON at line ${line}, column ${col}: ${e.message.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '')}`;
}
