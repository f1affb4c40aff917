"""Checks the break-even values that changed in the golden diff against the
reference model (tests/reference/model.py, Decimal arithmetic): at the new
value the outcome differs from full trust, 1e-6 above it it does not, and a
bisection on the reference model lands within 1e-6."""
import copy, json, sys
from decimal import Decimal
sys.path.insert(0, "tests/reference")
import model

def outcome(case, kind, ident, d):
    c = copy.deepcopy(case)
    objs = c["sources"] if kind == "source" else c["evidence"]
    for o in objs:
        if o["id"] == ident:
            o["discount"] = d
    try:
        r = model.score(c)
    except model.Contradictory:
        return None
    return r["leader"] if r["attributed"] else None

def reference_bisect(case, kind, ident):
    ref = outcome(case, kind, ident, 1)
    same, differs = 1.0, 0.0
    while same - differs > 1e-6:
        mid = differs + (same - differs) / 2
        if outcome(case, kind, ident, mid) == ref:
            same = mid
        else:
            differs = mid
    return differs

def main():
    before, after = sys.argv[1], sys.argv[2]
    for path in sys.argv[3:]:
        name = path.replace("/", "_")
        case = model.load(path)
        case.pop("_kinds", None)
        def read(d):
            text = open(f"{d}/{name}.sens.json").read()
            return json.loads(text[: text.rindex("rc ")])
        old, new = read(before), read(after)
        for key, kind, idk in [("break_even", "source", "source"), ("break_even_evidence", "evidence", "evidence")]:
            for o, n in zip(old[key], new[key]):
                if o == n or n["discount"] is None:
                    continue
                ident, d = n[idk], n["discount"]
                ref = outcome(case, kind, ident, 1)
                ok = outcome(case, kind, ident, d) != ref and outcome(case, kind, ident, d + 1e-6) == ref
                b = reference_bisect(case, kind, ident)
                print(f"{path} {kind} {ident}: was {o['discount']!r}, now {d!r}; reference model: differs at it {ok}, bisection {b!r}, |now - reference| = {abs(d - b):.1e}")
main()
