#!/usr/bin/env python3
"""The PyTorch side of `npm run bench -- --profile burgers`: the same cases as bench/profile.ts, in CPU
milliseconds (time.process_time, robust on a shared machine), float32, one thread.

Usage: torch_profile.py N [N ...]. Prints 'PROFILE ' + JSON lines, each {n, cases: [{name, ms, best}],
evaluationsPerIteration}; n = 0 is the optimiser alone.
"""
import json
import math
import sys
import time

import torch

NU = 0.01 / math.pi
BLOCKS, PER_BLOCK = 7, 100


def net_of(hidden=4):
    sizes = [2, *[20] * hidden, 1]
    layers = [torch.nn.Linear(i, o) for i, o in zip(sizes[:-1], sizes[1:])]
    return torch.nn.Sequential(*[m for lin in layers for m in (lin, torch.nn.Tanh())][:-1])


def residual(net, x, t, transform):
    x = x.clone().requires_grad_(True)
    t = t.clone().requires_grad_(True)
    n = net(torch.cat([x, t], 1))
    u = -torch.sin(math.pi * x) + t * (1 - x * x) * n if transform else n
    u_x, u_t = torch.autograd.grad(u, (x, t), torch.ones_like(u), create_graph=True)
    u_xx, = torch.autograd.grad(u_x, x, torch.ones_like(u_x), create_graph=True)
    return u_t + u * u_x - NU * u_xx


def measure(cases):
    for f in cases.values():
        for _ in range(50):
            f()
    times = {k: [] for k in cases}
    for _ in range(BLOCKS):
        for name, f in cases.items():
            c0 = time.process_time()
            for _ in range(PER_BLOCK):
                f()
            times[name].append((time.process_time() - c0) / PER_BLOCK * 1000)
    return [{'key': k[0], 'name': k[1], 'ms': sorted(v)[len(v) // 2], 'best': min(v)} for k, v in times.items()]


def profile_at(n):
    torch.manual_seed(2)
    x, t = torch.rand(n, 1) * 2 - 1, torch.rand(n, 1)
    cases = {}
    for transform, key, name, hidden in ((False, 'bare', 'bare Adam step (bench row)', 4), (False, 'bare8', 'bare Adam step, 2-[20]x8-1 (bench row)', 8),
                                         (True, 'trainer', 'Adam step, Burgers (output transform)', 4)):
        net = net_of(hidden)
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)

        def step(net=net, opt=opt, transform=transform):
            opt.zero_grad()
            loss = residual(net, x, t, transform).square().mean()
            loss.backward()
            opt.step()
            loss.item()
        cases[(key, name)] = step
    rows, weight = torch.rand(4 * n, 20), torch.rand(20, 20)
    cases[('matmul', 'matMul [4N,20] x [20,20]')] = lambda: rows @ weight
    out = measure(cases)
    # L-BFGS iterations of the Burgers loss after 200 Adam steps, as the recipe: time per iteration, evaluations per iteration.
    net = net_of()
    adam = torch.optim.Adam(net.parameters(), lr=2e-3)
    for _ in range(200):
        adam.zero_grad()
        residual(net, x, t, True).square().mean().backward()
        adam.step()
    evals = [0]
    lbfgs = torch.optim.LBFGS(net.parameters(), lr=1, max_iter=700, max_eval=7000, history_size=50,
                              tolerance_grad=1e-9, tolerance_change=1e-12, line_search_fn='strong_wolfe')

    def closure():
        evals[0] += 1
        lbfgs.zero_grad()
        loss = residual(net, x, t, True).square().mean()
        loss.backward()
        return loss
    c0 = time.process_time()
    lbfgs.step(closure)
    iterations = lbfgs.state[lbfgs._params[0]]['n_iter']
    ms = (time.process_time() - c0) / iterations * 1000
    out.append({'key': 'lbfgs', 'name': 'L-BFGS iteration, Burgers', 'ms': ms, 'best': ms})
    return {'n': n, 'cases': out, 'evaluationsPerIteration': evals[0] / iterations}


def profile_optimiser():
    size = 1341
    lam = 10 ** (-8 * torch.arange(size, dtype=torch.float32) / size)
    x = torch.ones(size, requires_grad=True)
    spent = [0.0]

    def quadratic():
        c0 = time.process_time()
        opt.zero_grad()
        f = (0.5 * lam * x * x).sum()
        f.backward()
        spent[0] += time.process_time() - c0
        return f
    runs = []
    for _ in range(3):
        with torch.no_grad():
            x.fill_(1)
        opt = torch.optim.LBFGS([x], lr=1, max_iter=2000, max_eval=20000, history_size=50, tolerance_grad=1e-9,
                                tolerance_change=1e-12, line_search_fn='strong_wolfe')
        spent[0] = 0.0
        c0 = time.process_time()
        opt.step(quadratic)
        iterations = opt.state[opt._params[0]]['n_iter']
        runs.append((time.process_time() - c0 - spent[0]) / iterations * 1000)
    name = 'L-BFGS iteration, optimiser only (history 50, 1,341 weights)'
    return {'n': 0, 'cases': [{'key': 'optimiser', 'name': name, 'ms': sorted(runs)[1], 'best': min(runs)}]}


if __name__ == '__main__':
    torch.set_num_threads(1)
    for n in [int(a) for a in sys.argv[1:]]:
        print('PROFILE ' + json.dumps(profile_at(n)), flush=True)
    print('PROFILE ' + json.dumps(profile_optimiser()), flush=True)
