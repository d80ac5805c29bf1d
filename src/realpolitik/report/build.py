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

from .._defaults import DEFAULT_SAMPLER, DEFAULT_SAMPLES, DEFAULT_SEED
from ..errors import InputError
from .._io import write_atomic
from .document import render_html, render_markdown, report_blocks
from .explain import explain
from .figures import report_figures
from .sources import Footnotes

__all__ = ["FORMATS", "build_report", "write_report", "format_for", "make_report_brief"]

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


def build_report(scenario: Any, *, fmt: str = "html", explanation: Any = None, brief: Any = None,
                 image_format: str = "png", perception_actor: str | None = None,
                 progress: Callable[[str], None] | None = None, generated: dt.datetime | None = None,
                 track_record: Any = None, **explain_options: Any) -> str:
    """The report of ``scenario`` as one string (HTML or Markdown, images embedded).

    Parameters
    ----------
    scenario : Scenario
    fmt : {"html", "md"}
    explanation : Explanation, optional
        A precomputed :func:`~realpolitik.report.explain` result (else computed here with
        ``explain_options``: ``samples``, ``sensitivity_n``, ``rng``, ``capability`` ...).
    brief : Brief, optional
        A precomputed :func:`~realpolitik.analysis.make_brief` result the report leads with (else
        computed here with the same samples, seed, sampler, capability and Sobol size as
        ``explain_options``, whose defaults are those of ``realpolitik brief``, so the report's
        headline equals the brief's; with a precomputed ``explanation`` and no ``samples``, at
        the explanation's own samples, seed and sampler).
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
    if brief is None:
        opts = dict(explain_options)
        u = getattr(explanation, "uncertainty", None)
        if u is not None and "samples" not in opts:  # a given explanation: the brief at its settings
            opts.update(samples=u.n, rng=u.seed if u.seed is not None else opts.get("rng", DEFAULT_SEED),
                        sampler=u.sampler)
        brief = make_report_brief(scenario, progress=say, **opts)
    say("Drawing figures")
    notes: list[str] = []
    figures = report_figures(explanation, perception_actor=perception_actor, notes=notes, brief=brief)
    say("Writing the report")
    fn = Footnotes(scenario)
    blocks = report_blocks(scenario, explanation, figures, fn, notes, brief=brief)
    if track_record is not None:
        from .track_record import track_record_blocks

        blocks = blocks + track_record_blocks(scenario, track_record)
    render = render_html if fmt == "html" else render_markdown
    return render(scenario, blocks, fn, image_format=image_format, generated=generated)


def make_report_brief(scenario: Any, *, samples: int = DEFAULT_SAMPLES, rng: Any = DEFAULT_SEED,
                      sampler: str = DEFAULT_SAMPLER, capability: str = "leverage", sensitivity_n: int = 64,
                      progress: Callable[[str], None] | None = None, **_other: Any) -> Any:
    """The brief a report leads with, from the report's own options (``explain``'s names).

    The defaults are ``realpolitik brief``'s (:mod:`realpolitik._defaults`), so the report of a
    scenario prints the brief's headline probability. Options that only ``explain`` reads
    (``sections``, ``eu_options``) are ignored here.
    """
    from ..analysis.brief import make_brief

    return make_brief(scenario, n=samples, seed=rng, sampler=sampler, capability=capability,
                      sensitivity_n=sensitivity_n, progress=progress)


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
