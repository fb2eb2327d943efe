"""PyTorch's side of `descent bench --engines ...,pytorch`.

Started by the Java bench (PytorchBenchTarget) as a child process: it reads one JSON request per line on stdin and
answers one JSON line on stdout, so the bench can take turns between the engines sample by sample. The workloads mirror
the bench's own (training-core's dev.descent.cli.bench.TrainingWorkload and EngineGemmWorkload): the same models,
optimizers, batch sizes, thread count and data, which the Java side writes to a file.

Requests:
  {"op": "gemm", "id": ..., "m": .., "k": .., "n": .., "a": path, "b": path, "min_seconds": s}
  {"op": "train", "id": ..., "model": "keras-mlp"|"scratch-mlp"|"lenet", "optimizer": "rmsprop"|"sgd"|"adam",
   "lr": .., "batch": .., "steps": .., "data": path, "count": n}
  {"op": "measure", "id": ...}   -> {"value": GFLOP/s for gemm, seconds per step for train}
  {"op": "rss"}                  -> {"peak_rss_bytes": the process's VmHWM}
  {"op": "quit"}
On start it prints one line: {"torch": version, "threads": n, "config": ...} or {"error": why torch is unusable}.
"""

import json
import sys
import time


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


try:
    import torch
    from torch import nn
except Exception as e:  # noqa: BLE001 - any import failure means there is no PyTorch to compare with
    reply({"error": "import torch failed: %s: %s" % (type(e).__name__, e)})
    sys.exit(0)


def peak_rss_bytes():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return -1


def read_floats(path, count):
    with open(path, "rb") as f:
        raw = f.read(4 * count)
    if len(raw) != 4 * count:
        raise ValueError("%s holds %d bytes, expected %d" % (path, len(raw), 4 * count))
    return torch.frombuffer(bytearray(raw), dtype=torch.float32).clone()


def load_data(path, count):
    """count images of 1x28x28 little-endian float32, then count int32 labels."""
    with open(path, "rb") as f:
        raw = f.read()
    expected = count * 784 * 4 + count * 4
    if len(raw) != expected:
        raise ValueError("%s holds %d bytes, expected %d" % (path, len(raw), expected))
    x = torch.frombuffer(bytearray(raw[: count * 784 * 4]), dtype=torch.float32).clone().reshape(count, 1, 28, 28)
    y = torch.frombuffer(bytearray(raw[count * 784 * 4:]), dtype=torch.int32).clone().long()
    return x, y


def model(name):
    if name == "keras-mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.2), nn.Linear(512, 10)), "ce"
    if name == "scratch-mlp":
        m = nn.Sequential(nn.Flatten(), nn.Linear(784, 250, bias=False), nn.Sigmoid(),
                          nn.Linear(250, 10, bias=False), nn.Sigmoid())
        for layer in (m[1], m[3]):
            nn.init.normal_(layer.weight, 0.0, layer.in_features ** -0.5)
        return m, "sse"
    if name == "lenet":
        m = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                          nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))
        for layer in m:
            if isinstance(layer, (nn.Conv2d, nn.Linear)):
                nn.init.xavier_uniform_(layer.weight)
                nn.init.zeros_(layer.bias)
        return m, "ce"
    raise ValueError("unknown model " + name)


def optimizer(name, params, lr):
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=0.99, eps=1e-8)
    raise ValueError("unknown optimizer " + name)


class Gemm:
    def __init__(self, req):
        m, k, n = req["m"], req["k"], req["n"]
        self.a = read_floats(req["a"], m * k).reshape(m, k)
        self.b = read_floats(req["b"], k * n).reshape(k, n)
        self.out = torch.empty(m, n)
        self.gflop = 2.0 * m * k * n / 1e9
        self.min_seconds = req["min_seconds"]
        self.runs = 1

    def measure(self):
        start = time.perf_counter()
        for _ in range(self.runs):
            torch.mm(self.a, self.b, out=self.out)
        seconds = time.perf_counter() - start
        figure = self.gflop * self.runs / seconds
        self.runs = int(max(1, min(100000, -(-self.runs * self.min_seconds // max(seconds, 1e-9)))))
        return figure


class Train:
    """One sample trains `steps` batches from a fresh model, as the Java bench does, and times steps 2..last."""

    def __init__(self, req):
        self.x, self.y = load_data(req["data"], req["count"])
        self.model_name, self.opt_name, self.lr = req["model"], req["optimizer"], req["lr"]
        self.batch, self.steps = req["batch"], req["steps"]
        self.seed = 0

    def measure(self):
        self.seed += 1
        torch.manual_seed(self.seed)
        net, loss_kind = model(self.model_name)
        net.train()
        opt = optimizer(self.opt_name, net.parameters(), self.lr)
        order = torch.randperm(self.x.shape[0])
        ce = nn.CrossEntropyLoss()
        first = last = 0.0
        for step in range(self.steps):
            rows = order[step * self.batch:(step + 1) * self.batch]
            xb, yb = self.x.index_select(0, rows), self.y.index_select(0, rows)
            opt.zero_grad(set_to_none=True)
            out = net(xb)
            if loss_kind == "ce":
                loss = ce(out, yb)
            else:
                loss = (out - nn.functional.one_hot(yb, 10).float()).square().sum()
            loss.backward()
            opt.step()
            loss.item()  # the trainer reads the loss every step, as Descent's does for its metrics
            last = time.perf_counter()
            if step == 0:
                first = last
        return (last - first) / (self.steps - 1)


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    torch.set_num_threads(threads)
    reply({"torch": torch.__version__, "threads": torch.get_num_threads(),
           "config": " ".join(torch.__config__.show().split())[:400]})
    cases = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
            op = req["op"]
            if op == "quit":
                break
            if op == "gemm":
                cases[req["id"]] = Gemm(req)
                reply({"ok": True})
            elif op == "train":
                cases[req["id"]] = Train(req)
                reply({"ok": True})
            elif op == "measure":
                reply({"value": cases[req["id"]].measure()})
            elif op == "rss":
                reply({"peak_rss_bytes": peak_rss_bytes()})
            else:
                reply({"error": "unknown op " + op})
        except Exception as e:  # noqa: BLE001 - the Java side reports it and stops
            reply({"error": "%s: %s" % (type(e).__name__, e)})


if __name__ == "__main__":
    main()
