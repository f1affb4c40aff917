"""A notebook's session with attrib, as one script (CI runs it).

Builds a small case in Python (three hypotheses, two sources, a group of
witnesses, a sceptical perspective), scores it, shows the posterior and
the ledger as pandas DataFrames, compares the perspectives, runs Monte
Carlo keeping its draws, and plots them with matplotlib when it is
installed (saved as a PNG: the path given, or attrib-draws.png in the
temporary folder). In Jupyter, each `show(...)` is a cell's last line, and
`case` alone shows the verdict box (`_repr_html_`).

    python python/examples/notebook.py [PNG]

Needs pandas (`pip install "./python[pandas,xarray]"`); matplotlib is
optional.
"""

import pathlib
import sys
import tempfile

import attrib


def show(title, x):
    print(f"\n## {title}\n{x}")


def build():
    """The case: who shot down the drone?"""
    return (
        attrib.Case.builder()
        .title("Drone down over the river")
        .hypothesis("army", "The army's air defence")
        .hypothesis("militia", "The militia's MANPADS")
        .catch_all("other", "Another cause (a fault, a third party)")
        .source("radar", "Allied radar", 0.9)
        .source_grade("residents", "Residents", "C")
        .group("witnesses", 0.5)
        .likelihood_concentration(20.0)
        .evidence(attrib.Evidence.builder("radar-track").description("A radar track from the army's battery")
                  .likelihood("army", 0.7).likelihood("militia", 0.05).likelihood("other", 0.05)
                  .source("radar"))
        .evidence(attrib.Evidence.builder("saw-smoke-trail").description("Residents saw a smoke trail from the east bank")
                  .likelihood_range("army", 0.2, 0.4).likelihood("militia", 0.6).likelihood("other", 0.1)
                  .source("residents").group("witnesses"))
        .evidence(attrib.Evidence.builder("heard-two-blasts").description("Residents heard two blasts")
                  .likelihood("army", 0.6).likelihood("militia", 0.3).likelihood("other", 0.2)
                  .source("residents").group("witnesses"))
        .perspective(attrib.Perspective.builder("radar-doubted").label("The radar at half trust")
                     .discount_source("radar", 0.5))
        .build()
    )


def main():
    import pandas as pd

    pd.set_option("display.width", 120)
    case = build()
    show("the case", case)
    score = case.score()
    show("score", score)
    show("posterior", score.to_frame().round(4))
    show("ledger (decibans, the leader against each rival)", score.to_frame("ledger").round(2))
    show("perspectives", case.compare().to_frame().round(4))
    show("without the radar", case.without_evidence("radar-track").score())
    show("leave one out", case.leave_one_out().to_frame().round(4))

    mc = case.monte_carlo(draws=4000, seed=1, keep_draws=True)
    show("Monte Carlo", mc)
    show("Monte Carlo summary", mc.to_frame().round(4))
    try:
        show("the draws, labelled (xarray)", mc.to_xarray().mean("draw").round(4))
    except ImportError:
        print("(xarray not installed: no DataArray)")

    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("\n(matplotlib not installed: no plot)")
        return
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(tempfile.gettempdir()) / "attrib-draws.png"
    fig, ax = plt.subplots(figsize=(7, 3.5))
    for k, h in enumerate(mc.hypotheses):
        ax.hist(mc.samples[:, k], bins=60, range=(0, 1), alpha=0.6, label=h)
    ax.axvline(score.verdict["threshold"], color="black", linestyle="--", label="threshold")
    ax.set_xlabel("posterior probability")
    ax.set_ylabel("draws")
    ax.set_title(f"{case.title}: {mc.draws} Monte Carlo draws")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=80)
    print(f"\nplot: {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
