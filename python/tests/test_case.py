"""`attrib.Case` against the command line: the same JSON, the same errors."""

import json
import math

import pytest

import attrib
from conftest import ROOT

JIM = sorted(p for p in (ROOT / "examples/cases/jim").glob("*.json") if p.name != "codebook.json")
BAD = sorted((ROOT / "tests/data/codebook").glob("bad-*.json"))


def test_there_are_cases_to_check():
    assert len(JIM) >= 10
    assert len(BAD) >= 5


@pytest.mark.parametrize("path", JIM, ids=lambda p: p.stem)
def test_score_equals_the_cli(path, cli):
    code, out, err = cli("score", path, "--format", "json")
    assert code == 0, err
    assert attrib.Case.from_path(path).score().to_dict() == json.loads(out)


@pytest.mark.parametrize("path", JIM, ids=lambda p: p.stem)
def test_compare_and_perspectives_equal_the_cli(path, cli):
    case = attrib.Case.from_path(path)
    code, out, err = cli("compare", path, "--format", "json")
    assert code == 0, err
    compared = case.compare().to_dict()
    assert compared == json.loads(out)
    ids = case.perspectives()
    assert ids[0] == "base"
    assert ids == [p["id"] for p in compared["perspectives"]]
    for pid in ids[1:]:
        code, out, err = cli("score", path, "--perspective", pid, "--format", "json")
        assert code == 0, err
        seen = case.perspective(pid)
        assert seen.score().to_dict() == json.loads(out)
        assert seen.score().perspective == pid
        assert seen.perspectives() == ["base"]


@pytest.mark.parametrize("path", JIM[:3], ids=lambda p: p.stem)
def test_monte_carlo_and_leave_one_out_are_the_cli_sensitivity(path, cli):
    case = attrib.Case.from_path(path)
    code, out, err = cli("sensitivity", path, "--draws", "300", "--seed", "7", "--format", "json")
    assert code == 0, err
    want = json.loads(out)
    mc = case.monte_carlo(draws=300, seed=7).to_dict()
    loo = case.leave_one_out().to_dict()
    assert mc == {k: want[k] for k in mc}
    assert loo == {k: want[k] for k in loo}
    assert set(mc) == {"draws", "seed", "posterior", "leader_holds", "verdict_holds", "contradictory_draws"}
    assert set(loo) == {"leave_one_out", "linchpins"}
    assert case.sensitivity(draws=300, seed=7).to_dict() == want


@pytest.mark.parametrize("path", JIM[:4], ids=lambda p: p.stem)
def test_chain_is_the_cli_reports_chain(path, cli):
    code, out, err = cli("report", path, "--format", "json", "--draws", "100", "-q")
    assert code == 0, err
    chain = attrib.Case.from_path(path).chain()
    assert chain.to_dict() == json.loads(out)["chain"]
    steps = chain.to_frame()
    # every step of the case, in order, and its findings' weights add up to
    # the step's weight
    assert [s for s in steps.index if s is not None] == [
        link["step"] for link in chain.links if link["step"] is not None
    ]
    findings = chain.to_frame("findings")
    for link in chain.links:
        if link["weight"] is not None and all(f["weight"] is not None for f in link["findings"]):
            total = sum(f["weight"] for f in link["findings"])
            assert abs(total - link["weight"]) < 1e-9
            assert len(findings[findings["step"] == link["step"]]) == len(link["findings"])
    rivals = chain.to_frame("rivals")
    assert list(rivals.index) == [r["hypothesis"] for r in chain.rivals]
    with pytest.raises(ValueError):
        chain.to_frame("nope")


def test_chain_of_a_built_case_by_hand():
    # drop 0.95:0.05 (19:1) in step "how", radar 0.6:0.4 (1.5:1) in "who"
    case = (attrib.Case.builder().hypothesis("a", "A").hypothesis("b", "B").threshold(0.8)
            .evidence(attrib.Evidence.builder("drop").likelihood("a", 0.95).likelihood("b", 0.05))
            .build())
    chain = case.chain()
    assert chain.carrier is None  # no steps declared: one link without a step
    assert chain.links[0]["step"] is None
    assert abs(chain.links[0]["weight"] - 10 * math.log10(19)) < 1e-9
    assert abs(chain.rivals[0]["probability"] - 0.05) < 1e-12


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_bad_files_raise_the_cli_message(path, cli):
    code, out, err = cli("score", path, "--format", "json")
    assert out == ""
    with pytest.raises(attrib.Error) as raised:
        attrib.Case.from_path(path)
    assert err == f"error: {raised.value}\n"
    # the exit status follows the kind: 3 for a file that cannot be read
    # (text that is not JSON is invalid input: 1, and a ValueError too)
    file_error = isinstance(raised.value, attrib.FileError) and not isinstance(raised.value, ValueError)
    assert code == (3 if file_error else 1)


def test_missing_file_and_bad_syntax_raise_the_cli_message(cli, tmp_path):
    missing = tmp_path / "nowhere.json"
    broken = tmp_path / "broken.json"
    broken.write_text('{"version": 1, "hypotheses": [')
    for path, status in [(missing, 3), (broken, 1)]:
        code, _, err = cli("score", path)
        assert code == status
        with pytest.raises(attrib.FileError) as raised:
            attrib.Case.from_path(path)
        assert err == f"error: {raised.value}\n"
    with pytest.raises(FileNotFoundError):
        attrib.Case.from_path(missing)


def test_from_json_and_errors_without_the_cli():
    text = (ROOT / "tests/data/codebook/codebook.json").read_text()
    case = attrib.Case.from_json(
        '{"version": 1, "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],'
        ' "evidence": [{"id": "e3", "description": "", "likelihoods": {"a": 0.9, "b": 0.1}}]}'
    )
    assert case.score().posterior == pytest.approx({"a": 0.9, "b": 0.1}, rel=1e-15)
    assert attrib.Case.from_json(case.to_json()).score().to_dict() == case.score().to_dict()
    assert "2 hypotheses" in repr(case)
    with pytest.raises(attrib.Error) as raised:
        attrib.Case.from_json(
            '{"version": 1, "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],'
            ' "evidence": [{"id": "e3", "description": "", "likelihoods": {"a": 0.5, "b": 1.2}}]}'
        )
    assert str(raised.value) == "evidence 'e3': likelihood for 'b' is 1.2, must be in 0..=1"
    with pytest.raises(attrib.Error, match="perspective 'nobody'"):
        case.perspective("nobody")
    with pytest.raises(attrib.Error):
        case.monte_carlo(draws=0)
    assert text  # the codebook is not a case: it needs from_path's context
    assert issubclass(attrib.Error, Exception)


def test_help_says_what_score_returns():
    doc = attrib.Case.score.__doc__
    assert "attrib score FILE --format json" in doc
    assert "posterior" in doc and "verdict" in doc and "ledger" in doc
    assert "(cases, items, hypotheses)" in " ".join(attrib.score_batch.__doc__.split())
