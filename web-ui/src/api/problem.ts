/**
 * RFC 9457 problem details as the platform answers them: `detail` reads "field: message" and `field` names what is
 * wrong in the request (`optimizer.lr`, `layers[3].out`, `trainImages`), or is absent when the request as a whole is
 * at fault. Forms show each message next to the input the field names.
 */
export interface ProblemDetail {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  field?: string;
  /** Where in a text field (a filter) the problem is, as an offset, when the platform says. */
  position?: number;
  /** What the filter parser expected at `position` (a word or a list). */
  expected?: string | string[];
  errors?: { field: string; message: string }[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetail;

  constructor(status: number, problem: ProblemDetail) {
    super(problemMessage(problem, status));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get field(): string | undefined {
    return this.problem.field ?? undefined;
  }
}

/** The message without the "field: " prefix the server puts before it, so it reads well next to the field. */
export function problemMessage(p: ProblemDetail, status = 0): string {
  const detail = p.detail ?? p.title ?? `request failed (${status})`;
  if (p.field && detail.startsWith(p.field + ': ')) return detail.slice(p.field.length + 2);
  return detail;
}

/** Every field the problem names, with its message ("" for the request as a whole). */
export function fieldMessages(e: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!(e instanceof ApiError)) {
    out.set('', e instanceof Error ? e.message : String(e));
    return out;
  }
  const p = e.problem;
  if (p.errors?.length) for (const f of p.errors) out.set(f.field, f.message);
  out.set(p.field && p.field !== '$' ? p.field : '', problemMessage(p, e.status));
  return out;
}

/**
 * The input a problem's field belongs to among a form's `inputs`: the field itself, or the nearest enclosing one
 * (`optimizer.betas[0]` belongs to `optimizer.betas`, then `optimizer`); null when none encloses it, so the form shows
 * the message at its top with the field's name.
 */
export function inputFor(field: string, inputs: Iterable<string>): string | null {
  const known = new Set(inputs);
  let f = field;
  while (f) {
    if (known.has(f)) return f;
    const cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
    if (cut <= 0) break;
    f = f.slice(0, cut);
  }
  return null;
}

/**
 * Spreads a failure over a form: each message under the input it names, the rest (with the field's name, so nothing is
 * lost) under '' for the form's top.
 */
export function formErrors(e: unknown, inputs: Iterable<string>): Record<string, string> {
  const names = [...inputs];
  const out: Record<string, string> = {};
  for (const [field, message] of fieldMessages(e)) {
    const input = field ? inputFor(field, names) : null;
    const at = input ?? '';
    const text = input === null && field ? `${field}: ${message}` : message;
    out[at] = out[at] ? `${out[at]}; ${text}` : text;
  }
  return out;
}

/** The index of the layer a spec error names (`layers[3].out` is layer 3), or null. */
export function layerIndex(field: string | undefined): number | null {
  const m = field ? /^layers\[(\d+)\]/.exec(field) : null;
  return m ? Number(m[1]) : null;
}
