/**
 * The optimizers and learning-rate schedules the platform trains with, and the options each takes with its default
 * (the platform's own: PyTorch's defaults, momentum and RMSprop as the literature writes them). The Launch form shows
 * the fields of the chosen one; a field left empty takes the default, and the platform checks every value.
 */
export interface OptionSpec {
  name: string;
  label: string;
  kind: 'number' | 'int' | 'bool' | 'choice';
  default?: number | boolean | string;
  choices?: string[];
  required?: boolean;
  hint?: string;
}

export interface Choice {
  label: string;
  hint?: string;
  lr?: number;
  options: OptionSpec[];
}

const n = (name: string, label: string, def?: number, hint?: string): OptionSpec => ({ name, label, kind: 'number', default: def, hint });
const i = (name: string, label: string, def?: number, hint?: string): OptionSpec => ({ name, label, kind: 'int', default: def, hint });
const b = (name: string, label: string, def = false): OptionSpec => ({ name, label, kind: 'bool', default: def });

export const OPTIMIZERS: Record<string, Choice> = {
  sgd: {
    label: 'SGD',
    hint: "PyTorch's SGD: with momentum, v = μv + g, W -= αv",
    lr: 0.01,
    options: [n('momentum', 'momentum μ', 0), n('dampening', 'dampening', 0), b('nesterov', 'Nesterov'), n('weightDecay', 'weight decay', 0)],
  },
  momentum: {
    label: 'Momentum',
    hint: 'v = βv + (1-β)dW, W -= αv',
    lr: 0.01,
    options: [n('beta', 'β', 0.9)],
  },
  rmsprop: {
    label: 'RMSprop',
    hint: 's = βs + (1-β)dW², W -= α dW/(√s + ε)',
    lr: 0.001,
    options: [n('beta', 'β (alpha)', 0.99), n('eps', 'ε', 1e-8), n('weightDecay', 'weight decay', 0), n('momentum', 'momentum', 0), b('centered', 'centered')],
  },
  adam: {
    label: 'Adam',
    hint: 'bias-corrected moments; W -= α v̂/(√ŝ + ε)',
    lr: 0.001,
    options: [n('beta1', 'β1', 0.9), n('beta2', 'β2', 0.999), n('eps', 'ε', 1e-8), n('weightDecay', 'weight decay (L2)', 0), b('amsgrad', 'AMSGrad')],
  },
  adamw: {
    label: 'AdamW',
    hint: 'Adam with decoupled weight decay',
    lr: 0.001,
    options: [n('beta1', 'β1', 0.9), n('beta2', 'β2', 0.999), n('eps', 'ε', 1e-8), n('weightDecay', 'weight decay', 0.01), b('amsgrad', 'AMSGrad')],
  },
  adagrad: {
    label: 'Adagrad',
    lr: 0.01,
    options: [n('lrDecay', 'lr decay', 0), n('weightDecay', 'weight decay', 0), n('initialAccumulator', 'initial accumulator', 0), n('eps', 'ε', 1e-10)],
  },
  adadelta: {
    label: 'Adadelta',
    lr: 1,
    options: [n('rho', 'ρ', 0.9), n('eps', 'ε', 1e-6), n('weightDecay', 'weight decay', 0)],
  },
  lbfgs: {
    label: 'L-BFGS',
    lr: 1,
    options: [
      i('maxIter', 'max iterations', 20),
      i('maxEval', 'max evaluations', undefined, 'default: max iterations × 5/4'),
      n('toleranceGrad', 'gradient tolerance', 1e-7),
      n('toleranceChange', 'change tolerance', 1e-9),
      i('historySize', 'history size', 100),
      { name: 'lineSearch', label: 'line search', kind: 'choice', default: 'none', choices: ['none', 'strong_wolfe'] },
    ],
  },
};

const STEP = [i('stepSize', 'step size (epochs)'), n('gamma', 'γ', 0.1)].map((o) => (o.name === 'stepSize' ? { ...o, required: true } : o));
const EXPONENTIAL = [{ ...n('gamma', 'γ per epoch'), required: true }];
const COSINE = [{ ...i('tMax', 'T max (epochs)'), required: true }, n('etaMin', 'η min', 0)];

export const SCHEDULES: Record<string, Choice> = {
  step: { label: 'Step', hint: 'lr × γ every step size epochs', options: STEP },
  exponential: { label: 'Exponential', hint: 'lr × γ each epoch', options: EXPONENTIAL },
  cosine: { label: 'Cosine annealing', options: COSINE },
  plateau: {
    label: 'Reduce on plateau',
    hint: 'watches the validation loss (or the epoch loss without a validation split)',
    options: [
      { name: 'mode', label: 'mode', kind: 'choice', default: 'min', choices: ['min', 'max'] },
      n('factor', 'factor', 0.1),
      i('patience', 'patience (epochs)', 10),
      n('threshold', 'threshold', 1e-4),
      i('cooldown', 'cooldown', 0),
      n('minLr', 'min lr', 0),
    ],
  },
  warmup: {
    label: 'Linear warm-up',
    hint: 'then the schedule named in "after", counted from the end of the warm-up',
    options: [
      { ...i('warmupSteps', 'warm-up steps (batches)'), required: true },
      n('startFactor', 'start factor', 1 / 3),
      { name: 'after', label: 'after', kind: 'choice', default: 'constant', choices: ['constant', 'step', 'exponential', 'cosine'] },
    ],
  },
};

/** The options a warm-up takes for the schedule after it. */
export function warmupAfterOptions(after: string): OptionSpec[] {
  return after === 'step' ? STEP : after === 'exponential' ? EXPONENTIAL : after === 'cosine' ? COSINE : [];
}

export const ENGINES = ['native', 'djl'];
export const DEVICES = ['auto', 'cpu', 'cuda'];

/**
 * A form's text as the JSON value to send: a number where it reads as one, true/false for flags, otherwise the text
 * itself, so the platform names the field it cannot take. Empty means "not given".
 */
export function parseValue(text: string, kind: OptionSpec['kind']): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  if (kind === 'bool') return t === 'true';
  if (kind === 'choice') return t;
  const v = Number(t);
  return Number.isFinite(v) && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? v : t;
}
