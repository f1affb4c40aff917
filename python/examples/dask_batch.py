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

On a real cluster every worker needs `attrib` installed with the `dask`
extra (`pip install "./python[dask]"`, which brings `distributed`), and
numpy. A run of the default size takes well under a minute on 2 cores and needs about 2 GB of memory (the 640 MB array is held once on the
workers and once here, for the single-process call).
"""

import argparse
import time
import uuid

import numpy as np

import attrib

HYPOTHESES = 4
ITEMS = 20


def likelihoods(cases, chunk, seed):
    """A Dask array of ln likelihoods, (cases, ITEMS, HYPOTHESES), made on
    the workers: the logs of likelihoods uniform in [1e-5, 1)."""
    import dask.array as da

    u = da.random.default_rng(seed).random(
        (cases, ITEMS, HYPOTHESES), chunks=(chunk, ITEMS, HYPOTHESES)
    )
    return np.log(1e-5 + (1 - 1e-5) * u)


def score(x):
    """The posteriors of every case of the Dask array `x`, (cases, HYPOTHESES).
    Each call gets keys of its own, so that a timed run never reuses the
    result of an earlier one."""
    return x.map_blocks(
        attrib.score_batch,
        drop_axis=1,
        chunks=(x.chunks[0], (HYPOTHESES,)),
        dtype=np.float64,
        name=f"score-batch-{uuid.uuid4().hex}",
    )


def best_of(runs, f):
    """The shortest of `runs` timings of `f()`, and its last result."""
    best, out = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        out = f()
        best = min(best, time.perf_counter() - start)
    return best, out


def measure(cases, chunk=125_000, scheduler=None, workers=2, runs=3, seed=42):
    """Times scoring `cases` generated cases on a Dask cluster (a
    LocalCluster of `workers` single-threaded processes, or the running
    `scheduler`) and in this process; returns a dict of the figures."""
    from distributed import Client, LocalCluster, wait

    if scheduler:
        cluster, client = None, Client(scheduler)
        where = f"scheduler {scheduler}"
    else:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
        where = f"LocalCluster, {workers} workers x 1 thread"
    try:
        x = likelihoods(cases, min(chunk, cases), seed).persist()
        wait(x)
        score(x).compute()  # warm-up: every worker imports attrib
        dask_seconds, on_cluster = best_of(runs, lambda: score(x).compute())
        kept_seconds, _ = best_of(runs, lambda: wait(score(x).persist()))
        # The same data in this process; arrays received through pickle may
        # be misaligned, which score_batch would copy on every call: align
        # it once here so that the timing is of scoring alone.
        local = np.require(x.compute(), requirements=["C", "A"])
        blocks = len(x.chunks[0])
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    one_seconds, here = best_of(runs, lambda: attrib.score_batch(local))
    return {
        "cases": cases,
        "megabytes": local.nbytes / 1e6,
        "where": f"{where}, {blocks} blocks",
        "dask_seconds": dask_seconds,
        "kept_seconds": kept_seconds,
        "one_seconds": one_seconds,
        "identical": bool(np.array_equal(on_cluster, here)),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000, help="number of cases (default 1,000,000)")
    parser.add_argument("--chunk", type=int, default=125_000, help="cases per Dask block (default 125,000)")
    parser.add_argument("--scheduler", help="address of a running scheduler, such as tcp://host:8786 (default: a LocalCluster)")
    parser.add_argument("--workers", type=int, default=2, help="LocalCluster workers, one thread each (default 2)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each; the best is shown (default 3)")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    m = measure(args.cases, args.chunk, args.scheduler, args.workers, args.runs, args.seed)
    updates = ITEMS * HYPOTHESES
    print(f"{m['cases']:,} cases of {HYPOTHESES} hypotheses x {ITEMS} items ({m['megabytes']:.0f} MB of ln likelihoods)")
    print(f"  dask: {m['where']}")
    rows = [
        ("dask, posteriors gathered here (compute)", m["dask_seconds"]),
        ("dask, posteriors left on the workers (persist)", m["kept_seconds"]),
        ("one process, one score_batch call", m["one_seconds"]),
    ]
    for name, seconds in rows:
        rate = m["cases"] / seconds
        print(f"  {name:<48} {seconds * 1e3:9.1f} ms  {rate / 1e6:8.2f} M cases/s  {rate * updates / 1e9:6.2f} G updates/s")
    print(
        f"  dask / one process throughput: {m['one_seconds'] / m['dask_seconds']:.2f} (gathered), "
        f"{m['one_seconds'] / m['kept_seconds']:.2f} (left on the workers)"
    )
    print(f"  results identical: {m['identical']}")
    if not m["identical"]:
        raise SystemExit("the cluster's posteriors differ from the single-process ones")


if __name__ == "__main__":
    main()
