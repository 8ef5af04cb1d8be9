#!/usr/bin/env python3
"""CPU time (wall time inflates on a shared machine; both are printed) of PyTorch doing what bench/fused_probe.ts times:
one Adam step of the Burgers residual {u, u_t, u_x, u_xx} on 2-[20]x4-1 tanh, and u_xxxx, float32, one thread.
Usage: MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=4294967296 python3 bench/torch_step_cpu.py [N ...]
(TORCH_THREADS=2 for two intra-op threads; default 1)."""
import math
import os
import sys
import time

import torch

torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "1")))
torch.manual_seed(2)
NU = 0.01 / math.pi


def cpu_ms(f):
    t0 = time.process_time()
    f()
    return (time.process_time() - t0) * 1000


def wall_ms(f):
    t0 = time.perf_counter()
    f()
    return (time.perf_counter() - t0) * 1000


for n in [int(a) for a in sys.argv[1:]] or [500, 2000, 10000]:
    sizes = [2, 20, 20, 20, 20, 1]
    layers = [torch.nn.Linear(i, o) for i, o in zip(sizes[:-1], sizes[1:])]
    net = torch.nn.Sequential(*[m for lin in layers for m in (lin, torch.nn.Tanh())][:-1])
    x = (torch.rand(n, 1) * 2 - 1).requires_grad_(True)
    t = torch.rand(n, 1).requires_grad_(True)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)

    def step():
        opt.zero_grad()
        u = net(torch.cat([x, t], 1))
        u_x, u_t = torch.autograd.grad(u, (x, t), torch.ones_like(u), create_graph=True)
        u_xx, = torch.autograd.grad(u_x, x, torch.ones_like(u_x), create_graph=True)
        loss = (u_t + u * u_x - NU * u_xx).square().mean()
        loss.backward()
        opt.step()

    def d4():
        u = net(torch.cat([x, t], 1))
        d = u
        for _ in range(4):
            d, = torch.autograd.grad(d, x, torch.ones_like(d), create_graph=True)
        d.detach()

    for _ in range(3):
        step()
        d4()
    steps = sorted(cpu_ms(step) for _ in range(18))
    d4s = sorted(cpu_ms(d4) for _ in range(12))
    wsteps = sorted(wall_ms(step) for _ in range(18))
    wd4s = sorted(wall_ms(d4) for _ in range(12))
    print(f'N={n} torch: adam step cpu median {steps[9]:.2f} min {steps[0]:.2f} ms, wall median {wsteps[9]:.2f}; '
          f'u_xxxx cpu median {d4s[6]:.2f} min {d4s[0]:.2f} ms, wall median {wd4s[6]:.2f}', flush=True)
