#!/usr/bin/env python3
"""PyTorch side of the bench row 'recipe: Burgers default plan, end to end'.

The default Burgers plan of tfjs-pinn (lib/pinn/problems/burgers.ts) written
plainly in PyTorch: 2-[20]x4-1 tanh, Glorot-uniform weights and zero biases,
u = -sin(pi x) + t (1 - x^2) N(x, t); 2,000 scrambled Sobol points in
[-1, 1] x [0, 1], redrawn every 250 Adam steps with residual-based refinement
(the 200 worst of 4,000 fresh Sobol candidates, kept and accumulated);
Adam 1,000 steps at 2e-3; then torch.optim.LBFGS for 3,000 iterations,
history 50, strong Wolfe line search, on the last points (the counts, steps
and learning rate are read from the plan bench/recipe.ts writes with the
grid). float32, one thread. Usage: torch_recipe.py GRID.json (x, t, u: the
exact solution on the 256 x 100 grid; plan). Prints 'RECIPE ' + JSON.
"""
import json
import math
import sys
import time

import torch

NU = 0.01 / math.pi


def main():
    torch.set_num_threads(1)
    torch.manual_seed(1)
    grid = json.load(open(sys.argv[1]))
    plan = grid['plan']
    points, every = plan['points'], plan['resampleEvery']
    candidates, add = plan['rar']['candidates'], plan['rar']['add']
    adam_steps, lbfgs_steps = plan['adam']['steps'], plan['lbfgs']['steps']
    sizes = [2, 20, 20, 20, 20, 1]
    layers = []
    for i, o in zip(sizes[:-1], sizes[1:]):
        lin = torch.nn.Linear(i, o)
        torch.nn.init.xavier_uniform_(lin.weight)
        torch.nn.init.zeros_(lin.bias)
        layers.append(lin)
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

    x, t = draw(points)
    rar_x, rar_t = x[:0], t[:0]
    adam = torch.optim.Adam(net.parameters(), lr=plan['adam']['lr'])
    start = time.perf_counter()
    cpu_start = time.process_time()
    for step in range(adam_steps):
        if step > 0 and step % every == 0:
            x, t = draw(points)
            cx, ct = draw(candidates)
            r = residual(cx, ct).detach().abs().flatten()
            worst = torch.argsort(r, descending=True)[:add]
            rar_x, rar_t = torch.cat([rar_x, cx[worst]]), torch.cat([rar_t, ct[worst]])
        px, pt = torch.cat([x, rar_x]), torch.cat([t, rar_t])
        adam.zero_grad()
        loss = residual(px, pt).square().mean()
        loss.backward()
        adam.step()
    adam_seconds = time.perf_counter() - start
    px, pt = torch.cat([x, rar_x]), torch.cat([t, rar_t])
    lbfgs = torch.optim.LBFGS(net.parameters(), lr=1, max_iter=lbfgs_steps, max_eval=10 * lbfgs_steps,
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
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    iterations = lbfgs.state[lbfgs._params[0]]['n_iter']
    with torch.no_grad():
        gx = torch.tensor(grid['x'], dtype=torch.float32).reshape(-1, 1)
        gt = torch.tensor(grid['t'], dtype=torch.float32).reshape(-1, 1)
        pred = u_of(gx, gt).double().flatten()
    exact = torch.tensor(grid['u'], dtype=torch.float64)
    rel = float(torch.linalg.norm(pred - exact) / torch.linalg.norm(exact))
    print('RECIPE ' + json.dumps({'backend': 'torch', 'seconds': seconds, 'cpuSeconds': cpu_seconds, 'adam_seconds': adam_seconds,
                                  'relL2': rel, 'steps': adam_steps + iterations, 'lbfgs_evaluations': evals[0],
                                  'threads': torch.get_num_threads(), 'torch': torch.__version__}), flush=True)


main()
