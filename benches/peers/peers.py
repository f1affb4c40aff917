#!/usr/bin/env python3
"""attrib's scoring side by side with numpy, scipy and pgmpy.

Generates the same cases as benches/scoring.rs (the same seeded linear
congruential sequence), scores them with each peer on one thread, runs the
criterion benchmark for attrib, checks that every peer's posterior agrees
with attrib's to 1e-9 where the peer does not underflow, and prints one
table of evidence-hypothesis updates per second with the ratios.

    python3 -m venv .venv && .venv/bin/pip install -r benches/peers/requirements.txt
    .venv/bin/python benches/peers/peers.py

Run from the repository root. `--quick` shortens every measurement.
"""
import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"  # one thread for every peer, set before numpy loads

import json
import math
import subprocess
import sys
import tempfile
import timeit
import warnings

import numpy as np
from scipy.special import logsumexp

warnings.filterwarnings("ignore")  # pgmpy's deprecation notices and underflow warnings

MASK = (1 << 64) - 1
SHAPES = [(3, 10), (3, 100), (3, 1000), (16, 10), (16, 100), (16, 1000)]
QUICK = "--quick" in sys.argv


def generate(h, e):
    """The likelihood matrix (items x hypotheses) of benches/scoring.rs `case(h, e)`."""
    state = (0x9E3779B97F4A7C15 ^ ((h << 32) | e)) & MASK
    out = np.empty((e, h))
    for i in range(e):
        for k in range(h):
            state = (state * 6364136223846793005 + 1442695040888963407) & MASK
            out[i, k] = 0.01 + 0.98 * ((state >> 11) / float(1 << 53))
    return out


def case_json(matrix):
    e, h = matrix.shape
    return json.dumps({
        "version": 1,
        "hypotheses": [{"id": f"h{k}", "label": f"Hypothesis {k}"} for k in range(h)],
        "evidence": [
            {"id": f"e{i}", "description": "", "likelihoods": {f"h{k}": float(matrix[i, k]) for k in range(h)}}
            for i in range(e)
        ],
    })


def best_seconds(fn, budget=0.3 if QUICK else 1.0):
    """Best time of one call: calls in batches sized to ~budget/5, best of 5."""
    n = 1
    while timeit.timeit(fn, number=n) < budget / 50:
        n *= 2
    return min(timeit.repeat(fn, number=n, repeat=5)) / n


def numpy_peers(matrix):
    """numpy (and scipy) scorers: log-likelihoods precomputed, one thread."""
    item_major = np.ascontiguousarray(np.log(matrix))          # e x h
    hyp_major = np.ascontiguousarray(item_major.T)             # h x e
    ones = np.ones(matrix.shape[0])
    ln_prior = np.full(matrix.shape[1], -math.log(matrix.shape[1]))

    def normalise(x):
        x = x - x.max()
        p = np.exp(x)
        return p / p.sum()

    return {
        "numpy sum(axis=0)": lambda: normalise(ln_prior + item_major.sum(axis=0)),
        "numpy sum(axis=1), hypothesis-major": lambda: normalise(ln_prior + hyp_major.sum(axis=1)),
        "numpy ones @ L (BLAS)": lambda: normalise(ln_prior + ones @ item_major),
        "scipy logsumexp": lambda: np.exp((ln_prior + item_major.sum(axis=0)) - logsumexp(ln_prior + item_major.sum(axis=0))),
    }


def pgmpy_peer(matrix):
    """pgmpy's VariableElimination on the evidence as observed child nodes.

    Each item is a binary child E_i of the hypothesis node H, with
    P(E_i = 1 | H = h) = l_i(h), queried with every E_i = 1: the same Bayes
    update as virtual evidence. (pgmpy 1.1.2's `virtual_evidence` argument
    keeps only one CPD per variable, so several items on H cannot be given
    that way: with two, its posterior is that of the second alone.)
    """
    from pgmpy.factors.discrete import TabularCPD
    from pgmpy.inference import VariableElimination
    from pgmpy.models import DiscreteBayesianNetwork

    e, h = matrix.shape
    model = DiscreteBayesianNetwork([("H", f"E{i}") for i in range(e)])
    cpds = [TabularCPD("H", h, [[1.0 / h] for _ in range(h)])]
    for i, row in enumerate(matrix):
        cpds.append(TabularCPD(f"E{i}", 2, [[1.0 - x for x in row], [float(x) for x in row]],
                               evidence=["H"], evidence_card=[h]))
    model.add_cpds(*cpds)
    inference = VariableElimination(model)
    evidence = {f"E{i}": 1 for i in range(e)}

    def run():
        q = inference.query(["H"], evidence=evidence, show_progress=False)
        return np.asarray(q.values, dtype=float)

    return run


def attrib_posterior(binary, matrix):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        f.write(case_json(matrix))
        path = f.name
    try:
        out = subprocess.run([binary, "score", path, "--format", "json"], check=True, capture_output=True, text=True)
    finally:
        os.unlink(path)
    post = json.loads(out.stdout)["posterior"]
    return np.array([post[f"h{k}"] for k in range(matrix.shape[1])])


def criterion(group, shape):
    path = os.path.join("target", "criterion", group, f"{shape[0]}x{shape[1]}", "new", "estimates.json")
    with open(path) as f:
        return json.load(f)["mean"]["point_estimate"] * 1e-9


def main():
    time_args = ["--warm-up-time", "1", "--measurement-time", "2" if QUICK else "5"]
    print("building and running the criterion benchmark (score/, score_exact/) ...", file=sys.stderr)
    subprocess.run(["cargo", "build", "--release", "--features", "cli", "--quiet"], check=True)
    subprocess.run(
        ["cargo", "bench", "--bench", "scoring", "--", "^score/|^score_exact/", *time_args],
        check=True, stdout=subprocess.DEVNULL,
    )
    binary = os.path.join("target", "release", "attrib")

    rows = []
    worst = 0.0  # largest absolute difference in a posterior probability
    worst_rel = 0.0  # largest relative difference, over posteriors >= 1e-6
    for shape in SHAPES:
        h, e = shape
        matrix = generate(h, e)
        updates = h * e
        ours = attrib_posterior(binary, matrix)
        t_compiled = criterion("score", shape)
        t_exact = criterion("score_exact", shape)
        peers = numpy_peers(matrix)
        best_name, best_t = None, math.inf
        def compare(got):
            nonlocal_worst = float(np.max(np.abs(got - ours)))
            big = ours >= 1e-6
            rel = float(np.max(np.abs(got - ours)[big] / ours[big]))
            return nonlocal_worst, rel

        for name, fn in peers.items():
            a, r = compare(fn())
            worst, worst_rel = max(worst, a), max(worst_rel, r)
            t = best_seconds(fn)
            if t < best_t:
                best_name, best_t = name, t
        pg = pgmpy_peer(matrix)
        pg_post = pg()
        if np.all(np.isfinite(pg_post)):
            a, r = compare(pg_post)
            worst, worst_rel = max(worst, a), max(worst_rel, r)
            pg_t = best_seconds(pg, budget=0.3)
            pg_note = ""
        else:
            pg_t, pg_note = math.nan, "NaN"
        rows.append((shape, updates, t_compiled, t_exact, best_name, best_t, pg_t, pg_note))

    print()
    print("updates per second (evidence items x hypotheses / time), one thread")
    head = f"{'shape':>8} {'attrib compiled':>16} {'attrib exact':>13} {'numpy best':>11} {'x numpy':>8} {'pgmpy VE':>10} {'x pgmpy':>10}  numpy best method"
    print(head)
    for (h, e), u, tc, te, name, tn, tp, note in rows:
        pg = note if note else (f"{u / tp:10.3g}" if not math.isnan(tp) else "-")
        ratio_pg = f"{tp / tc:10.0f}" if not math.isnan(tp) else "-"
        print(f"{h:>3}x{e:<4} {u / tc:16.3g} {u / te:13.3g} {u / tn:11.3g} {tn / tc:8.2f} {pg:>10} {ratio_pg:>10}  {name}")
    print()
    print(f"agreement with attrib's posteriors, every peer that did not underflow: "
          f"largest absolute difference {worst:.1e}, largest relative difference "
          f"(posteriors >= 1e-6) {worst_rel:.1e}")
    if worst > 1e-9:
        sys.exit("peers disagree with attrib beyond 1e-9")


if __name__ == "__main__":
    main()
