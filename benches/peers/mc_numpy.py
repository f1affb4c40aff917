#!/usr/bin/env python3
"""The numpy peer of attrib's Monte Carlo (issue 26): serial draws/s on the
16 x 1000 cases of benches/probe_mc.rs, one JSON line per repeat.

    python3 benches/peers/mc_numpy.py --kind K --draws 256 --repeat R [--case FILE]

K is one of beta-r1, beta-r08, range-r1, range-r08 (benches/probe_mc.rs
says what each is). The case is generated here from the same linear
congruential sequence as the Rust probe, or read from FILE, the case file
that `cargo bench --bench probe_mc -- --kind K --write-case FILE` writes.

One run of D draws is numpy's best vectorised form of the same model:
one `rng.beta` (or `rng.uniform`) call for all D x items x hypotheses
likelihoods, `np.log`, at reliability r < 1 the mixture
`r l + (1 - r) c` with the chance c the mean of the item's drawn
likelihoods (the model's default, as in attrib) before the log, a sum over
the items and `logsumexp` to normalise. Each repeat times whole runs, a new
seed each, for at least 0.3 s, and prints
`{"probe": "mc/K/numpy", "unit": "draws/s", "value": X}`.
"""
import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"  # one thread, set before numpy loads

import argparse
import json
import time

import numpy as np
from scipy.special import logsumexp

HYPOTHESES, ITEMS = 16, 1000
MASK = (1 << 64) - 1
MIN_TIME = 0.3
# name: (ranges, reliability)
KINDS = {
    "beta-r1": (False, 1.0),
    "beta-r08": (False, 0.8),
    "range-r1": (True, 1.0),
    "range-r08": (True, 0.8),
}
CONCENTRATION = 20.0


def generate(ranges):
    """(low, high) for ranges, else (l, None): items x hypotheses, as benches/probe_mc.rs."""
    h, e = HYPOTHESES, ITEMS
    state = (0x9E3779B97F4A7C15 ^ ((h << 32) | e)) & MASK
    out = np.empty((e, h))
    for i in range(e):
        for k in range(h):
            state = (state * 6364136223846793005 + 1442695040888963407) & MASK
            out[i, k] = 0.01 + 0.98 * ((state >> 11) / float(1 << 53))
    if ranges:
        low = 0.8 * out
        return low, low + 0.2
    return out, None


def read_case(path):
    """(low, high) or (l, None) and the reliability, from attrib's case file."""
    with open(path) as f:
        case = json.load(f)
    hyps = [h["id"] for h in case["hypotheses"]]
    items = case["evidence"]
    low = np.empty((len(items), len(hyps)))
    high = np.empty_like(low)
    ranges = False
    for i, item in enumerate(items):
        for k, h in enumerate(hyps):
            v = item["likelihoods"][h]
            if isinstance(v, list):
                ranges = True
                low[i, k], high[i, k] = v
            else:
                low[i, k] = high[i, k] = v
    rel = {item.get("reliability", 1.0) for item in items}
    if len(rel) != 1:
        raise SystemExit("the peer takes one reliability for every item")
    k = case.get("uncertainty", {}).get("likelihood_concentration")
    if not ranges and k != CONCENTRATION:
        raise SystemExit(f"the peer draws Beta likelihoods with concentration {CONCENTRATION}")
    return (low, high) if ranges else (low, None), rel.pop()


def run(rng, draws, a, b, ranges, r):
    """One run of `draws` draws; the posteriors, draws x hypotheses."""
    shape = (draws,) + a.shape
    x = rng.uniform(a, b, size=shape) if ranges else rng.beta(a, b, size=shape)
    if r != 1.0:
        c = x.mean(axis=2, keepdims=True)
        x *= r
        c *= 1.0 - r
        x += c
    np.log(x, out=x)
    total = x.sum(axis=1)
    return np.exp(total - logsumexp(total, axis=1, keepdims=True))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kind", required=True, choices=sorted(KINDS))
    p.add_argument("--draws", type=int, default=256)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--case", help="read the case from attrib's case file")
    p.add_argument("--check-case", metavar="FILE",
                   help="check that the generated case equals FILE, bit for bit, and stop")
    args = p.parse_args()
    ranges, r = KINDS[args.kind]
    if args.check_case:
        (lo_f, hi_f), r_f = read_case(args.check_case)
        lo, hi = generate(ranges)
        same = r_f == r and np.array_equal(lo, lo_f) and (hi is None) == (hi_f is None)
        same = same and (hi is None or np.array_equal(hi, hi_f))
        print(json.dumps({"kind": args.kind, "case": args.check_case, "same": bool(same)}))
        raise SystemExit(0 if same else 1)
    if args.case:
        (lo, hi), r_file = read_case(args.case)
        if (hi is not None) != ranges or r_file != r:
            raise SystemExit(f"{args.case} is not a {args.kind} case")
    else:
        lo, hi = generate(ranges)
    if ranges:
        a, b = lo, hi
    else:
        a, b = CONCENTRATION * lo, CONCENTRATION * (1.0 - lo)
    seed = 0
    for _ in range(args.repeat):
        done = 0
        start = time.perf_counter()
        while done == 0 or time.perf_counter() - start < MIN_TIME:
            post = run(np.random.default_rng(seed), args.draws, a, b, ranges, r)
            assert post.shape == (args.draws, lo.shape[1])
            seed += 1
            done += args.draws
        value = done / (time.perf_counter() - start)
        print(json.dumps({"probe": f"mc/{args.kind}/numpy", "unit": "draws/s", "value": round(value, 1)}), flush=True)


if __name__ == "__main__":
    main()
