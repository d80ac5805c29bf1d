"""What the explorer's ``/registry`` page draws: score rows in words and the geometry of its inline SVGs.

Pure functions of the registry's records and of :mod:`realpolitik.registry.scores`'s reports: they return
plain numbers and strings for the template (no markup, no script), so the charts need no JavaScript and
pass the page's Content-Security-Policy, and their geometry is unit-testable. Every string returned is
text for the template to escape (Jinja's autoescape), never HTML.

* :func:`reliability_plot`: the reliability diagram of :func:`realpolitik.registry.scores.calibration`
  (one point per non-empty bin per forecaster, its 95 % Wilson interval as a vertical line).
* :func:`time_chart`: a question's forecasts over time, each forecaster's probability of the first option
  as a step line against ``valid_from``, the resolution marked.
* :func:`forecaster_rows`, :func:`versus_uniform`: the per-forecaster score table, with the paired
  difference against the uniform baseline in words.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any, Iterable, Mapping, Sequence

__all__ = ["N_COLOURS", "colours", "reliability_plot", "time_chart", "forecaster_rows", "versus_uniform",
           "RELIABILITY_BOX", "TIME_BOX"]

#: Distinct series colours (CSS classes ``c0`` … ``c7`` in explorer.css); further forecasters cycle.
N_COLOURS = 8
#: The reliability diagram: viewBox size and plot box (x0, y0, x1, y1), in SVG user units.
RELIABILITY_VIEW = (540.0, 330.0)
RELIABILITY_BOX = (56.0, 14.0, 316.0, 274.0)
#: The time chart: viewBox size and plot box.
TIME_VIEW = (540.0, 190.0)
TIME_BOX = (56.0, 12.0, 356.0, 150.0)
_LEGEND_CHARS = 30
_AXIS_CHARS = 16


def _pct(p: float) -> str:
    from ..analysis.brief import _pct as pct

    return pct(float(p))


def _num(x: Any) -> str:
    from ..report._format import num

    return num(x)


def _r(v: float) -> float:
    return round(float(v), 1)


def colours(names: Iterable[str]) -> dict[str, int]:
    """A colour index per forecaster (sorted by name), the same in every chart of the page."""
    return {name: i % N_COLOURS for i, name in enumerate(sorted(set(names)))}


def _legend(names: Sequence[str], col: Mapping[str, int], x: float, y0: float) -> list[dict[str, Any]]:
    return [{"name": n, "short": n if len(n) <= _LEGEND_CHARS else n[:_LEGEND_CHARS - 1] + "…",
             "cls": f"c{col.get(n, 0)}", "x": _r(x), "y": _r(y0 + 16 * i)} for i, n in enumerate(names)]


def _bin_words(lo: float, hi: float) -> str:
    return f"{round(100 * lo, 1):g}–{round(100 * hi, 1):g} %"


def reliability_plot(cal: Mapping[str, tuple[Any, Any]],
                     col: Mapping[str, int] | None = None) -> dict[str, Any] | None:
    """The reliability diagram of ``cal`` (forecaster -> (ReliabilityData, MurphyDecomposition)).

    Returns None when there is nothing to draw, else a dict of plain numbers: ``width``/``height``
    (the viewBox), ``box`` (x0, y0, x1, y1 of the plot area), ``ticks`` (value, label, x, y: the same
    ticks on both axes), ``diagonal`` (x1, y1, x2, y2), ``series`` (per forecaster: name, cls and its
    ``points``, each with x, y, r, the Wilson interval ``ylo``/``yhi``, count and a ``title``) and
    ``legend``. x is the bin's mean forecast and y its observed frequency, both 0-1 mapped into the box
    (y upwards); a point's radius grows with the square root of its count (the largest count on the
    plot gets the largest point).
    """
    if not cal:
        return None
    col = dict(col) if col is not None else colours(cal)
    x0, y0, x1, y1 = RELIABILITY_BOX
    w, h = x1 - x0, y1 - y0

    def px(v: float) -> float:
        return _r(x0 + min(max(v, 0.0), 1.0) * w)

    def py(v: float) -> float:
        return _r(y1 - min(max(v, 0.0), 1.0) * h)

    top = max((int(c) for rel, _ in cal.values() for c in rel.count), default=0)
    series = []
    for name, (rel, _dec) in cal.items():
        points = []
        for i, c in enumerate(rel.count):
            c = int(c)
            f, o = float(rel.mean_forecast[i]), float(rel.observed[i])
            if c <= 0 or not (math.isfinite(f) and math.isfinite(o)):
                continue
            lo, hi = float(rel.low[i]), float(rel.high[i])
            lo = lo if math.isfinite(lo) else o
            hi = hi if math.isfinite(hi) else o
            title = (f"{name}: forecasts {_bin_words(float(rel.edges[i]), float(rel.edges[i + 1]))}: "
                     f"{c} event{'s' if c != 1 else ''}, mean forecast {_pct(f)}, observed {_pct(o)} "
                     f"(95 % interval {_pct(lo)}–{_pct(hi)})")
            points.append({"x": px(f), "y": py(o), "ylo": py(lo), "yhi": py(hi), "count": c,
                           "r": _r(3 + 5 * math.sqrt(c / top)) if top else 3.0, "title": title})
        series.append({"name": name, "cls": f"c{col.get(name, 0)}", "points": points})
    ticks = [{"v": v / 5, "label": f"{20 * v} %", "x": px(v / 5), "y": py(v / 5)} for v in range(6)]
    return {"width": int(RELIABILITY_VIEW[0]), "height": int(RELIABILITY_VIEW[1]), "box": [x0, y0, x1, y1],
            "ticks": ticks, "diagonal": [px(0), py(0), px(1), py(1)],
            "xlabel": {"x": _r((x0 + x1) / 2), "y": _r(y1 + 36)},
            "ylabel": {"x": _r(x0 - 40), "y": _r((y0 + y1) / 2)},
            "series": series, "legend": _legend(list(cal), col, x1 + 24, y0 + 8)}


def _seconds(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds()


def time_chart(q: Any, forecasts: Sequence[Any], resolution: Any = None,
               col: Mapping[str, int] | None = None) -> dict[str, Any] | None:
    """A question's forecasts over time: per forecaster, a step line of its probability of the first
    option (``yes`` on a binary question) from each ``valid_from`` until the next forecast, the last
    one to the close; the x axis runs from the question's open to its close.

    ``ylabel`` is ``P(option)``, the option shortened to fit the axis (``option`` is whole).
    None for a numeric question or one with fewer than two forecasts. ``resolution`` (the latest
    :class:`~realpolitik.registry.specs.ResolutionRecord`, or None) is marked when it resolved the
    question: at its date (within the axis) at 100 % when the first option happened, 0 % otherwise.
    """
    fs = [f for f in forecasts if f.probabilities]
    if getattr(q, "type", None) == "numeric" or not q.options or len(fs) < 2:
        return None
    x0, y0, x1, y1 = TIME_BOX
    t0, t1 = q.open_at, q.close_at
    span = _seconds(t0, t1)

    def px(t: datetime) -> float:
        frac = _seconds(t0, t) / span if span > 0 else 0.0
        return _r(x0 + min(max(frac, 0.0), 1.0) * (x1 - x0))

    def py(p: float) -> float:
        return _r(y1 - min(max(float(p), 0.0), 1.0) * (y1 - y0))

    first = q.options[0]
    by: dict[str, list[Any]] = {}
    for f in sorted(fs, key=lambda f: (f.valid_from, f.made_at)):
        by.setdefault(f.forecaster, []).append(f)
    col = dict(col) if col is not None else colours(by)
    series = []
    for name, items in sorted(by.items()):
        line: list[tuple[float, float]] = []
        dots = []
        for i, f in enumerate(items):
            x, y = px(f.valid_from), py(f.probabilities[0])
            if line:
                line.append((x, line[-1][1]))
            line.append((x, y))
            dots.append({"x": x, "y": y, "title": f"{name}, valid from {f.valid_from:%Y-%m-%d}: P({first}) "
                                                  f"{_pct(f.probabilities[0])}"})
        line.append((_r(x1), line[-1][1]))
        series.append({"name": name, "cls": f"c{col.get(name, 0)}", "dots": dots,
                       "points": " ".join(f"{x:g},{y:g}" for x, y in line)})
    mark = None
    if resolution is not None and getattr(resolution, "status", None) == "resolved" \
            and resolution.outcome_index is not None:
        hit = int(resolution.outcome_index) == 0
        label = q.options[int(resolution.outcome_index)]
        x = px(min(max(resolution.resolved_at, t0), t1))
        mark = {"x": x, "y": py(1.0 if hit else 0.0), "label": f"resolved: {label}",
                "title": f"resolved {resolution.resolved_at:%Y-%m-%d}: {label}",
                "anchor": "end" if x > (x0 + x1) / 2 else "start", "lx": _r(x - 6 if x > (x0 + x1) / 2 else x + 6)}
    mid = t0 + (t1 - t0) / 2
    xticks = [{"x": px(t), "label": f"{t:%Y-%m-%d}", "anchor": a}
              for t, a in ((t0, "start"), (mid, "middle"), (t1, "end"))] if span > 0 else \
        [{"x": px(t0), "label": f"{t0:%Y-%m-%d}", "anchor": "start"}]
    yticks = [{"y": py(v), "label": f"{int(100 * v)} %"} for v in (0.0, 0.5, 1.0)]
    return {"width": int(TIME_VIEW[0]), "height": int(TIME_VIEW[1]), "box": [x0, y0, x1, y1],
            "xticks": xticks, "yticks": yticks, "option": first,
            "ylabel": f"P({first if len(first) <= _AXIS_CHARS else first[:_AXIS_CHARS - 1] + '…'})",
            "xlabel": {"x": _r((x0 + x1) / 2), "y": _r(y1 + 34), "text": "valid from"},
            "series": series, "resolution": mark, "legend": _legend(sorted(by), col, x1 + 24, y0 + 8)}


def versus_uniform(name: str, paired: Sequence[Any]) -> str | None:
    """The paired Brier difference of ``name`` against the uniform forecaster, in words; None when
    there is none (the uniform forecaster itself, the computed baselines, no question in common).

    Against ``baseline:uniform``, or the recorded ``model:uniform`` (the same forecast, which replaces
    the computed one where recorded), whichever covers more questions.
    """
    from ..registry.scores import RECORDED_UNIFORM, UNIFORM

    if name in (UNIFORM, RECORDED_UNIFORM):
        return None
    cands = [p for p in paired if p.forecaster == name and p.versus in (UNIFORM, RECORDED_UNIFORM)
             and p.questions > 0]
    if not cands:
        return None
    p = max(cands, key=lambda p: (p.questions, p.versus == UNIFORM))
    n, wins, losses = int(p.questions), int(p.wins), int(p.losses)
    level = n - wins - losses
    of = f"of {n} question{'s' if n != 1 else ''}"
    if wins:
        words = f"better than the uniform baseline on {wins} {of}"
        words += f", worse on {losses}" if losses else ""
    elif losses:
        words = f"worse than the uniform baseline on {losses} {of}"
    else:
        words = f"level with the uniform baseline on {level} {of}"
        level = 0
    if level:
        words += f", level on {level}"
    if p.brier_difference is not None:
        words += f" (mean Brier difference {_num(p.brier_difference)}"
        if p.brier_difference_se is not None:
            words += f" ± {_num(p.brier_difference_se)} s.e."
        words += ")"
    return words


def forecaster_rows(report: Any) -> list[dict[str, Any]]:
    """The score table, one row per :class:`~realpolitik.registry.scores.ForecasterSummary`:
    forecaster, questions scored, mean Brier (0-2), mean log score, the comparison with the uniform
    baseline in words (None where there is none), and whether it is a computed baseline."""
    return [{"forecaster": s.forecaster, "questions": s.questions, "brier": s.brier, "log": s.log,
             "versus_uniform": versus_uniform(s.forecaster, report.paired),
             "computed": s.forecaster.startswith("baseline:")} for s in report.forecasters]
