import { RUN_STATUSES } from '../api/types';
import type { RunListQuery } from '../api/runs';

/**
 * The runs filter box. Where the platform has its filter language the text goes to it as is and its errors come back
 * with their position; until then the box understands the part of that language the list's parameters can express:
 * `status = 'RUNNING'`, `status in ('QUEUED', 'RUNNING')`, `experimentId = 3`, `modelId = 2`, `datasetId = 1`, joined
 * by `and`.
 */
export class FilterError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

const FIELDS: Record<string, keyof RunListQuery> = {
  status: 'status',
  experimentid: 'experimentId',
  'experiment.id': 'experimentId',
  modelid: 'modelId',
  'model.id': 'modelId',
  datasetid: 'datasetId',
  'dataset.id': 'datasetId',
};

type Token = { text: string; kind: 'word' | 'string' | 'number' | 'op' | 'punct'; at: number };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let at = 0;
  for (;;) {
    while (at < text.length && /\s/.test(text[at])) at++;
    if (at >= text.length) return out;
    const rest = text.slice(at);
    let m: RegExpExecArray | null;
    if ((m = /^'((?:[^']|'')*)'/.exec(rest))) out.push({ text: m[1].replace(/''/g, "'"), kind: 'string', at });
    else if ((m = /^-?\d+(?:\.\d+)?/.exec(rest))) out.push({ text: m[0], kind: 'number', at });
    else if ((m = /^[A-Za-z_][\w./]*/.exec(rest))) out.push({ text: m[0], kind: 'word', at });
    else if ((m = /^(<=|>=|!=|=|<|>)/.exec(rest))) out.push({ text: m[0], kind: 'op', at });
    else if ((m = /^[(),]/.exec(rest))) out.push({ text: m[0], kind: 'punct', at });
    else if (rest[0] === "'") throw new FilterError('unterminated string', at);
    else throw new FilterError(`unexpected '${rest[0]}'`, at);
    at += m[0].length;
  }
}

/** The list parameters a filter text stands for; a part they cannot express fails naming its position. */
export function filterToQuery(text: string): RunListQuery {
  const q: RunListQuery = {};
  const tokens = tokenize(text);
  let i = 0;
  const end = text.length;
  const expect = (what: string): Token => {
    const t = tokens[i];
    if (!t) throw new FilterError(`expected ${what} at the end`, end);
    return t;
  };
  while (i < tokens.length) {
    const f = expect('a field');
    if (f.kind !== 'word') throw new FilterError(`expected a field, got '${f.text}'`, f.at);
    const param = FIELDS[f.text.toLowerCase()];
    if (!param) {
      throw new FilterError(
        `'${f.text}' cannot be filtered on by this platform yet; use status, experimentId, modelId or datasetId`,
        f.at,
      );
    }
    i++;
    const op = expect("'=' or 'in'");
    let values: Token[];
    if (op.text === '=') {
      i++;
      values = [expect('a value')];
      i++;
    } else if (op.kind === 'word' && op.text.toLowerCase() === 'in') {
      i++;
      if (expect("'('").text !== '(') throw new FilterError("expected '(' after in", tokens[i].at);
      i++;
      values = [];
      for (;;) {
        values.push(expect('a value'));
        i++;
        const sep = expect("',' or ')'");
        i++;
        if (sep.text === ')') break;
        if (sep.text !== ',') throw new FilterError(`expected ',' or ')', got '${sep.text}'`, sep.at);
      }
    } else {
      throw new FilterError(`expected '=' or 'in' after ${f.text}, got '${op.text}'`, op.at);
    }
    if (param === 'status') {
      for (const v of values) {
        const s = v.text.toUpperCase();
        if (!(RUN_STATUSES as readonly string[]).includes(s))
          throw new FilterError(`unknown status '${v.text}'; expected one of ${RUN_STATUSES.join(', ')}`, v.at);
      }
      q.status = [...(q.status ?? []), ...values.map((v) => v.text.toUpperCase())];
    } else {
      if (values.length !== 1 || values[0].kind !== 'number' || !Number.isInteger(Number(values[0].text)))
        throw new FilterError(`${f.text} takes one whole number`, values[0]?.at ?? op.at);
      (q as Record<string, unknown>)[param] = Number(values[0].text);
    }
    if (i < tokens.length) {
      const and = tokens[i];
      if (and.kind !== 'word' || and.text.toLowerCase() !== 'and')
        throw new FilterError(`expected 'and', got '${and.text}' (this platform has no 'or' yet)`, and.at);
      i++;
      if (i >= tokens.length) throw new FilterError('expected a condition after and', end);
    }
  }
  return q;
}

/**
 * Where a filter error points, for showing the text with a caret under the offending character: the text split around
 * it (`at` is one character, or empty past the end) and the caret line. A position outside the text is clamped to its
 * end, where "expected more" errors point; a non-integer one is no position at all.
 */
export interface ErrorMarker {
  before: string;
  at: string;
  after: string;
  caret: string;
  /** The 1-based column, as people count. */
  column: number;
}

export function errorMarker(text: string, position: number | null | undefined): ErrorMarker | null {
  if (typeof position !== 'number' || !Number.isInteger(position) || position < 0) return null;
  const p = Math.min(position, text.length);
  return {
    before: text.slice(0, p),
    at: text.slice(p, p + 1),
    after: text.slice(p + 1),
    caret: `${' '.repeat(p)}^`,
    column: p + 1,
  };
}

/** The problem's `expected` (a word or a list of them) as a phrase: "a value, ')' or 'and'". */
export function expectedText(expected: unknown): string | null {
  const list = Array.isArray(expected) ? expected.map(String) : typeof expected === 'string' && expected ? [expected] : [];
  if (!list.length) return null;
  return list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
}
