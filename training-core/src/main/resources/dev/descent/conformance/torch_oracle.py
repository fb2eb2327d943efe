#!/usr/bin/env python3
"""The PyTorch side of Descent's conformance check.

Reads one case per line on stdin (JSON, written by dev.descent.conformance.Json) and answers each with one line on
stdout: the op's outputs (dtype, shape, values) or the error it raised, and the gradients of the case's inputs. The
Java side runs the same case through Descent and compares. Run by hand with one case:

    echo '<case json>' | /usr/bin/python3 torch_oracle.py

Every op name here has a twin in the Java op table (dev.descent.conformance.*Cases); arguments are positional.
"""
import json
import math
import sys
import warnings

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
warnings.filterwarnings("ignore")

DTYPES = {
    "bool": torch.bool,
    "uint8": torch.uint8,
    "int8": torch.int8,
    "int32": torch.int32,
    "int64": torch.int64,
    "float32": torch.float32,
    "float64": torch.float64,
}
NAMES = {v: k for k, v in DTYPES.items()}
NAMES[torch.int16] = "int16"


def number(v):
    return float(v) if isinstance(v, str) else v


def encode_number(v):
    if isinstance(v, bool):
        return 1 if v else 0
    if isinstance(v, float) and not math.isfinite(v):
        return "nan" if v != v else ("inf" if v > 0 else "-inf")
    return v


# ---- inputs ------------------------------------------------------------------------------------

def view_slice(x, d, start, end, step):
    index = [slice(None)] * x.dim()
    index[d] = slice(start, end, step)
    return x[tuple(index)]


VIEWS = {
    "permute": lambda x, dims: x.permute(dims),
    "slice": view_slice,
    "expand": lambda x, sizes: x.expand(sizes),
}


def make_input(spec):
    dtype = DTYPES[spec["dtype"]]
    data = [number(v) for v in spec["data"]]
    staging = torch.float64 if dtype.is_floating_point else torch.int64
    leaf = torch.tensor(data, dtype=staging).to(dtype).reshape(spec["shape"])
    if spec.get("grad"):
        leaf.requires_grad_(True)
    x = leaf
    for view in spec.get("views", []):
        x = VIEWS[view[0]](x, *view[1:])
    return leaf, x


def resolve(arg, inputs):
    if isinstance(arg, dict) and "t" in arg:
        return inputs[arg["t"]]
    if isinstance(arg, list):
        return [resolve(a, inputs) for a in arg]
    return arg


# ---- ops ---------------------------------------------------------------------------------------

def dims_or_all(reduce):
    def run(x, dims, *rest):
        return reduce(x) if dims is None else reduce(x, dims, *rest)
    return run


def inplace(x, method, *args):
    getattr(x, method)(*args)
    return x


def inplace_nonleaf(x, method, *args):
    a = x * 2
    getattr(a, method)(*args)
    return a * x


def view_of(y, view):
    kind = view[0]
    if kind == "select":
        return y.select(view[1], view[2])
    if kind == "narrow":
        return y.narrow(view[1], view[2], view[3])
    if kind == "slice":
        return view_slice(y, view[1], view[2], view[3], view[4])
    if kind == "transpose":
        return y.transpose(view[1], view[2])
    if kind == "view":
        return y.view(view[1])
    raise ValueError("unknown view " + kind)


def inplace_view(x, view, method, *args):
    y = x * 1
    getattr(view_of(y, view), method)(*args)
    return y * x


def inplace_view_then_base(x, view, method, *args):
    y = x * 1
    v = view_of(y, view)
    getattr(v, method)(*args)
    return [y, v * 3]


def max_unpool(x, kernel, stride, padding):
    values, indices = F.max_pool2d(x, kernel, stride, padding, return_indices=True)
    return F.max_unpool2d(values, indices, kernel, stride, padding, output_size=x.shape[-2:])


def batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps):
    rm = None if running_mean is None else running_mean.clone()
    rv = None if running_var is None else running_var.clone()
    y = F.batch_norm(x, rm, rv, weight, bias, training, momentum, eps)
    return [y] + [t for t in (rm, rv) if t is not None]


def unbatched(cell):
    """As nn.RNNCell and friends do: a 1-D input (and state) is a batch of one."""
    def run(x, *state_and_weights):
        if x.dim() != 1:
            return cell(x, *state_and_weights)
        n = 2 if cell is lstm_cell else 1
        states = [s.unsqueeze(0) for s in state_and_weights[:n]]
        out = cell(x.unsqueeze(0), *states, *state_and_weights[n:])
        return [o.squeeze(0) for o in out] if isinstance(out, list) else out.squeeze(0)
    return run


def lstm_cell(x, h, c, w_ih, w_hh, b_ih, b_hh):
    return list(torch.lstm_cell(x, (h, c), w_ih, w_hh, b_ih, b_hh))


def grad_of(x, fn_name, *args):
    """torch.autograd.grad of sum(op(x) * w) with create_graph, returned (so it is differentiated once more)."""
    y = OPS[fn_name](x, *args)
    (g,) = torch.autograd.grad((y * weights(y, 7)).sum(), [x], create_graph=True)
    return g


def objective(params):
    total = 0
    for k, p in enumerate(params):
        c = weights(p, k)
        total = total + ((p - c) ** 2 * 0.5 + 0.1 * p ** 4).sum()
    return total


OPTIMIZERS = {
    "sgd": torch.optim.SGD,
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "rmsprop": torch.optim.RMSprop,
    "adagrad": torch.optim.Adagrad,
    "adadelta": torch.optim.Adadelta,
    "nadam": torch.optim.NAdam,
    "radam": torch.optim.RAdam,
    "lbfgs": torch.optim.LBFGS,
}


def optim(*args):
    *params, name, lr, hyper, steps = args
    ps = [p.detach().clone().requires_grad_(True) for p in params]
    hyper = {k: tuple(v) if k == "betas" else v for k, v in hyper.items()}
    opt = OPTIMIZERS[name](ps, lr=lr, **hyper)
    history = []

    def closure():
        opt.zero_grad()
        loss = objective(ps)
        loss.backward()
        return loss

    for _ in range(steps):
        opt.step(closure)
        history.extend(p.detach().clone() for p in ps)
    return history


SCHEDULES = {
    "step": torch.optim.lr_scheduler.StepLR,
    "multistep": torch.optim.lr_scheduler.MultiStepLR,
    "exponential": torch.optim.lr_scheduler.ExponentialLR,
    "cosine": torch.optim.lr_scheduler.CosineAnnealingLR,
    "linear": torch.optim.lr_scheduler.LinearLR,
    "onecycle": torch.optim.lr_scheduler.OneCycleLR,
    "cosine_restarts": torch.optim.lr_scheduler.CosineAnnealingWarmRestarts,
    "plateau": torch.optim.lr_scheduler.ReduceLROnPlateau,
}


def schedule(name, lr, options, steps, metrics):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr, momentum=0.9)
    sched = SCHEDULES[name](opt, **options)
    lrs = [opt.param_groups[0]["lr"]]
    for i in range(steps):
        opt.step()
        if name == "plateau":
            sched.step(metrics[i])
        else:
            sched.step()
        lrs.append(opt.param_groups[0]["lr"])
    return torch.tensor(lrs, dtype=torch.float64)


OPS = {
    # elementwise, one operand
    "neg": torch.neg,
    "abs": torch.abs,
    "sign": torch.sign,
    "sqrt": torch.sqrt,
    "rsqrt": torch.rsqrt,
    "reciprocal": torch.reciprocal,
    "exp": torch.exp,
    "log": torch.log,
    "sin": torch.sin,
    "cos": torch.cos,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "erf": torch.erf,
    "relu": torch.relu,
    "square": torch.square,
    "floor": torch.floor,
    "ceil": torch.ceil,
    "round": torch.round,
    "trunc": torch.trunc,
    "logical_not": torch.logical_not,
    "leaky_relu": F.leaky_relu,
    "gelu": lambda x, approximate: F.gelu(x, approximate=approximate),
    "pow_scalar": torch.pow,
    "clamp": torch.clamp,
    # elementwise, two operands (a Python number as the second is a "wrapped number")
    "add": torch.add,
    "add_alpha": lambda x, y, alpha: torch.add(x, y, alpha=alpha),
    "sub": torch.sub,
    "mul": torch.mul,
    "div": torch.div,
    "pow": torch.pow,
    "rsub": lambda x, s: s - x,
    "rdiv": lambda x, s: s / x,
    "maximum": torch.maximum,
    "minimum": torch.minimum,
    "eq": torch.eq,
    "ne": torch.ne,
    "lt": torch.lt,
    "le": torch.le,
    "gt": torch.gt,
    "ge": torch.ge,
    "logical_and": torch.logical_and,
    "logical_or": torch.logical_or,
    "floor_divide": torch.floor_divide,
    "remainder": torch.remainder,
    "fmod": torch.fmod,
    "where": torch.where,
    "masked_fill": lambda x, mask, value: x.masked_fill(mask, value),
    # reductions and scans
    "sum": dims_or_all(torch.sum),
    "mean": dims_or_all(torch.mean),
    "max_all": torch.max,
    "min_all": torch.min,
    "amax": torch.amax,
    "amin": torch.amin,
    "max_dim": lambda x, d, keepdim: list(torch.max(x, d, keepdim)),
    "min_dim": lambda x, d, keepdim: list(torch.min(x, d, keepdim)),
    "max_dim_values": lambda x, d, keepdim: torch.max(x, d, keepdim).values,
    "min_dim_values": lambda x, d, keepdim: torch.min(x, d, keepdim).values,
    "argmax": lambda x, d, keepdim: torch.argmax(x) if d is None else torch.argmax(x, d, keepdim),
    "argmin": lambda x, d, keepdim: torch.argmin(x) if d is None else torch.argmin(x, d, keepdim),
    "var": lambda x, dims, correction, keepdim: torch.var(x, dims, correction=correction, keepdim=keepdim),
    "std": lambda x, dims, correction, keepdim: torch.std(x, dims, correction=correction, keepdim=keepdim),
    "logsumexp": torch.logsumexp,
    "norm": lambda x, p, dims, keepdim: torch.linalg.vector_norm(x, float(p) if isinstance(p, str) else p, dims, keepdim),
    "softmax": torch.softmax,
    "log_softmax": torch.log_softmax,
    "prod": dims_or_all(torch.prod),
    "cumsum": torch.cumsum,
    "sort": lambda x, d, descending: list(torch.sort(x, dim=d, descending=descending, stable=True)),
    "argsort": lambda x, d, descending: torch.argsort(x, dim=d, descending=descending, stable=True),
    "topk": lambda x, k, d, largest: list(torch.topk(x, k, d, largest, True)),
    # indexing
    "gather": torch.gather,
    "scatter": torch.scatter,
    "scatter_add": torch.scatter_add,
    "index_select": torch.index_select,
    "index_add": torch.index_add,
    "masked_select": torch.masked_select,
    "narrow": torch.narrow,
    "select": torch.select,
    "slice": view_slice,
    "one_hot": F.one_hot,
    "embedding": lambda idx, w, padding_idx: F.embedding(idx, w, padding_idx=padding_idx),
    # shapes and views
    "reshape": torch.reshape,
    "view": lambda x, shape: x.view(shape),
    "flatten": torch.flatten,
    "unflatten": lambda x, d, sizes: x.unflatten(d, sizes),
    "permute": torch.permute,
    "transpose": torch.transpose,
    "squeeze_all": torch.squeeze,
    "squeeze": torch.squeeze,
    "unsqueeze": torch.unsqueeze,
    "expand": lambda x, sizes: x.expand(sizes),
    "cat": torch.cat,
    "stack": torch.stack,
    "split": lambda x, size, d: list(torch.split(x, size, d)),
    "chunk": lambda x, chunks, d: list(torch.chunk(x, chunks, d)),
    "unbind": lambda x, d: list(torch.unbind(x, d)),
    "flip": torch.flip,
    "roll": torch.roll,
    "t": torch.t,
    "mT": lambda x: x.mT,
    "contiguous": lambda x: x.contiguous(),
    "clone": torch.clone,
    "to": lambda x, dtype: x.to(DTYPES[dtype]),
    # linear algebra, convolution, pooling, padding
    "matmul": torch.matmul,
    "mm": torch.mm,
    "linear": F.linear,
    "conv1d": F.conv1d,
    "conv2d": F.conv2d,
    "conv_transpose2d": F.conv_transpose2d,
    "max_pool2d": lambda x, k, s, p, d, ceil: list(F.max_pool2d(x, k, s, p, d, ceil, True)),
    "avg_pool2d": F.avg_pool2d,
    "adaptive_avg_pool2d": F.adaptive_avg_pool2d,
    "adaptive_max_pool2d": lambda x, size: list(F.adaptive_max_pool2d(x, size, True)),
    "max_unpool2d": max_unpool,
    "pad": F.pad,
    # nn functionals
    "batch_norm": batch_norm,
    "layer_norm": F.layer_norm,
    "rnn_tanh_cell": unbatched(torch.rnn_tanh_cell),
    "rnn_relu_cell": unbatched(torch.rnn_relu_cell),
    "lstm_cell": unbatched(lstm_cell),
    "gru_cell": unbatched(torch.gru_cell),
    "dropout": F.dropout,
    # losses
    "mse_loss": lambda x, y, reduction: F.mse_loss(x, y, reduction=reduction),
    "l1_loss": lambda x, y, reduction: F.l1_loss(x, y, reduction=reduction),
    "smooth_l1_loss": lambda x, y, reduction, beta: F.smooth_l1_loss(x, y, reduction=reduction, beta=beta),
    "huber_loss": lambda x, y, reduction, delta: F.huber_loss(x, y, reduction=reduction, delta=delta),
    "bce": lambda p, y, w, reduction: F.binary_cross_entropy(p, y, w, reduction=reduction),
    "bce_with_logits": lambda x, y, w, pw, reduction: F.binary_cross_entropy_with_logits(
        x, y, w, reduction=reduction, pos_weight=pw),
    "cross_entropy": lambda x, t, w, ignore, smoothing, reduction: F.cross_entropy(
        x, t, w, ignore_index=ignore, reduction=reduction, label_smoothing=smoothing),
    "nll_loss": lambda x, t, w, ignore, reduction: F.nll_loss(x, t, w, ignore_index=ignore, reduction=reduction),
    "kl_div": lambda x, y, reduction, log_target: F.kl_div(x, y, reduction=reduction, log_target=log_target),
    # in place, and autograd through in-place ops
    "inplace": inplace,
    "inplace_nonleaf": inplace_nonleaf,
    "inplace_view": inplace_view,
    "inplace_view_then_base": inplace_view_then_base,
    # autograd.grad inside the function: the case's own second derivative is then a third
    "grad_of": grad_of,
    # optimizers and schedules
    "optim": optim,
    "schedule": schedule,
}


# ---- running a case ----------------------------------------------------------------------------

def weights(t, k):
    """The same fixed upstream gradient as the Java side: ((7 i + 3 + k) mod 11 - 5) / 4 at flat position i."""
    n = t.numel()
    w = torch.tensor([((7 * i + 3 + k) % 11 - 5) / 4 for i in range(n)], dtype=torch.float64)
    return w.reshape(t.shape).to(t.dtype)


def flatten(result):
    if isinstance(result, (list, tuple)):
        out = []
        for r in result:
            out.extend(flatten(r))
        return out
    return [result]


def encode(value):
    if isinstance(value, torch.Tensor):
        v = value.detach()
        if v._is_zerotensor():  # an efficient zero tensor has no storage to read
            v = torch.zeros(v.shape, dtype=v.dtype)
        return {
            "dtype": NAMES.get(v.dtype, str(v.dtype).replace("torch.", "")),
            "shape": list(v.shape),
            "data": [encode_number(e) for e in v.reshape(-1).tolist()],
        }
    if value is None:
        return None
    return {"scalar": encode_number(value)}


def gradients(outputs, leaves, order):
    loss = None
    for k, o in enumerate(outputs):
        if isinstance(o, torch.Tensor) and o.requires_grad:
            term = (o * weights(o, k)).sum()
            loss = term if loss is None else loss + term
    if loss is None:
        return [None] * len(leaves), ([None] * len(leaves) if order > 1 else None)
    grads = torch.autograd.grad(loss, leaves, allow_unused=True, create_graph=order > 1)
    if order < 2:
        return list(grads), None
    loss2 = None
    for k, g in enumerate(grads):
        if g is not None and g.requires_grad:
            term = (g * weights(g, k + 50)).sum()
            loss2 = term if loss2 is None else loss2 + term
    if loss2 is None:
        return list(grads), [None] * len(leaves)
    return list(grads), list(torch.autograd.grad(loss2, leaves, allow_unused=True))


def run(case):
    answer = {"id": case["id"]}
    made = [make_input(spec) for spec in case["inputs"]]
    inputs = [x for _, x in made]
    leaves = [leaf for leaf, _ in made if leaf.requires_grad]
    try:
        result = OPS[case["op"]](*[resolve(a, inputs) for a in case["args"]])
        outputs = flatten(result)
    except Exception as e:  # the op refused its input: Descent must refuse it too
        answer["error"] = type(e).__name__ + ": " + str(e).splitlines()[0] if str(e) else type(e).__name__
        return answer
    answer["out"] = [encode(o) for o in outputs]
    if leaves and case.get("order", 1) > 0:
        try:
            grads, grads2 = gradients(outputs, leaves, case.get("order", 1))
            answer["grads"] = [encode(g) for g in grads]
            if grads2 is not None:
                answer["grads2"] = [encode(g) for g in grads2]
        except Exception as e:
            answer["grad_error"] = type(e).__name__ + ": " + (str(e).splitlines() or [""])[0]
    return answer


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        case = json.loads(line)
        try:
            answer = run(case)
        except Exception as e:  # a broken case, not an op's refusal
            answer = {"id": case.get("id"), "oracle_error": type(e).__name__ + ": " + str(e)}
        sys.stdout.write(json.dumps(answer, allow_nan=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
