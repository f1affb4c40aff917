#!/usr/bin/env python3
"""numpy's side of the peer harness (benches/peers/harness.py): the scoring
probes of benches/probe.rs in numpy's best form, one thread, one JSON line
per repeat.

    python3 benches/peers/numpy_probe.py --probe batch/4x16x1000000 --repeat 3 [--clock cpu]

Probes (each `NAME/numpy`, in updates/s, evidence items x hypotheses summed
per second over every case):
- `score/{h}x{e}`: one case's posterior from its log-likelihoods
  (precomputed, as attrib's compiled terms are): `ones @ L` (BLAS), the sum
  over the items of the item-major matrix, or over the last axis of the
  hypothesis-major one, each then normalised (`x - max`, `exp`, divided by
  the sum); benches/peers/peers.py checks that these agree with attrib.
- `batch/{h}x{e}x{cases}`: `cases` copies of that case in one array,
  summed over the items (the last axis of a (cases, h, e) array, or the
  middle axis of (cases, e, h), or a batched `@ ones`), then normalised
  per case (`x - max`, `exp`, divided by the sum; or scipy's `logsumexp`).

Every form is timed in each repeat and the fastest is reported, with its
name in the line's "form". The case is that of benches/probe.rs: the
likelihoods `0.01 + 0.98 u` of the same seeded linear congruential
sequence. Each timed form lasts about a quarter of a second.
"""
import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"  # one thread, set before numpy loads

import argparse
import json
import time

import numpy as np
from scipy.special import logsumexp

MASK = (1 << 64) - 1


def generate(h, e):
    """The likelihoods (items x hypotheses) of the case `{h}x{e}` of
    benches/probe.rs and benches/scoring.rs."""
    state = (0x9E3779B97F4A7C15 ^ ((h << 32) | e)) & MASK
    out = np.empty((e, h))
    for i in range(e):
        for k in range(h):
            state = (state * 6364136223846793005 + 1442695040888963407) & MASK
            out[i, k] = 0.01 + 0.98 * ((state >> 11) / float(1 << 53))
    return out


def rate(updates, fn, clock=time.perf_counter):
    """Updates per second of `fn`, timed over about a quarter of a second
    of `clock`."""
    calls = 1
    while True:
        start = clock()
        for _ in range(calls):
            fn()
        seconds = clock() - start
        if seconds >= 0.25:
            return updates * calls / seconds
        calls = calls * 10 if seconds < 0.01 else int(calls * 0.3 / seconds) + 1


def normalise_rows(x):
    """Posteriors from joint log-probabilities, one row per case."""
    x = x - x.max(axis=-1, keepdims=True)
    p = np.exp(x)
    return p / p.sum(axis=-1, keepdims=True)


def lse_rows(x):
    """The same through scipy's logsumexp."""
    return np.exp(x - logsumexp(x, axis=-1, keepdims=True))


def score_forms(h, e):
    ln_l = np.log(generate(h, e))  # items x hypotheses
    item_major = np.ascontiguousarray(ln_l)
    hyp_major = np.ascontiguousarray(ln_l.T)
    ones = np.ones(e)
    ln_prior = np.full(h, -np.log(h))
    return {
        "ones @ L": lambda: normalise_rows(ln_prior + ones @ item_major),
        "sum(axis=0), item-major": lambda: normalise_rows(ln_prior + item_major.sum(axis=0)),
        "sum(axis=1), hypothesis-major": lambda: normalise_rows(ln_prior + hyp_major.sum(axis=1)),
    }


def batch_forms(h, e, cases):
    """Each form builds its array only when first called, so that at most
    one copy of the batch is in memory at a time besides the one in use."""
    ln_l = np.log(generate(h, e))
    ln_prior = np.full(h, -np.log(h))
    held = {}

    def array(layout):
        if layout not in held:
            held.clear()
            block = ln_l.T if layout == "hyp" else ln_l
            held[layout] = np.ascontiguousarray(np.broadcast_to(block, (cases,) + block.shape))
        return held[layout]

    ones = np.ones(e)
    return {
        "sum(axis=2) of (cases, h, e), x - max": lambda: normalise_rows(ln_prior + array("hyp").sum(axis=2)),
        "sum(axis=2) of (cases, h, e), logsumexp": lambda: lse_rows(ln_prior + array("hyp").sum(axis=2)),
        "(cases, h, e) @ ones, x - max": lambda: normalise_rows(ln_prior + array("hyp") @ ones),
        "sum(axis=1) of (cases, e, h), x - max": lambda: normalise_rows(ln_prior + array("item").sum(axis=1)),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--probe", required=True)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                    help="the wall clock, or this thread's CPU time (time.thread_time)")
    args = ap.parse_args()
    clock = time.thread_time if args.clock == "cpu" else time.perf_counter
    kind, _, size = args.probe.partition("/")
    dims = [int(x) for x in size.split("x")]
    if kind == "score" and len(dims) == 2:
        h, e = dims
        forms, updates = score_forms(h, e), h * e
    elif kind == "batch" and len(dims) == 3:
        h, e, cases = dims
        forms, updates = batch_forms(h, e, cases), h * e * cases
    else:
        raise SystemExit(f"unknown probe {args.probe}: expected score/HxE or batch/HxExCASES")
    for _ in range(args.repeat):
        best, name = max((rate(updates, fn, clock), name) for name, fn in forms.items())
        print(json.dumps({"probe": f"{args.probe}/numpy", "unit": "updates/s", "value": best, "form": name}),
              flush=True)


if __name__ == "__main__":
    main()
