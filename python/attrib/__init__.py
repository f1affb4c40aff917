"""Bayesian attribution scoring: who most probably did it, given evidence of
uneven quality.

The Python binding of the Rust crate ``attrib`` (docs/model.md in the
repository specifies the model). It is a thin layer: every result is the
JSON the crate builds, the same the command line prints with
``--format json``, as Python dicts and lists; every error is
:class:`attrib.Error` with the crate's message.

>>> import attrib
>>> case = attrib.Case.from_path("examples/cases/jim/sarmin-2015-03-16.json")  # doctest: +SKIP
>>> case.score()["verdict"]                                                      # doctest: +SKIP
{'hypothesis': 'government', 'probability': 0.99..., 'status': 'attributed', 'threshold': 0.95}

Many cases at once, from a NumPy array of log-likelihoods of shape
(cases, items, hypotheses): :func:`attrib.score_batch`.
"""

from ._attrib import Case, Error, score_batch
from ._attrib import _batch_rust, _score_batch_rust  # private: python/benches/bench.py

__all__ = ["Case", "Error", "score_batch"]
