"""Writes a synthetic case file for the scaling measurements of the README.

    python3 benches/cases/generate.py HYPOTHESES ITEMS [SEED] > case.json
    python3 benches/cases/generate.py --source-per-item HYPOTHESES ITEMS > case.json

Likelihoods are drawn uniformly in (0.01, 0.99) from a fixed linear
congruential sequence, so every run writes the same file. Every third item
comes from one of four sources (Admiralty B to E), every tenth is in one of
five dependence groups (correlation 0.5), and every likelihood is held with
concentration 20, so Monte Carlo redraws all of them. With
`--source-per-item`, every item has a source of its own (Admiralty B), as
many sources as items, to time the break-even search of every source.
Python 3 standard library only.
"""
import json
import sys


def main():
    args = sys.argv[1:]
    own = "--source-per-item" in args
    args = [a for a in args if a != "--source-per-item"]
    h, e = int(args[0]), int(args[1])
    state = int(args[2]) if len(args) > 2 else 1

    def nxt():
        nonlocal state
        state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
        return 0.01 + 0.98 * ((state >> 11) / 2**53)

    hyps = [{"id": f"h{k}", "label": f"Hypothesis {k}"} for k in range(h - 1)]
    hyps.append({"id": "other", "label": "Anyone else"})
    ids = [x["id"] for x in hyps]
    if own:
        sources = [{"id": f"s{k}", "label": f"Source {k}", "admiralty": "B"} for k in range(e)]
    else:
        sources = [{"id": f"s{k}", "label": f"Source {k}", "admiralty": g} for k, g in enumerate("BCDE")]
    groups = [{"id": f"g{k}", "correlation": 0.5} for k in range(5)]
    evidence = []
    for i in range(e):
        item = {
            "id": f"e{i}",
            "description": f"item {i}",
            "likelihoods": {x: round(nxt(), 6) for x in ids},
        }
        if own:
            item["source"] = f"s{i}"
        elif i % 3 == 0:
            item["source"] = f"s{(i // 3) % 4}"
        if i % 10 == 0:
            item["group"] = f"g{(i // 10) % 5}"
        evidence.append(item)
    case = {
        "version": 1,
        "title": f"Synthetic case, {h} hypotheses x {e} items",
        "hypotheses": hyps,
        "sources": sources,
        "groups": groups,
        "uncertainty": {"likelihood_concentration": 20},
        "evidence": evidence,
    }
    json.dump(case, sys.stdout, separators=(",", ":"))


if __name__ == "__main__":
    main()
