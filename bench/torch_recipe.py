#!/usr/bin/env python3
"""The PyTorch side of the recipe bench (`npm run bench -- --recipe burgers`): tfjs-pinn's default Burgers plan
(lib/pinn/problems/burgers.ts) written plainly in PyTorch, with the seconds of each phase.

The network N is an MLP of the plan's hidden widths, Glorot-uniform weights and zero biases (tfjs-pinn's 'glorot'
init), u = -sin(pi x) + t (1 - x^2) N(x, t); the points are scrambled Sobol points in [-1, 1] x [0, 1], redrawn
every `resampleEvery` Adam steps, each redraw first adding the `add` points of `candidates` fresh Sobol points where
|residual| is largest to a kept pool (RAR); Adam at the plan's rate; then torch.optim.LBFGS on the last points,
history as planned, strong Wolfe line search, PyTorch's own tolerances (tfjs-pinn's Trainer instead restarts from
steepest descent after a stall, up to `restarts` times: the result line says when PyTorch stopped early).
float32, one intra-op thread unless the plan says `threads` (the bench sets OPENBLAS_NUM_THREADS alike; the BLAS is reported).

Usage: torch_recipe.py PLAN.json   (written by scripts/bench.ts from bench/recipe_plan.ts); run from the repository
root (the plan names the reference file relative to it). Prints 'RECIPE ' + JSON (bench/recipe_plan.ts RecipeResult).
"""
import json
import math
import sys
import time

import scipy.io
import torch

import torch_blas

NU = 0.01 / math.pi


class Clock:
    """Wall and CPU seconds per phase."""

    def __init__(self):
        self.wall = {'setup': 0.0, 'adam': 0.0, 'sampling': 0.0, 'lbfgs': 0.0, 'evaluation': 0.0}
        self.cpu = dict(self.wall)

    def start(self):
        return time.perf_counter(), time.process_time()

    def add(self, phase, since):
        self.wall[phase] += time.perf_counter() - since[0]
        self.cpu[phase] += time.process_time() - since[1]


def main():
    plan = json.load(open(sys.argv[1]))
    # One intra-op thread unless the plan asks for every core (--workers: the bench sets OPENBLAS_NUM_THREADS alike).
    torch.set_num_threads(plan.get('threads', 1))
    torch.manual_seed(1)
    blas = torch_blas.describe()
    clock = Clock()
    t0 = clock.start()

    sizes = [2, *plan['network']['hidden'], 1]
    layers = []
    for i, o in zip(sizes[:-1], sizes[1:]):
        lin = torch.nn.Linear(i, o)
        torch.nn.init.xavier_uniform_(lin.weight)
        torch.nn.init.zeros_(lin.bias)
        layers.append(lin)
    if plan['network']['activation'] != 'tanh':
        raise SystemExit(f"torch_recipe.py knows tanh networks only, but the plan says {plan['network']['activation']}")
    net = torch.nn.Sequential(*[m for lin in layers for m in (lin, torch.nn.Tanh())][:-1])
    sobol = torch.quasirandom.SobolEngine(2, scramble=True, seed=1)

    def draw(n):
        p = sobol.draw(n).to(torch.float32)
        return p[:, :1] * 2 - 1, p[:, 1:]

    def u_of(x, t):
        return -torch.sin(math.pi * x) + t * (1 - x * x) * net(torch.cat([x, t], 1))

    def residual(x, t):
        x = x.clone().requires_grad_(True)
        t = t.clone().requires_grad_(True)
        u = u_of(x, t)
        u_x, u_t = torch.autograd.grad(u, (x, t), torch.ones_like(u), create_graph=True)
        u_xx, = torch.autograd.grad(u_x, x, torch.ones_like(u_x), create_graph=True)
        return u_t + u * u_x - NU * u_xx

    x, t = draw(plan['points'])
    rar_x, rar_t = x[:0], t[:0]
    px, pt = x, t
    adam = torch.optim.Adam(net.parameters(), lr=plan['adam']['lr'])
    clock.add('setup', t0)

    every, candidates, add = plan['resampleEvery'], plan['rar']['candidates'], plan['rar']['add']
    for step in range(plan['adam']['steps']):
        if step > 0 and step % every == 0:
            s0 = clock.start()
            cx, ct = draw(candidates)
            r = residual(cx, ct).detach().abs().flatten()
            worst = torch.argsort(r, descending=True)[:add]
            rar_x, rar_t = torch.cat([rar_x, cx[worst]]), torch.cat([rar_t, ct[worst]])
            x, t = draw(plan['points'])
            px, pt = torch.cat([x, rar_x]), torch.cat([t, rar_t])
            clock.add('sampling', s0)
        a0 = clock.start()
        adam.zero_grad()
        loss = residual(px, pt).square().mean()
        loss.backward()
        adam.step()
        clock.add('adam', a0)

    l0 = clock.start()
    steps = plan['lbfgs']['steps']
    lbfgs = torch.optim.LBFGS(net.parameters(), lr=1, max_iter=steps, max_eval=10 * steps,
                              history_size=plan['lbfgs']['historySize'],
                              tolerance_grad=1e-9, tolerance_change=1e-12, line_search_fn='strong_wolfe')
    evals = [0]

    def closure():
        evals[0] += 1
        lbfgs.zero_grad()
        loss = residual(px, pt).square().mean()
        loss.backward()
        return loss

    lbfgs.step(closure)
    clock.add('lbfgs', l0)
    iterations = lbfgs.state[lbfgs._params[0]]['n_iter']

    e0 = clock.start()
    mat = scipy.io.loadmat(plan['reference'])
    gx, gt = torch.meshgrid(torch.tensor(mat['x'].ravel()), torch.tensor(mat['t'].ravel()), indexing='ij')
    with torch.no_grad():
        pred = u_of(gx.reshape(-1, 1).float(), gt.reshape(-1, 1).float()).double().flatten()
    exact = torch.tensor(mat['usol'], dtype=torch.float64).flatten()
    rel = float(torch.linalg.norm(pred - exact) / torch.linalg.norm(exact))
    clock.add('evaluation', e0)

    threads = torch.get_num_threads()
    out = {'side': 'PyTorch', 'backend': f"torch {torch.__version__} cpu ({threads} thread{'' if threads == 1 else 's'})",
           'blas': blas['name'], 'blasKind': blas['kind'], 'phases': clock.wall, 'cpuPhases': clock.cpu,
           'seconds': sum(clock.wall.values()), 'cpuSeconds': sum(clock.cpu.values()), 'adamSteps': plan['adam']['steps'], 'lbfgsIterations': iterations,
           'lbfgsEvaluations': evals[0], 'relL2': rel}
    if iterations < steps:
        out['lbfgsStop'] = 'stopped early by its tolerances (tolerance_change 1e-12 or tolerance_grad 1e-9)'
    print('RECIPE ' + json.dumps(out), flush=True)


main()
