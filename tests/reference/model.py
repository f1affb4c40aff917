"""An independent implementation of MODEL.md sections 1-3, in plain
probabilities with Python's exact fractions where possible, used to work
out the expected values of tests/cases.rs. It shares no code with the
crate; run it with `python3 tests/reference/model.py FILE.json`.
"""
import json
import math
import sys
from fractions import Fraction

ADMIRALTY = {"A": 0.97, "B": 0.875, "C": 0.675, "D": 0.325, "E": 0.125, "F": 0.5}
DIGITS = {"1": 0.97, "2": 0.875, "3": 0.675, "4": 0.325, "5": 0.125, "6": 0.5}


def mid(x):
    if isinstance(x, list):
        return (Fraction(x[0]) + Fraction(x[1])) / 2
    return Fraction(x)


def posterior(case):
    hyps = [h["id"] for h in case["hypotheses"]]
    prior = case.get("prior")
    w = [Fraction(prior[h]) if prior else Fraction(1) for h in hyps]
    w = [x / sum(w) for x in w]
    sources = {s["id"]: s for s in case.get("sources", [])}
    rho = {g["id"]: Fraction(g["correlation"]) for g in case.get("groups", [])}
    size = {}
    for e in case["evidence"]:
        if "group" in e:
            size[e["group"]] = size.get(e["group"], 0) + 1
    logpost = [math.log(x) if x > 0 else -math.inf for x in w]
    for e in case["evidence"]:
        l = [mid(e["likelihoods"][h]) for h in hyps]
        if "reliability" in e:
            r = mid(e["reliability"])
        else:
            r = Fraction(1)
            if "source" in e:
                s = sources[e["source"]]
                if "admiralty" in s:
                    r = Fraction(ADMIRALTY[s["admiralty"]])
                elif "reliability" in s:
                    r = mid(s["reliability"])
            c = e.get("credibility")
            if c is not None:
                r *= Fraction(DIGITS[c]) if isinstance(c, str) else Fraction(c)
        chance = Fraction(e["chance"]) if "chance" in e else sum(l) / len(l)
        if case.get("weighting", "mixture") == "mixture":
            l1 = [r * x + (1 - r) * chance for x in l]
        else:
            l1 = [Fraction(1) if r == 0 else Fraction(float(x) ** float(r)) for x in l]
        q = Fraction(e.get("observed", 1))
        l2 = [q * x + (1 - q) * (1 - x) for x in l1]
        k = size.get(e.get("group"), 1)
        cf = 1 / (1 + (k - 1) * rho.get(e.get("group"), 0))
        for i, x in enumerate(l2):
            logpost[i] += float(cf) * math.log(x) if x > 0 else -math.inf
    top = max(logpost)
    z = sum(math.exp(x - top) for x in logpost)
    return {h: math.exp(x - top) / z for h, x in zip(hyps, logpost)}


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        case = json.load(f)
    for h, p in posterior(case).items():
        print(f"{h} {p!r}")
