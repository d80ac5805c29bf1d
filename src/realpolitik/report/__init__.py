"""Explain and report: why each actor moves, plots, and a publishable report with its sources.

* :func:`explain` runs every engine on a scenario and returns one frozen
  :class:`Explanation` (data first: ``to_dict()``; then text: ``text()``),
  built from :func:`explain_bargaining` (moves per round, distance
  travelled, leave-one-out influence, the pivotal actor), the games
  explanation (:class:`GameExplanation`: equilibrium path, each decision's
  alternatives in the scenario's own terms, thresholds) and
  :func:`explain_uncertainty` (distributions, outcome probabilities, drivers).
* :mod:`realpolitik.report.plots`: trajectories, perception quadrant chart,
  forecast distribution, outcome probabilities, tornado, game tree.
* :func:`build_report` / :func:`write_report`: one self-contained HTML or
  Markdown file with the sources as numbered footnotes.

>>> import realpolitik
>>> from realpolitik.report import explain_bargaining
>>> explain_bargaining(realpolitik.load_any("belarus-2022")).pivotal_actor
'russia'
"""

from . import plots
from .bargaining import ActorInfluence, BargainingExplanation, Challenge, RoundSummary, explain_bargaining
from .build import build_report, format_for, write_report
from .document import REPORT_SECTIONS, SECTION_IDS, ReportContext, Section
from .explain import SECTIONS, Explanation, explain
from .figures import ReportFigure, report_figures
from .games import Alternative, Decision, GameExplanation, Threshold, explain_extensive
from .sources import Footnotes, format_source
from .uncertainty import Driver, UncertaintyExplanation, explain_uncertainty, input_label

__all__ = [
    "ActorInfluence", "Alternative", "BargainingExplanation", "Challenge", "Decision", "Driver", "Explanation",
    "Footnotes", "GameExplanation", "REPORT_SECTIONS", "ReportContext", "ReportFigure", "RoundSummary", "SECTIONS",
    "SECTION_IDS", "Section", "Threshold",
    "UncertaintyExplanation", "build_report", "explain", "explain_bargaining", "explain_extensive",
    "explain_uncertainty", "format_for", "format_source", "input_label", "plots", "report_figures",
    "write_report",
]
