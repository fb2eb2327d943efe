import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { ApiError, problemMessage } from '../api/problem';
import { onLinkClick } from '../router';

export function Link(props: JSX.HTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { href, onClick, ...rest } = props;
  return (
    <a
      href={href}
      onClick={(e) => {
        onClick?.(e as never);
        onLinkClick(e as unknown as MouseEvent, href);
      }}
      {...rest}
    />
  );
}

export function StatusBadge({ status, cancelRequested }: { status: string; cancelRequested?: boolean }) {
  const label = cancelRequested && status === 'RUNNING' ? 'CANCELLING' : status;
  return <span class={`badge status-${label.toLowerCase()}`}>{label.toLowerCase()}</span>;
}

/** A labelled input with its hint and, when the API named it, its error right under it. */
export function Field(props: {
  label: string;
  name: string;
  error?: string;
  hint?: ComponentChildren;
  changed?: boolean;
  children: ComponentChildren;
  wide?: boolean;
}) {
  const id = `f-${props.name}`;
  return (
    <div class={`field${props.error ? ' has-error' : ''}${props.wide ? ' wide' : ''}`} data-field={props.name}>
      <label for={id}>
        {props.label}
        {props.changed && (
          <span class="changed" title="differs from the run being cloned">
            {' '}
            ●
          </span>
        )}
      </label>
      {props.children}
      {props.error ? (
        <div class="field-error" id={`${id}-error`} role="alert">
          {props.error}
        </div>
      ) : props.hint ? (
        <div class="hint">{props.hint}</div>
      ) : null}
    </div>
  );
}

/** An error that belongs to no single field (or a failed load). */
export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const message =
    typeof error === 'string'
      ? error
      : error instanceof ApiError
        ? (error.field && error.field !== '$' ? `${error.field}: ` : '') + problemMessage(error.problem, error.status)
        : error instanceof Error
          ? error.message
          : String(error);
  return (
    <div class="error-box" role="alert">
      {title && <strong>{title}: </strong>}
      {message}
    </div>
  );
}

export function Spinner({ label = 'Loading…' }: { label?: string }) {
  return (
    <div class="spinner" role="status">
      {label}
    </div>
  );
}

/**
 * A modal dialog (the native one: focus stays inside, Escape closes). `onClose` runs however it closes.
 */
export function Dialog(props: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  actions?: ComponentChildren;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  return (
    <dialog ref={ref} onClose={props.onClose} aria-labelledby="dialog-title">
      <h2 id="dialog-title">{props.title}</h2>
      <div class="dialog-body">{props.children}</div>
      {props.actions && <div class="dialog-actions">{props.actions}</div>}
    </dialog>
  );
}

export function KeyValues({ items }: { items: [string, ComponentChildren][] }) {
  return (
    <dl class="kv">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function PageHeader(props: { title: ComponentChildren; children?: ComponentChildren; sub?: ComponentChildren }) {
  return (
    <header class="page-header">
      <div>
        <h1>{props.title}</h1>
        {props.sub && <div class="sub">{props.sub}</div>}
      </div>
      <div class="actions">{props.children}</div>
    </header>
  );
}

/** The colours of overlaid runs: distinct on light and dark backgrounds alike. */
export const PALETTE = [
  '#4e79a7', '#f28e2b', '#e15759', '#59a14f', '#b07aa1', '#edc948', '#76b7b2', '#ff9da7', '#9c755f', '#bab0ac',
  '#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f', '#ff7f0e',
];
