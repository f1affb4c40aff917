from typing import Any, Literal, Optional, Sequence

import numpy as np
import numpy.typing as npt

class _Result:
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self, indent: Optional[int] = None) -> str: ...
    def _repr_html_(self) -> str: ...
    def __getattr__(self, name: str) -> Any: ...

class MonteCarlo(_Result):
    samples: Optional[npt.NDArray[np.float64]]
    hypotheses: list[str]
    draws: int
    seed: int
    posterior: dict[str, dict[str, float]]
    leader_holds: float
    verdict_holds: float
    contradictory_draws: int
    def __init__(self, d: dict[str, Any], samples: Optional[npt.NDArray[np.float64]] = None,
                 hypotheses: Optional[Sequence[str]] = None) -> None: ...
    def to_frame(self) -> Any: ...
    def to_xarray(self) -> Any: ...

class LeaveOneOut(_Result):
    leave_one_out: list[dict[str, Any]]
    linchpins: list[str]
    def __init__(self, d: dict[str, Any]) -> None: ...
    def to_frame(self) -> Any: ...

class Chain(_Result):
    leader: str
    runner_up: str
    carrier: Optional[str]
    links: list[dict[str, Any]]
    rivals: list[dict[str, Any]]
    def __init__(self, d: dict[str, Any]) -> None: ...
    def to_frame(self, table: Literal["steps", "findings", "rivals"] = "steps") -> Any: ...

class Compare(_Result):
    perspectives: list[dict[str, Any]]
    def __init__(self, d: dict[str, Any]) -> None: ...
    def to_frame(self) -> Any: ...

class Sensitivity(_Result):
    draws: int
    seed: int
    posterior: dict[str, dict[str, float]]
    point: dict[str, Any]
    leave_one_out: list[dict[str, Any]]
    linchpins: list[str]
    break_even: list[dict[str, Any]]
    break_even_evidence: list[dict[str, Any]]
    conflict: Optional[float]
    def __init__(self, d: dict[str, Any]) -> None: ...
    @property
    def monte_carlo(self) -> MonteCarlo: ...
    @property
    def leave_one_out_result(self) -> LeaveOneOut: ...
    def to_frame(self, table: str = "monte_carlo") -> Any: ...
