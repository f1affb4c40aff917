"""The notebook-facing API (issue 23): result objects, cases built in
Python, safe inputs of score_batch, the exception hierarchy, reports."""

import json
import math

import numpy as np
import pytest

import attrib
from conftest import ROOT

SARMIN = ROOT / "python/tests/data/jim-second-edition/sarmin-2015-03-16.json"
TWO = {
    "version": 1,
    "title": "Two",
    "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
    "evidence": [{"id": "e", "description": "", "likelihoods": {"a": 0.9, "b": 0.3}}],
}


@pytest.fixture(scope="module")
def sarmin():
    return attrib.Case.from_path(SARMIN)


# --- results ----------------------------------------------------------------


def test_score_attributes_agree_with_to_dict(sarmin):
    s = sarmin.score()
    d = s.to_dict()
    assert isinstance(s, attrib.Score)
    for key in ["posterior", "ln_posterior", "verdict", "words", "bayes_factors", "ledger",
                "warnings", "title", "perspective", "leader"]:
        assert getattr(s, key) == d[key], key
    assert s.hypotheses == ["government", "isil", "opposition", "other"] == sarmin.hypotheses
    assert list(s.posterior) == s.hypotheses
    assert json.loads(s.to_json()) == d
    assert json.loads(s.to_json(indent=2)) == d and "\n  " in s.to_json(indent=2)
    assert repr(s) == "<attrib.Score government 0.868 (insufficient at threshold 0.95), perspective base>"
    # the module docstring's claim: Sarmin is insufficient at 0.868
    assert s.verdict["status"] == "insufficient" and round(s.posterior["government"], 3) == 0.868


def test_score_frames(sarmin):
    pd = pytest.importorskip("pandas")
    s = sarmin.score()
    f = s.to_frame()
    assert list(f.columns) == ["probability", "words", "bayes_factor"]
    assert f.index.name == "hypothesis" and list(f.index) == s.hypotheses
    assert f.loc["government", "bayes_factor"] == 1.0
    assert f.loc["isil", "bayes_factor"] == pytest.approx(math.exp(s.bayes_factors["isil"]["ln"]))
    assert f.loc["other", "words"] == s.words["other"]
    assert f["probability"].sum() == pytest.approx(1.0, abs=1e-12)
    ledger = s.to_frame("ledger")
    assert list(ledger.columns) == ["evidence", "hypothesis", "rival", "decibans", "enfsi"]
    assert len(ledger) == len(s.ledger) * 3
    row = ledger[(ledger.evidence == "helicopter-drop-corroborated") & (ledger.rival == "isil")].iloc[0]
    assert row.decibans == pytest.approx(6.444379548975091)
    assert row.enfsi == "weak support"
    with pytest.raises(ValueError, match="'posterior' or 'ledger'"):
        s.to_frame("nothing")
    assert isinstance(f, pd.DataFrame)


def test_repr_html_shows_the_verdict_and_the_posterior(sarmin):
    for shown in [sarmin._repr_html_(), sarmin.score()._repr_html_()]:
        assert "insufficient" in shown and "government" in shown and "0.8683" in shown
        assert "<table>" in shown and "Sarmin, 16 March 2015" in shown
    contradictory = attrib.Case.from_dict({**TWO, "evidence": [
        {"id": "x", "description": "", "likelihoods": {"a": 1.0, "b": 0.0}},
        {"id": "y", "description": "", "likelihoods": {"a": 0.0, "b": 1.0}}]})
    assert "cannot score" in contradictory._repr_html_()
    pytest.importorskip("pandas")
    assert "<table" in sarmin.compare()._repr_html_()


def test_monte_carlo_result_and_draws(sarmin):
    mc = sarmin.monte_carlo(draws=400, seed=3)
    assert isinstance(mc, attrib.MonteCarlo) and mc.samples is None
    assert (mc.draws, mc.seed) == (400, 3)
    kept = sarmin.monte_carlo(draws=400, seed=3, keep_draws=True)
    assert kept.to_dict() == mc.to_dict()  # keeping the draws changes nothing
    x = kept.samples
    assert x.shape == (400, 4) and x.dtype == np.float64
    np.testing.assert_allclose(x.sum(axis=1), 1.0, atol=1e-12)
    # the summary is the draws' own: mean and type-7 quantiles
    for k, h in enumerate(kept.hypotheses):
        col = x[:, k]
        assert kept.posterior[h]["mean"] == pytest.approx(col.mean(), rel=1e-12)
        assert kept.posterior[h]["q05"] == pytest.approx(np.quantile(col, 0.05), rel=1e-12)
        assert kept.posterior[h]["q95"] == pytest.approx(np.quantile(col, 0.95), rel=1e-12)
    with pytest.raises(ValueError, match="keep_draws=True"):
        mc.to_xarray()
    pd = pytest.importorskip("pandas")
    f = mc.to_frame()
    assert list(f.columns) == ["mean", "q05", "q50", "q95"] and list(f.index) == mc.hypotheses
    assert isinstance(f, pd.DataFrame)
    xr = pytest.importorskip("xarray")
    da = kept.to_xarray()
    assert isinstance(da, xr.DataArray) and da.dims == ("draw", "hypothesis")
    assert list(da.coords["hypothesis"].values) == kept.hypotheses
    np.testing.assert_array_equal(da.values, x)


def test_leave_one_out_compare_sensitivity_frames(sarmin):
    pytest.importorskip("pandas")
    loo = sarmin.leave_one_out()
    f = loo.to_frame()
    assert len(f) == len(sarmin.evidence) and f.index.name == "evidence"
    assert list(f.columns[:3]) == ["leader", "verdict", "linchpin"]
    assert f.loc["helicopter-drop-corroborated", "government"] == pytest.approx(0.7061836267611008)
    assert repr(loo) == "<attrib.LeaveOneOut 8 items, 0 linchpins>"
    c = sarmin.compare()
    cf = c.to_frame()
    assert list(cf.index) == sarmin.perspectives() and list(cf.columns) == sarmin.hypotheses
    assert cf.loc["base"].to_dict() == sarmin.score().posterior
    s = sarmin.sensitivity(draws=300, seed=2)
    assert s.monte_carlo.to_dict() == sarmin.monte_carlo(draws=300, seed=2).to_dict()
    assert s.leave_one_out_result == loo
    be = s.to_frame("break_even")
    assert list(be.index) == [r["source"] for r in s.break_even] and list(be.columns) == ["discount"]
    assert len(s.to_frame("break_even_evidence")) == len(s.break_even_evidence)
    assert list(s.to_frame().columns) == ["mean", "q05", "q50", "q95"]
    with pytest.raises(ValueError, match="must be one of"):
        s.to_frame("nothing")
    with pytest.raises(AttributeError):
        s.nothing


# --- cases built in Python ----------------------------------------------------


def test_from_dict_builder_and_to_dict_agree():
    case = attrib.Case.from_dict(TWO)
    assert case.score().posterior == pytest.approx({"a": 0.75, "b": 0.25}, rel=1e-15)
    assert attrib.Case.from_dict(case.to_dict()).to_json() == case.to_json()
    built = (attrib.Case.builder().title("Two").hypothesis("a", "A").hypothesis("b", "B")
             .evidence(attrib.Evidence.builder("e").likelihood("a", 0.9).likelihood("b", 0.3))
             .build())
    assert built.score().to_dict() == case.score().to_dict()
    with pytest.raises(TypeError, match="case file's shape"):
        attrib.Case.from_dict({"version": 1, "hypotheses": object()})
    with pytest.raises(attrib.InvalidCase):
        attrib.Case.from_dict({"version": 1, "hypotheses": [], "evidence": []})


def test_case_builder_is_the_builder_class():
    a = attrib.Case.builder()
    assert type(a) is attrib.CaseBuilder
    two = lambda b: b.hypothesis("a", "A").hypothesis("b", "B").build()
    assert two(a).score().to_dict() == two(attrib.CaseBuilder()).score().to_dict()


def test_builder_mirrors_rust():
    b = (attrib.Case.builder()
         .title("Blue or green").date("2015-03-16").place("Sarmin")
         .weighting("mixture").threshold(0.9)
         .hypothesis("blue", "Blue").hypothesis("green", "Green").catch_all("other", "Other")
         .prior("blue", 2).prior("green", 1).prior("other", 1)
         .source("radar", "Radar", 0.9).source_grade("people", "Residents", "C")
         .group("witnesses", 0.5)
         .evidence(attrib.Evidence.builder("track").description("a track").likelihood("blue", 0.8)
                   .likelihood("green", 0.2).likelihood("other", 0.1).source("radar")
                   .rationale("why").reference("ref"))
         .evidence(attrib.Evidence.builder("saw").likelihood_range("blue", 0.5, 0.7)
                   .likelihood("green", 0.3).likelihood("other", 0.2).source("people")
                   .credibility_grade("2").group("witnesses").concentration(20.0))
         .evidence(attrib.Evidence.builder("heard").likelihood("blue", 0.6).likelihood("green", 0.4)
                   .likelihood("other", 0.3).reliability(0.7).chance(0.5).observed(0.9)
                   .group("witnesses").discount(0.8))
         .perspective(attrib.Perspective.builder("sceptic").label("Half trust in radar")
                      .discount_source("radar", 0.5).threshold(0.99).rationale("why"))
         .likelihood_concentration(30.0))
    case = b.build()
    assert case.hypotheses == ["blue", "green", "other"] and case.sources == ["radar", "people"]
    assert case.evidence == ["track", "saw", "heard"] and case.title == "Blue or green"
    assert case.perspectives() == ["base", "sceptic"]
    # the same case as a case file
    again = attrib.Case.from_json(case.to_json())
    assert again.score().to_dict() == case.score().to_dict()
    assert b.build().to_json() == case.to_json()  # build can be called again
    with pytest.raises(attrib.InvalidValue, match="reliability is 1.5"):
        attrib.Case.builder().hypothesis("a", "A").hypothesis("b", "B").evidence(
            attrib.Evidence.builder("e").likelihood("a", 0.5).likelihood("b", 0.5).reliability(1.5)).build()
    with pytest.raises(attrib.InvalidValue) as e:
        attrib.Case.builder().weighting("average")
    assert e.value.kind == "InvalidWeighting" and e.value.value == "average"
    with pytest.raises(attrib.InvalidValue):
        attrib.Case.builder().source_grade("s", "S", "G")
    with pytest.raises(attrib.InvalidValue):
        attrib.Evidence.builder("e").credibility_grade("9")


def test_discount_source_without_evidence_perspective_are_new_cases(sarmin):
    before = sarmin.to_json()
    half = sarmin.discount_source("local-witnesses", 0.5)
    assert half.score().posterior["government"] == pytest.approx(0.8006, abs=5e-5)
    assert sarmin.to_json() == before  # the case itself is unchanged
    fewer = sarmin.without_evidence("helicopter-drop-corroborated")
    assert "helicopter-drop-corroborated" not in fewer.evidence
    assert fewer.score().posterior == pytest.approx(
        sarmin.leave_one_out().to_frame().loc["helicopter-drop-corroborated", fewer.hypotheses].to_dict()
        if _has_pandas() else fewer.score().posterior, abs=1e-12)
    sceptic = sarmin.perspective("sceptic")
    assert sceptic.score().perspective == "sceptic"
    assert sceptic.discount_source("local-witnesses", 1.0).score().perspective == "sceptic"
    with pytest.raises(attrib.NotFound) as e:
        sarmin.discount_source("nobody", 0.5)
    assert isinstance(e.value, LookupError) and e.value.kind == "NotFound"
    with pytest.raises(attrib.InvalidValue):
        sarmin.discount_source("local-witnesses", 1.5)
    with pytest.raises(attrib.NotFound):
        sarmin.without_evidence("nothing")
    with pytest.raises(attrib.NotFound, match="perspective 'nobody'"):
        sarmin.perspective("nobody")


def _has_pandas():
    try:
        import pandas  # noqa: F401
    except ImportError:
        return False
    return True


def test_report_formats(sarmin):
    md = sarmin.report(format="markdown", draws=200)
    assert md.startswith("# Sarmin, 16 March 2015")
    page = sarmin.report(draws=200)
    assert page.startswith("<!DOCTYPE html>") and "whatif" not in page
    assert "<section id=\"whatif\"" in sarmin.report(draws=200, interactive=True)
    data = json.loads(sarmin.report(format="json", draws=200))
    assert data["score"]["posterior"] == sarmin.score().posterior if "score" in data else data
    with pytest.raises(attrib.UsageError, match="format is 'pdf'"):
        sarmin.report(format="pdf")
    with pytest.raises(attrib.UsageError, match="interactive is only for format 'html'"):
        sarmin.report(format="markdown", interactive=True)


# --- counts -------------------------------------------------------------------


@pytest.mark.parametrize("call", ["monte_carlo", "sensitivity", "report"])
def test_counts_are_checked_with_value_error(sarmin, call):
    f = getattr(sarmin, call)
    for draws, message in [(-5, "draws is -5, must be in 1.."), (0, "draws is 0, must be in 1.."),
                           (2**70, f"draws is {2**70}, must be in 1..")]:
        with pytest.raises(ValueError) as e:
            f(draws=draws)
        assert str(e.value) == message and isinstance(e.value, attrib.InvalidValue)
        assert e.value.field == "draws" and e.value.kind == "OutOfRange"
    with pytest.raises(attrib.InvalidValue, match=r"^seed is -1, must be in 0\.\.=18446744073709551615$"):
        f(draws=10, seed=-1)
    with pytest.raises(attrib.InvalidValue, match="^seed is 18446744073709551616"):
        f(draws=10, seed=2**64)
    with pytest.raises(TypeError):
        f(draws=2.5)


# --- score_batch inputs -------------------------------------------------------


def test_score_batch_refuses_probabilities():
    p = np.random.default_rng(1).random((5, 3, 2))
    with pytest.raises(attrib.InvalidValue) as e:
        attrib.score_batch(p)
    assert str(e.value) == (
        f"ln_likelihoods[0, 0, 0] is {float(p[0, 0, 0])!r}, must be in -inf..=0 (the natural log of a "
        "likelihood in 0..=1); it looks like a probability: pass numpy.log(x)"
    )
    assert isinstance(e.value, ValueError)
    np.testing.assert_array_equal(attrib.score_batch(np.log(p)), attrib.score_batch(np.log(p)))
    x = np.log(p)
    x[4, 2, 1] = 1e-300
    with pytest.raises(attrib.InvalidValue, match=r"^ln_likelihoods\[4, 2, 1\] is 1e-300"):
        attrib.score_batch(x)
    x[4, 2, 1] = 0.0  # a likelihood of 1 is fine
    attrib.score_batch(x)


def test_score_batch_names_the_first_bad_value_beyond_the_first_chunk():
    # the check runs in chunks of 32768 values: the index is the array's
    x = -np.random.default_rng(2).random((3000, 20, 4))
    want = attrib.score_batch(x)
    for at in [(0, 0, 0), (409, 19, 3), (410, 0, 0), (2999, 19, 3)]:
        for v, shown in [(np.nan, "NaN"), (np.inf, "inf"), (0.5, "0.5")]:
            y = x.copy()
            y[at] = v
            with pytest.raises(attrib.InvalidValue) as e:
                attrib.score_batch(y)
            assert str(e.value).startswith(f"ln_likelihoods[{at[0]}, {at[1]}, {at[2]}] is {shown},")
    # the first in the array's order, not the worst
    y = x.copy()
    y[2000, 0, 0] = np.nan
    y[1000, 0, 0] = 0.5
    with pytest.raises(attrib.InvalidValue, match=r"^ln_likelihoods\[1000, 0, 0\] is 0.5"):
        attrib.score_batch(y)
    # chunks and per-case priors line up
    prior = np.log(np.random.default_rng(3).random((3000, 4)))
    one = attrib.score_batch(x, prior)
    for c in [0, 409, 410, 2999]:
        np.testing.assert_array_equal(one[c], attrib.score_batch(x[c:c + 1], prior[c:c + 1])[0])
    np.testing.assert_array_equal(want[409:411], attrib.score_batch(x[409:411]))


def test_score_batch_converts_float32_ints_and_lists():
    x = np.log(np.random.default_rng(4).random((6, 4, 3)))
    want = attrib.score_batch(x)
    x32 = x.astype(np.float32)
    np.testing.assert_array_equal(attrib.score_batch(x32), attrib.score_batch(x32.astype(np.float64)))
    np.testing.assert_array_equal(attrib.score_batch(x.tolist()), want)
    ints = -np.arange(24).reshape(2, 4, 3)
    np.testing.assert_array_equal(attrib.score_batch(ints), attrib.score_batch(ints.astype(float)))
    np.testing.assert_array_equal(attrib.score_batch(ints.astype(np.int8)), attrib.score_batch(ints.astype(float)))
    np.testing.assert_array_equal(attrib.score_batch(x.astype(object)), want)
    np.testing.assert_array_equal(attrib.score_batch(x, [0.0, 0.0, 0.0]), want)
    np.testing.assert_array_equal(attrib.score_batch(x, np.zeros(3, dtype=np.float32)), want)


def test_score_batch_refuses_objects_nan_and_odd_dtypes():
    x = np.log(np.random.default_rng(5).random((2, 3, 2))).tolist()
    x[1][2][0] = None
    with pytest.raises(attrib.UsageError) as e:
        attrib.score_batch(x)
    assert str(e.value).startswith("ln_likelihoods[1, 2, 0] is None, not a number")
    assert isinstance(e.value, ValueError)
    x[1][2][0] = "a"
    with pytest.raises(attrib.UsageError, match=r"^ln_likelihoods\[1, 2, 0\] is 'a', not a number"):
        attrib.score_batch(x)
    objects = np.zeros((2, 2, 2), dtype=object)
    objects[0, 1, 1] = [1]
    with pytest.raises(attrib.UsageError, match=r"^ln_likelihoods\[0, 1, 1\] is \[1\], not a number"):
        attrib.score_batch(objects)
    x[1][2][0] = float("nan")
    with pytest.raises(attrib.InvalidValue, match=r"^ln_likelihoods\[1, 2, 0\] is NaN"):
        attrib.score_batch(x)
    for bad, what in [(np.zeros((2, 2, 2), dtype=bool), "bool"),
                      (np.zeros((2, 2, 2), dtype=complex), "complex"),
                      (np.zeros((2, 2, 2), dtype="U3"), "text")]:
        with pytest.raises(attrib.UsageError, match=f"must hold real numbers, not {what}"):
            attrib.score_batch(bad)
    with pytest.raises(attrib.UsageError, match="ragged"):
        attrib.score_batch([[[0.0, 0.0]], [[0.0]]])
    with pytest.raises(attrib.UsageError, match=r"^ln_prior\[1\] is None"):
        attrib.score_batch(np.zeros((1, 1, 2)), [0.0, None])


def test_score_batch_labels():
    x = np.log(np.array([[[0.9, 0.3]], [[0.2, 0.8]]]))
    pd = pytest.importorskip("pandas")
    f = attrib.score_batch(x, hypotheses=["a", "b"], output="pandas")
    assert isinstance(f, pd.DataFrame) and list(f.columns) == ["a", "b"] and f.index.name == "case"
    np.testing.assert_array_equal(f.to_numpy(), attrib.score_batch(x))
    with pytest.raises(attrib.UsageError, match="hypotheses has 3 labels, must have 2"):
        attrib.score_batch(x, hypotheses=["a", "b", "c"], output="pandas")
    with pytest.raises(attrib.UsageError, match="output is 'table'"):
        attrib.score_batch(x, output="table")
    assert list(attrib.score_batch(x, output="pandas").columns) == [0, 1]
    xr = pytest.importorskip("xarray")
    da = attrib.score_batch(x, hypotheses=["a", "b"], output="xarray")
    assert isinstance(da, xr.DataArray) and da.dims == ("case", "hypothesis")
    assert float(da.sel(case=1, hypothesis="b")) == pytest.approx(0.8)


# --- errors -------------------------------------------------------------------


def test_error_hierarchy(tmp_path):
    assert issubclass(attrib.InvalidValue, attrib.Error) and issubclass(attrib.InvalidValue, ValueError)
    assert issubclass(attrib.FileError, attrib.Error) and issubclass(attrib.FileError, OSError)
    assert issubclass(attrib.FileNotFound, FileNotFoundError)
    for name, cls in attrib.errors.KINDS.items():
        assert issubclass(cls, attrib.Error) and (cls.__name__ == name or cls is attrib.MatrixError)
        assert getattr(attrib.errors, cls.__name__) is cls
    missing = tmp_path / "nowhere.json"
    with pytest.raises(FileNotFoundError) as e:
        attrib.Case.from_path(missing)
    err = e.value
    assert isinstance(err, attrib.FileError) and isinstance(err, attrib.errors.Io)
    assert err.errno == 2 and err.kind == "Io" and err.file == str(missing)
    assert str(err).startswith(f"cannot read {missing}") or str(missing) in str(err)
    folder = tmp_path / "folder.json"
    folder.mkdir()
    with pytest.raises(attrib.FileError) as e:
        attrib.Case.from_path(folder)
    assert not isinstance(e.value, FileNotFoundError)
    with pytest.raises(attrib.FileError) as e:
        attrib.Case.from_json("{")
    assert e.value.kind == "Syntax" and isinstance(e.value, ValueError)
    with pytest.raises(attrib.InvalidValue) as e:
        attrib.Case.from_dict({**TWO, "evidence": [
            {"id": "e3", "description": "", "likelihoods": {"a": 0.5, "b": 1.2}}]})
    assert (e.value.kind, e.value.item, e.value.field) == ("OutOfRange", "evidence 'e3'", "likelihood for 'b'")
    assert str(e.value) == "evidence 'e3': likelihood for 'b' is 1.2, must be in 0..=1"
    with pytest.raises(attrib.InvalidCase) as e:
        attrib.Case.from_dict({**TWO, "hypotheses": TWO["hypotheses"] * 2})
    assert e.value.kind == "Duplicate" and e.value.value == "a"
    with pytest.raises(attrib.errors.UnknownField):
        attrib.Case.from_dict({**TWO, "titel": "typo"})
    case = attrib.Case.from_dict({**TWO, "evidence": [
        {"id": "x", "description": "", "likelihoods": {"a": 1.0, "b": 0.0}},
        {"id": "y", "description": "", "likelihoods": {"a": 0.0, "b": 1.0}}]})
    with pytest.raises(attrib.Contradictory) as e:
        case.score()
    assert list(e.value.responsible) == ["x", "y"] and isinstance(e.value, ValueError)


def test_bad_codebook_files_raise_their_kind():
    for path in sorted((ROOT / "tests/data/codebook").glob("bad-*.json")):
        with pytest.raises(attrib.Error) as e:
            attrib.Case.from_path(path)
        assert type(e.value) is attrib.errors.KINDS[e.value.kind] or e.value.kind == "Io"
        assert isinstance(e.value, (ValueError, OSError))


def test_every_rust_error_kind_has_its_class():
    """Each variant of the Rust ``ErrorKind`` (read from the crate's source)
    has a class of its own, so a new kind cannot fall back to attrib.Error
    unnoticed."""
    import pathlib
    import re
    source = pathlib.Path(__file__).resolve().parents[2] / "src" / "error" / "mod.rs"
    text = source.read_text()
    body = text[text.index("pub enum ErrorKind {"):]
    body = body[:body.index("\n}\n")]
    kinds = re.findall(r"^    ([A-Z][A-Za-z]+),$", body, re.M)
    assert len(kinds) > 30, kinds
    from attrib._errors import KINDS
    missing = [k for k in kinds if k not in KINDS]
    assert not missing, missing
