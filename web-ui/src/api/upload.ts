import { mutationHeaders } from './http';
import { ApiError, type ProblemDetail } from './problem';

/**
 * A multipart POST through XMLHttpRequest, whose upload events give a progress bar (fetch has none). Answers the
 * parsed JSON, or fails with the problem detail as {@link ApiError}.
 */
export function uploadForm<T>(
  path: string,
  form: FormData,
  onProgress: (sent: number, total: number) => void,
): { done: Promise<T>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<T>((resolve, reject) => {
    xhr.open('POST', path);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    for (const [k, v] of Object.entries(mutationHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : 0);
    xhr.onload = () => {
      let body: unknown = undefined;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = { detail: xhr.responseText.slice(0, 300) };
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(new ApiError(xhr.status, (body ?? { title: `${xhr.status}` }) as ProblemDetail));
    };
    xhr.onerror = () => reject(new ApiError(0, { title: 'Network error', detail: 'the upload did not reach the platform' }));
    xhr.onabort = () => reject(new ApiError(0, { title: 'Aborted', detail: 'the upload was cancelled' }));
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
