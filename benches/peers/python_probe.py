#!/usr/bin/env python3
"""Python's per-call cost, for the peer harness (benches/peers/harness.py):
`Case.score()` from Python against the Rust call it wraps
(`attrib::Case::score` in a Rust loop with the GIL released,
`Case._score_rust_only`), on one case, interleaved within the run.

    python3 benches/peers/python_probe.py --probe sarmin --repeat 3

Probes: `sarmin` (examples/cases/jim/sarmin-2015-03-16.json) and
`16x1000` (the case of benches/probe.rs, written as a case file). Each
repeat prints two JSON lines, `python/NAME/score()` and
`python/NAME/rust`, in calls/s, timed over the same number of calls
(about a quarter of a second each). Needs the Python package installed in
the interpreter that runs this (README, Python).
"""
import argparse
import json
import pathlib
import time

import attrib

from numpy_probe import generate

ROOT = pathlib.Path(__file__).resolve().parents[2]


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


def load(name):
    if name == "sarmin":
        return attrib.Case.from_path(ROOT / "examples/cases/jim/sarmin-2015-03-16.json")
    h, e = (int(x) for x in name.split("x"))
    return attrib.Case.from_json(case_json(generate(h, e)))


def python_seconds(case, n):
    start = time.perf_counter()
    for _ in range(n):
        case.score()  # each result dropped before the next call, as the Rust loop does
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--probe", required=True)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    case = load(args.probe)
    n = 1
    while case._score_rust_only(n) < 0.05:
        n *= 2
    n *= 5  # about a quarter of a second
    case.score()  # warm
    for _ in range(args.repeat):
        rust = case._score_rust_only(n)
        py = python_seconds(case, n)
        for side, seconds in (("score()", py), ("rust", rust)):
            print(json.dumps({"probe": f"python/{args.probe}/{side}", "unit": "calls/s", "value": n / seconds}),
                  flush=True)


if __name__ == "__main__":
    main()
