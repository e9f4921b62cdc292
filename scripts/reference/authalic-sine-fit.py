"""The polynomials for sin ξ in src/kernel/wgs84.ts, fitted and checked in 60-digit arithmetic.

sin ξ / φ as a polynomial in t = φ²: a least-squares fit on 400 Chebyshev nodes of the interval,
with 13 coefficients on [0, (π/2)²] (every latitude) and 10 on [0, 1.1²] (up to 63°). For each,
prints the coefficients the fit gives and the largest error, against the closed form
q(sin φ)/q_p, of the coefficients wgs84.ts ships (read from the file, rounded to doubles as they
are), on 4,001 latitudes of the interval:

    python3 scripts/reference/authalic-sine-fit.py    (needs mpmath)
"""
import os
import re

import mpmath as mp

mp.mp.dps = 60
A = mp.mpf(6378137)
F = 1 / mp.mpf("298.257223563")
E2 = F * (2 - F)
E = mp.sqrt(E2)


def q(s):
    return (1 - E2) * (s / (1 - E2 * s * s) + mp.atanh(E * s) / E)


QP = q(mp.mpf(1))


def g(t):
    """sin ξ / φ at φ = √t."""
    if t == 0:
        return 2 * (1 - E2) / QP
    phi = mp.sqrt(t)
    return q(mp.sin(phi)) / QP / phi


def fit(top, count, nodes=400):
    xs = [top * (1 - mp.cos(mp.pi * (k + mp.mpf(1) / 2) / nodes)) / 2 for k in range(nodes)]
    a = mp.matrix(nodes, count)
    b = mp.matrix(nodes, 1)
    for i, x in enumerate(xs):
        for j in range(count):
            a[i, j] = x**j
        b[i] = g(x)
    c = mp.lu_solve(a.T * a, a.T * b)
    return [c[j] for j in range(count)]


def shipped(prefix, count):
    source = open(os.path.join(os.path.dirname(__file__), "..", "..", "src", "kernel", "wgs84.ts")).read()
    return [mp.mpf(float(re.search(rf"const {prefix}{j} = (\S+);", source).group(1))) for j in range(count)]


def worst(coefficients, top_phi):
    err = mp.mpf(0)
    for k in range(4001):
        phi = top_phi * k / 4000
        t = phi * phi
        approx = phi * sum(c * t**j for j, c in enumerate(coefficients))
        err = max(err, abs(approx - q(mp.sin(phi)) / QP))
    return err


for name, prefix, count, top_phi in (("every latitude", "Y", 13, mp.pi / 2), ("up to 1.1 rad", "L", 10, mp.mpf("1.1"))):
    fitted = fit(top_phi**2, count)
    print(f"{name}: {count} coefficients on t in [0, {mp.nstr(top_phi**2, 6)}]")
    print("  fitted:  " + ", ".join(repr(float(c)) for c in fitted))
    print(f"  largest error of the shipped coefficients: {mp.nstr(worst(shipped(prefix, count), top_phi), 3)}")
