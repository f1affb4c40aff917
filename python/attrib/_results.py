"""The result objects of attrib's analyses: attributes, ``repr``,
``to_dict()``, ``to_json()``, ``to_frame()`` (pandas, when installed) and
``_repr_html_`` for notebooks. Each is built from the JSON value the
command line prints with ``--format json`` for the same analysis; the
attributes are its keys. ``attrib.Score`` (from ``Case.score()``) is
native and only uses the helpers at the end."""

import html
import json
import math

__all__ = ["MonteCarlo", "LeaveOneOut", "Compare", "Sensitivity", "Chain"]


def _pandas():
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "to_frame() needs pandas: pip install pandas (or the package's extra: "
            'pip install "./python[pandas]")'
        ) from e
    return pandas


def _words(p):
    from ._attrib import _icd203_words

    return _icd203_words(p) if p is not None else None


class _Result:
    """A result: the command line's JSON value ``d``, its keys as
    attributes."""

    _keys = ()

    def __init__(self, d):
        self._d = d

    def __getattr__(self, name):
        d = self.__dict__.get("_d", {})
        if name in d:
            return d[name]
        raise AttributeError(f"{type(self).__name__!s} has no attribute {name!r}")

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self._d))

    def __eq__(self, other):
        if isinstance(other, _Result):
            return type(self) is type(other) and self._d == other._d
        return NotImplemented

    __hash__ = None

    def to_dict(self):
        """The JSON value the command line prints, as dicts and lists (a
        copy)."""
        return json.loads(json.dumps(self._d))

    def to_json(self, indent=None):
        """The JSON text the command line prints (``indent=None``: one
        line), keys sorted."""
        return json.dumps(self._d, indent=indent, sort_keys=True)

    def _repr_html_(self):
        """The table of ``to_frame()`` in a notebook; None (the ``repr``)
        without pandas."""
        try:
            return self.to_frame()._repr_html_()
        except ImportError:
            return None


class MonteCarlo(_Result):
    """Seeded Monte Carlo (``Case.monte_carlo``): ``draws``, ``seed``,
    ``posterior`` ({hypothesis: {``mean``, ``q05``, ``q50``, ``q95``}}),
    ``leader_holds``, ``verdict_holds``, ``contradictory_draws``, and
    ``samples``: every draw's posterior as a NumPy array (draws x
    hypotheses; a contradictory draw's row is NaN) when run with
    ``keep_draws=True``, else None.

    >>> import attrib
    >>> case = attrib.Case.from_path("examples/cases/jim/sarmin-2015-03-16.json")
    >>> mc = case.monte_carlo(draws=1000, seed=1, keep_draws=True)
    >>> mc
    <attrib.MonteCarlo 1000 draws, seed 1: leader holds in 80.1 %, verdict in 100.0 %>
    >>> mc.samples.shape
    (1000, 5)
    >>> round(mc.posterior["government"]["q50"], 3)
    0.551
    """

    def __init__(self, d, samples=None, hypotheses=None):
        super().__init__(d)
        self.samples = samples
        self.hypotheses = list(hypotheses) if hypotheses is not None else list(d["posterior"])

    def __repr__(self):
        return (f"<attrib.MonteCarlo {self.draws} draws, seed {self.seed}: leader holds in "
                f"{100 * self.leader_holds:.1f} %, verdict in {100 * self.verdict_holds:.1f} %>")

    def to_frame(self):
        """One row per hypothesis (the index): ``mean``, ``q05``, ``q50``,
        ``q95``."""
        pd = _pandas()
        rows = [{"hypothesis": h, **self.posterior[h]} for h in self.hypotheses if h in self.posterior]
        return pd.DataFrame(rows, columns=["hypothesis", "mean", "q05", "q50", "q95"]).set_index("hypothesis")

    def to_xarray(self):
        """The draws as an ``xarray.DataArray`` with dims ``draw`` and
        ``hypothesis`` (xarray must be installed; run with
        ``keep_draws=True``)."""
        if self.samples is None:
            raise ValueError("no draws kept: run monte_carlo(..., keep_draws=True)")
        try:
            import xarray
        except ImportError as e:  # pragma: no cover
            raise ImportError('to_xarray() needs xarray: pip install xarray (or "./python[xarray]")') from e
        import numpy as np

        return xarray.DataArray(
            self.samples,
            dims=("draw", "hypothesis"),
            coords={"draw": np.arange(self.samples.shape[0]), "hypothesis": self.hypotheses},
            name="posterior",
            attrs={"seed": self.seed, "draws": self.draws},
        )


class LeaveOneOut(_Result):
    """The case without each item in turn (``Case.leave_one_out``):
    ``leave_one_out`` (per item: ``evidence``, ``posterior`` without it,
    ``leader``, ``verdict``, ``linchpin``) and ``linchpins``, the items whose
    removal changes the leader or the verdict.

    >>> import attrib
    >>> loo = attrib.Case.from_path("examples/cases/jim/sarmin-2015-03-16.json").leave_one_out()
    >>> loo
    <attrib.LeaveOneOut 10 items, 0 linchpins>
    >>> loo.to_frame().loc["helicopter-drop-determined", "government"].round(4)
    np.float64(0.477)
    """

    def __repr__(self):
        return f"<attrib.LeaveOneOut {len(self.leave_one_out)} items, {len(self.linchpins)} linchpins>"

    def to_frame(self):
        """One row per item (the index ``evidence``): ``leader``,
        ``verdict``, ``linchpin``, then one column per hypothesis, its
        posterior without the item."""
        pd = _pandas()
        rows = [
            {"evidence": r["evidence"], "leader": r["leader"], "verdict": r["verdict"],
             "linchpin": r["linchpin"], **r["posterior"]}
            for r in self.leave_one_out
        ]
        return pd.DataFrame(rows).set_index("evidence")


class Chain(_Result):
    """The case read step by step (``Case.chain``): ``leader``,
    ``runner_up``, ``carrier`` (the step whose findings together weigh most
    for the leader against the runner-up, or None), ``links`` (per step:
    ``step``, ``label``, ``weight`` in decibans, ``break_even``, the
    discount of the whole step below which the verdict changes, or None,
    and ``findings``: ``evidence``, ``weight``, ``reliability``) and
    ``rivals`` (per rival: ``hypothesis``, ``probability``, ``prior_weight``
    and ``step_weights``, one per link). Weights are None where infinite or
    undefined.

    >>> import attrib
    >>> chain = attrib.Case.from_path("examples/cases/jim/talmenes-2014-04-21.json").chain()
    >>> chain.carrier
    'delivery'
    >>> chain.to_frame().loc["delivery", ["weight", "break_even"]].astype(float).round(4).tolist()
    [6.8882, 0.1683]
    """

    def __repr__(self):
        steps = sum(1 for link in self.links if link["step"] is not None)
        carried = f", carried by {self.carrier}" if self.carrier is not None else ""
        return (f"<attrib.Chain {self.leader} against {self.runner_up}, "
                f"{steps} step{'s' if steps != 1 else ''}{carried}>")

    def to_frame(self, table="steps"):
        """``"steps"``: one row per link (index ``step``, ``None`` for the
        items that name no step): ``label``, ``weight`` (decibans, leader
        against the runner-up), ``break_even``, ``findings`` (how many).
        ``"findings"``: one row per item (index ``evidence``): ``step``,
        ``weight``, ``reliability``. ``"rivals"``: one row per rival (index
        ``hypothesis``): ``probability``, ``prior`` (the prior's weight for
        the leader against it), then one column per step, its weight."""
        pd = _pandas()
        if table == "steps":
            rows = [
                {"step": link["step"], "label": link["label"], "weight": link["weight"],
                 "break_even": link["break_even"], "findings": len(link["findings"])}
                for link in self.links
            ]
            return pd.DataFrame(rows).set_index("step")
        if table == "findings":
            rows = [
                {"evidence": f["evidence"], "step": link["step"], "weight": f["weight"],
                 "reliability": f["reliability"]}
                for link in self.links for f in link["findings"]
            ]
            return pd.DataFrame(rows, columns=["evidence", "step", "weight", "reliability"]).set_index("evidence")
        if table == "rivals":
            names = [link["step"] if link["step"] is not None else "(no step)" for link in self.links]
            rows = [
                {"hypothesis": r["hypothesis"], "probability": r["probability"],
                 "prior": r["prior_weight"], **dict(zip(names, r["step_weights"]))}
                for r in self.rivals
            ]
            return pd.DataFrame(rows, columns=["hypothesis", "probability", "prior", *names]).set_index("hypothesis")
        raise ValueError(f'table must be "steps", "findings" or "rivals", not {table!r}')


class Compare(_Result):
    """The case from every perspective (``Case.compare``):
    ``perspectives``, ``base`` first, each with ``id``, ``label``,
    ``posterior``, ``leader``, ``verdict``, ``runner_up`` and
    ``bayes_factor`` (the leader against the runner-up).

    >>> import attrib
    >>> c = attrib.Case.from_path("examples/cases/jim/sarmin-2015-03-16.json").compare()
    >>> c.to_frame().round(3).T  # one row per hypothesis
    perspective       base  sceptic  public-record  sceptic-at-decision
    hypothesis
    government       0.546    0.464          0.466                0.546
    isil             0.012    0.017          0.022                0.012
    no-chemical-use  0.414    0.433          0.459                0.414
    opposition       0.011    0.039          0.021                0.011
    other-actor      0.017    0.047          0.032                0.017
    """

    def __repr__(self):
        ids = ", ".join(p["id"] for p in self.perspectives)
        return f"<attrib.Compare {len(self.perspectives)} perspectives: {ids}>"

    def to_frame(self):
        """Perspective (rows) by hypothesis (columns): the posteriors."""
        pd = _pandas()
        f = pd.DataFrame([p["posterior"] for p in self.perspectives],
                         index=pd.Index([p["id"] for p in self.perspectives], name="perspective"))
        f.columns.name = "hypothesis"
        return f


class Sensitivity(_Result):
    """Everything ``attrib sensitivity FILE --format json`` prints
    (``Case.sensitivity``): the Monte Carlo keys (``draws``, ``seed``,
    ``posterior``, ``leader_holds``, ``verdict_holds``,
    ``contradictory_draws``), ``point``, ``leave_one_out``, ``linchpins``,
    ``break_even`` (per source: the discount that changes the verdict, or
    None), ``break_even_evidence`` (per item), ``conflict`` and
    ``pairwise_conflict``. ``monte_carlo`` and ``leave_one_out_result`` give
    the parts as their own results.

    >>> import attrib
    >>> s = attrib.Case.from_path("examples/cases/jim/sarmin-2015-03-16.json").sensitivity(draws=500)
    >>> s.to_frame("break_even").head(2)
              discount
    source
    jim           None
    opcw-ffm      None
    """

    _TABLES = ("monte_carlo", "leave_one_out", "break_even", "break_even_evidence")

    def __repr__(self):
        return (f"<attrib.Sensitivity {self.draws} draws, seed {self.seed}, "
                f"{len(self.leave_one_out)} items, {len(self.linchpins)} linchpins>")

    @property
    def monte_carlo(self):
        """The Monte Carlo part, as an :class:`MonteCarlo`."""
        keys = ["draws", "seed", "posterior", "leader_holds", "verdict_holds", "contradictory_draws"]
        return MonteCarlo({k: self._d[k] for k in keys})

    @property
    def leave_one_out_result(self):
        """The leave-one-out part, as a :class:`LeaveOneOut`."""
        return LeaveOneOut({k: self._d[k] for k in ["leave_one_out", "linchpins"]})

    def to_frame(self, table="monte_carlo"):
        """A table as a DataFrame: ``"monte_carlo"`` (per hypothesis),
        ``"leave_one_out"`` (per item), ``"break_even"`` (per source, its
        ``discount``) or ``"break_even_evidence"`` (per item)."""
        pd = _pandas()
        if table == "monte_carlo":
            return self.monte_carlo.to_frame()
        if table == "leave_one_out":
            return self.leave_one_out_result.to_frame()
        if table == "break_even":
            return pd.DataFrame(self.break_even, columns=["source", "discount"]).set_index("source")
        if table == "break_even_evidence":
            return pd.DataFrame(self.break_even_evidence, columns=["evidence", "discount"]).set_index("evidence")
        raise ValueError(f"table is {table!r}, must be one of {', '.join(map(repr, self._TABLES))}")


# --- helpers of the native attrib.Score and attrib.Case ---------------------


def _score_frame(score, table):
    """``Score.to_frame(table)``."""
    pd = _pandas()
    if table == "posterior":
        post, words, bf = score.posterior, score.words, score.bayes_factors
        leader = score.leader
        rows = []
        for h, p in post.items():
            f = 0.0 if h == leader else bf.get(h, {}).get("ln")
            rows.append({
                "hypothesis": h,
                "probability": p,
                "words": words.get(h),
                "bayes_factor": None if f is None else math.exp(f),
            })
        return pd.DataFrame(rows, columns=["hypothesis", "probability", "words", "bayes_factor"]).set_index("hypothesis")
    if table == "ledger":
        from ._attrib import _enfsi_words

        leader = score.leader
        rows = [
            {"evidence": r["evidence"], "hypothesis": leader, "rival": rival, "decibans": db,
             "enfsi": None if db is None else _enfsi_words(db)}
            for r in score.ledger
            for rival, db in r["decibans"].items()
        ]
        return pd.DataFrame(rows, columns=["evidence", "hypothesis", "rival", "decibans", "enfsi"])
    raise ValueError(f"table is {table!r}, must be 'posterior' or 'ledger'")


def _verdict_box(score):
    v = score.verdict
    status = v["status"]
    colour = "#1a7f37" if status == "attributed" else "#9a6700"
    what = (f"attributed to <b>{html.escape(str(v['hypothesis']))}</b>" if status == "attributed"
            else f"insufficient: <b>{html.escape(v['leader'])}</b> leads")
    title = html.escape(score.title or "")
    persp = "" if score.perspective == "base" else f" (perspective {html.escape(score.perspective)})"
    return (f'<div style="border-left:4px solid {colour};padding:4px 10px;margin:4px 0">'
            f"<div><b>{title}</b>{persp}</div>"
            f"<div>{what} at {v['probability']:.3f} "
            f"(threshold {v['threshold']})</div></div>")


def _posterior_table(score):
    rows = "".join(
        f"<tr><td>{html.escape(h)}</td><td style='text-align:right'>{p:.4f}</td>"
        f"<td>{html.escape(score.words.get(h) or '')}</td></tr>"
        for h, p in sorted(score.posterior.items(), key=lambda kv: -kv[1])
    )
    return ("<table><thead><tr><th>hypothesis</th><th>posterior</th><th>ICD 203</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>")


def _score_html(score):
    """``Score._repr_html_``: the verdict box and the posterior table."""
    return f"<div class='attrib-score'>{_verdict_box(score)}{_posterior_table(score)}</div>"


def _case_html(case):
    """``Case._repr_html_``: the case's size, the verdict box and the
    posterior table, or the error that scoring raised
    (``case.report(format="html", interactive=True)`` is the whole
    report)."""
    from ._errors import Error

    head = (f"<div><code>attrib.Case</code> {html.escape(case.title or '')}: "
            f"{len(case.hypotheses)} hypotheses, {len(case.evidence)} evidence items</div>")
    try:
        score = case.score()
    except Error as e:
        return f"<div class='attrib-case'>{head}<div>cannot score: {html.escape(str(e))}</div></div>"
    return f"<div class='attrib-case'>{head}{_verdict_box(score)}{_posterior_table(score)}</div>"
