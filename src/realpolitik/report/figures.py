"""The figures of a report, built from an :class:`~realpolitik.report.Explanation`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from matplotlib.figure import Figure

from ..errors import RealpolitikError
from . import plots

__all__ = ["ReportFigure", "report_figures"]


@dataclass(frozen=True)
class ReportFigure:
    """One figure: where it goes (``section``), its name, caption and the figure."""

    section: str
    name: str
    caption: str
    figure: Figure


def report_figures(explanation: Any, *, perception_actor: str | None = None,
                   notes: list[str] | None = None, brief: Any = None) -> list[ReportFigure]:
    """Every figure the explanation (and the brief, if given) supports.

    A figure that cannot be drawn adds a note instead.
    """
    out: list[ReportFigure] = []
    notes = notes if notes is not None else []

    def add(section: str, name: str, caption: str, make: Callable[..., Figure]) -> None:
        # make is called with no argument; the lambdas below bind their loop values as defaults
        try:
            out.append(ReportFigure(section, name, caption, make()))
        except (RealpolitikError, KeyError, ValueError) as exc:
            notes.append(f"figure {name} not drawn: {exc}")

    sweep = getattr(brief, "sweep", None)
    if sweep is not None:
        tips = [t.value for t in brief.tipping_points if t.input == sweep.input]
        head = brief.headline.probability if brief.headline is not None else None
        add("summary", "sweep-headline",
            f"The headline probability with {sweep.label} fixed at each value of its whole plausible range "
            f"(the other inputs sampled, {sweep.n} samples per point); shaded: the range the scenario assumes.",
            lambda: plots.sweep_figure(sweep, headline=head, tipping=tips))
    for b in explanation.bargaining:
        add("forecasts", f"trajectories-{b.issue_id}",
            f"Positions of each actor by round in the expected-utility model ({b.issue_id}; "
            f"capabilities: {b.capability_basis}). Dashed: the capability × salience weighted median.",
            lambda b=b: plots.trajectories_figure(b))
        actor = perception_actor if perception_actor in b.actor_names else b.pivotal_actor
        add("forecasts", f"perception-{b.issue_id}-{actor}",
            f"How {b.name(actor)} sees every other actor in the first round: its expected utility of "
            f"challenging them (x) against theirs of challenging it (y).",
            lambda b=b, actor=actor: plots.perception_figure(b, actor))
    if getattr(explanation, "exchange", None) is not None:
        from .exchange import figures as exchange_figures

        for name, caption, make in exchange_figures(explanation.exchange):
            add("exchange", name, caption, make)
    for g in explanation.games:
        add("game", f"tree-{g.game_id}", f"The game {g.game_id}; the equilibrium path is in red.",
            lambda g=g: plots.game_tree_figure(g))
    u = explanation.uncertainty
    if u is not None and u.inputs:
        for b in explanation.bargaining:
            col = f"bargaining.{b.issue_id}.eu"
            if col in u.samples:
                add("uncertainty", f"distribution-{b.issue_id}",
                    f"Distribution of the expected-utility forecast of {b.issue_id} over {u.n:,} samples of the "
                    f"uncertain inputs; dashed lines: the point forecasts.",
                    lambda b=b, col=col: plots.forecast_distribution_figure(
                        u.samples[col].to_numpy(float), scale=b.scale, label=f"{b.issue_id} forecast (EU model)",
                        points={k: v for k, v in b.forecasts.items() if k in ("eu", "compromise", "median")}))
        for name, grp in u.outcomes.groupby("output", sort=False):
            # the path and the forecast's anchor; per-player choices repeat the path
            if not (name.endswith(".path") or name.endswith(".anchor")):
                continue
            said = u.output_label(str(name))
            add("uncertainty", f"outcomes-{name}", f"Probability of each outcome of {said} (95 % intervals).",
                lambda grp=grp, said=said: plots.outcome_probabilities_figure(grp, title=f"Outcomes: {said}"))
        for name, tor in u.tornado.items():
            add("uncertainty", f"tornado-{name}",
                f"Tornado chart of {u.output_label(name)}: each input at its 5 % and 95 % quantile, the others at "
                "their point values.",
                lambda tor=tor, name=name: plots.tornado_figure(tor, base=u.base.get(name), output=_short_target(u, name)))
    return out


def _short_target(u: Any, name: str) -> str:
    """A sensitivity target short enough for a figure's axis: ``NAME=VALUE`` names its value only by role.

    The target of a discrete output is its most likely outcome (report/uncertainty.py); the
    outcome in words is in the caption and the section's heading.
    """
    base, eq, _ = str(name).partition("=")
    return f"{u.output_label(base)}: the most likely outcome (1 = yes)" if eq else u.output_label(base)
