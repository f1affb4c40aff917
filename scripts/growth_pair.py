#!/usr/bin/env python3
"""How one command's cost grows from 10 000 to 100 000 items, for several
builds of the command line at once, interleaved: the growth of
`scripts/growth.sh` measured before and after a change in the same run.

    python3 scripts/growth_pair.py ROUNDS 'COMMAND' SHAPE BINARY [BINARY...]

COMMAND is one of growth.sh's commands, `CASE` standing for the case file
and `SVG` for a directory of chart files (`'report CASE --draws 100
--format html -q'`); SHAPE is `4x` (4 hypotheses) or `own-4x` (a source
per item), or for `ach` one of growth.sh's matrices, `ach-4x` or
`ach-own-4x` (a source per row). The cases are growth.sh's, in
target/growth (run growth.sh once to make them). Each round runs every binary at 10k and then at 100k items;
the CPU time of a run (user + system, of the command as its parent reaps
it) is counted. For each binary it prints the median CPU time at each size,
their ratio, and the ratio of the two sizes within each round as
min / median / max over the rounds.
"""
import os
import statistics
import sys


def cpu_seconds(binary, args):
    out = os.open("/dev/null", os.O_WRONLY)
    pid = os.posix_spawn(binary, [binary] + args, os.environ,
                         file_actions=[(os.POSIX_SPAWN_DUP2, out, 1),
                                       (os.POSIX_SPAWN_DUP2, out, 2)])
    _, status, usage = os.wait4(pid, 0)
    os.close(out)
    if status != 0:
        sys.exit(f"{binary} {' '.join(args)}: exit status {status}")
    return usage.ru_utime + usage.ru_stime


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    rounds, command, shape, binaries = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    cases = os.path.join(root, "target", "growth")
    charts = os.path.join(cases, "svg-pair")
    sizes = (10_000, 100_000)
    times = {b: {e: [] for e in sizes} for b in binaries}
    for _ in range(rounds):
        for b in binaries:
            for e in sizes:
                # growth.sh's ACH matrices are CSV files, its cases JSON
                ext = "csv" if shape.startswith("ach") else "json"
                case = os.path.join(cases, f"{shape}{e}.{ext}")
                args = command.replace("CASE", case).replace("SVG", charts).split()
                times[b][e].append(cpu_seconds(b, args))
    for b in binaries:
        small, large = times[b][sizes[0]], times[b][sizes[1]]
        per_round = sorted(z / a for a, z in zip(small, large))
        print(f"{b}  {command.split()[0]} {shape}: 10k {statistics.median(small):.3f} s, "
              f"100k {statistics.median(large):.3f} s, "
              f"{statistics.median(large) / statistics.median(small):.2f}x; per round "
              f"{per_round[0]:.2f} / {statistics.median(per_round):.2f} / {per_round[-1]:.2f}")


if __name__ == "__main__":
    main()
