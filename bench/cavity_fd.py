# How much the cavity's lid regularisation moves the flow at Ghia et al.'s points, by a finite-difference solver:
# steady Navier-Stokes at Re = 100 in stream function and vorticity on a uniform 129 x 129 grid (central
# differences, Thom's wall vorticity), marched in pseudo-time to a steady state (about a minute per lid).
#   python3 bench/cavity_fd.py sharp cosh20 cosh14 cosh10 poly
# prints, per lid, the largest |u - Ghia| on x = 0.5 and |v - Ghia| on y = 0.5 and the deviation at each point.
# 'sharp' is u = 1 on the whole lid (Ghia's problem), 'coshC' the lid (1 - cosh(C(x - 1/2))/cosh(C/2))^2,
# 'poly' 16 x^2 (1 - x)^2.
import sys, numpy as np
from scipy.fft import dstn, idstn
GHIA_U = [(1.0,1.0),(0.9766,0.84123),(0.9688,0.78871),(0.9609,0.73722),(0.9531,0.68717),(0.8516,0.23151),(0.7344,0.00332),(0.6172,-0.13641),(0.5,-0.20581),(0.4531,-0.2109),(0.2813,-0.15662),(0.1719,-0.1015),(0.1016,-0.06434),(0.0703,-0.04775),(0.0625,-0.04192),(0.0547,-0.03717),(0.0,0.0)]
GHIA_V = [(1.0,0.0),(0.9688,-0.05906),(0.9609,-0.07391),(0.9531,-0.08864),(0.9453,-0.10313),(0.9063,-0.16914),(0.8594,-0.22445),(0.8047,-0.24533),(0.5,0.05454),(0.2344,0.17527),(0.2266,0.17507),(0.1563,0.16077),(0.0938,0.12317),(0.0781,0.1089),(0.0703,0.10091),(0.0625,0.09233),(0.0,0.0)]
def solve(lidfn, n=128, re=100.0, tend=40.0):
    h = 1.0 / n
    x = np.linspace(0, 1, n + 1)
    U = lidfn(x)  # lid speed at nodes
    psi = np.zeros((n + 1, n + 1))  # [i (x), j (y)]
    w = np.zeros_like(psi)
    k = np.arange(1, n)
    lam = (2 * np.cos(np.pi * k / n) - 2) / h**2
    L = lam[:, None] + lam[None, :]
    nu = 1 / re
    dt = 0.2 * h * h * re
    dt = min(dt, 0.25 * h)
    t = 0
    for it in range(int(tend / dt)):
        # Poisson: lap psi = -w in the interior, psi = 0 on the boundary
        rhs = -w[1:-1, 1:-1]
        psi[1:-1, 1:-1] = idstn(dstn(rhs, type=1) / L, type=1)
        # wall vorticity (Thom)
        w[:, -1] = -2 * (psi[:, -2] + h * U) / h**2
        w[:, 0] = -2 * psi[:, 1] / h**2
        w[0, :] = -2 * psi[1, :] / h**2
        w[-1, :] = -2 * psi[-2, :] / h**2
        u = (psi[1:-1, 2:] - psi[1:-1, :-2]) / (2 * h)
        v = -(psi[2:, 1:-1] - psi[:-2, 1:-1]) / (2 * h)
        wx = (w[2:, 1:-1] - w[:-2, 1:-1]) / (2 * h)
        wy = (w[1:-1, 2:] - w[1:-1, :-2]) / (2 * h)
        lap = (w[2:, 1:-1] + w[:-2, 1:-1] + w[1:-1, 2:] + w[1:-1, :-2] - 4 * w[1:-1, 1:-1]) / h**2
        dw = -u * wx - v * wy + nu * lap
        w[1:-1, 1:-1] += dt * dw
        if it % 2000 == 0:
            r = np.abs(dw).max()
            if r < 1e-6: break
    # velocities at nodes
    uu = np.zeros_like(psi); vv = np.zeros_like(psi)
    uu[:, 1:-1] = (psi[:, 2:] - psi[:, :-2]) / (2 * h); uu[:, -1] = U
    vv[1:-1, :] = -(psi[2:, :] - psi[:-2, :]) / (2 * h)
    return x, uu, vv, r
def interp(x, f, s):
    return np.interp(s, x, f)
if __name__ == '__main__':
    kinds = sys.argv[1:] or ['sharp']
    n = 128
    ref = None
    for kind in kinds:
        if kind == 'sharp':
            f = lambda x: np.where((x > 0) & (x < 1), 1.0, 0.0)
        elif kind == 'poly':
            f = lambda x: 16 * x**2 * (1 - x)**2
        elif kind.startswith('cosh'):
            C = float(kind[4:]); f = lambda x, C=C: (1 - np.cosh(C * (x - 0.5)) / np.cosh(C / 2))**2
        x, uu, vv, r = solve(f, n)
        mid = n // 2
        ug = interp(x, uu[mid, :], [s for s, _ in GHIA_U])
        vg = interp(x, vv[:, mid], [s for s, _ in GHIA_V])
        du = ug - np.array([g for _, g in GHIA_U]); dv = vg - np.array([g for _, g in GHIA_V])
        print(kind, 'resid', r, 'max|u-ghia|', abs(du).max(), 'max|v-ghia|', abs(dv).max())
        print('  du', ' '.join(f'{d:.3f}' for d in du))
        print('  dv', ' '.join(f'{d:.3f}' for d in dv))
