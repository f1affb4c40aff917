"""The figures of the README's Python section, measured in one run.

    python python/benches/bench.py            # from the repository's root
    python python/benches/bench.py --quick    # smaller, for a smoke test

1. Per-call cost of `Case.score()` from Python against the Rust call it
   wraps (`attrib::Case::score` in a Rust loop, `Case._score_rust_only`):
   `score()` keeps the crate's posterior and builds Python objects only when
   asked, so the figure also shows `score().to_dict()`, everything as dicts.
2. `attrib.score_batch` throughput against the Rust `attrib::Batch` on the
   same cases (`attrib._batch_rust`, built as compiled cases, timed in a
   Rust loop) and against its own scorer in a Rust loop
   (`attrib._score_batch_rust`, no input check). `score_batch` checks every
   value (NaN, +inf, a positive value) chunk by chunk before it scores it.
3. Dask: `examples/dask_batch.py` on a LocalCluster with 2 workers against
   one process.

Every timing is the best of several runs.
"""

import argparse
import importlib.util
import json
import pathlib
import platform
import subprocess
import sys
import time

import numpy as np

import attrib

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def best(runs, f):
    """The shortest of `runs` timings of `f()`, in seconds."""
    out = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        f()
        out = min(out, time.perf_counter() - start)
    return out


def calls(f, n):
    """Calls ``f()`` ``n`` times."""
    for _ in range(n):
        f()


def per_call(case, n, rounds):
    """Seconds per call, median, min and max over `rounds` interleaved
    rounds of `n` calls each: the Rust call in a Rust loop, `score()`,
    `score().to_dict()`."""
    out = {"rust": [], "lazy": [], "full": []}
    for _ in range(rounds):
        out["rust"].append(case._score_rust_only(n) / n)
        # each result dropped before the next call, as the Rust loop drops
        # its posterior
        out["lazy"].append(timed(lambda: calls(case.score, n)) / n)
        out["full"].append(timed(lambda: calls(lambda: case.score().to_dict(), max(n // 10, 1))) / max(n // 10, 1))
    return out


def timed(f):
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def summary(xs):
    """(median, min, max)."""
    xs = sorted(xs)
    return xs[len(xs) // 2], xs[0], xs[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    parser.add_argument("--sections", default="1,2,3", help="which parts to run, such as 1,2 (default all)")
    args = parser.parse_args()
    runs = 3 if args.quick else 7
    calls = 200 if args.quick else 2000
    batch_cases = 5_000 if args.quick else 100_000
    dask_cases = 20_000 if args.quick else 1_000_000

    print(f"attrib Python benchmarks ({platform.python_implementation()} {platform.python_version()}, "
          f"numpy {np.__version__}, {platform.machine()})")
    print("command: python python/benches/bench.py" + (" --quick" if args.quick else ""))

    sections = set(args.sections.split(","))
    if "1" in sections:
        per_call_section(calls, runs)
    if "2" in sections:
        batch_section(batch_cases, runs)
    if "3" in sections:
        dask_section(dask_cases)


def per_call_section(calls, runs):
    print("\n1. Case.score() per call (sarmin-2015-03-16.json, a 2-item case, a generated 16 x 1000 case)")
    small = attrib.Case.from_json(json.dumps({
        "version": 1,
        "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
        "evidence": [{"id": f"e{i}", "description": "", "likelihoods": {"a": 0.9, "b": 0.2}} for i in range(2)],
    }))
    generated = subprocess.run([sys.executable, str(ROOT / "benches/cases/generate.py"), "16", "1000"],
                               capture_output=True, text=True, check=True).stdout
    cases = [("sarmin", attrib.Case.from_path(ROOT / "examples/cases/jim/sarmin-2015-03-16.json")),
             ("2 items", small), ("16x1000", attrib.Case.from_json(generated))]
    rounds = 5 if runs < 7 else 9
    for name, case in cases:
        n = calls if name != "16x1000" else max(calls // 20, 10)
        t = per_call(case, n, rounds)
        ratios = [lazy / rust for lazy, rust in zip(t["lazy"], t["rust"])]
        (rust, _, _), (lazy, _, _), (full, _, _) = summary(t["rust"]), summary(t["lazy"]), summary(t["full"])
        mid, lo, hi = summary(ratios)
        print(f"  {name:<8} Rust call {rust * 1e6:8.1f} us | score() {lazy * 1e6:8.1f} us, ratio {mid:4.2f} "
              f"(min {lo:4.2f}, max {hi:4.2f}; target <= 1.3) | score().to_dict() {full * 1e6:8.1f} us")
    print(f"  (medians over {rounds} interleaved rounds; the ratio is per round)")


def batch_section(batch_cases, runs):
    print(f"\n2. score_batch against the Rust Batch ({batch_cases:,} cases x 20 items x 4 hypotheses)")
    rng = np.random.default_rng(42)
    x = np.log(1e-5 + (1 - 1e-5) * rng.random((batch_cases, 20, 4)))
    py = best(runs, lambda: attrib.score_batch(x))
    kernel = min(attrib._score_batch_rust(x, runs) for _ in range(2))
    batch = attrib._batch_rust(x, runs)
    for name, s in [("score_batch from Python", py), ("its scorer in a Rust loop", kernel), ("attrib::Batch::score_into (Rust)", batch)]:
        print(f"  {name:<34} {s * 1e3:8.2f} ms  {batch_cases / s / 1e6:7.2f} M cases/s  {batch_cases * 80 / s / 1e9:5.2f} G updates/s")
    print(f"  score_batch / Batch throughput: {batch / py:.2f} (target >= 0.8); "
          f"score_batch / its Rust loop: {kernel / py:.2f}")



def dask_section(dask_cases):
    print(f"\n3. Dask LocalCluster (2 workers x 1 thread) against one process ({dask_cases:,} cases)")
    spec = importlib.util.spec_from_file_location("dask_batch", HERE.parent / "examples/dask_batch.py")
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    m = example.measure(dask_cases, chunk=min(125_000, dask_cases // 8 or 1), runs=3)
    for name, s in [("dask, gathered (compute)", m["dask_seconds"]), ("dask, left on the workers (persist)", m["kept_seconds"]), ("one process", m["one_seconds"])]:
        print(f"  {name:<36} {s * 1e3:8.1f} ms  {dask_cases / s / 1e6:7.2f} M cases/s")
    print(f"  dask / one process throughput: {m['one_seconds'] / m['dask_seconds']:.2f} (gathered), "
          f"{m['one_seconds'] / m['kept_seconds']:.2f} (left on the workers); identical: {m['identical']}")


if __name__ == "__main__":
    main()
