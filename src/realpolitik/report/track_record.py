"""The report's "Track record" section: how the scenario's forecasts scored, from the registry.

Fed by a :class:`~realpolitik.registry.scores.ScoreReport` of the scenario's questions
(``realpolitik report SCENARIO --db URL``; :func:`realpolitik.registry.scores.load_scores`).
The section is data in, blocks out: nothing here opens a database.
"""

from __future__ import annotations

import math
from typing import Any

from ._format import pct
from .document import Block, Cell

__all__ = ["TRACK_RECORD_ID", "track_record_blocks"]

#: Anchor of the section (present only when a registry was given).
TRACK_RECORD_ID = "track-record"


def _words(p: Any) -> str:
    from ..analysis.brief import estimative_words

    if p is None or not math.isfinite(float(p)):
        return "—"
    return f"{estimative_words(float(p))} ({pct(p)})"


def _n(x: Any) -> str:
    return "—" if x is None or not math.isfinite(float(x)) else f"{float(x):.3f}"


def track_record_blocks(scenario: Any, scores: Any) -> list[Block]:
    """The "Track record" section of ``scenario`` from ``scores`` (its questions' score report).

    Parameters
    ----------
    scenario : Scenario
    scores : ScoreReport
        Usually ``load_scores(registry, scenario=scenario.id)``. The registry's address is not
        written into the report (it may be a private path or host).
    """
    c = Cell
    B = [Block("h2", text="Track record", anchor=TRACK_RECORD_ID)]
    src = " in the forecast registry"
    if not scores.questions and not scores.unscored:
        B.append(Block("note", text=f"No question of this scenario is recorded{src}: run `realpolitik registry "
                                    f"record {scenario.id}` and `realpolitik registry resolve --scenario "
                                    f"{scenario.id}`."))
        return B
    B.append(Block("p", text=(
        f"How the forecasts recorded{src} scored once the questions resolved: the multi-category Brier score of "
        "the last forecast standing at the close (0 is perfect, 2 the worst; 0.5 for 50 % on a yes/no question) "
        "and the natural log of the probability given to what happened (0 is perfect; probabilities floored at "
        "0.1 %). model:uniform gives every option the same probability; model:base-rate gives a yes/no question "
        "the share of forecasting-platform questions that resolved yes (docs/registry.md).")))
    rows = [(c(f.forecaster), c(str(f.questions)), c(_n(f.brier)), c(_n(f.log)), c(", ".join(f.kinds)))
            for f in scores.forecasters]
    if rows:
        B.append(Block("table", headers=("forecaster", "questions scored", "mean Brier (0–2)", "mean log", "kind"),
                       rows=tuple(rows)))
    qrows = []
    for s in sorted(scores.questions, key=lambda s: (s.id, math.inf if s.brier is None else s.brier)):
        prob = _words(s.probabilities.get(s.outcome)) if s.probabilities else f"distribution (CRPS {_n(s.crps)})"
        qrows.append((c(s.title), c(str(s.outcome)), c(s.forecaster), c(prob), c(_n(s.brier)), c(_n(s.log))))
    if qrows:
        B.append(Block("table", headers=("question", "outcome", "forecaster", "probability of the outcome",
                                         "Brier (0–2)", "log"), rows=tuple(qrows)))
    if any(s.kind == "backtest" for s in scores.questions):
        B.append(Block("note", text=(
            "Backtest: these forecasts were recorded after the questions closed, from the evidence up to the "
            f"scenario's information cut-off ({scenario.metadata.as_of.isoformat()}); they are not live forecasts.")))
    if scores.unscored:
        titles = {f"{scenario.id}/{q.id}": q.title for q in scenario.questions}
        items = tuple(c(f"{titles.get(u['id'], u['id'])} ({u['status']})") for u in scores.unscored)
        B.append(Block("p", text="Not scored yet:"))
        B.append(Block("list", items=items))
    return B
