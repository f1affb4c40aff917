"""Type stubs of the attrib package (the Python binding of the Rust crate).

Every dict is the JSON the crate builds, as the command line prints it with
``--format json``; its shape is documented on each method and in the crate's
``attrib::report`` module.
"""

import os
from typing import Any, Optional, Union

import numpy as np
import numpy.typing as npt

__all__ = ["Case", "Error", "score_batch"]

class Error(Exception):
    """An error of the attrib crate. ``str(e)`` is the crate's message
    exactly, the text the command line prints after ``error: ``: lowercase,
    naming the item and field at fault, the value and the range it must be
    in."""

class Case:
    """A case, read from a case file (docs/model.md section 7), possibly seen
    from one of its perspectives."""

    @classmethod
    def from_path(cls, path: Union[str, "os.PathLike[str]"]) -> "Case":
        """Reads a case file and the codebook it names, if any (a path
        relative to the case file).

        Raises :class:`Error` with the message ``attrib score FILE`` prints
        after ``error: `` when the file cannot be read or is not a valid
        case."""
    @classmethod
    def from_json(cls, text: str) -> "Case":
        """Reads a case from the text of a case file (one that names no
        codebook). Raises :class:`Error` when it is not a valid case."""
    def score(self) -> dict[str, Any]:
        """Scores the case: the dict ``attrib score FILE --format json``
        prints: ``title``, ``posterior`` ({hypothesis: probability}),
        ``ln_posterior``, ``words`` (ICD 203), ``leader``, ``verdict``
        (``status``, ``hypothesis``, ``threshold``, ``probability``),
        ``bayes_factors`` (leader against each rival: ``ln``, ``decibans``,
        ``enfsi``), ``ledger`` (``evidence``, ``for``, ``against``,
        ``decibans``), ``warnings`` and ``perspective`` (``base`` for the
        case as written). Infinite weights are None.

        Raises :class:`Error` when every hypothesis is eliminated."""
    def monte_carlo(self, draws: int = 10000, seed: int = 0) -> dict[str, Any]:
        """Seeded Monte Carlo (docs/model.md section 6): the Monte Carlo
        part of ``attrib sensitivity FILE --format json``: ``draws``,
        ``seed``, ``posterior`` ({hypothesis: {``mean``, ``q05``, ``q50``,
        ``q95``}}), ``leader_holds``, ``verdict_holds``,
        ``contradictory_draws``. Raises :class:`Error` for 0 draws."""
    def leave_one_out(self) -> dict[str, Any]:
        """The case without each item in turn: the leave-one-out part of
        ``attrib sensitivity FILE --format json``: ``leave_one_out`` (per
        item: ``evidence``, ``posterior``, ``leader``, ``verdict``,
        ``linchpin``) and ``linchpins``."""
    def perspectives(self) -> list[str]:
        """The ids of the perspectives, ``base`` (the case as written)
        first."""
    def perspective(self, id: str) -> "Case":
        """The case seen from perspective ``id`` (``base``: as written).
        Raises :class:`Error` when there is no such perspective."""
    def compare(self) -> dict[str, Any]:
        """The case from every perspective: what ``attrib compare FILE
        --format json`` prints, ``{"perspectives": [...]}`` with ``base``
        first, each with ``id``, ``label``, ``posterior``, ``leader``,
        ``verdict``, ``runner_up``, ``bayes_factor``."""
    def sensitivity(self, draws: int = 10000, seed: int = 0) -> dict[str, Any]:
        """Everything ``attrib sensitivity FILE --format json`` prints: the
        fields of :meth:`monte_carlo`, ``point``, the fields of
        :meth:`leave_one_out`, break-even discounts and the conflict."""
    def to_json(self) -> str:
        """The case as a case file."""
    def _score_json_text(self) -> str:
        """Private (benchmark): what :meth:`score` returns, as JSON text."""
    def _score_rust_only(self, n: int) -> float:
        """Private (benchmark): seconds for ``n`` scorings in a Rust loop."""

def score_batch(
    ln_likelihoods: npt.NDArray[np.float64],
    ln_prior: Optional[npt.NDArray[np.float64]] = None,
) -> npt.NDArray[np.float64]:
    """Scores many cases of independent evidence through the Rust batch
    scorer, with the GIL released.

    ``ln_likelihoods``: float64, shape (cases, items,
    hypotheses); ``[c, e, h]`` is ``ln P(e | h)`` for item ``e`` of case
    ``c``. Items are independent at reliability 1; any finite value counts
    (only differences between hypotheses within an item matter); ``-inf``
    eliminates; NaN and ``+inf`` raise.

    ``ln_prior``: None (uniform), or log prior weights (up to a constant)
    of shape (hypotheses,) or (cases, hypotheses).

    Returns float64 posteriors of shape (cases, hypotheses),
    ``∝ exp(ln_prior[h] + sum_e ln_likelihoods[c, e, h])``; a row of zeros
    for a contradictory case. Raises :class:`Error` naming the argument for
    a bad type, dtype, shape, NaN or +inf. A C-contiguous aligned
    array is read in place; a strided view or misaligned buffer is copied
    once first."""

def _score_batch_rust(ln_likelihoods: npt.NDArray[np.float64], repeats: int) -> float:
    """Private (benchmark): seconds per run of the scorer in a Rust loop."""

def _batch_rust(ln_likelihoods: npt.NDArray[np.float64], repeats: int) -> float:
    """Private (benchmark): seconds per run of ``attrib::Batch::score_into``
    on the same cases, built as compiled cases (building not timed)."""
