import { ApiError, type ProblemDetail } from './problem';

/**
 * The one door to the platform's REST API. Refusals become {@link ApiError}s carrying the problem detail. Mutating
 * requests carry the CSRF token Spring Security hands the browser in its XSRF-TOKEN cookie (as X-XSRF-TOKEN), so the
 * UI keeps working when the platform turns sessions and CSRF protection on; a 401 goes to {@link onUnauthorized}.
 */
export type UnauthorizedHandler = (error: ApiError) => void;

let unauthorized: UnauthorizedHandler = () => {};

/** Where a 401 goes (the login page, once the platform has accounts). */
export function onUnauthorized(handler: UnauthorizedHandler): void {
  unauthorized = handler;
}

export function csrfToken(cookies: string = typeof document === 'undefined' ? '' : document.cookie): string | null {
  for (const part of cookies.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'XSRF-TOKEN') return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** Headers every mutating request carries. */
export function mutationHeaders(): Record<string, string> {
  const token = csrfToken();
  return token ? { 'X-XSRF-TOKEN': token } : {};
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  query?: Record<string, string | number | boolean | readonly (string | number)[] | null | undefined>;
}

export function url(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const item of v) params.append(k, String(item));
    else params.append(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (method !== 'GET' && method !== 'HEAD') Object.assign(headers, mutationHeaders());
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(url(path, options.query), {
      method,
      headers,
      body,
      signal: options.signal,
      credentials: 'same-origin',
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, { title: 'Network error', detail: `the platform did not answer (${(e as Error).message})` });
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function toApiError(response: Response): Promise<ApiError> {
  let problem: ProblemDetail;
  const text = await response.text().catch(() => '');
  try {
    problem = text ? (JSON.parse(text) as ProblemDetail) : {};
  } catch {
    problem = { detail: text.slice(0, 300) };
  }
  if (!problem.detail && !problem.title) problem.title = `${response.status} ${response.statusText}`;
  const error = new ApiError(response.status, problem);
  if (response.status === 401) unauthorized(error);
  return error;
}

export const get = <T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal) =>
  request<T>(path, { query, signal });
export const post = <T>(path: string, body?: unknown) => request<T>(path, { method: 'POST', body });
export const patch = <T>(path: string, body: unknown) => request<T>(path, { method: 'PATCH', body });
export const del = (path: string) => request<void>(path, { method: 'DELETE' });
