"""Generates fisher_kpp.csv, the observations the inverse_csv example learns from.

Fisher-KPP u_t = D u_xx + r u (1 - u) on x in [0, 1], t in [0, 1], u_x = 0 at both ends,
u(x, 0) = 0.8 exp(-(x - 0.3)^2 / 0.02), with D = 0.01 and r = 2 (the truths the example checks).
Solved by the method of lines (second-order finite differences on 801 points, mirror ghost points for
the Neumann ends) with SciPy's Radau at rtol 1e-10; sampled by 21 sensors x = 0, 0.05, ..., 1 at
31 times t = 0, 1/30, ..., 1; 1% Gaussian noise (of the values' standard deviation) added with a
seeded generator. Run: python3 examples/data/fisher_kpp.py (NumPy and SciPy).
"""
from pathlib import Path

import numpy as np
from scipy.integrate import solve_ivp

D, R = 0.01, 2.0
NX = 801
x = np.linspace(0.0, 1.0, NX)
h = x[1] - x[0]


def rhs(_t, u):
    lap = np.empty_like(u)
    lap[1:-1] = (u[2:] - 2 * u[1:-1] + u[:-2]) / h**2
    lap[0] = 2 * (u[1] - u[0]) / h**2  # ghost u[-1] = u[1]: u_x = 0
    lap[-1] = 2 * (u[-2] - u[-1]) / h**2
    return D * lap + R * u * (1 - u)


sensors = np.linspace(0.0, 1.0, 21)
times = np.linspace(0.0, 1.0, 31)
u0 = 0.8 * np.exp(-((x - 0.3) ** 2) / 0.02)
sol = solve_ivp(rhs, (0.0, 1.0), u0, method="Radau", t_eval=times, rtol=1e-10, atol=1e-12)
assert sol.success, sol.message
index = np.rint(sensors / h).astype(int)
assert np.allclose(x[index], sensors)
u = sol.y[index, :]  # [sensor, time]

rows = [(xs, t, u[i, j]) for j, t in enumerate(times) for i, xs in enumerate(sensors)]
values = np.array([r[2] for r in rows])
noise = 0.01 * values.std() * np.random.default_rng(20).standard_normal(len(values))
out = Path(__file__).with_name("fisher_kpp.csv")
with out.open("w") as f:
    f.write("x,t,u\n")
    for (xs, t, _), v in zip(rows, values + noise):
        f.write(f"{xs:.4f},{t:.6f},{v:.6f}\n")
print(f"wrote {out} ({len(rows)} rows)")
