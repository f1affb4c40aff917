"""Scores a million cases on a Dask cluster with `attrib.score_batch`.

Generates N cases (default 1,000,000) of 4 hypotheses and 20 independent
evidence items each, as a Dask array of log-likelihoods of shape
(N, 20, 4) made on the workers, scores it with `map_blocks` calling
`attrib.score_batch` (the Rust batch scorer, GIL released) block by block,
and prints the throughput next to one `attrib.score_batch` call on the same
data in this process, and whether the two results are identical.

    python examples/dask_batch.py                      # LocalCluster, 2 workers
    python examples/dask_batch.py --cases 100000       # smaller
    python examples/dask_batch.py --scheduler tcp://host:8786   # a real cluster

On a real cluster every worker needs `attrib` installed (`pip install
./python`) and numpy. A run of the default size takes well under a minute on
2 cores and needs about 2 GB of memory (the 640 MB array is held once on the
workers and once here, for the single-process call).
"""

import argparse
import time

import numpy as np

import attrib

HYPOTHESES = 4
ITEMS = 20


def likelihoods(cases, chunk, seed):
    """A Dask array of ln likelihoods, (cases, ITEMS, HYPOTHESES), made on
    the workers: log-uniform likelihoods over five decades."""
    import dask.array as da

    u = da.random.default_rng(seed).random(
        (cases, ITEMS, HYPOTHESES), chunks=(chunk, ITEMS, HYPOTHESES)
    )
    return np.log(1e-5 + u)


def score(x):
    """The posteriors of every case of the Dask array `x`, (cases, HYPOTHESES)."""
    return x.map_blocks(
        attrib.score_batch,
        drop_axis=1,
        chunks=(x.chunks[0], (HYPOTHESES,)),
        dtype=np.float64,
    )


def best_of(runs, f):
    """The shortest of `runs` timings of `f()`, and its last result."""
    best, out = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        out = f()
        best = min(best, time.perf_counter() - start)
    return best, out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000, help="number of cases (default 1,000,000)")
    parser.add_argument("--chunk", type=int, default=125_000, help="cases per Dask block (default 125,000)")
    parser.add_argument("--scheduler", help="address of a running scheduler, such as tcp://host:8786 (default: a LocalCluster)")
    parser.add_argument("--workers", type=int, default=2, help="LocalCluster workers, one thread each (default 2)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each; the best is shown (default 3)")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    from distributed import Client, LocalCluster, wait

    if args.scheduler:
        cluster, client = None, Client(args.scheduler)
        where = f"scheduler {args.scheduler}"
    else:
        cluster = LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
        where = f"LocalCluster, {args.workers} workers x 1 thread"
    try:
        x = likelihoods(args.cases, min(args.chunk, args.cases), args.seed).persist()
        wait(x)
        blocks = len(x.chunks[0])
        score(x).compute()  # warm-up: every worker imports attrib
        dask_seconds, on_cluster = best_of(args.runs, lambda: score(x).compute())
        local = x.compute()  # the same data, in this process
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

    one_seconds, here = best_of(args.runs, lambda: attrib.score_batch(local))
    updates = ITEMS * HYPOTHESES
    print(f"{args.cases:,} cases of {HYPOTHESES} hypotheses x {ITEMS} items ({local.nbytes / 1e6:.0f} MB of ln likelihoods)")
    for name, seconds in [(f"dask ({where}, {blocks} blocks)", dask_seconds), ("one process, one score_batch call", one_seconds)]:
        rate = args.cases / seconds
        print(f"  {name:<52} {seconds * 1e3:9.1f} ms  {rate / 1e6:8.2f} M cases/s  {rate * updates / 1e9:6.2f} G updates/s")
    print(f"  dask / one process throughput: {one_seconds / dask_seconds:.2f}")
    same = np.array_equal(on_cluster, here)
    print(f"  results identical: {same}")
    if not same:
        raise SystemExit("the cluster's posteriors differ from the single-process ones")


if __name__ == "__main__":
    main()
