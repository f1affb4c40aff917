#!/usr/bin/env python3
"""Two builds of the criterion benchmark `scoring`, run alternately, with
the ratios a shared machine can still measure: each benchmark against its
peer in the same run (`batch/X` against `memory/X`, `kernel/score` against
`kernel/plain_sum`), and the second build's speed over the first's.

    # the benchmark binary of each commit (`cargo bench --bench scoring
    # --no-run` prints its path); copy it aside before building the other
    python3 benches/peers/interleave.py BEFORE_BIN AFTER_BIN \\
        --filter 'batch/|memory/|kernel/' --rounds 5

Every round runs BEFORE then AFTER, each with `--warm-up-time 1
--measurement-time 2`; the table gives min / median / max over the rounds
of criterion's median times. This is what the README's measurements of
`Batch` and of the kernel quote.
"""
import argparse
import os
import re
import statistics
import subprocess
import tempfile

UNITS = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def parse(text):
    """Criterion's output: benchmark name -> median time in seconds."""
    times, name = {}, None
    for line in text.splitlines():
        head = re.match(r"^(\S+/\S+)", line)
        if head:
            name = head.group(1)
        m = re.search(r"time:\s+\[\S+ \S+ (\S+) (\S+)", line)
        if m and name and "%" not in line:
            times[name] = float(m.group(1)) * UNITS[m.group(2)]
    return times


def peers(times):
    """(what, ratio) pairs within one run: speed against the peer."""
    out = []
    for k, t in times.items():
        if k.startswith("batch/") and "memory/" + k[6:] in times:
            out.append((f"{k} / memory/{k[6:]}", times["memory/" + k[6:]] / t))
    if "kernel/score/16x1000" in times and "kernel/plain_sum/16x1000" in times:
        out.append(
            (
                "kernel/score / kernel/plain_sum",
                times["kernel/plain_sum/16x1000"] / times["kernel/score/16x1000"],
            )
        )
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--filter", default="batch/|memory/|kernel/")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    rows = {}
    with tempfile.TemporaryDirectory() as home:
        for r in range(args.rounds):
            runs = {}
            for label, binary in (("before", args.before), ("after", args.after)):
                env = dict(os.environ, CRITERION_HOME=os.path.join(home, label))
                res = subprocess.run(
                    [binary, "--bench", args.filter, "--warm-up-time", "1", "--measurement-time", "2"],
                    capture_output=True, text=True, env=env, check=True,
                )
                runs[label] = parse(res.stdout)
                for what, ratio in peers(runs[label]):
                    rows.setdefault((what, label), []).append(ratio)
            for k, t in runs["after"].items():
                if k in runs["before"]:
                    rows.setdefault((k, "after / before"), []).append(runs["before"][k] / t)
            print(f"round {r + 1} of {args.rounds} done", flush=True)
    print("| what | build | min | median | max |\n|---|---|---|---|---|")
    for (what, label), v in sorted(rows.items()):
        print(f"| {what} | {label} | {min(v):.2f} | {statistics.median(v):.2f} | {max(v):.2f} |")


if __name__ == "__main__":
    main()
