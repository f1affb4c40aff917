#!/usr/bin/env python3
"""Builds of the scoring probe against the plain sum in C, interleaved, in
CPU time: an A/B check of a change to `Batch` or `Compiled::score_into`
that a loaded machine disturbs less than two separate harness runs.

    cargo bench --bench probe --no-run       # prints the probe's path
    cp target/release/deps/probe-HASH /tmp/probe_old   # once per build
    python3 scripts/probe_ab.py PROBE ROUNDS BUILD [BUILD...]

PROBE is one of `score/16x1000`, `batch/16x1000x1000`,
`batch/4x16x1000000` or `batch/4x16x500` (benches/probe.rs), or another
batch `batch/HxIxC` of 16 or 64 million values (`batch/8x16x500000`,
`batch/2x16x2000000`). Each round times the plain sum of as many values
as the probe's bound (target/peers/plain_sum, built by
benches/peers/harness.py: 128 KB, 128 MB or 512 MB), then each build (in
reverse order every other round), each the best of 3 timed runs in the
CPU time of its thread. It prints, for each build, the ratio of its rate
to the plain sum's of the same round as min / median / max over the
rounds: the harness's ratio for that pair.
"""
import json
import pathlib
import statistics
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PLAIN = ROOT / "target" / "peers" / "plain_sum"
# the plain sum each probe is set against in the harness
BOUND = {
    "score/16x1000": "128KB",
    "batch/16x1000x1000": "128MB",
    "batch/4x16x1000000": "512MB",
    "batch/4x16x500": "512MB",
}


def bound(probe):
    """The plain sum a probe is set against, or None."""
    if probe in BOUND:
        return BOUND[probe]
    shape = probe.removeprefix("batch/").split("x")
    if probe.startswith("batch/") and len(shape) == 3 and all(p.isdigit() for p in shape):
        values = int(shape[0]) * int(shape[1]) * int(shape[2])
        return {16_000_000: "128MB", 64_000_000: "512MB"}.get(values)
    return None


def best(cmd):
    """The largest `value` of the JSON lines a probe prints."""
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return max(json.loads(line)["value"] for line in out.splitlines() if line.startswith("{"))


def main():
    if len(sys.argv) < 4 or bound(sys.argv[1]) is None:
        raise SystemExit(__doc__)
    probe, rounds, builds = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    size = bound(probe)
    if not PLAIN.exists():
        raise SystemExit(f"{PLAIN} is missing: run benches/peers/harness.py once to build it")
    ratios = {b: [] for b in builds}
    for r in range(rounds):
        plain = best([str(PLAIN), size, "3", "cpu"])
        for b in builds if r % 2 == 0 else builds[::-1]:
            rate = best([b, "--probe", probe, "--repeat", "3", "--clock", "cpu"])
            ratios[b].append(rate / plain)
    for b in builds:
        v = sorted(ratios[b])
        print(f"{b}: {v[0]:.3f} / {statistics.median(v):.3f} / {v[-1]:.3f}")


if __name__ == "__main__":
    main()
