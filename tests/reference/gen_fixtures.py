"""Generate the reference fixtures: random cases, textbook cases and
codebook cases, each with the posterior the independent reference
implementation (model.py, high precision) gives.

    python3 gen_fixtures.py [FOLDER]      # default: fixtures/ next to this file

The seed is fixed, so the output is the same on every run. For every case
NAME.json it writes NAME.expected.json:

    {"score": <model.py CASE.json>,                       # attrib score --format json
     "compare": <model.py CASE.json --compare>}           # codebook cases only

or, for a case the reference finds contradictory (every hypothesis
eliminated), {"error": "contradictory", "items": [...], "message": "..."}.
check.py runs the Rust CLI on every fixture and compares.
"""
import json
import os
import random
import shutil
import sys
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import model  # noqa: E402

SEED = 20240611
RANDOM_CASES = 30
KEEP_CONTRADICTORY = 2
# A case is regenerated when its verdict would hinge on the last digits of
# a binary64 computation: the leader within this of the runner-up (but not
# an exact tie) or of the threshold.
MARGIN = Decimal("1e-7")

HYPOTHESIS_POOLS = [
    ["a", "b", "c", "d", "e", "f"],
    ["regime", "isil", "opposition", "other", "russia", "unknown"],
    ["h1", "h2", "h3", "h4", "h5", "h6"],
]
TIE_PRONE = [0.1, 0.2, 0.25, 0.4, 0.5, 0.6, 0.75, 0.8, 0.9]


# ------------------------------------------------------------- formatting


def dump(obj):
    """JSON with one line per list element (compact, still readable)."""
    def inline(x):
        return json.dumps(x, separators=(", ", ": "))

    lines = ["{"]
    keys = list(obj)
    for n, k in enumerate(keys):
        v = obj[k]
        comma = "," if n + 1 < len(keys) else ""
        if isinstance(v, list) and v and isinstance(v[0], dict):
            lines.append(f"  {json.dumps(k)}: [")
            for m, x in enumerate(v):
                lines.append("    " + inline(x) + ("," if m + 1 < len(v) else ""))
            lines.append("  ]" + comma)
        else:
            lines.append(f"  {json.dumps(k)}: {inline(v)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write(folder, name, obj):
    with open(os.path.join(folder, name), "w") as f:
        f.write(dump(obj) if "evidence" in obj or "kinds" in obj else json.dumps(obj, indent=2) + "\n")


# ------------------------------------------------------------ random cases


def likelihood(rng, zero_rate, spread):
    """A likelihood: special values (0, 1, 1e-300, a range), tie-prone round
    numbers, or a random number within `spread` of 1/2 (moderate cases)."""
    c = rng.random()
    if c < zero_rate:
        return 0
    c = rng.random()
    special = 0.1 if spread >= 1 else 0.03
    if c < special * 0.6:
        return 1
    if c < special:
        return 1e-300
    if c < special + 0.1:
        lo = round(0.5 + spread * (rng.random() - 0.5), 3)
        lo = min(max(lo, 0), 1)
        hi = round(rng.uniform(lo, min(1, lo + spread)), 3)
        return [lo, hi]
    if c < special + 0.35:
        choices = [x for x in TIE_PRONE if abs(x - 0.5) <= spread / 2] or [0.5]
        return rng.choice(choices)
    return round(min(max(0.5 + spread * (rng.random() - 0.5), 0), 1), rng.choice([2, 3, 6, 17]))


def upper(x):
    return x[1] if isinstance(x, list) else x


def random_case(rng, k):
    n = rng.randint(2, 6)
    hyps = rng.choice(HYPOTHESIS_POOLS)[:n]
    case = {"version": 1, "title": f"random case {k}"}
    weighting = rng.choice([None, None, "mixture", "tempered", "tempered"])
    if weighting:
        case["weighting"] = weighting
    if rng.random() < 0.4:
        case["threshold"] = rng.choice([0.5, 0.8, 0.9, 0.99, round(rng.uniform(0.5, 0.999), 3)])
    case["hypotheses"] = [{"id": h, "label": f"Hypothesis {h}"} for h in hyps]
    if rng.random() < 0.5:
        while True:
            prior = {h: rng.choice([0, 1, 1, 2, 3, 5, 0.5, round(rng.uniform(0.01, 10), 4)]) for h in hyps}
            if any(v > 0 for v in prior.values()):
                break
        case["prior"] = prior
    sources = []
    for i in range(rng.randint(0, 3)):
        s = {"id": f"src-{i}", "label": f"Source {i}"}
        c = rng.random()
        if c < 0.35:
            s["admiralty"] = rng.choice("ABCDEF")
        elif c < 0.65:
            s["reliability"] = round(rng.random(), 3)
        elif c < 0.8:
            lo = round(rng.random(), 2)
            s["reliability"] = [lo, round(rng.uniform(lo, 1), 2)]
        if rng.random() < 0.25:
            s["discount"] = rng.choice([0, 0.5, round(rng.random(), 3)])
        sources.append(s)
    if sources:
        case["sources"] = sources
    groups = []
    for i in range(rng.randint(0, 4)):
        groups.append({"id": f"g{i}", "correlation": rng.choice([0, 1, 0.5, 0.25, 0.9, round(rng.random(), 4)])})
    if groups:
        case["groups"] = groups
    m = rng.randint(1, 40)
    if rng.random() < 0.35:
        # Extreme: anything goes; posteriors mostly end up at 0 or 1.
        zero_rate, spread = rng.choice([0, 0.02, 0.05, 0.15]), 1
    else:
        # Moderate: likelihoods near 1/2, so that the posterior stays
        # between 0 and 1 and every digit of it is tested.
        zero_rate, spread = rng.choice([0, 0, 0.01]), min(0.9, max(0.1, 1.5 / (m ** 0.5)))
    numbers = list(range(1, m + 1))
    rng.shuffle(numbers)  # file order differs from id order
    evidence = []
    for j in range(m):
        e = {"id": f"e{numbers[j]}", "description": f"item {numbers[j]}"}
        if evidence and rng.random() < 0.2:
            twin = rng.choice(evidence)  # identical likelihoods: a copy of a report
            e["likelihoods"] = dict(twin["likelihoods"])
            if "group" in twin and rng.random() < 0.7:
                e["group"] = twin["group"]
        else:
            while True:
                ls = {h: likelihood(rng, zero_rate, spread) for h in hyps}
                if any(upper(v) > 0 for v in ls.values()):
                    break
            e["likelihoods"] = ls
        if sources and rng.random() < 0.4:
            e["source"] = rng.choice(sources)["id"]
        if rng.random() < 0.15:
            if rng.random() < 0.7:
                e["reliability"] = rng.choice([0, 1, round(rng.random(), 3)])
            else:
                lo = round(rng.random(), 2)
                e["reliability"] = [lo, round(rng.uniform(lo, 1), 2)]
        if rng.random() < 0.25:
            e["credibility"] = rng.choice(["1", "2", "3", "4", "5", "6", round(rng.random(), 3)])
        if rng.random() < 0.15:
            e["chance"] = rng.choice([0, 0.5, round(rng.random(), 3)])
        if rng.random() < 0.15:
            e["observed"] = rng.choice([1, 0.9, 0.75, round(rng.uniform(0.5, 1), 3)])
        if groups and "group" not in e and rng.random() < 0.6:
            e["group"] = rng.choice(groups)["id"]
        if rng.random() < 0.1:
            e["discount"] = rng.choice([0, 0.5, round(rng.random(), 3)])
        if rng.random() < 0.1:
            e["rationale"] = "a note"
            e["sources"] = ["https://example.org/report"]
        evidence.append(e)
    case["evidence"] = evidence
    return case


def fragile(result):
    """Would the leader or the verdict hinge on a last-digit difference?"""
    j = result["ln_joint"]
    lead = result["leader"]
    gaps = [j[lead] - x for h, x in enumerate(j) if h != lead and x != model.NEG_INF]
    if any(model.TIE < g < MARGIN for g in gaps):
        return True
    p = result["posterior"][lead]
    return abs(p - result["threshold"]) < MARGIN


# ---------------------------------------------------------- textbook cases


def textbook():
    """(name, case, check) where check(result) asserts the closed form."""
    out = []

    def close(a, b, tol=Decimal("1e-30")):
        assert abs(Decimal(a) - Decimal(b)) <= tol, (a, b)

    def item(i, ls, **kw):
        e = {"id": i, "description": i, "likelihoods": ls}
        e.update(kw)
        return e

    # Tversky & Kahneman's cab problem: 85 % of cabs are green, 15 % blue;
    # a witness who is right 80 % of the time says "blue": P(blue) = 12/29.
    out.append(("textbook-cab", {
        "version": 1, "title": "The cab problem",
        "hypotheses": [{"id": "blue", "label": "A Blue cab"}, {"id": "green", "label": "A Green cab"}],
        "prior": {"blue": 15, "green": 85},
        "evidence": [item("witness-says-blue", {"blue": 0.8, "green": 0.2})],
    }, lambda r: close(r["posterior"][0], Decimal(12) / 29, Decimal("1e-16"))))

    # Monty Hall: the player picks door 1, the host opens door 3.
    out.append(("textbook-monty-hall", {
        "version": 1, "title": "Monty Hall",
        "hypotheses": [{"id": "door1", "label": "Car behind door 1"},
                       {"id": "door2", "label": "Car behind door 2"},
                       {"id": "door3", "label": "Car behind door 3"}],
        "evidence": [item("host-opens-3", {"door1": 0.5, "door2": 1, "door3": 0})],
    }, lambda r: (close(r["posterior"][0], Decimal(1) / 3), close(r["posterior"][1], Decimal(2) / 3),
                  close(r["posterior"][2], 0, Decimal(0)))))

    # k identical items in one group: posterior odds LR^(sum_{j<k} (1-rho)^j).
    for k, rho, la, lb in ((2, 0.5, 0.8, 0.2), (3, 0.5, 0.8, 0.2), (5, 0.2, 0.9, 0.3),
                           (4, 1, 0.7, 0.1), (6, 0, 0.6, 0.5), (10, 0.1, 0.99, 0.01)):
        def check(r, k=k, rho=rho, la=la, lb=lb):
            keep = 1 - Decimal(rho)
            w = sum((keep ** j if j else model.ONE for j in range(k)), model.ZERO)
            lr = Decimal(la) / Decimal(lb)
            odds = (lr.ln() * w).exp()
            close(r["posterior"][0], odds / (1 + odds))
        name = f"textbook-identical-k{k}-rho{str(rho).replace('.', '')}"
        out.append((name, {
            "version": 1, "title": f"{k} copies of one report, correlation {rho}",
            "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
            "groups": [{"id": "copies", "correlation": rho}],
            "evidence": [item(f"copy-{j}", {"a": la, "b": lb}, group="copies") for j in range(k)],
        }, check))

    # Two opposite items in one group: a tie, 1/2 each, never attributed.
    out.append(("textbook-opposite-items", {
        "version": 1, "title": "Two opposite items in one group",
        "threshold": 0.5,
        "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
        "groups": [{"id": "g", "correlation": 0.5}],
        "evidence": [item("e1", {"a": 0.8, "b": 0.2}, group="g"),
                     item("e2", {"a": 0.2, "b": 0.8}, group="g")],
    }, lambda r: (close(r["posterior"][0], Decimal("0.5")), assert_(not r["attributed"]))))

    # Elimination inside a fully correlated group: the zero ranks first.
    out.append(("textbook-group-elimination", {
        "version": 1, "title": "A zero inside a fully correlated group",
        "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}, {"id": "c", "label": "C"}],
        "groups": [{"id": "g", "correlation": 1}],
        "evidence": [item("e1", {"a": 0.5, "b": 0, "c": 0.5}, group="g"),
                     item("e2", {"a": 0.9, "b": 0.9, "c": 0.1}, group="g")],
    }, lambda r: (assert_(r["posterior"][1] == 0), close(r["posterior"][0], Decimal(0.9) / (Decimal(0.9) + Decimal(0.1))))))

    # Ordered weights with three distinct items, rho = 0.5, checked by hand:
    # penalties against b are ln 8, ln 2, ln 4 -> ln 8 + ln 4 / 2 + ln 2 / 4.
    out.append(("textbook-ordered-weights", {
        "version": 1, "title": "Three items of one origin, ranked per hypothesis",
        "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
        "groups": [{"id": "g", "correlation": 0.5}],
        "evidence": [item("x", {"a": 0.8, "b": 0.1}, group="g"),
                     item("y", {"a": 0.8, "b": 0.4}, group="g"),
                     item("z", {"a": 0.8, "b": 0.2}, group="g")],
    }, lambda r: close(r["posterior"][0], 1 / (1 + 1 / (Decimal(8) * Decimal(2) * Decimal(2).sqrt().sqrt())), Decimal("1e-15"))))
    return out


def assert_(cond):
    assert cond


# ---------------------------------------------------------- codebook cases


CODEBOOK = {
    "version": 1,
    "title": "Fixture codebook: findings of a chemical-weapons inquiry",
    "hypotheses": ["government", "isil", "opposition", "other"],
    "threshold": 0.9,
    "rationale": "Fixture for the reference tests; the threshold is deliberately below the default.",
    "references": ["https://example.org/method"],
    "sources": [
        {"id": "inquiry", "label": "The inquiry's own findings", "admiralty": "B"},
        {"id": "member-states", "label": "Member-state intelligence", "reliability": 0.8},
        {"id": "local-witnesses", "label": "Residents", "admiralty": "C"},
        {"id": "lab", "label": "Designated laboratories", "reliability": [0.9, 0.99]},
    ],
    "groups": [
        {"id": "witnesses", "label": "Witness accounts", "correlation": 0.5},
        {"id": "intel", "label": "One intelligence stream", "correlation": 1},
    ],
    "kinds": [
        {"id": "aircraft-drop", "description": "Witnesses saw an aircraft drop the device",
         "likelihoods": {"government": 0.9, "isil": 0.03, "opposition": 0.3, "other": 0.3},
         "source": "local-witnesses", "credibility": "2", "group": "witnesses",
         "rationale": "only the government flew aircraft", "sources": ["https://example.org/a"]},
        {"id": "helicopter-heard", "description": "Witnesses heard a helicopter",
         "likelihoods": {"government": [0.7, 0.9], "isil": 0.01, "opposition": [0.02, 0.1], "other": 0.2},
         "source": "local-witnesses", "group": "witnesses", "observed": 0.9},
        {"id": "chlorine-symptoms", "description": "Symptoms consistent with chlorine",
         "likelihoods": {"government": 0.8, "isil": 0.6, "opposition": 0.5, "other": 0.1},
         "source": "inquiry", "credibility": "3", "chance": 0.4},
        {"id": "intel-report", "description": "An intelligence report names the unit",
         "likelihoods": {"government": 0.6, "isil": 0.05, "opposition": 0.1, "other": 0.2},
         "source": "member-states", "group": "intel"},
        {"id": "lab-result", "description": "Laboratory confirms the agent",
         "likelihoods": {"government": 0.95, "isil": 0.9, "opposition": 0.2, "other": 0.001},
         "source": "lab", "reliability": 0.9},
    ],
    "perspectives": [
        {"id": "sceptic", "label": "Member-state intelligence and local witnesses at half trust",
         "discount": {"sources": {"member-states": 0.5, "local-witnesses": 0.5}},
         "rationale": "the witnesses lived under one side's control"},
        {"id": "no-intel", "label": "Intelligence reports set aside, stricter standard",
         "discount": {"kinds": {"intel-report": 0}}, "threshold": 0.95,
         "sources": ["https://example.org/b"]},
    ],
}


def codebook_cases():
    hyps = [{"id": h, "label": h.capitalize()} for h in CODEBOOK["hypotheses"]]
    a = {
        "version": 1, "title": "Codebook case A", "codebook": "codebook.json",
        "hypotheses": hyps,
        "sources": [{"id": "ngo", "label": "A monitoring NGO", "reliability": 0.7, "discount": 0.9}],
        "evidence": [
            {"id": "drop-1", "kind": "aircraft-drop"},
            {"id": "drop-2", "kind": "aircraft-drop", "description": "A second witness", "credibility": "3"},
            {"id": "heli", "kind": "helicopter-heard"},
            {"id": "symptoms", "kind": "chlorine-symptoms", "discount": 0.8},
            {"id": "lab-1", "kind": "lab-result"},
            {"id": "intel-1", "kind": "intel-report"},
            {"id": "intel-2", "kind": "intel-report", "rationale": "a second channel of the same stream"},
            {"id": "ngo-video", "description": "Video of the impact site",
             "likelihoods": {"government": 0.5, "isil": 0.4, "opposition": 0.45, "other": 0.2},
             "source": "ngo"},
        ],
        "perspectives": [
            {"id": "lab-doubt", "label": "Laboratory chain of custody in doubt",
             "discount": {"evidence": {"lab-1": 0.3}, "sources": {"ngo": 0.5}},
             "prior": {"government": 1, "isil": 2, "opposition": 2, "other": 3}},
        ],
    }
    b = {
        "version": 1, "title": "Codebook case B", "codebook": "codebook.json",
        "hypotheses": hyps,
        "prior": {"government": 2, "isil": 1, "opposition": 1, "other": 1},
        "groups": [{"id": "video", "correlation": 0.3}],
        "evidence": [
            {"id": "w1", "kind": "aircraft-drop"},
            {"id": "w2", "kind": "aircraft-drop"},
            {"id": "w3", "kind": "aircraft-drop", "group": "video"},
            {"id": "w4", "kind": "helicopter-heard", "observed": 0.6},
            {"id": "v1", "description": "A video shows a helicopter",
             "likelihoods": {"government": 0.7, "isil": 0.02, "opposition": 0.05, "other": 0.3},
             "group": "video"},
            {"id": "v2", "description": "The same video, re-posted",
             "likelihoods": {"government": 0.7, "isil": 0.02, "opposition": 0.05, "other": 0.3},
             "group": "video"},
            {"id": "absent-symptoms", "kind": "chlorine-symptoms", "observed": 0.2},
        ],
    }
    c = {
        "version": 1, "title": "Codebook case C", "codebook": "codebook.json",
        "threshold": 0.8,
        "hypotheses": hyps,
        "evidence": [
            {"id": "intel-a", "kind": "intel-report"},
            {"id": "intel-b", "kind": "intel-report", "group": "witnesses"},
            {"id": "lab-a", "kind": "lab-result", "source": "inquiry"},
            {"id": "lab-b", "kind": "lab-result", "reliability": [0.5, 0.7]},
            {"id": "symptoms", "kind": "chlorine-symptoms", "chance": 0.1},
            {"id": "isil-claim", "description": "ISIL claimed the attack",
             "likelihoods": {"government": 0.01, "isil": 0.3, "opposition": 0.01, "other": 0.01},
             "source": "member-states", "credibility": 0.5},
        ],
        "perspectives": [
            {"id": "strict", "label": "The inquiry itself at 80 % and a 0.99 standard",
             "discount": {"sources": {"inquiry": 0.8}, "kinds": {"lab-result": 0.5}},
             "threshold": 0.99, "rationale": "a criminal standard of proof"},
        ],
    }
    return [("codebook-case-a", a), ("codebook-case-b", b), ("codebook-case-c", c)]


# ------------------------------------------------------------ word cases
# docs/model.md section 11: words on every field that takes a probability,
# on built-in and declared scales, plain and through a codebook whose
# default scale differs from the case's.

WORDS_CODEBOOK = {
    "version": 1,
    "title": "Fixture codebook in words",
    "hypotheses": ["government", "isil", "opposition", "other"],
    "scale": "jim-wording",
    "standard": "inquiry",
    "standards": [
        {"id": "inquiry", "label": "The inquiry's standard: sufficient evidence",
         "threshold": 0.9, "rationale": "fixture", "sources": ["https://example.org/standard"]},
        {"id": "criminal", "label": "Beyond reasonable doubt", "threshold": 0.99},
    ],
    "scales": [
        {"id": "jim-wording", "label": "The inquiry's own wording",
         "words": {"most likely": [0.8, 0.95], "consistent with": [0.4, 0.7],
                   "no evidence of": [0.0, 0.1], "certain": 1},
         "rationale": "fixture: bands read from the reports' phrasing",
         "sources": ["https://example.org/wording"]},
    ],
    "sources": [
        {"id": "inquiry", "label": "The inquiry", "reliability": "most likely"},
        {"id": "witnesses", "label": "Residents", "reliability": "kent: probable"},
    ],
    "kinds": [
        {"id": "barrel-bomb", "description": "Damage consistent with a barrel bomb",
         "quote": "the damage was consistent with a barrel bomb",
         "likelihoods": {"government": "most likely", "isil": "no evidence of",
                         "opposition": "icd-203: very unlikely", "other": "consistent with"},
         "source": "inquiry", "chance": "consistent with"},
        {"id": "heard", "description": "Witnesses heard a helicopter",
         "likelihoods": {"government": "certain", "isil": 0.02,
                         "opposition": "icd-203: unlikely", "other": [0.1, 0.3]},
         "source": "witnesses", "observed": "most likely"},
    ],
}


def words_cases():
    hyps = [{"id": h, "label": h.capitalize()} for h in WORDS_CODEBOOK["hypotheses"]]
    plain = {
        "version": 1, "title": "Words on every field, built-in and declared scales",
        "scale": "kent",
        "standard": "balance",
        "standards": [{"id": "balance", "label": "Balance of probabilities", "threshold": 0.5},
                      {"id": "clear", "label": "Clear and convincing", "threshold": 0.75}],
        "scales": [{"id": "forensic", "label": "Forensic wording",
                    "words": {"strong support": [0.9, 0.99], "weak support": [0.5, 0.7],
                              "exact": 0.35}}],
        "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}, {"id": "c", "label": "C"}],
        "sources": [{"id": "s1", "reliability": "almost certain"},
                    {"id": "s2", "reliability": "icd-203: likely"}],
        "evidence": [
            {"id": "e1", "likelihoods": {"a": "probable", "b": "probably not", "c": "icd-203: very unlikely"},
             "source": "s1", "quote": "it is probable that A did it"},
            {"id": "e2", "likelihoods": {"a": "forensic: strong support", "b": "forensic: weak support", "c": 0.4},
             "reliability": "chances about even", "chance": "forensic: exact"},
            {"id": "e3", "likelihoods": {"a": "almost certain", "b": [0.2, 0.5], "c": "almost certainly not"},
             "source": "s2", "observed": "icd-203: very likely"},
            {"id": "e4", "likelihoods": {"a": 0.3, "b": "icd-203: roughly even chance", "c": "impossible"},
             "reliability": "forensic: weak support"},
        ],
    }
    through = {
        "version": 1, "title": "Words through a codebook, the case on ICD 203",
        "codebook": "codebook-words.json", "scale": "icd-203", "standard": "criminal",
        "hypotheses": hyps,
        "evidence": [
            {"id": "crater", "kind": "barrel-bomb"},
            {"id": "crater-2", "kind": "barrel-bomb", "quote": "a second crater, the same pattern",
             "observed": "likely"},
            {"id": "heli", "kind": "heard", "chance": "kent: chances about even"},
            {"id": "own", "description": "A video, on the case's scale",
             "likelihoods": {"government": "likely", "isil": "remote",
                             "opposition": "unlikely", "other": "jim-wording: consistent with"},
             "reliability": "very likely"},
        ],
    }
    inherits = {
        "version": 1, "title": "Words through a codebook, the codebook's default scale",
        "codebook": "codebook-words.json",
        "hypotheses": hyps,
        "evidence": [
            {"id": "crater", "kind": "barrel-bomb"},
            {"id": "own", "description": "Read on the inherited default",
             "likelihoods": {"government": "most likely", "isil": "no evidence of",
                             "opposition": "consistent with", "other": "icd-203: likely"},
             "source": "witnesses"},
        ],
    }
    return [("words-plain", plain), ("words-codebook-a", through), ("words-codebook-b", inherits)]


# -------------------------------------------------------------------- main


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "fixtures")
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    rng = random.Random(SEED)
    written, contradictory, skipped, fragile_skipped = 0, 0, 0, 0

    k = 0
    while written < RANDOM_CASES:
        case = random_case(rng, k)
        try:
            result = model.score(case)
        except model.Contradictory as err:
            if contradictory < KEEP_CONTRADICTORY:
                name = f"random-{k:02d}"
                write(folder, f"{name}.json", case)
                write(folder, f"{name}.expected.json",
                      {"error": "contradictory", "items": err.items, "message": str(err)})
                contradictory += 1
                written += 1
                k += 1
            else:
                skipped += 1
            continue
        if fragile(result):
            fragile_skipped += 1
            continue
        name = f"random-{k:02d}"
        write(folder, f"{name}.json", case)
        write(folder, f"{name}.expected.json", {"score": model.score_json(result)})
        written += 1
        k += 1

    for name, case, check in textbook():
        result = model.score(case)
        check(result)
        write(folder, f"{name}.json", case)
        write(folder, f"{name}.expected.json", {"score": model.score_json(result)})
        written += 1

    write(folder, "codebook.json", CODEBOOK)
    for name, case in codebook_cases():
        path = os.path.join(folder, f"{name}.json")
        write(folder, f"{name}.json", case)
        resolved = model.load(path)
        result = model.score(model.perspective(resolved, "base"))
        assert not fragile(result), name
        compare = model.compare_json(resolved)
        for row in compare["perspectives"]:
            assert not fragile(model.score(model.perspective(resolved, row["id"]))), (name, row["id"])
        write(folder, f"{name}.expected.json", {"score": model.score_json(result), "compare": compare})
        written += 1

    write(folder, "codebook-words.json", WORDS_CODEBOOK)
    for name, case in words_cases():
        path = os.path.join(folder, f"{name}.json")
        write(folder, f"{name}.json", case)
        resolved = model.load(path)
        result = model.score(model.perspective(resolved, "base"))
        assert not fragile(result), name
        write(folder, f"{name}.expected.json", {"score": model.score_json(result)})
        written += 1

    size = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder))
    print(f"{written} fixtures in {folder} ({contradictory} contradictory kept, "
          f"{skipped} contradictory and {fragile_skipped} near-tie cases skipped), {size // 1024} KB")


if __name__ == "__main__":
    main()
