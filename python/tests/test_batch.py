"""`attrib.score_batch` against `Case.score` on the equivalent case files,
its errors, and a small Dask run against the single-process result."""

import json
import math

import numpy as np
import pytest

import attrib


def generate(cases, items, hypotheses, seed):
    """ln likelihoods of likelihoods spread over 30 decades, some exactly 0."""
    rng = np.random.default_rng(seed)
    x = -69.0 * rng.random((cases, items, hypotheses)) ** 4
    x[rng.random(x.shape) < 0.002] = -np.inf
    return x


def case_json(ln_l, ln_prior=None):
    """The case file whose items have the likelihoods exp(ln_l): the case
    `score_batch` scores."""
    hyps = [f"h{k}" for k in range(ln_l.shape[1])]
    case = {
        "version": 1,
        "hypotheses": [{"id": h, "label": h.upper()} for h in hyps],
        "evidence": [
            {
                "id": f"e{i}",
                "description": "",
                "likelihoods": {h: math.exp(v) for h, v in zip(hyps, row)},
            }
            for i, row in enumerate(ln_l)
        ],
    }
    if ln_prior is not None:
        case["prior"] = {h: math.exp(v) for h, v in zip(hyps, ln_prior)}
    return json.dumps(case)


def loop_of_scores(x, prior=None):
    """Case.score for every case, posteriors in the case's order; a row of
    zeros for a contradictory case."""
    out = np.zeros((x.shape[0], x.shape[2]))
    for c in range(x.shape[0]):
        p = None if prior is None else (prior if prior.ndim == 1 else prior[c])
        try:
            post = attrib.Case.from_json(case_json(x[c], p)).score().posterior
        except attrib.Error as e:
            assert "eliminate" in str(e) or "contradict" in str(e), str(e)
            continue
        out[c] = [post[f"h{k}"] for k in range(x.shape[2])]
    return out


@pytest.mark.parametrize("shape", [(300, 20, 4), (50, 3, 7), (20, 0, 3), (1, 1, 2)])
def test_score_batch_equals_looping_case_score(shape):
    x = generate(*shape, seed=sum(shape))
    got = attrib.score_batch(x)
    assert got.shape == (shape[0], shape[2]) and got.dtype == np.float64
    np.testing.assert_allclose(got, loop_of_scores(x), rtol=0, atol=1e-12)


def test_score_batch_with_priors_equals_looping_case_score():
    x = generate(100, 20, 4, seed=5)
    rng = np.random.default_rng(6)
    shared = np.log(rng.random(4) + 0.01)
    per_case = np.log(rng.random((100, 4)) + 0.01)
    for prior in [shared, per_case]:
        got = attrib.score_batch(x, ln_prior=prior)
        np.testing.assert_allclose(got, loop_of_scores(x, prior), rtol=0, atol=1e-12)
    np.testing.assert_array_equal(
        attrib.score_batch(x, shared), attrib.score_batch(x, np.tile(shared, (100, 1)))
    )


def test_contradictory_cases_are_rows_of_zeros():
    x = generate(3, 2, 2, seed=1)
    x[1, 0, :] = -np.inf
    got = attrib.score_batch(x)
    assert list(got[1]) == [0.0, 0.0]
    np.testing.assert_allclose(got[[0, 2]].sum(axis=1), 1.0, rtol=0, atol=1e-15)


def test_score_batch_reads_any_layout():
    # a view of a larger C-contiguous array (the first cases) is read as is;
    # strided views and misaligned buffers are copied first
    x = generate(10, 5, 3, seed=2)
    want = attrib.score_batch(x)
    np.testing.assert_array_equal(attrib.score_batch(x[:4]), want[:4])
    np.testing.assert_array_equal(attrib.score_batch(x[::2]), want[::2])
    np.testing.assert_array_equal(
        attrib.score_batch(np.asfortranarray(x)), want
    )
    raw = np.empty(x.nbytes + 1, dtype=np.uint8)
    misaligned = raw[1:].view(np.float64).reshape(x.shape)
    misaligned[...] = x
    assert not misaligned.flags.aligned
    np.testing.assert_array_equal(attrib.score_batch(misaligned), want)


def test_score_batch_errors_name_the_argument():
    x = generate(4, 3, 2, seed=3)
    bad = x.copy()
    bad[2, 1, 0] = np.nan
    with pytest.raises(attrib.InvalidValue) as e:
        attrib.score_batch(bad)
    assert str(e.value) == (
        "ln_likelihoods[2, 1, 0] is NaN, must be in -inf..+inf (a finite natural log, or -inf to eliminate)"
    )
    assert isinstance(e.value, ValueError) and e.value.field == "ln_likelihoods"
    assert e.value.kind == "OutOfRange"
    bad[2, 1, 0] = np.inf
    with pytest.raises(attrib.Error, match=r"^ln_likelihoods\[2, 1, 0\] is inf"):
        attrib.score_batch(bad)
    with pytest.raises(attrib.UsageError) as e:
        attrib.score_batch(x[0])
    assert str(e.value) == (
        "ln_likelihoods must be a numpy.float64 array of shape (cases, items, hypotheses), not an array of shape [3, 2]"
    )
    with pytest.raises(attrib.Error, match=r"^ln_prior must have shape \(2,\) or \(4, 2\)"):
        attrib.score_batch(x, np.zeros(3))
    with pytest.raises(attrib.Error, match=r"^ln_prior\[1\] is NaN"):
        attrib.score_batch(x, np.array([0.0, np.nan]))
    with pytest.raises(attrib.Error, match=r"^ln_prior\[3, 0\] is inf"):
        p = np.zeros((4, 2))
        p[3, 0] = np.inf
        attrib.score_batch(x, p)
    with pytest.raises(ValueError, match=r"^hypotheses is 0"):
        attrib.score_batch(np.zeros((2, 3, 0)))


def test_dask_local_cluster_equals_one_process():
    da = pytest.importorskip("dask.array")
    distributed = pytest.importorskip("distributed")
    x = generate(4000, 20, 4, seed=8)
    want = attrib.score_batch(x)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster):
        dx = da.from_array(x, chunks=(1000, 20, 4))
        got = dx.map_blocks(
            attrib.score_batch, drop_axis=1, chunks=(dx.chunks[0], (4,)), dtype=np.float64
        ).compute()
    np.testing.assert_array_equal(got, want)
