#!/usr/bin/env python3
"""PyTorch side of `npm run bench`: the same workloads, timed the same way.

Run by scripts/bench.ts as `/usr/bin/python3 bench/torch_baseline.py JOB.json`.
JOB.json (see bench/protocol.ts, JobFile) lists rows, each with the workload's
layers in PyTorch layout, its points, terms and residual, so both sides load
identical weights at identical points; one intra-op thread. Writes one protocol line per message to
stdout: 'BENCH ' followed by JSON (meta, start, row); meta names the BLAS (bench/torch_blas.py). Float32, autograd.grad
with create_graph=True, shared lower derivatives (u_x is reused for u_xx) as
a PyTorch user would write it.
"""
import json
import math
import platform
import statistics
import sys
import time

import torch

import torch_blas

PREFIX = 'BENCH '
G = 1.324717957244746
BURGERS_NU = 0.01 / math.pi
LEARNING_RATE = 1e-3
INPUTS = ['x', 't']


def send(message):
    print(PREFIX + json.dumps(message), flush=True)


def make_points(spec):
    """Same points as bench/points.ts: float64 arithmetic, then float32."""
    if spec['kind'] == 'grid':
        nx, nt = spec['nx'], spec['nt']
        xs = [-1 + 2 * i / (nx - 1) for i in range(nx)]
        ts = [j / (nt - 1) for j in range(nt)]
        x = [xi for xi in xs for _ in ts]
        t = [tj for _ in xs for tj in ts]
        x, t = torch.tensor(x, dtype=torch.float64), torch.tensor(t, dtype=torch.float64)
    else:
        i = torch.arange(1, spec['n'] + 1, dtype=torch.float64)
        a1, a2 = 1 / G, 1 / (G * G)
        fx = 0.5 + a1 * i
        ft = 0.5 + a2 * i
        x = -1 + 2 * (fx - torch.floor(fx))
        t = ft - torch.floor(ft)
    col = lambda v: v.to(torch.float32).reshape(-1, 1).clone().requires_grad_(True)
    return col(x), col(t)


class Net:
    """Linear layers from PyTorch-layout lists, activation between them."""

    def __init__(self, layers, activation):
        self.params = []
        for layer in layers:
            self.params.append(torch.tensor(layer['weight'], dtype=torch.float32, requires_grad=True))
            self.params.append(torch.tensor(layer['bias'], dtype=torch.float32, requires_grad=True))
        self.act = torch.tanh if activation == 'tanh' else torch.sigmoid

    def __call__(self, x, t):
        h = torch.cat([x, t], 1)
        last = len(self.params) // 2 - 1
        for i in range(last + 1):
            h = torch.nn.functional.linear(h, self.params[2 * i], self.params[2 * i + 1])
            if i < last:
                h = self.act(h)
        return h


def chain_of(term):
    """'u_tx' -> 'xt': mixed partials are symmetric, so chains sort by input order."""
    vars_ = term.split('_', 1)[1] if '_' in term else ''
    return ''.join(sorted(vars_, key=INPUTS.index))


def derivatives(net, x, t, terms):
    """The terms, each lower derivative computed once and reused by those above it."""
    cols = {'x': x, 't': t}
    chains = [chain_of(term) for term in terms]
    values = {'': net(x, t)}
    for depth in range(max(len(c) for c in chains)):
        parents = {}
        for c in chains:
            if len(c) > depth:
                parents.setdefault(c[:depth], set()).add(c[depth])
        for parent, children in parents.items():
            order = sorted(children, key=INPUTS.index)
            grads = torch.autograd.grad(values[parent].sum(), [cols[v] for v in order], create_graph=True, allow_unused=True)
            for v, g in zip(order, grads):
                values[parent + v] = g if g is not None else torch.zeros_like(x)
    return [values[c] for c in chains]


def residual(kind, d):
    if kind == 'burgers':
        u, ut, ux, uxx = d
        return ut + u * ux - BURGERS_NU * uxx
    utt, uxxxx = d
    return utt + uxxxx


def make_run(job, check):
    net = Net(job['layers'], job['net']['activation'])
    x, t = make_points(job['points'])
    terms = job['terms']
    if job['kind'] == 'derivatives':
        def run():
            outs = derivatives(net, x, t, terms)
            if not check:
                check.extend(o.abs().mean().item() for o in outs)
        return run
    opt = torch.optim.Adam(net.params, lr=LEARNING_RATE, eps=1e-7)

    def step():
        opt.zero_grad(set_to_none=True)
        x.grad = t.grad = None
        loss = residual(job['residual'], derivatives(net, x, t, terms)).square().mean()
        loss.backward()
        opt.step()
        value = loss.item()
        if not check:
            check.append(value)
    return step


def format_ms(ms):
    """bench/timing.ts formatMs()."""
    return f'{ms:,.0f}' if ms >= 100 else f'{ms:#.3g}'


def measure(run, timing):
    """bench/timing.ts measure(): warm-up, then runs; stop after one run if the rest would exceed the budget."""
    runs, budget = timing['runs'], timing['budgetMs']
    warmup_until = time.perf_counter() + timing.get('warmupMs', 0) / 1000
    done = 0
    while done < timing['warmup'] or time.perf_counter() < warmup_until:
        done += 1
        start = time.perf_counter()
        run()
        ms = (time.perf_counter() - start) * 1000
        if ms > budget / 2:
            return 'over-budget', None, [], ms, f'warm-up run {format_ms(ms)} ms > half the row budget'
    samples = []
    for i in range(runs):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
        if i == 0 and runs > 1 and samples[0] * runs > budget:
            note = f'1 run {format_ms(samples[0])} ms; {runs} runs > row budget'
            return 'over-budget', None, samples, samples[0], note
    median = statistics.median(samples)
    return 'ok', median, samples, median, None


def main():
    with open(sys.argv[1]) as f:
        file = json.load(f)
    timing, known, failed = file['timing'], dict(file['known']), dict(file['failed'])
    send({'type': 'meta', 'backend': 'torch', 'info': {
        'torch': torch.__version__, 'threads': torch.get_num_threads(), 'python': platform.python_version(),
        'blas': torch_blas.describe()['name']}})
    for row in file['rows']:
        send({'type': 'start', 'id': row['id']})
        base = {'type': 'row', 'id': row['id'], 'ms': None, 'samples': [], 'check': []}
        failure = failed.get(row['family'])
        if failure and failure['n'] < row['n']:
            send({**base, 'status': 'skipped', 'note': f"failed at N={failure['n']:,}: {failure['note']}"})
            continue
        prior = known.get(row['family'])
        if prior and prior['n'] < row['n']:
            predicted = prior['ms'] * row['n'] / prior['n']
            if predicted * timing['runs'] > timing['budgetMs']:
                note = (f"predicted {format_ms(predicted)} ms/run from {format_ms(prior['ms'])} ms at N={prior['n']:,}; "
                        f"{timing['runs']} runs > row budget")
                send({**base, 'status': 'over-budget', 'note': note})
                continue
        try:
            check = []
            status, ms, samples, estimate, note = measure(make_run(row['job'], check), timing)
            send({**base, 'status': status, 'ms': ms, 'samples': samples, 'check': check, 'estimateMs': estimate,
                  **({'note': note} if note else {})})
            known[row['family']] = {'n': row['n'], 'ms': estimate}
        except Exception as error:  # a failed row is reported, the rest still run
            note = f'{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ""}'
            send({**base, 'status': 'failed', 'note': note})
            failed[row['family']] = {'n': row['n'], 'note': note}


if __name__ == '__main__':
    # One intra-op thread, as the single-threaded tfjs side (the bench sets OPENBLAS_NUM_THREADS=1 for the BLAS).
    torch.set_num_threads(1)
    torch.set_grad_enabled(True)
    main()
