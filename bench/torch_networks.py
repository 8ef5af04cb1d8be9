#!/usr/bin/env python3
"""PyTorch side of bench/networks.ts: one Adam step of the Burgers residual loss with each of tfjs-pinn's Network
architectures, built from the Network's state dict (the layout of lib/models/network/network.ts, as
scripts/fixtures/torch_networks.py reads it), at the same points. float32, one thread; u_x, u_t, u_xx by autograd
(create_graph=True, u_x reused for u_xx). Prints 'NETWORKS ' + JSON: CPU ms per step of each configuration (after
a warm-up), and the loss of its first step (to check both sides compute the same).

Usage: torch_networks.py JOB.json   (written by bench/networks.ts)
"""
import json
import math
import sys
import time

import torch

torch.set_num_threads(1)


def dense(p, prefix, h):
    if f"{prefix}.weight" in p:
        w = p[f"{prefix}.weight"]
    else:
        w = p[f"{prefix}.direction"] * torch.exp(p[f"{prefix}.scale"])[:, None]
    return torch.nn.functional.linear(h, w, p[f"{prefix}.bias"])


def forward(options, p, x, t):
    act = {"tanh": torch.tanh, "sin": torch.sin, "sigmoid": torch.sigmoid}[options.get("activation", "tanh")]
    h = torch.cat([x, t], 1)
    if "embedding.fourier.B" in p:
        hb = h @ p["embedding.fourier.B"]
        h = torch.cat([torch.cos(hb), torch.sin(hb)], 1)
    hidden = options["hidden"]
    arch = options.get("architecture", "mlp")
    if arch == "mlp":
        for i in range(len(hidden)):
            h = act(dense(p, f"hidden.{i}", h))
        return dense(p, "output", h)
    u = act(dense(p, "encoder.u", h))
    v = act(dense(p, "encoder.v", h))
    for i in range(len(hidden)):
        z = act(dense(p, f"hidden.{i}", h))
        h = z * u + (1 - z) * v
    return dense(p, "output", h)


def main():
    job = json.load(open(sys.argv[1]))
    x0 = torch.tensor(job["x"], dtype=torch.float32).reshape(-1, 1)
    t0 = torch.tensor(job["t"], dtype=torch.float32).reshape(-1, 1)
    nu, steps = job["nu"], job["steps"]
    ms, first = [], []
    for config in job["configs"]:
        options = config["options"]
        if options.get("embedding", {}) and "periodic" in options["embedding"]:
            raise SystemExit("torch_networks.py has no periodic embedding (Burgers' x is not periodic)")
        params = {k: torch.tensor(v, dtype=torch.float32, requires_grad=True) for k, v in config["weights"].items()}
        trained = [v for k, v in params.items() if k != "embedding.fourier.B"]
        params["embedding.fourier.B"] = params.get("embedding.fourier.B", torch.zeros(0)).detach()
        if params["embedding.fourier.B"].numel() == 0:
            del params["embedding.fourier.B"]
        opt = torch.optim.Adam(trained, lr=job["lr"], eps=1e-7)

        def step():
            opt.zero_grad(set_to_none=True)
            x = x0.clone().requires_grad_(True)
            t = t0.clone().requires_grad_(True)
            u = forward(options, params, x, t)
            u_x, u_t = torch.autograd.grad(u.sum(), (x, t), create_graph=True)
            u_xx, = torch.autograd.grad(u_x.sum(), x, create_graph=True)
            loss = (u_t + u * u_x - nu * u_xx).square().mean()
            loss.backward()
            opt.step()
            return loss.item()

        first.append(step())
        for _ in range(20):
            step()
        c0 = time.process_time()
        for _ in range(steps):
            step()
        ms.append((time.process_time() - c0) * 1000 / steps)
    print("NETWORKS " + json.dumps({"ms": ms, "firstLoss": first}), flush=True)


main()
