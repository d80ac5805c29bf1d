"""``build_report`` / ``write_report``: a scenario to one self-contained HTML or Markdown file.

Examples
--------
>>> import realpolitik
>>> from realpolitik.report import build_report
>>> page = build_report(realpolitik.load_any("ec-emissions-1994"), fmt="md", samples=64, sensitivity_n=0)
>>> page.startswith("# EC emission standards")
True
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

from ..errors import InputError
from .._io import write_atomic
from .document import render_html, render_markdown, report_blocks
from .explain import explain
from .figures import report_figures
from .sources import Footnotes

__all__ = ["FORMATS", "build_report", "write_report", "format_for"]

#: Report formats and the file suffixes that select them.
FORMATS = {"html": (".html", ".htm"), "md": (".md", ".markdown")}


def format_for(path: str | Path) -> str:
    """The report format implied by a file name (``report.html`` -> ``"html"``)."""
    suffix = Path(path).suffix.lower()
    for fmt, suffixes in FORMATS.items():
        if suffix in suffixes:
            return fmt
    raise InputError(f"{path}: cannot tell the report format from the suffix {suffix!r}",
                     expected="a .html or .md file name")


def build_report(scenario: Any, *, fmt: str = "html", explanation: Any = None, image_format: str = "png",
                 perception_actor: str | None = None, progress: Callable[[str], None] | None = None,
                 generated: dt.datetime | None = None, track_record: Any = None, **explain_options: Any) -> str:
    """The report of ``scenario`` as one string (HTML or Markdown, images embedded).

    Parameters
    ----------
    scenario : Scenario
    fmt : {"html", "md"}
    explanation : Explanation, optional
        A precomputed :func:`~realpolitik.report.explain` result (else computed here with
        ``explain_options``: ``samples``, ``sensitivity_n``, ``rng``, ``capability`` ...).
    image_format : {"png", "svg"}
    perception_actor : str, optional
        Whose perception chart to draw (default: the pivotal actor of each issue).
    progress : callable(str), optional
    generated : datetime, optional
        Timestamp written in the header (default: now).
    track_record : ScoreReport, optional
        The scenario's scores from the forecast registry: adds the "Track record" section
        (:func:`~realpolitik.report.track_record.track_record_blocks`).
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown report format {fmt!r}", expected="one of " + ", ".join(FORMATS))
    if image_format not in ("png", "svg"):
        raise InputError(f"unknown image format {image_format!r}", expected="png or svg")
    if perception_actor is not None:
        perception_actor = scenario.actor(perception_actor).id
    say = progress or (lambda _msg: None)
    if explanation is None:
        explanation = explain(scenario, progress=say, **explain_options)
    say("Drawing figures")
    notes: list[str] = []
    figures = report_figures(explanation, perception_actor=perception_actor, notes=notes)
    say("Writing the report")
    fn = Footnotes(scenario)
    blocks = report_blocks(scenario, explanation, figures, fn, notes)
    if track_record is not None:
        from .track_record import track_record_blocks

        blocks = blocks + track_record_blocks(scenario, track_record)
    render = render_html if fmt == "html" else render_markdown
    return render(scenario, blocks, fn, image_format=image_format, generated=generated)


def write_report(scenario: Any, path: str | Path, *, fmt: str | None = None, **options: Any) -> Path:
    """Build the report and write it to ``path`` atomically (format from the suffix unless given)."""
    path = Path(path)
    fmt = fmt or format_for(path)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():  # fail before minutes of computing, not after
        raise InputError(f"{path}: folder {parent} does not exist", expected="an existing folder")
    text = build_report(scenario, fmt=fmt, **options)
    write_atomic(path, text)
    return path
