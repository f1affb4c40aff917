#!/usr/bin/env python3
"""attrib against its peers, interleaved, in one command: the table of the
README's Performance section.

    python3 -m venv target/peers-venv
    target/peers-venv/bin/pip install numpy scipy maturin
    target/peers-venv/bin/python benches/peers/harness.py [--rounds 5] [--quick] [--bless]

Run from the repository root, with the interpreter of a virtual
environment that has numpy and scipy (the versions used are recorded with
the results). The harness builds what it needs: the Rust probes
(`cargo bench --no-run`: benches/probe.rs, and benches/probe_mc.rs when
present), the plain sum in C (benches/peers/plain_sum.c, with
`cc -O3 -march=native`), and, when `import attrib` fails, the Python
package into that same environment (`pip install ./python`, as the
README's Python section does). It installs nothing else.

Each probe prints JSON lines `{"probe": NAME, "unit": UNIT, "value": X}`,
higher is better. A round runs every probe once (round-robin, in reverse
order on every other round, one process per probe; a probe's value in a
round is the best of `--repeat` timed runs in that process); every pair
below gives one ratio per round, attrib's value over its peer's from the
same round, and the table shows min / median / max of these ratios over
the rounds, with the medians of the values themselves. The scoring probes
and their peers (benches/probe.rs, numpy_probe.py, plain_sum.c) time the
CPU time of their thread by default (`--clock wall` for the wall clock):
on a machine shared with other jobs, time spent waiting for a core would
otherwise count, and not equally for every probe. The Python pair times
the wall clock within one process, interleaved; the Monte Carlo probes
time the wall clock.

Without `--quick` the results go to benches/peers/results.json, the
committed file the README's table is rendered from (tests/it/docs.rs
checks that the README shows exactly its rendering); `--bless` also writes
that rendering into the README between its markers. `--quick` (one round,
one run per probe, no 512 MB probes) writes to target/peers/ instead, for
a smoke run. `--only TEXT` keeps the pairs whose name contains TEXT.
"""
import argparse
import datetime
import json
import os
import pathlib
import platform
import shlex
import shutil
import statistics
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = ROOT / "benches" / "peers"
RESULTS = HERE / "results.json"
README = ROOT / "README.md"
BEGIN = "<!-- peers:begin (benches/peers/harness.py --bless writes this table from benches/peers/results.json) -->"
END = "<!-- peers:end -->"
MC_KINDS = {
    "beta-r1": "Beta (concentration 20), reliability 1",
    "beta-r08": "Beta, reliability 0.8",
    "range-r1": "every likelihood a range, reliability 1",
    "range-r08": "ranges, reliability 0.8",
}


def pairs(mc):
    """(name, label, attrib probe, peer probe, goal or None, goal text)."""
    out = [
        ("score/16x1000 / plain sum",
         "`score/16x1000` (`Compiled::score_into`, 128 KB of terms) against a plain sum of as many "
         "values in C (`plain_sum.c`, `-O3 -march=native`, in the processor's widest vectors)",
         "score/16x1000/attrib", "plain/128KB", 0.9, ">= 0.9"),
        ("batch/16x1000x1000 / numpy",
         "`Batch` of 1 000 cases of 16 x 1 000 (128 MB) against numpy's best form "
         "(a (1000, 16, 1000) array summed over its last axis, or `@ ones`, then normalised)",
         "batch/16x1000x1000/attrib", "batch/16x1000x1000/numpy", 1.1, ">= 1.1"),
        ("batch/4x16x1000000 / plain sum",
         "`Batch` of 1e6 cases of 4 x 16 (512 MB) against the bandwidth bound "
         "(the plain sum in C of as many values, huge pages)",
         "batch/4x16x1000000/attrib", "plain/512MB", 0.7, ">= 0.7"),
        ("batch/4x16x1000000 / numpy",
         "the same million small cases against numpy's best form",
         "batch/4x16x1000000/attrib", "batch/4x16x1000000/numpy", None, "-"),
        ("batch/4x16x500 / plain sum",
         "`Batch` of 500 cases of 4 x 16 (512 KB, in the caches) against the bandwidth bound (512 MB)",
         "batch/4x16x500/attrib", "plain/512MB", None, "-"),
        ("batch/16x1000x1000 / plain sum",
         "`Batch` of 1 000 cases of 16 x 1 000 against the plain sum in C of 128 MB",
         "batch/16x1000x1000/attrib", "plain/128MB", None, "-"),
    ]
    for shape in ("3x1000", "16x100", "16x1000"):
        out.append((f"score/{shape} / numpy",
                    f"`score/{shape}` against numpy's best form for one case (`ones @ L` or a sum, "
                    "then normalised)",
                    f"score/{shape}/attrib", f"score/{shape}/numpy", None, "-"))
    for case, what in (("sarmin", "the Sarmin case"), ("16x1000", "16 x 1 000")):
        out.append((f"python/{case}",
                    f"Python `Case.score()` against the Rust call it wraps (`Case::score`), {what} "
                    "(calls/s; 0.77 is a time within 1.3x)",
                    f"python/{case}/score()", f"python/{case}/rust", 1 / 1.3, ">= 0.77"))
    if mc:
        for kind, what in MC_KINDS.items():
            out.append((f"mc/{kind} / numpy",
                        f"Monte Carlo, 16 x 1 000, 256 draws, serial: {what}, against numpy's "
                        "vectorised form (`mc_numpy.py`)",
                        f"mc/{kind}/attrib", f"mc/{kind}/numpy", 2.0, ">= 2"))
        for kind in MC_KINDS:
            out.append((f"mc/{kind} / sampler",
                        f"Monte Carlo `{kind}`: the whole loop against its sampler alone",
                        f"mc/{kind}/attrib", f"mc/{kind}/sampler", 0.85, ">= 0.85"))
    return out


def sh(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, check=True, **kw)


def bench_binary(name):
    """Builds `cargo bench --bench NAME` and returns its executable."""
    print(f"building benches/{name}.rs ...", file=sys.stderr, flush=True)
    res = sh(["cargo", "bench", "--bench", name, "--no-run", "--message-format=json"],
             capture_output=True, text=True)
    for line in res.stdout.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("target", {}).get("name") == name \
                and msg.get("executable"):
            return msg["executable"]
    raise SystemExit(f"cargo built no executable for benches/{name}.rs")


def c_compiler():
    for cc in ("cc", "gcc", "clang"):
        if shutil.which(cc):
            return cc
    raise SystemExit("no C compiler (cc, gcc or clang) for benches/peers/plain_sum.c")


def ensure_python_package():
    try:
        sh([sys.executable, "-c", "import attrib"], capture_output=True)
    except subprocess.CalledProcessError:
        print("building the Python package into this environment (pip install ./python) ...",
              file=sys.stderr, flush=True)
        env = dict(os.environ, PATH=f"{pathlib.Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
                   CARGO_TARGET_DIR=str(ROOT / "target"))
        sh([sys.executable, "-m", "pip", "install", "-q", "--no-build-isolation", "./python"], env=env)


def runners(args, mc, wanted):
    """(probes it prints, argv, cwd): one process per runner and round; only
    the runners that print a probe in `wanted`."""
    out_dir = ROOT / "target" / "peers"
    out_dir.mkdir(parents=True, exist_ok=True)
    probe = bench_binary("probe")
    cc = c_compiler()
    plain = out_dir / "plain_sum"
    sh([cc, "-O3", "-march=native", "-o", str(plain), str(HERE / "plain_sum.c")])
    if any(p.startswith("python/") for p in wanted):
        ensure_python_package()
    r = str(args.repeat)
    py = sys.executable
    big = [] if args.quick else ["batch/4x16x1000000"]
    out = []
    for p in ["score/3x1000", "score/16x100", "score/16x1000", "batch/16x1000x1000", "batch/4x16x500", *big]:
        out.append(([f"{p}/attrib"], [probe, "--probe", p, "--repeat", r, "--clock", args.clock], ROOT))
        out.append(([f"{p}/numpy"], [py, str(HERE / "numpy_probe.py"), "--probe", p, "--repeat", r,
                                     "--clock", args.clock], ROOT))
    for size in ["128KB", "128MB"] + ([] if args.quick else ["512MB"]):
        out.append(([f"plain/{size}"], [str(plain), size, r] + (["cpu"] if args.clock == "cpu" else []), ROOT))
    for case in ("sarmin", "16x1000"):
        # outside the repository root, so that `import attrib` is the
        # installed package, not the source folder python/attrib
        out.append(([f"python/{case}/score()", f"python/{case}/rust"], [py, str(HERE / "python_probe.py"), "--probe", case, "--repeat", r],
                    out_dir))
    if mc and any(p.startswith("mc/") for p in wanted):
        mc_bin = bench_binary("probe_mc")
        for kind in MC_KINDS:
            out.append(([f"mc/{kind}/attrib", f"mc/{kind}/sampler"], [mc_bin, "--kind", kind, "--draws", "256", "--repeat", r, "--both"],
                        ROOT))
            out.append(([f"mc/{kind}/numpy"], [py, str(HERE / "mc_numpy.py"), "--kind", kind, "--draws", "256",
                                             "--repeat", r], ROOT))
    return [r for r in out if any(p in wanted for p in r[0])]


def loadavg():
    try:
        return float(pathlib.Path("/proc/loadavg").read_text().split()[0])
    except OSError:
        return float("nan")


def machine():
    import numpy as np

    cpu = platform.machine()
    kind = {}
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            kind.setdefault(key.strip(), value.strip())
    except OSError:
        pass
    if "model name" in kind:
        # "AMD EPYC" names a Zen 3 and a Zen 4 alike: the family and model
        # tell them apart, and the plain sum's vectors what it was built for
        cpu = f"{kind['model name']} (family {kind.get('cpu family', '?')}, model {kind.get('model', '?')})"
    isa = subprocess.run([str(ROOT / "target" / "peers" / "plain_sum"), "isa"], capture_output=True,
                         text=True).stdout.strip() or "unknown vectors"
    cpu = f"{cpu}, {isa}"
    blas = "unknown BLAS"
    try:
        info = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        blas = f"{info['name']} {info['version']}"
    except Exception:  # numpy < 1.26 has no mode="dicts"
        pass
    cc = subprocess.run([c_compiler(), "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    return {"cpu": f"{cpu}, {os.cpu_count()} cores", "numpy": np.__version__, "blas": blas,
            "cc": cc, "rustc": rustc}


def measure(args, mc, wanted):
    todo = runners(args, mc, wanted)
    values = {}  # probe -> one value per round (the best of the repeats)
    loads = []
    for rnd in range(args.rounds):
        order = todo if rnd % 2 == 0 else todo[::-1]
        loads.append(loadavg())
        for key, argv, cwd in order:
            key = " ".join(key)
            res = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
            if res.returncode != 0:
                raise SystemExit(f"probe {key} failed ({shlex.join(map(str, argv))}):\n{res.stderr}")
            best = {}
            for line in res.stdout.splitlines():
                if line.startswith("{"):
                    m = json.loads(line)
                    best[m["probe"]] = max(best.get(m["probe"], 0.0), float(m["value"]))
            for name, v in best.items():
                values.setdefault(name, []).append(v)
        loads.append(loadavg())
        print(f"round {rnd + 1} of {args.rounds} done (load average {loads[-1]:.1f})", file=sys.stderr,
              flush=True)
    return values, loads


def sci(x):
    """`6.89e9`: three significant digits, as Rust's `{:.2e}` writes them."""
    mantissa, exponent = f"{x:.2e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def render(results):
    """The Markdown of the README's table; tests/it/docs.rs renders the same."""
    m = results["meta"]
    lines = [
        f"Measured {m['date']} on {m['cpu']} (shared; load average {m['load_min']:.1f} to "
        f"{m['load_max']:.1f}), one thread: {m['rounds']} interleaved rounds, each probe once per round "
        f"(the best of {m['repeat']} timed runs), scoring timed in {m['clock']}, Python and Monte Carlo "
        f"in the wall clock. numpy {m['numpy']} on {m['blas']}; the plain sum built "
        f"by {m['cc']}; {m['rustc']}. Command: `{m['command']}`.",
        "",
        "| pair | attrib (median) | peer (median) | ratio min / median / max | goal | met |",
        "|---|---|---|---|---|---|",
    ]
    for p in results["pairs"]:
        a = results["values"][p["attrib"]]
        b = results["values"][p["peer"]]
        ratios = [x / y for x, y in zip(a, b)]
        mid = statistics.median(ratios)
        unit = p["unit"]
        met = "-" if p["goal"] is None else ("yes" if mid >= p["goal"] else "**no**")
        lines.append(
            f"| {p['label']} | {sci(statistics.median(a))} {unit} | {sci(statistics.median(b))} {unit} | "
            f"{min(ratios):.2f} / {mid:.2f} / {max(ratios):.2f} | {p['goal_text']} | {met} |")
    return "\n".join(lines) + "\n"


def bless(table):
    text = README.read_text()
    head, sep, rest = text.partition(BEGIN + "\n")
    _, sep2, tail = rest.partition(END)
    if not sep or not sep2:
        raise SystemExit(f"README.md has no markers {BEGIN!r} ... {END!r}")
    README.write_text(head + BEGIN + "\n" + table + END + tail)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="one round, one run per probe, no 512 MB probes")
    ap.add_argument("--bless", action="store_true", help="write the table into README.md")
    ap.add_argument("--render", action="store_true",
                    help="only print the table of the committed results (no measurement)")
    ap.add_argument("--only", default="", help="keep the pairs whose name contains this")
    ap.add_argument("--clock", choices=["cpu", "wall"], default="cpu",
                    help="how the scoring probes and their peers are timed (default: the CPU time of "
                         "their thread; the Python and Monte Carlo probes time the wall clock)")
    args = ap.parse_args()
    if args.render:
        table = render(json.loads(RESULTS.read_text()))
        print(table, end="")
        if args.bless:
            bless(table)
        return
    if args.quick:
        args.rounds, args.repeat = 1, 1
    mc = (ROOT / "benches" / "probe_mc.rs").exists() and (HERE / "mc_numpy.py").exists()
    chosen = [p for p in pairs(mc) if args.only in p[0]]
    if args.quick:
        chosen = [p for p in chosen if "1000000" not in p[2] + p[3] and "512MB" not in p[3]]
    values, loads = measure(args, mc, {p[k] for p in chosen for k in (2, 3)})
    units = {"python": "calls/s", "mc": "draws/s"}
    command = "python3 benches/peers/harness.py" + "".join(
        f" {a}" for a in sys.argv[1:] if a not in ("--bless",))
    results = {
        "meta": {
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            **machine(),
            "rounds": args.rounds,
            "repeat": args.repeat,
            "load_min": min(loads),
            "load_max": max(loads),
            "command": command,
            "clock": "the CPU time of its thread" if args.clock == "cpu" else "the wall clock",
        },
        "pairs": [
            {"name": name, "label": label, "attrib": a, "peer": b, "goal": goal, "goal_text": text,
             "unit": units.get(a.split("/")[0], "updates/s")}
            for name, label, a, b, goal, text in chosen
            if a in values and b in values
        ],
        "values": {},
    }
    used = {p[k] for p in results["pairs"] for k in ("attrib", "peer")}
    results["values"] = {k: v for k, v in sorted(values.items()) if k in used}
    table = render(results)
    print(table, end="")
    path = ROOT / "target" / "peers" / "results-quick.json" if args.quick else RESULTS
    path.write_text(json.dumps(results, indent=1) + "\n")
    print(f"written: {path.relative_to(ROOT)}", file=sys.stderr)
    if args.bless and not args.quick:
        bless(table)


if __name__ == "__main__":
    main()
