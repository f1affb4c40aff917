"""An independent, high-precision reference implementation of the scoring
model of `attrib` (docs/model.md; sections 1-3, 9, 10 and 11 of the model):
prior, reliability, weighting, soft observation, the ordered dependence
rule, elimination, codebooks, perspectives, and words read through scales.

It shares no code with the crate and uses the Python 3.11 standard library
only. Every quantity of the core arithmetic is a `decimal.Decimal` carried
to PRECISION significant digits; logarithms and exponentials are
Decimal.ln() / Decimal.exp(), correctly rounded at that precision. A JSON
number is read as the exact value of the binary64 number it parses to (what
the crate reads), so the only difference between this and exact arithmetic
on the crate's inputs is a relative error of about 10^-PRECISION.

    python3 model.py CASE.json                      # score, JSON
    python3 model.py CASE.json --perspective ID     # score one perspective
    python3 model.py CASE.json --compare            # every perspective
    python3 model.py --selftest                     # hand-checked examples

The JSON printed has the shapes of `attrib score --format json` (the keys
`posterior`, `leader`, `verdict`) and `attrib compare --format json`
(`perspectives`: `id`, `posterior`, `leader`, `verdict`, `bayes_factor`).
Errors are printed as one line `error: ...` on stderr, exit status 1.
"""
import copy
import decimal
import json
import os
import sys
from decimal import Decimal

PRECISION = 60

CTX = decimal.Context(
    prec=PRECISION,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=-(10**9),
    Emax=10**9,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
decimal.setcontext(CTX)

ZERO = Decimal(0)
ONE = Decimal(1)
INF = Decimal("Infinity")
NEG_INF = Decimal("-Infinity")
# Two log-joints closer than this are the same number computed two ways
# (a tie in exact arithmetic); it is far below any difference a binary64
# computation can resolve and far above the rounding error here.
TIE = Decimal("1e-40")

# The one Admiralty table of the crate (src/admiralty.rs).
GRADES = {"A": 0.97, "B": 0.875, "C": 0.675, "D": 0.325, "E": 0.125, "F": 0.5}
DIGITS = {"1": 0.97, "2": 0.875, "3": 0.675, "4": 0.325, "5": 0.125, "6": 0.5}

DEFAULT_THRESHOLD = 0.95

CASE_FIELDS = {
    "version", "title", "date", "place", "weighting", "threshold", "hypotheses",
    "prior", "sources", "groups", "uncertainty", "evidence", "codebook",
    "perspectives", "scale", "scales", "standards", "standard", "steps",
}
HYPOTHESIS_FIELDS = {"id", "label", "catch_all"}
SOURCE_FIELDS = {"id", "label", "reliability", "admiralty", "discount"}
GROUP_FIELDS = {"id", "label", "correlation"}
EVIDENCE_FIELDS = {
    "id", "description", "likelihoods", "reliability", "chance", "observed",
    "group", "source", "credibility", "concentration", "discount", "rationale",
    "sources", "kind", "quote", "step",
}
UNCERTAINTY_FIELDS = {"likelihood_concentration", "prior_concentration"}
CODEBOOK_FIELDS = {
    "version", "title", "hypotheses", "sources", "kinds", "perspectives",
    "groups", "threshold", "rationale", "references", "scale", "scales",
    "standards", "standard", "steps",
    "uncertainty",  # Monte Carlo settings only; they do not change a score
}
KIND_FIELDS = {
    "id", "description", "likelihoods", "source", "credibility", "reliability",
    "chance", "observed", "group", "rationale", "sources", "quote", "step",
}
STEP_FIELDS = {"id", "label", "rationale", "sources"}
PERSPECTIVE_FIELDS = {"id", "label", "discount", "prior", "threshold", "rationale", "sources"}
DISCOUNT_FIELDS = {"sources", "evidence", "kinds"}
# What an item takes from its kind unless it sets its own.
INHERITED = ("source", "credibility", "reliability", "chance", "observed", "group", "step")


class ModelError(Exception):
    """A case the model rejects (bad input, or a contradictory case)."""


class Contradictory(ModelError):
    """Every hypothesis is eliminated."""

    def __init__(self, items):
        self.items = items
        super().__init__(
            "contradictory case: every hypothesis is eliminated by the items "
            + ", ".join(f"'{i}'" for i in items)
        )


# ---------------------------------------------------------------- numbers


def num(x, where):
    """A JSON number as the exact value of the binary64 it parses to."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise ModelError(f"{where}: expected a number, found {x!r}")
    d = Decimal(float(x))
    if not d.is_finite():
        raise ModelError(f"{where}: {x!r} is not finite")
    return d


def unit(x, where):
    d = num(x, where)
    if d < 0 or d > 1:
        raise ModelError(f"{where} is {x!r}, must be in 0..=1")
    return d


def estimate(x, where):
    """A number in 0..=1, or a range [lo, hi] scored at its midpoint."""
    if isinstance(x, list):
        if len(x) != 2:
            raise ModelError(f"{where}: a range is [low, high]")
        lo, hi = unit(x[0], where), unit(x[1], where)
        if lo > hi:
            raise ModelError(f"{where}: range [{x[0]}, {x[1]}] is reversed")
        return (lo + hi) / 2
    return unit(x, where)


# ------------------------------------------------------------------ words

# docs/model.md section 11, typed from the documents, not from the crate:
# ICD 203 (ODNI 2015, D.6.b(2)(a)) and Kent (1964). word -> band; a
# one-number band is a float.
BUILTIN_SCALES = {
    "icd-203": {
        "almost no chance": [0.01, 0.05], "remote": [0.01, 0.05],
        "very unlikely": [0.05, 0.20], "highly improbable": [0.05, 0.20],
        "unlikely": [0.20, 0.45], "improbable": [0.20, 0.45],
        "roughly even chance": [0.45, 0.55], "roughly even odds": [0.45, 0.55],
        "likely": [0.55, 0.80], "probable": [0.55, 0.80],
        "very likely": [0.80, 0.95], "highly probable": [0.80, 0.95],
        "almost certain": [0.95, 0.99], "nearly certain": [0.95, 0.99],
    },
    "kent": {
        "certain": 1.0,
        "almost certain": [0.87, 0.99],
        "probable": [0.63, 0.87],
        "chances about even": [0.40, 0.60],
        "probably not": [0.20, 0.40],
        "almost certainly not": [0.02, 0.12],
        "impossible": 0.0,
    },
}


def fold(text):
    """A word as matched: case aside, runs of white space as one space."""
    return " ".join(text.split()).lower()


def declared_scales(obj, where, into):
    """Adds the scales an object (case or codebook) declares to `into`,
    checking each band and that no scale or word is defined twice."""
    for sc in obj.get("scales", []):
        sid = sc.get("id")
        if not isinstance(sid, str) or not sid:
            raise ModelError(f"{where}: a scale without an id")
        if sid in into:
            raise ModelError(f"{where}: scale '{sid}' is defined twice")
        words = {}
        for word, band in sc.get("words", {}).items():
            key = fold(word)
            if key in words:
                raise ModelError(f"scale '{sid}': word '{word}' is defined twice")
            if isinstance(band, list):
                if len(band) != 2:
                    raise ModelError(f"scale '{sid}': band of '{word}' must be [low, high]")
                lo, hi = unit(band[0], f"scale '{sid}': band of '{word}'"), unit(band[1], f"scale '{sid}': band of '{word}'")
                if lo > hi:
                    raise ModelError(f"scale '{sid}': band of '{word}' is reversed")
            else:
                unit(band, f"scale '{sid}': band of '{word}'")
            words[key] = band
        into[sid] = words
    return into


def word_band(text, scales, default, where):
    """The band (a [low, high] list or a number) that a word means."""
    if ":" in text:
        sid, word = text.split(":", 1)
        sid = sid.strip()
    else:
        sid, word = default, text
    if sid not in scales:
        raise ModelError(f"{where}: scale '{sid}' is not declared")
    band = scales[sid].get(fold(word))
    if band is None:
        raise ModelError(f"{where}: '{text}' is not a word of scale '{sid}'")
    return band


def unword(value, scales, default, where):
    """A judgement with its word replaced by the band it means."""
    if isinstance(value, str):
        return copy.deepcopy(word_band(value, scales, default, where))
    return value


WORD_FIELDS = ("reliability", "chance", "observed")


def unword_item(e, scales, default, where):
    """Every word of an item or kind (likelihoods, reliability, chance,
    observed) replaced by its band."""
    if isinstance(e.get("likelihoods"), dict):
        e["likelihoods"] = {h: unword(x, scales, default, f"{where}: likelihood for '{h}'")
                            for h, x in e["likelihoods"].items()}
    for f in WORD_FIELDS:
        if f in e:
            e[f] = unword(e[f], scales, default, f"{where}: {f}")


def unword_source(s, scales, default, where):
    if "reliability" in s:
        s["reliability"] = unword(s["reliability"], scales, default, f"{where}: reliability")


def ln(x):
    """Natural log; ln 0 = -inf."""
    if x == 0:
        return NEG_INF
    return x.ln()


def exp(x):
    if x == NEG_INF:
        return ZERO
    return x.exp()


# ------------------------------------------------------------- validation


def fields(obj, allowed, where):
    if not isinstance(obj, dict):
        raise ModelError(f"{where}: expected an object")
    for k in obj:
        if k not in allowed:
            raise ModelError(f"{where}: unknown field '{k}'")


def unique_ids(objs, where):
    seen = set()
    for o in objs:
        i = o.get("id")
        if not isinstance(i, str) or not i:
            raise ModelError(f"{where}: missing or empty id")
        if i in seen:
            raise ModelError(f"{where} '{i}' is defined twice")
        seen.add(i)
    return [o["id"] for o in objs]


def check_case_fields(case):
    fields(case, CASE_FIELDS, "case")
    for k in ("version", "hypotheses", "evidence"):
        if k not in case:
            raise ModelError(f"case: missing field '{k}'")
    if case["version"] != 1:
        raise ModelError("case: version must be 1")
    for h in case["hypotheses"]:
        fields(h, HYPOTHESIS_FIELDS, f"hypothesis '{h.get('id')}'")
    for s in case.get("sources", []):
        fields(s, SOURCE_FIELDS, f"source '{s.get('id')}'")
    for g in case.get("groups", []):
        fields(g, GROUP_FIELDS, f"group '{g.get('id')}'")
    for e in case["evidence"]:
        fields(e, EVIDENCE_FIELDS, f"evidence '{e.get('id')}'")
    if "uncertainty" in case:
        fields(case["uncertainty"], UNCERTAINTY_FIELDS, "uncertainty")
    for p in case.get("perspectives", []):
        check_perspective_fields(p)


def check_perspective_fields(p):
    where = f"perspective '{p.get('id')}'"
    fields(p, PERSPECTIVE_FIELDS, where)
    if "discount" in p:
        fields(p["discount"], DISCOUNT_FIELDS, f"{where}: discount")


# ---------------------------------------------------------------- scoring


def prior_of(case, hyps):
    prior = case.get("prior")
    if prior is None:
        return [ONE / len(hyps)] * len(hyps)
    return normalise_prior(prior, hyps, "prior")


def normalise_prior(prior, hyps, where):
    if not isinstance(prior, dict):
        raise ModelError(f"{where}: expected an object")
    for k in prior:
        if k not in hyps:
            raise ModelError(f"{where}: names '{k}', which is not a declared hypothesis")
    w = []
    for h in hyps:
        if h not in prior:
            raise ModelError(f"{where}: missing weight for '{h}'")
        x = num(prior[h], f"{where}: weight for '{h}'")
        if x < 0:
            raise ModelError(f"{where}: weight for '{h}' is negative")
        w.append(x)
    total = sum(w, ZERO)
    if total == 0:
        raise ModelError(f"{where}: every weight is zero")
    return [x / total for x in w]


def source_reliability(s):
    """A source's reliability before its discount (1 when ungraded)."""
    if "reliability" in s and "admiralty" in s:
        raise ModelError(f"source '{s['id']}': both reliability and admiralty")
    if "reliability" in s:
        return estimate(s["reliability"], f"source '{s['id']}': reliability")
    if "admiralty" in s:
        a = s["admiralty"]
        if a not in GRADES:
            raise ModelError(f"source '{s['id']}': admiralty '{a}' is not A-F")
        return Decimal(GRADES[a])
    return ONE


def credibility(e):
    c = e.get("credibility")
    where = f"evidence '{e['id']}': credibility"
    if c is None:
        return ONE
    if isinstance(c, str):
        if c not in DIGITS:
            raise ModelError(f"{where}: '{c}' is not an Admiralty digit 1-6")
        return Decimal(DIGITS[c])
    return unit(c, where)


def reliability(e, sources):
    """(own, or source x credibility) x source discount x item discount."""
    where = f"evidence '{e['id']}'"
    src = None
    if "source" in e:
        if e["source"] not in sources:
            raise ModelError(f"{where}: source names '{e['source']}', which is not a declared source")
        src = sources[e["source"]]
    if "reliability" in e:
        base = estimate(e["reliability"], f"{where}: reliability")
    else:
        base = (source_reliability(src) if src is not None else ONE) * credibility(e)
    sd = unit(src.get("discount", 1), f"source '{src['id']}': discount") if src is not None else ONE
    ed = unit(e.get("discount", 1), f"{where}: discount")
    r = base * sd * ed
    return min(max(r, ZERO), ONE)


def effective(e, hyps, sources, weighting):
    """l''_e(h) for every hypothesis (steps 1 and 2 of section 2)."""
    where = f"evidence '{e['id']}'"
    ls = e.get("likelihoods")
    if not isinstance(ls, dict):
        raise ModelError(f"{where}: missing likelihoods")
    for k in ls:
        if k not in hyps:
            raise ModelError(f"{where}: likelihood names '{k}', which is not a declared hypothesis")
    l, upper = [], []
    for h in hyps:
        if h not in ls:
            raise ModelError(f"{where}: missing likelihood for '{h}'")
        x = ls[h]
        l.append(estimate(x, f"{where}: likelihood for '{h}'"))
        upper.append(unit(x[1], where) if isinstance(x, list) else l[-1])
    if all(u == 0 for u in upper):
        raise ModelError(f"{where}: every likelihood is zero")
    r = reliability(e, sources)
    if "chance" in e:
        chance = estimate(e["chance"], f"{where}: chance")
    else:
        chance = sum(l, ZERO) / len(l)
    if weighting == "mixture":
        l1 = [r * x + (1 - r) * chance for x in l]
    elif weighting == "tempered":
        # l ^ r with 0 ^ 0 = 1.
        l1 = [ONE if r == 0 else (ZERO if x == 0 else (r * x.ln()).exp()) for x in l]
    else:
        raise ModelError(f"case: weighting '{weighting}' is not mixture or tempered")
    q = estimate(e.get("observed", 1), f"{where}: observed")
    return [q * x + (1 - q) * (1 - x) for x in l1]


def penalties(l2):
    """p_e(h) = ln max_k l''(k) - ln l''(h); +inf where l''(h) = 0."""
    top = max(l2)
    if top == 0:
        return [INF] * len(l2)
    lt = top.ln()
    return [INF if x == 0 else lt - x.ln() for x in l2]


def score(case):
    """Score a resolved case (no codebook). Returns a dict with Decimals:
    hypotheses, ln_prior, weighted (per item and hypothesis: (w, p)),
    penalty (per hypothesis: sum_e w_e(h) p_e(h)), ln_joint, posterior,
    leader, tied, verdict status, threshold, runner_up, ln_bayes_factor."""
    check_case_fields(case)
    hyps = unique_ids(case["hypotheses"], "hypothesis")
    if len(hyps) < 2:
        raise ModelError("case: needs at least two hypotheses")
    n = len(hyps)
    prior = prior_of(case, hyps)
    sources = {s["id"]: s for s in case.get("sources", [])}
    unique_ids(case.get("sources", []), "source")
    for s in sources.values():
        source_reliability(s)
        unit(s.get("discount", 1), f"source '{s['id']}': discount")
    groups = {}
    unique_ids(case.get("groups", []), "group")
    for g in case.get("groups", []):
        if "correlation" not in g:
            raise ModelError(f"group '{g['id']}': missing correlation")
        groups[g["id"]] = unit(g["correlation"], f"group '{g['id']}': correlation")
    weighting = case.get("weighting", "mixture")
    threshold = unit(case.get("threshold", DEFAULT_THRESHOLD), "case: threshold")
    ids = unique_ids(case["evidence"], "evidence")

    pen = {}  # item id -> [p_e(h)]
    members = {}  # group id -> [item id]
    for e in case["evidence"]:
        pen[e["id"]] = penalties(effective(e, hyps, sources, weighting))
        g = e.get("group")
        if g is not None:
            if g not in groups:
                raise ModelError(f"evidence '{e['id']}': group names '{g}', which is not a declared group")
            members.setdefault(g, []).append(e["id"])

    # weight[i][h]: the weight w_e(h) of item i for hypothesis h.
    weight = {i: [ONE] * n for i in ids}
    for g, items in members.items():
        keep = 1 - groups[g]
        for h in range(n):
            # Decreasing penalty; equal penalties ranked by item id.
            ranked = sorted(items, key=lambda i: (-pen[i][h], i))
            w = ONE
            for j, i in enumerate(ranked):
                weight[i][h] = w
                w = w * keep

    total = []
    for h in range(n):
        s = ZERO
        for i in ids:
            w, p = weight[i][h], pen[i][h]
            if w == 0:
                continue  # a term whose weight is 0 is dropped (even +inf)
            s += w * p
        total.append(s)
    ln_prior = [ln(p) for p in prior]
    ln_joint = [a - b for a, b in zip(ln_prior, total)]
    if all(x == NEG_INF for x in ln_joint):
        culprits = [i for i in ids if any(p == INF and weight[i][h] != 0 for h, p in enumerate(pen[i]))]
        raise Contradictory(culprits)
    top = max(ln_joint)
    lse = top + sum((exp(x - top) for x in ln_joint), ZERO).ln()
    post = [exp(x - lse) for x in ln_joint]

    tied = [h for h in range(n) if ln_joint[h] != NEG_INF and top - ln_joint[h] <= TIE]
    leader = tied[0]
    rest = [h for h in range(n) if h != leader]
    rtop = max(ln_joint[h] for h in rest)
    if rtop == NEG_INF:
        runner = rest[0]
    else:
        runner = next(h for h in rest if ln_joint[h] != NEG_INF and rtop - ln_joint[h] <= TIE)
    if total[runner] == INF:
        ln_bf = INF
    else:
        ln_bf = total[runner] - total[leader]
    attributed = post[leader] >= threshold and len(tied) == 1
    return {
        "hypotheses": hyps,
        "prior": prior,
        "penalty": pen,
        "weight": weight,
        "total": total,
        "ln_joint": ln_joint,
        "posterior": post,
        "leader": leader,
        "tied": len(tied) > 1,
        "runner_up": runner,
        "ln_bayes_factor": ln_bf,
        "attributed": attributed,
        "threshold": threshold,
        "threshold_given": case.get("threshold", DEFAULT_THRESHOLD),
    }


def bayes_factor(result):
    """The Bayes factor of the evidence, leader against runner-up (posterior
    odds over prior odds); None when infinite (the runner-up is eliminated)."""
    x = result["ln_bayes_factor"]
    if x == INF:
        return None
    return x.exp()


def score_json(result):
    hyps = result["hypotheses"]
    leader = hyps[result["leader"]]
    return {
        "posterior": {h: float(p) for h, p in zip(hyps, result["posterior"])},
        "leader": leader,
        "verdict": {
            "status": "attributed" if result["attributed"] else "insufficient",
            "hypothesis": leader if result["attributed"] else None,
            "threshold": float(result["threshold_given"]),
        },
    }


# -------------------------------------------------------------- codebooks


def codebook_path(folder, rel):
    """The codebook's path: relative to the case's folder, never leaving it."""
    if not isinstance(rel, str) or not rel:
        raise ModelError("case: codebook must be a relative path")
    if os.path.isabs(rel) or rel.startswith(("/", "\\")) or (len(rel) > 1 and rel[1] == ":"):
        raise ModelError(f"case: codebook '{rel}' is an absolute path")
    parts = rel.replace("\\", "/").split("/")
    if ".." in parts:
        raise ModelError(f"case: codebook '{rel}' leaves the case's folder")
    path = os.path.join(folder, rel)
    base = os.path.realpath(folder)
    real = os.path.realpath(path)
    if os.path.commonpath([base, real]) != base:
        raise ModelError(f"case: codebook '{rel}' points out of the case's folder")
    return path


def read_codebook(path):
    with open(path) as f:
        book = json.load(f)
    fields(book, CODEBOOK_FIELDS, f"codebook {path}")
    if book.get("version") != 1:
        raise ModelError(f"codebook {path}: version must be 1")
    hyps = book.get("hypotheses")
    if not isinstance(hyps, list) or not all(isinstance(h, str) for h in hyps):
        raise ModelError(f"codebook {path}: hypotheses must be a list of ids")
    for s in book.get("sources", []):
        fields(s, SOURCE_FIELDS, f"codebook {path}: source '{s.get('id')}'")
    for g in book.get("groups", []):
        fields(g, GROUP_FIELDS, f"codebook {path}: group '{g.get('id')}'")
    unique_ids(book.get("kinds", []), f"codebook {path}: kind")
    for k in book.get("kinds", []):
        fields(k, KIND_FIELDS, f"codebook {path}: kind '{k['id']}'")
        ls = k.get("likelihoods")
        if not isinstance(ls, dict) or set(ls) != set(hyps):
            raise ModelError(f"codebook {path}: kind '{k['id']}': likelihoods must name exactly the codebook's hypotheses")
    for p in book.get("perspectives", []):
        check_perspective_fields(p)
    check_steps(book.get("steps", []), book.get("kinds", []), "kind", f"codebook {path}")
    if "threshold" in book:
        unit(book["threshold"], f"codebook {path}: threshold")
    return book


def merge_lists(book_list, case_list, what, path):
    ids = {}
    for o in book_list:
        ids[o["id"]] = f"codebook {path}"
    for o in case_list:
        if o["id"] in ids:
            raise ModelError(f"{what} '{o['id']}' is defined twice: in {ids[o['id']]} and in the case file")
    return copy.deepcopy(book_list) + copy.deepcopy(case_list)


def resolve(case, folder):
    """A self-contained case: the codebook merged in, kinds resolved (kept
    on the item as a label). Returns (case, known kind ids)."""
    check_case_fields(case)
    case = copy.deepcopy(case)
    if "codebook" not in case:
        kinds = {e["kind"] for e in case["evidence"] if "kind" in e}
        scales = declared_scales(case, "case", copy.deepcopy(BUILTIN_SCALES))
        unword_case(case, scales, case.get("scale", "icd-203"))
        apply_standard(case, [], None, "case")
        apply_steps(case, [], "case")
        return case, kinds
    path = codebook_path(folder, case.pop("codebook"))
    book = read_codebook(path)
    # Words of the codebook on its default scale; of the case on its own,
    # or else the codebook's (docs/model.md section 11).
    book_scales = declared_scales(book, f"codebook {path}", copy.deepcopy(BUILTIN_SCALES))
    book_default = book.get("scale", "icd-203")
    if book_default not in book_scales:
        raise ModelError(f"codebook {path}: scale '{book_default}' is not declared")
    for k in book.get("kinds", []):
        unword_item(k, book_scales, book_default, f"kind '{k['id']}'")
    for s in book.get("sources", []):
        unword_source(s, book_scales, book_default, f"source '{s['id']}'")
    scales = declared_scales(case, "case", copy.deepcopy(book_scales))
    unword_case(case, scales, case.get("scale", book_default))
    hyps = [h["id"] for h in case["hypotheses"]]
    case["sources"] = merge_lists(book.get("sources", []), case.get("sources", []), "source", path)
    case["groups"] = merge_lists(book.get("groups", []), case.get("groups", []), "group", path)
    case["perspectives"] = merge_lists(book.get("perspectives", []), case.get("perspectives", []), "perspective", path)
    for k in ("sources", "groups", "perspectives"):
        if not case[k]:
            del case[k]
    book_threshold = book.get("threshold")
    if book_threshold is None and "standard" in book:
        book_threshold = standard_threshold(book.get("standards", []), book["standard"], f"codebook {path}")
    apply_standard(case, book.get("standards", []), book_threshold, path)
    kinds = {k["id"]: k for k in book.get("kinds", [])}
    for e in case["evidence"]:
        if "kind" not in e:
            continue
        where = f"evidence '{e['id']}'"
        if "likelihoods" in e:
            raise ModelError(f"{where}: both kind and likelihoods")
        if e["kind"] not in kinds:
            raise ModelError(f"{where}: kind '{e['kind']}' is not in codebook {path}")
        k = kinds[e["kind"]]
        if set(k["likelihoods"]) != set(hyps):
            missing = sorted(set(hyps) ^ set(k["likelihoods"]))
            raise ModelError(f"kind '{k['id']}' in codebook {path}: likelihoods do not name exactly the hypotheses of the case (hypothesis '{missing[0]}')")
        e["likelihoods"] = copy.deepcopy(k["likelihoods"])
        for f in INHERITED:
            if f not in e and f in k:
                e[f] = copy.deepcopy(k[f])
        if not e.get("description") and "description" in k:
            e["description"] = k["description"]
    apply_steps(case, book.get("steps", []), path)
    return case, set(kinds)


def check_steps(steps, items, what, where):
    """Steps of reasoning (an extension of the crate): ids unique, known
    fields, and every `step` an item or kind names declared. They change
    no number."""
    unique_ids(steps, f"{where}: step")
    for st in steps:
        fields(st, STEP_FIELDS, f"{where}: step '{st['id']}'")
    ids = {st["id"] for st in steps}
    for o in items:
        if "step" in o and o["step"] not in ids:
            raise ModelError(f"{what} '{o['id']}': step '{o['step']}' is not declared")


def apply_steps(case, book_steps, where):
    """The codebook's steps first, then the case's (an id may not be
    defined twice); every item's step checked; then dropped, as scoring
    does not read them."""
    steps = merge_lists(book_steps, case.get("steps", []), "step", where)
    check_steps(steps, case["evidence"], "evidence", "case")
    case.pop("steps", None)
    for e in case["evidence"]:
        e.pop("step", None)


def standard_threshold(standards, name, where):
    """The threshold of the standard `name` among `standards`."""
    unique_ids(standards, "standard")
    for st in standards:
        if st["id"] == name:
            unit(st["threshold"], f"standard '{name}': threshold")
            return st["threshold"]
    raise ModelError(f"{where}: standard '{name}' is not declared")


def apply_standard(case, book_standards, book_threshold, where):
    """The case's threshold (an extension of the crate): its own, else its
    headline standard's, else the codebook's (its own threshold, else its
    headline standard's). The codebook's standards come first; an id may not
    be defined twice."""
    standards = merge_lists(book_standards, case.get("standards", []), "standard", where)
    for st in standards:
        unit(st["threshold"], f"standard '{st['id']}': threshold")
    unique_ids(standards, "standard")
    if "threshold" not in case:
        if "standard" in case:
            case["threshold"] = standard_threshold(standards, case["standard"], "case")
        elif book_threshold is not None:
            case["threshold"] = book_threshold
    elif "standard" in case:
        standard_threshold(standards, case["standard"], "case")
    case.pop("standard", None)
    case.pop("standards", None)


def unword_case(case, scales, default):
    """Every word of a case's own items and sources replaced by its band."""
    if default not in scales:
        raise ModelError(f"case: scale '{default}' is not declared")
    for e in case["evidence"]:
        unword_item(e, scales, default, f"evidence '{e.get('id')}'")
    for s in case.get("sources", []):
        unword_source(s, scales, default, f"source '{s.get('id')}'")
    case.pop("scale", None)
    case.pop("scales", None)


def load(path):
    """Read a case file (resolving its codebook) and check its perspectives."""
    with open(path) as f:
        raw = json.load(f)
    case, kinds = resolve(raw, os.path.dirname(os.path.abspath(path)))
    case["_kinds"] = sorted(kinds)
    check_perspectives(case)
    return case


# ------------------------------------------------------------ perspectives


def check_perspectives(case):
    hyps = [h["id"] for h in case["hypotheses"]]
    sources = {s["id"] for s in case.get("sources", [])}
    items = {e["id"] for e in case["evidence"]}
    kinds = set(case.get("_kinds", []))
    unique_ids(case.get("perspectives", []), "perspective")
    for p in case.get("perspectives", []):
        where = f"perspective '{p['id']}'"
        check_perspective_fields(p)
        if p["id"] == "base":
            raise ModelError(f"{where}: the id 'base' is reserved for the case as written")
        d = p.get("discount", {})
        for field, known in (("sources", sources), ("evidence", items), ("kinds", kinds)):
            for k, f in d.get(field, {}).items():
                if k not in known:
                    raise ModelError(f"{where}: discount.{field} names unknown '{k}'")
                unit(f, f"{where}: discount.{field}.{k}")
        if "prior" in p:
            normalise_prior(p["prior"], hyps, f"{where}: prior")
        if "threshold" in p:
            unit(p["threshold"], f"{where}: threshold")


def perspective(case, pid):
    """The case seen from perspective `pid` ('base': the case as written):
    discounts multiply the existing ones, prior and threshold replace the
    case's; the result carries no perspectives."""
    out = copy.deepcopy(case)
    ps = out.pop("perspectives", [])
    out.pop("_kinds", None)
    if pid == "base":
        return out
    found = [p for p in ps if p["id"] == pid]
    if not found:
        raise ModelError(f"no perspective '{pid}'")
    p = found[0]
    d = p.get("discount", {})
    for s in out.get("sources", []):
        if s["id"] in d.get("sources", {}):
            s["discount"] = float(Decimal(s.get("discount", 1)) * Decimal(d["sources"][s["id"]]))
    for e in out["evidence"]:
        f = Decimal(e.get("discount", 1))
        if e["id"] in d.get("evidence", {}):
            f *= Decimal(d["evidence"][e["id"]])
        if "kind" in e and e["kind"] in d.get("kinds", {}):
            f *= Decimal(d["kinds"][e["kind"]])
        if f != Decimal(e.get("discount", 1)):
            e["discount"] = float(f)
    if "prior" in p:
        out["prior"] = copy.deepcopy(p["prior"])
    if "threshold" in p:
        out["threshold"] = p["threshold"]
    return out


def perspective_ids(case):
    return ["base"] + [p["id"] for p in case.get("perspectives", [])]


def compare_json(case):
    rows = []
    for pid in perspective_ids(case):
        r = score(perspective(case, pid))
        row = {"id": pid}
        row.update(score_json(r))
        bf = bayes_factor(r)
        row["bayes_factor"] = None if bf is None else float(bf)
        rows.append(row)
    return {"perspectives": rows}


def strip(case):
    """A resolved case without the reference's private bookkeeping."""
    out = copy.deepcopy(case)
    out.pop("_kinds", None)
    return out


# ---------------------------------------------------------------- selftest


def _case(hyps, evidence, groups=(), **kw):
    c = {
        "version": 1,
        "hypotheses": [{"id": h, "label": h} for h in hyps],
        "evidence": evidence,
    }
    if groups:
        c["groups"] = [{"id": g, "correlation": r} for g, r in groups]
    c.update(kw)
    return c


def _item(i, ls, **kw):
    e = {"id": i, "likelihoods": ls}
    e.update(kw)
    return e


def _close(a, b, tol=Decimal("1e-50")):
    a, b = Decimal(a), Decimal(b)
    assert abs(a - b) <= tol, (a, b)


def selftest():
    ok = []

    def post(case):
        r = score(case)
        return dict(zip(r["hypotheses"], r["posterior"])), r

    ab = ["a", "b"]
    four = Decimal(4)
    # Two identical items (0.8, 0.2) in a group: odds 4^(1 + (1-rho)).
    for rho, odds in ((0.5, four ** Decimal("1.5")), (1, four), (0, four * four)):
        c = _case(ab, [_item("e1", {"a": 0.8, "b": 0.2}, group="g"),
                       _item("e2", {"a": 0.8, "b": 0.2}, group="g")], [("g", rho)])
        p, _ = post(c)
        _close(p["a"], odds / (odds + 1))
        ok.append(f"two identical items, rho={rho}: posterior(a) = {float(p['a'])!r} (odds {float(odds):g})")
    _close(post(_case(ab, [_item("e1", {"a": 0.8, "b": 0.2}, group="g"),
                           _item("e2", {"a": 0.8, "b": 0.2}, group="g")], [("g", 0.5)]))[0]["a"],
           Decimal(8) / 9)
    # Two opposite items in one group, rho = 0.5: each hypothesis' top
    # penalty is ln 4 at weight 1, the other 0 at weight 1/2: a tie.
    c = _case(ab, [_item("e1", {"a": 0.8, "b": 0.2}, group="g"),
                   _item("e2", {"a": 0.2, "b": 0.8}, group="g")], [("g", 0.5)])
    p, r = post(c)
    _close(p["a"], Decimal("0.5"))
    _close(r["total"][0], four.ln())
    _close(r["total"][1], four.ln())
    assert r["weight"]["e2"][0] == 1 and r["weight"]["e1"][0] == Decimal("0.5")
    assert r["weight"]["e1"][1] == 1 and r["weight"]["e2"][1] == Decimal("0.5")
    assert r["tied"] and not r["attributed"] and r["hypotheses"][r["leader"]] == "a"
    ok.append("two opposite items, rho=0.5: posterior 1/2 each, weights by rank, tie -> insufficient")
    # k identical items: weight sum_{j<k} (1-rho)^j.
    for k, rho in ((3, 0.5), (5, 0.3), (4, 1), (6, 0)):
        c = _case(ab, [_item(f"e{j}", {"a": 0.9, "b": 0.3}, group="g") for j in range(k)], [("g", rho)])
        p, _ = post(c)
        w = sum(((1 - Decimal(rho)) ** j if j else ONE for j in range(k)), ZERO)
        odds = (Decimal(0.9).ln() - Decimal(0.3).ln()) * w
        _close(p["a"], ONE / (1 + (-odds).exp()))
    ok.append("k identical items: odds = LR^(sum_{j<k} (1-rho)^j) for k=3,5,4,6")
    # Elimination inside a group: a zero likelihood ranks first (+inf).
    c = _case(["a", "b", "c"], [_item("e1", {"a": 0.5, "b": 0.0, "c": 0.5}, group="g"),
                                _item("e2", {"a": 0.9, "b": 0.9, "c": 0.1}, group="g")], [("g", 1)])
    p, r = post(c)
    assert p["b"] == 0
    # rho = 1: for a only e1/e2 max penalty: e1 p(a) = 0, e2 p(a) = 0 -> 0;
    # for c: e2 penalty ln 9, e1 0 -> ln 9; odds a:c = 9.
    _close(p["a"], Decimal("0.9"), Decimal("1e-15"))
    _close(p["c"], Decimal("0.1"), Decimal("1e-15"))
    ok.append("elimination inside a group (rho=1): b eliminated, a:c = 9:1")
    # rho = 1 with the zero at rank 1 for nobody else: +inf always ranks 0.
    c = _case(ab, [_item("e1", {"a": 0.9, "b": 0.1}, group="g"),
                   _item("e2", {"a": 1, "b": 0}, group="g")], [("g", 1)])
    p, _ = post(c)
    assert p["b"] == 0 and p["a"] == 1
    # Words (section 11): "very unlikely" is [0.05, 0.20], scored at 0.125;
    # "likely" [0.55, 0.80] at 0.675; odds a:b = 0.675 / 0.125 = 5.4.
    def words(case):
        resolved, _ = resolve(case, ".")
        return post(resolved)
    p, _ = words(_case(ab, [_item("e1", {"a": "likely", "b": "Very  Unlikely"})]))
    _close(p["a"], Decimal("0.675") / (Decimal("0.675") + Decimal(0.05) / 2 + Decimal(0.2) / 2), Decimal("1e-15"))
    _close(p["a"] / p["b"], Decimal("5.4"), Decimal("1e-14"))
    # "kent: probable" is [0.63, 0.87] (0.75); "kent: impossible" is 0.
    p, _ = words(_case(ab, [_item("e1", {"a": "kent: probable", "b": "kent: impossible"})]))
    assert p["b"] == 0 and p["a"] == 1
    # A declared default scale; a word on chance and observed: chance
    # "even" = 0.5, observed "sure" = 1, reliability "half" = [0.4, 0.6] (0.5):
    # l' = 0.5 * (0.9, 0.1) + 0.5 * 0.5 = (0.7, 0.3).
    c = _case(ab, [_item("e1", {"a": 0.9, "b": 0.1}, chance="even", observed="sure", reliability="half")],
              scale="mine", scales=[{"id": "mine", "words": {"even": 0.5, "sure": [1, 1], "half": [0.4, 0.6]}}])
    p, _ = words(c)
    _close(p["a"], Decimal("0.7"), Decimal("1e-15"))
    for bad, why in (({"a": "likly", "b": 0.5}, "not a word"), ({"a": "ken: probable", "b": 0.5}, "not declared")):
        try:
            words(_case(ab, [_item("e1", bad)]))
            raise AssertionError(f"accepted {bad}")
        except ModelError as err:
            assert why in str(err), err
    ok.append("words: ICD 203 and Kent bands at their midpoints, a declared scale on chance/observed/reliability, unknown word and scale refused")
    # Contradictory: every hypothesis eliminated.
    try:
        score(_case(ab, [_item("e1", {"a": 1, "b": 0}), _item("e2", {"a": 0, "b": 1})]))
        raise AssertionError("contradictory case accepted")
    except Contradictory as err:
        assert err.items == ["e1", "e2"], err.items
    ok.append("contradictory case: error naming e1, e2")
    # Mixture reliability softens a zero; tempered 0^0 = 1.
    c = _case(ab, [_item("e1", {"a": 1, "b": 0}, reliability=0.5)])
    p, _ = post(c)  # l' = (0.75, 0.25)
    _close(p["a"], Decimal("0.75"))
    c = _case(ab, [_item("e1", {"a": 1, "b": 0}, reliability=0)], weighting="tempered")
    p, _ = post(c)
    _close(p["a"], Decimal("0.5"))
    c = _case(ab, [_item("e1", {"a": 0.81, "b": 0.09}, reliability=0.5)], weighting="tempered")
    p, _ = post(c)  # sqrt: 0.9 : 0.3
    _close(p["a"], Decimal("0.75"), Decimal("1e-15"))
    ok.append("mixture softens a zero (r=0.5 -> 3:1); tempered 0^0 = 1; tempered sqrt")
    # Source x credibility x discounts; Admiralty; ranges.
    c = _case(ab, [_item("e1", {"a": [0.8, 1.0], "b": 0.1}, source="s", credibility="2", discount=0.5)],
              sources=[{"id": "s", "admiralty": "B", "discount": 0.8}])
    r = score(c)
    rel = Decimal(0.875) * Decimal(0.875) * Decimal(0.8) * Decimal(0.5)
    ch = (Decimal("0.9") + Decimal(0.1)) / 2
    la = rel * Decimal("0.9") + (1 - rel) * ch
    lb = rel * Decimal(0.1) + (1 - rel) * ch
    _close(r["posterior"][0], la / (la + lb), Decimal("1e-16"))
    ok.append("reliability = admiralty x credibility digit x source discount x item discount; range midpoint")
    # Soft observation.
    c = _case(ab, [_item("e1", {"a": 0.9, "b": 0.2}, observed=0.75)])
    p, _ = post(c)  # l'' = 0.75*0.9+0.25*0.1 = 0.7 ; 0.75*0.2+0.25*0.8 = 0.35
    _close(p["a"], Decimal(2) / 3, Decimal("1e-15"))
    ok.append("soft observation q=0.75: (0.9, 0.2) -> (0.7, 0.35)")
    # Prior normalisation and the Bayes factor.
    c = _case(ab, [_item("e1", {"a": 0.8, "b": 0.2})], prior={"a": 1, "b": 3})
    r = score(c)
    _close(r["posterior"][0], Decimal(4) / 7)
    _close(bayes_factor(r), four)
    ok.append("prior 1:3, LR 4 -> posterior 4/7, Bayes factor 4")
    # Cab problem: 15 % blue, witness 80 % right, says blue -> 12/29.
    c = _case(["blue", "green"], [_item("w", {"blue": 0.8, "green": 0.2})], prior={"blue": 15, "green": 85})
    _close(score(c)["posterior"][0], Decimal(12) / 29)
    # Monty Hall: pick 1, host opens 3 -> 1/3, 2/3, 0.
    c = _case(["d1", "d2", "d3"], [_item("opens3", {"d1": 0.5, "d2": 1, "d3": 0})])
    r = score(c)
    _close(r["posterior"][1], Decimal(2) / 3)
    assert r["posterior"][2] == 0
    ok.append("cab problem 12/29; Monty Hall 1/3, 2/3, 0")
    # Order independence (exact here up to the last digit of PRECISION).
    import random
    rng = random.Random(1)
    ev = [_item(f"e{i}", {"a": rng.random(), "b": rng.random(), "c": rng.random()},
                group=rng.choice(["g", "h"])) for i in range(12)]
    c1 = _case(["a", "b", "c"], ev, [("g", 0.3), ("h", 0.7)])
    c2 = _case(["a", "b", "c"], list(reversed(ev)), [("g", 0.3), ("h", 0.7)])
    for x, y in zip(score(c1)["posterior"], score(c2)["posterior"]):
        _close(x, y, Decimal("1e-55"))
    ok.append("reversing the evidence leaves the posterior unchanged")
    # Monotone: adding an item to a group never lowers the total penalty.
    for _ in range(50):
        items = [_item(f"e{i}", {"a": rng.random(), "b": rng.random()}, group="g") for i in range(rng.randint(1, 6))]
        rho = rng.random()
        t1 = score(_case(ab, items, [("g", rho)]))["total"]
        more = items + [_item("z", {"a": rng.random(), "b": rng.random()}, group="g")]
        t2 = score(_case(ab, more, [("g", rho)]))["total"]
        assert all(y >= x for x, y in zip(t1, t2))
    ok.append("adding an item to a group never lowers its total penalty (50 random trials)")
    # Codebook and perspective, in a temporary folder.
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        book = {"version": 1, "hypotheses": ["a", "b"], "threshold": 0.9,
                "sources": [{"id": "s", "reliability": 0.8}],
                "groups": [{"id": "g", "correlation": 0.5}],
                "kinds": [{"id": "k", "description": "K", "likelihoods": {"a": 0.8, "b": 0.2},
                           "source": "s", "group": "g"}],
                "perspectives": [{"id": "doubt", "discount": {"sources": {"s": 0.5}, "kinds": {"k": 0.5}}}]}
        case = _case(ab, [{"id": "e1", "kind": "k"}, {"id": "e2", "kind": "k", "group": "g2",
                                                        "discount": 0.5}],
                     [("g2", 0)], codebook="book.json",
                     perspectives=[{"id": "flat", "prior": {"a": 1, "b": 4}, "threshold": 0.5}])
        with open(os.path.join(d, "book.json"), "w") as f:
            json.dump(book, f)
        with open(os.path.join(d, "case.json"), "w") as f:
            json.dump(case, f)
        c = load(os.path.join(d, "case.json"))
        assert perspective_ids(c) == ["base", "doubt", "flat"]
        assert c["threshold"] == 0.9
        base = score(perspective(c, "base"))
        # e1: r = 0.8 -> (0.74, 0.26); e2: r = 0.4 -> (0.62, 0.38).
        lr = Decimal("0.74") / Decimal("0.26") * (Decimal("0.62") / Decimal("0.38"))
        _close(base["posterior"][0], lr / (1 + lr), Decimal("1e-15"))
        doubt = perspective(c, "doubt")
        assert doubt["sources"][0]["discount"] == 0.5 and doubt["evidence"][1]["discount"] == 0.25
        assert "perspectives" not in doubt
        flat = score(perspective(c, "flat"))
        assert flat["threshold"] == Decimal("0.5")
        try:
            bad = copy.deepcopy(case)
            bad["codebook"] = "../book.json"
            resolve(bad, d)
            raise AssertionError("escaping codebook path accepted")
        except ModelError:
            pass
    ok.append("codebook: kinds, inherited source/group/threshold, perspectives multiply discounts")
    for line in ok:
        print("ok:", line)
    print(f"selftest: {len(ok)} checks passed")


# --------------------------------------------------------------------- CLI


def main(argv):
    if argv == ["--selftest"]:
        selftest()
        return 0
    args = list(argv)
    pid, compare = None, False
    if "--compare" in args:
        args.remove("--compare")
        compare = True
    if "--perspective" in args:
        i = args.index("--perspective")
        if i + 1 >= len(args):
            print("error: --perspective needs an id", file=sys.stderr)
            return 2
        pid = args[i + 1]
        del args[i:i + 2]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        case = load(args[0])
        if compare:
            out = compare_json(case)
        else:
            out = score_json(score(perspective(case, pid or "base")))
    except (ModelError, OSError, json.JSONDecodeError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
