"""Check the `attrib` command-line tool against the reference fixtures.

    python3 tests/reference/check.py target/debug/attrib [FIXTURES]

FIXTURES defaults to the `fixtures` folder next to this file. For every
NAME.expected.json there (written by gen_fixtures.py from the independent
implementation model.py), it runs

    attrib score NAME.json --format json
    attrib compare NAME.json --format json                 (codebook cases)
    attrib score NAME.json --perspective ID --format json  (every perspective, base included)

and compares: posteriors to 1e-9 absolute, the leader (any of the
hypotheses tied for the lead is accepted), the verdict's status, hypothesis
and threshold, and in `compare` the perspectives' ids and order and the
Bayes factor of the leader against the runner-up (relative 1e-9; `null`
when it is infinite). A fixture the reference finds contradictory must make
`attrib score` fail with a message starting with `error:` that names
(quoted) every item the reference holds responsible, and no panic.

The last line printed is `N passed, M failed`; the exit status is non-zero
when anything failed. Python 3.11 standard library only.
"""
import json
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOL = 1e-9
TIMEOUT = 60


def run(attrib, args):
    """(returncode, stdout, stderr) of one run of the CLI."""
    try:
        p = subprocess.run([attrib] + args, capture_output=True, text=True, timeout=TIMEOUT)
    except FileNotFoundError:
        return None, "", f"no such program: {attrib}"
    except subprocess.TimeoutExpired:
        return None, "", f"timed out after {TIMEOUT} s"
    return p.returncode, p.stdout, p.stderr


def run_json(attrib, args):
    """The parsed JSON output, or a problem (a string)."""
    code, out, err = run(attrib, args)
    if code != 0:
        return None, f"exit status {code}: {err.strip()[:500]}"
    try:
        return json.loads(out), None
    except json.JSONDecodeError as e:
        return None, f"output is not JSON ({e}): {out[:200]!r}"


def tied_with_leader(posterior, leader):
    top = posterior[leader]
    return {h for h, p in posterior.items() if abs(p - top) <= TOL}


def compare_score(expected, actual):
    """Problems (strings) found comparing one score-shaped output."""
    problems = []
    if not isinstance(actual, dict):
        return [f"expected an object, found {actual!r}"]
    ep = expected["posterior"]
    ap = actual.get("posterior")
    if not isinstance(ap, dict):
        return [f"no posterior object in {json.dumps(actual)[:200]}"]
    if set(ap) != set(ep):
        problems.append(f"hypotheses {sorted(ap)} != {sorted(ep)}")
    for h, p in ep.items():
        a = ap.get(h)
        if not isinstance(a, (int, float)) or isinstance(a, bool) or not abs(a - p) <= TOL:
            problems.append(f"posterior of '{h}': {a!r}, expected {p!r} (diff {abs(a - p) if isinstance(a, (int, float)) else 'n/a'})")
    leader = expected["leader"]
    tied = tied_with_leader(ep, leader)
    if actual.get("leader") not in tied:
        problems.append(f"leader {actual.get('leader')!r}, expected {leader!r}" + (f" (or one of {sorted(tied)})" if len(tied) > 1 else ""))
    ev, av = expected["verdict"], actual.get("verdict")
    if not isinstance(av, dict):
        return problems + ["no verdict object"]
    t = ev["threshold"]
    if not isinstance(av.get("threshold"), (int, float)) or abs(av["threshold"] - t) > 1e-12:
        problems.append(f"threshold {av.get('threshold')!r}, expected {t!r}")
    # The status is checked unless it hinges on the last digits of a
    # binary64 computation: the leader within 1e-9 of the threshold, or a
    # near (but not exact) tie for the lead.
    exact_tie = sum(1 for p in ep.values() if p == ep[leader]) > 1
    near_threshold = abs(ep[leader] - t) <= TOL and not exact_tie
    near_tie = len(tied) > 1 and not exact_tie
    if not (near_threshold or near_tie):
        if av.get("status") != ev["status"]:
            problems.append(f"verdict {av.get('status')!r}, expected {ev['status']!r}")
    if av.get("status") == "attributed":
        if av.get("hypothesis") != actual.get("leader"):
            problems.append(f"attributed to {av.get('hypothesis')!r} but the leader is {actual.get('leader')!r}")
    elif av.get("status") == "insufficient":
        if av.get("hypothesis") is not None:
            problems.append(f"insufficient verdict names {av.get('hypothesis')!r}")
    else:
        problems.append(f"verdict status {av.get('status')!r} is neither attributed nor insufficient")
    return problems


def runner_up_ambiguous(posterior, leader):
    rest = sorted((p for h, p in posterior.items() if h != leader), reverse=True)
    return len(rest) > 1 and rest[0] - rest[1] <= TOL


def compare_bayes_factor(expected_row, actual_row):
    if "bayes_factor" not in actual_row:
        return ["no bayes_factor"]
    e, a = expected_row["bayes_factor"], actual_row["bayes_factor"]
    if runner_up_ambiguous(expected_row["posterior"], expected_row["leader"]):
        return []
    if len(tied_with_leader(expected_row["posterior"], expected_row["leader"])) > 1:
        return []
    if e is None:
        if a is None or (isinstance(a, float) and math.isinf(a)):
            return []
        return [f"bayes_factor {a!r}, expected null (infinite)"]
    if not isinstance(a, (int, float)) or isinstance(a, bool):
        return [f"bayes_factor {a!r}, expected {e!r}"]
    if abs(a - e) > TOL * max(abs(e), 1e-300) and abs(a - e) > TOL * abs(a):
        return [f"bayes_factor {a!r}, expected {e!r}"]
    return []


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def record(self, label, problems):
        if problems:
            self.failed += 1
            print(f"FAIL {label}")
            for p in problems:
                print(f"     {p}")
        else:
            self.passed += 1
            print(f"ok   {label}")


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 2
    attrib = argv[0]
    if os.sep in attrib or (os.altsep and os.altsep in attrib):
        attrib = os.path.abspath(attrib)
    folder = os.path.abspath(argv[1] if len(argv) > 1 else os.path.join(HERE, "fixtures"))
    names = sorted(f[: -len(".expected.json")] for f in os.listdir(folder) if f.endswith(".expected.json"))
    tally = Tally()
    for name in names:
        case = os.path.join(folder, f"{name}.json")
        with open(os.path.join(folder, f"{name}.expected.json")) as f:
            expected = json.load(f)

        if "error" in expected:
            code, out, err = run(attrib, ["score", case, "--format", "json"])
            problems = []
            if code is None:
                problems.append(err)
            elif code == 0:
                problems.append(f"expected an error ({expected['error']}: items {expected.get('items')}), got exit 0: {out[:200]!r}")
            else:
                if not err.strip().startswith("error:"):
                    problems.append(f"stderr does not start with 'error:': {err.strip()[:300]!r}")
                missing = [i for i in expected.get("items", []) if f"'{i}'" not in err]
                if missing:
                    problems.append(f"the message does not name the items responsible {missing}: {err.strip()[:300]!r}")
                if "panicked" in err or "RUST_BACKTRACE" in err:
                    problems.append(f"panic: {err.strip()[:300]!r}")
            tally.record(f"{name}: score (contradictory)", problems)
            continue

        actual, problem = run_json(attrib, ["score", case, "--format", "json"])
        tally.record(f"{name}: score", [problem] if problem else compare_score(expected["score"], actual))

        if "compare" not in expected:
            continue
        rows = expected["compare"]["perspectives"]
        actual, problem = run_json(attrib, ["compare", case, "--format", "json"])
        problems = []
        if problem:
            problems.append(problem)
        elif not isinstance(actual, dict) or not isinstance(actual.get("perspectives"), list):
            problems.append(f"no perspectives list in {json.dumps(actual)[:200]}")
        else:
            got = actual["perspectives"]
            ids = [r.get("id") if isinstance(r, dict) else None for r in got]
            want = [r["id"] for r in rows]
            if ids != want:
                problems.append(f"perspectives {ids}, expected {want} (base first, then the codebook's, then the case's)")
            for row in rows:
                match = [r for r in got if isinstance(r, dict) and r.get("id") == row["id"]]
                if not match:
                    continue
                problems += [f"{row['id']}: {p}" for p in compare_score(row, match[0])]
                problems += [f"{row['id']}: {p}" for p in compare_bayes_factor(row, match[0])]
        tally.record(f"{name}: compare", problems)

        for row in rows:
            actual, problem = run_json(attrib, ["score", case, "--perspective", row["id"], "--format", "json"])
            tally.record(f"{name}: score --perspective {row['id']}",
                         [problem] if problem else compare_score(row, actual))

    print(f"{tally.passed} passed, {tally.failed} failed")
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
