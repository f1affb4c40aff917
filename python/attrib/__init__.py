"""Bayesian attribution scoring: who most probably did it, given evidence of
uneven quality.

The Python binding of the Rust crate ``attrib`` (docs/model.md in the
repository specifies the model). Results are objects with attributes,
``to_dict()`` (the JSON the command line prints with ``--format json``),
``to_json()``, and ``to_frame()`` where pandas is installed; errors are
subclasses of :class:`attrib.Error`, one per kind of the crate's error.

>>> import attrib
>>> case = attrib.Case.from_path("examples/cases/jim/sarmin-2015-03-16.json")
>>> score = case.score()
>>> score.verdict["status"], score.leader, round(score.verdict["probability"], 3)
('insufficient', 'government', 0.546)
>>> score.to_frame().round(3)
                 probability                words  bayes_factor
hypothesis
government             0.546  roughly even chance         1.000
isil                   0.012     almost no chance        46.203
opposition             0.011     almost no chance        47.864
other-actor            0.017     almost no chance        31.274
no-chemical-use        0.414             unlikely         2.546

Cases built in Python: :meth:`Case.builder`, :meth:`Case.from_dict`.
Many cases at once, from a NumPy array of log-likelihoods of shape
(cases, items, hypotheses): :func:`attrib.score_batch`.
"""

from . import errors
from ._attrib import Case, CaseBuilder, EvidenceBuilder, PerspectiveBuilder, Score
from ._attrib import _batch_rust, _score_batch_rust  # private: python/benches/bench.py
from ._batch import score_batch
from ._errors import (
    Contradictory,
    Error,
    FileError,
    FileNotFound,
    InvalidCase,
    InvalidValue,
    MatrixError,
    NotFound,
    OutputError,
    UsageError,
)
from ._results import Chain, Compare, LeaveOneOut, MonteCarlo, Sensitivity


class Evidence:
    """Evidence items are built with ``attrib.Evidence.builder(id)``, as in
    Rust (an :class:`EvidenceBuilder`), and added with
    ``Case.builder().evidence(...)``."""

    builder = EvidenceBuilder


class Perspective:
    """Perspectives are built with ``attrib.Perspective.builder(id)``, as in
    Rust (a :class:`PerspectiveBuilder`), and added with
    ``Case.builder().perspective(...)``."""

    builder = PerspectiveBuilder


__all__ = [
    "Case", "CaseBuilder", "Evidence", "EvidenceBuilder", "Perspective",
    "PerspectiveBuilder", "Score", "MonteCarlo", "LeaveOneOut", "Chain", "Compare",
    "Sensitivity", "score_batch", "errors", "Error", "InvalidValue",
    "InvalidCase", "FileError", "FileNotFound", "Contradictory", "UsageError",
    "NotFound", "MatrixError", "OutputError",
]
