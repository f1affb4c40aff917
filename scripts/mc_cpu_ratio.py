#!/usr/bin/env python3
"""The Monte Carlo loop against its sampler alone, in CPU time: a check of
`benches/peers/harness.py --only sampler` that a loaded machine disturbs
less (the harness times the Monte Carlo probes in the wall clock).

    cargo bench --bench probe_mc --no-run      # prints the probe's path
    python3 scripts/mc_cpu_ratio.py KIND RUNS ROUNDS PROBE [PROBE...]

KIND is beta-r1, beta-r08, range-r1 or range-r08 (benches/probe_mc.rs).
For each round and each probe executable (several: an older build beside
a newer one, interleaved, in reverse order every other round), it counts
the task-clock of `probe_mc --runs RUNS` (whole runs of 256 draws), of
`probe_mc --runs RUNS --sampler`, and of `probe_mc --runs 0` (building the
case alone, taken off both), with `perf stat`. It prints the ratio
sampler time / loop time (the harness's draws/s ratio) as min / median /
max over the rounds, and the median CPU time per value drawn (16 x 1 000
values a draw) of each.
"""
import statistics
import subprocess
import sys


def task_clock_ms(probe, kind, runs, extra):
    cmd = ["perf", "stat", "-x,", "-e", "task-clock", probe, "--kind", kind,
           "--repeat", "1", "--runs", str(runs)] + extra
    err = subprocess.run(cmd, capture_output=True, text=True, check=True).stderr
    for line in err.splitlines():
        if "task-clock" in line:
            return float(line.split(",")[0])
    raise SystemExit(f"no task-clock in the output of {' '.join(cmd)}")


def main():
    if len(sys.argv) < 5:
        raise SystemExit(__doc__)
    kind, runs, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    probes = sys.argv[4:]
    loop = {p: [] for p in probes}
    sampler = {p: [] for p in probes}
    for r in range(rounds):
        for p in probes if r % 2 == 0 else probes[::-1]:
            setup = task_clock_ms(p, kind, 0, [])
            loop[p].append(task_clock_ms(p, kind, runs, []) - setup)
            sampler[p].append(task_clock_ms(p, kind, runs, ["--sampler"]) - setup)
    values = 256 * runs * 16 * 1000
    for p in probes:
        ratios = sorted(s / l for l, s in zip(loop[p], sampler[p]))
        print(f"{kind:10s} {p}: loop/sampler {ratios[0]:.3f} / {statistics.median(ratios):.3f}"
              f" / {ratios[-1]:.3f};  ns a value: loop {statistics.median(loop[p]) * 1e6 / values:.2f},"
              f" sampler {statistics.median(sampler[p]) * 1e6 / values:.2f}")


if __name__ == "__main__":
    main()
