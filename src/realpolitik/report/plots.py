"""Figures for explanations and reports (matplotlib, no display needed).

Every function builds a :class:`matplotlib.figure.Figure` directly (no
``pyplot``, no global state, no GUI backend) from plain data or from an
explanation, so it works headless and in threads. Save with
:func:`save_figure` (PNG or SVG by the file's suffix) or embed with
:func:`data_uri`.

Examples
--------
>>> import realpolitik
>>> from realpolitik.report import explain_bargaining, plots
>>> ex = explain_bargaining(realpolitik.load_any("ec-emissions-1994"))
>>> fig = plots.trajectories_figure(ex)
>>> plots.figure_bytes(fig, "png")[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..errors import InputError
from ._format import num
from .._io import write_atomic

__all__ = ["FORMATS", "figure_bytes", "data_uri", "save_figure", "trajectories_figure", "perception_figure",
           "forecast_distribution_figure", "outcome_probabilities_figure", "tornado_figure", "sweep_figure",
           "game_tree_figure", "collapse_tree", "tree_size", "TREE_NODE_BUDGET"]

FORMATS = ("png", "svg")

# Colour-blind safe (Okabe & Ito 2008), then matplotlib's tab10 for more actors.
_PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000",
            "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
_PATH = "#C0392B"
_OFF = "#9AA5B1"
_RC = {"font.size": 9, "axes.titlesize": 10, "axes.labelsize": 9, "svg.fonttype": "path",
       "svg.hashsalt": "realpolitik"}


def _fig(w: float = 7.0, h: float = 4.2) -> Figure:
    fig = Figure(figsize=(w, h), dpi=100, layout="constrained")
    return fig


def figure_bytes(fig: Figure, fmt: str = "png", *, dpi: int = 110) -> bytes:
    """The figure as PNG or SVG bytes (SVG text as paths: no font files needed)."""
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise InputError(f"unknown figure format {fmt!r}", expected="one of " + ", ".join(FORMATS))
    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]  # stubs want Literal rc keys; these are valid
        # metadata pinned so the same figure gives the same bytes
        meta = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buf, format=fmt, dpi=dpi, metadata=meta)
    return buf.getvalue()


def data_uri(fig: Figure, fmt: str = "png") -> str:
    """A ``data:`` URI of the figure, for self-contained HTML or Markdown."""
    mime = "image/png" if fmt == "png" else "image/svg+xml"
    return f"data:{mime};base64," + base64.b64encode(figure_bytes(fig, fmt)).decode("ascii")


def save_figure(fig: Figure, path: str | Path, fmt: str | None = None) -> Path:
    """Write the figure to ``path`` atomically; the format comes from the suffix unless given."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise InputError(f"{path}: cannot tell the figure format from the suffix {path.suffix!r}",
                         expected="a .png or .svg file name")
    write_atomic(path, figure_bytes(fig, fmt))
    return path


def _colour(k: int) -> str:
    return _PALETTE[k % len(_PALETTE)]


def _fit(fig: Figure) -> Figure:
    """Wrap every title and axis label that does not lie inside the figure, measured by the renderer.

    Constrained layout makes room for a tall title but never shrinks a wide one, and scenario
    labels can be long, so a text that sticks out of the figure is broken into shorter lines
    (and the layout redone) until it fits.
    """
    import textwrap

    for _ in range(8):
        renderer = _agg_renderer(fig)
        fb = fig.bbox
        changed = False
        for ax in fig.axes:
            for t in (ax.title, ax.xaxis.label, ax.yaxis.label):
                if not t.get_text():
                    continue
                e = t.get_window_extent(renderer)
                if e.x0 >= fb.x0 and e.x1 <= fb.x1 and e.y0 >= fb.y0 and e.y1 <= fb.y1:
                    continue
                lines = t.get_text().split("\n")
                width = max(12, int(max(len(line) for line in lines) * 0.85))
                t.set_text("\n".join(textwrap.wrap(" ".join(t.get_text().split()), width, break_long_words=False,
                                                  break_on_hyphens=False)))
                changed = True
        if not changed:
            break
    return fig


def _agg_renderer(fig: Figure) -> Any:
    """A renderer for measuring text, with the figure laid out as it will be saved."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    fig.draw_without_rendering()  # runs constrained layout, so positions are final
    return fig.canvas.get_renderer()  # type: ignore[attr-defined]


def _text_extent(t: Any, renderer: Any) -> Any:
    """The window extent of a text's glyphs alone (an annotation's own extent includes its leader line)."""
    from matplotlib.text import Annotation, Text

    if isinstance(t, Annotation):
        t.update_positions(renderer)
    return Text.get_window_extent(t, renderer)


def _overlaps(a: Any, b: Any, pad: float = 2.0) -> bool:
    return not (a.x1 + pad <= b.x0 or b.x1 + pad <= a.x0 or a.y1 + pad <= b.y0 or b.y1 + pad <= a.y0)


# ---------------------------------------------------------------------------------------------------
# bargaining
def trajectories_figure(explanation: Any, *, title: str | None = None) -> Figure:
    """Each actor's position by round in the EU model, with the weighted median.

    ``explanation`` is a :class:`~realpolitik.report.BargainingExplanation`
    or a :class:`~realpolitik.bargaining.ForecastResult`.
    """
    eu = getattr(explanation, "eu", explanation)
    names = dict(getattr(explanation, "actor_names", {}) or {})
    pos: pd.DataFrame = eu.positions
    lo, hi = eu.scale
    fig = _fig(7.2, 4.4)
    ax = fig.add_subplot()
    rounds = pos.index.to_numpy()
    span = hi - lo
    # small vertical offsets keep co-located actors visible
    n = pos.shape[1]
    jitter = (np.arange(n) - (n - 1) / 2) * span * 0.004
    for k, a in enumerate(pos.columns):
        ax.plot(rounds, pos[a].to_numpy() + jitter[k], marker="o", ms=3, lw=1.4, color=_colour(k),
                label=names.get(a, a), alpha=0.9)
    ax.plot(rounds, eu.median.to_numpy(), ls="--", lw=2.2, color="black", label="weighted median")
    ax.set_xlabel("round")
    ax.set_ylabel("position")
    ax.set_ylim(lo - 0.03 * span, hi + 0.03 * span)
    ax.set_xticks(rounds)
    ax.grid(alpha=0.3)
    ax.set_title(title or f"Positions by round (expected-utility model); forecast {num(eu.forecast)}")
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8, frameon=False)
    return _fit(fig)


def perception_figure(explanation: Any, actor: str, *, title: str | None = None) -> Figure:
    """The expected-utility "perception" quadrant chart of ``actor`` (first round).

    For every other actor j: x = E^i(U_ij), i's expected utility of
    challenging j; y = E^j(U_ji), j's expected utility of challenging i
    (second pass, each with its own risk exponent, as the model uses them).
    Quadrants: both positive, conflict; x > 0 > y, i has the upper hand (j
    compromises, or capitulates below the diagonal y = −x); y > 0 > x, j has
    it; both negative, status quo.
    """
    eu = getattr(explanation, "eu", explanation)
    names = dict(getattr(explanation, "actor_names", {}) or {})
    r1 = eu.round_one
    if r1 is None:
        raise InputError("no first round to chart: the model ran 0 rounds")
    if actor not in r1.eu_pass2.index:
        raise InputError(f"no actor {actor!r} on this issue", expected="one of " + ", ".join(r1.eu_pass2.index))
    M = r1.eu_pass2
    others = [a for a in M.index if a != actor]
    x = np.array([float(M.loc[actor, j]) for j in others])
    y = np.array([float(M.loc[j, actor]) for j in others])
    lim = max(1e-6, float(np.max(np.abs(np.concatenate([x, y])))) * 1.25)
    fig = _fig(6.0, 5.6)
    ax = fig.add_subplot()
    ax.axhline(0, color="black", lw=0.8)
    ax.axvline(0, color="black", lw=0.8)
    d = np.linspace(-lim, lim, 3)
    ax.plot(d, -d, ls=":", color="grey", lw=0.8)
    shade = {(1, 1): "#fdecea", (1, -1): "#eaf4fb", (-1, 1): "#fef5e7", (-1, -1): "#f2f3f4"}
    for (sx, sy), c in shade.items():
        ax.fill_between([0, sx * lim], 0, sy * lim, color=c, zorder=0)
    me = names.get(actor, actor)
    t: dict[str, Any] = dict(fontsize=8, color="#444444", ha="center", va="center")
    ax.text(lim / 2, lim * 0.92, "conflict", **t)
    import textwrap

    wrap = lambda text: "\n".join(textwrap.wrap(text, 30))  # noqa: E731  (a quadrant is ~30 glyphs wide)
    ax.text(lim / 2, -lim * 0.9, wrap(f"{me} has the upper hand (they compromise / capitulate)"), **t)
    ax.text(-lim / 2, lim * 0.9, wrap(f"they have the upper hand ({me} compromises / capitulates)"), **t)
    ax.text(-lim / 2, -lim * 0.92, "status quo", **t)
    for k, j in enumerate(others):
        ax.scatter([x[k]], [y[k]], s=40, color=_colour(list(M.index).index(j)), zorder=3)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_xlabel(f"E(U) for {me} of challenging the other actor")
    ax.set_ylabel(f"E(U) for the other actor of challenging {me}")
    ax.set_title(title or f"How {me} sees the others (expected-utility model, round 1)")
    _fit(fig)
    # actors at (nearly) the same point share one label; labels are then placed where they collide
    # with no other label, no quadrant caption and no marker
    groups: list[list[int]] = []
    for k in range(len(others)):
        for g in groups:
            if abs(x[g[0]] - x[k]) < 0.02 * lim and abs(y[g[0]] - y[k]) < 0.02 * lim:
                g.append(k)
                break
        else:
            groups.append([k])
    labels = [(float(np.mean(x[g])), float(np.mean(y[g])), ", ".join(names.get(others[k], others[k]) for k in g))
              for g in groups]
    _place_labels(fig, ax, labels, fontsize=8)
    return fig


def _place_labels(fig: Figure, ax: Any, labels: Sequence[tuple[float, float, str]], *, fontsize: float = 8) -> list:
    """Annotate each ``(x, y, text)`` at the first offset around its point that overlaps nothing drawn.

    Candidates are tried at growing distances in eight directions; each placed label's window
    extent (measured by the renderer) becomes an obstacle for the next. Labels stay inside the
    axes. Returns the annotations.
    """
    import textwrap

    renderer = _agg_renderer(fig)
    box = ax.get_window_extent(renderer)
    obstacles = [t.get_window_extent(renderer) for t in ax.texts]
    pts = [ax.transData.transform((px, py)) for px, py, _ in labels]
    from matplotlib.transforms import Bbox

    r = 4.5 * fig.dpi / 72  # marker radius (s=40 is ~3.2 pt) plus a margin, pixels
    obstacles += [Bbox.from_extents(u - r, v - r, u + r, v + r) for u, v in pts]
    dirs = [(1, 1), (1, -1), (-1, 1), (-1, -1), (1, 0), (-1, 0), (0, 1), (0, -1)]
    placed = []
    for (px, py, text), (u, v) in zip(labels, pts):
        text = "\n".join(textwrap.wrap(text, 28))
        # a thin leader line: visible only when the label had to move away from its point
        ann = ax.annotate(text, (px, py), textcoords="offset points", xytext=(4, 4), fontsize=fontsize,
                          annotation_clip=False,
                          arrowprops=dict(arrowstyle="-", color="#888888", lw=0.5, shrinkA=1, shrinkB=5))
        ann.set_in_layout(False)  # placed inside the axes after the layout; it must not move the axes
        best = None
        for dist in (4, 8, 14, 22, 32, 46, 64):
            for dx, dy in dirs:
                ha = "left" if dx > 0 else "right" if dx < 0 else "center"
                va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
                ann.set(position=(dx * dist, dy * dist), ha=ha, va=va)
                ext = _text_extent(ann, renderer)
                inside = box.x0 <= ext.x0 and ext.x1 <= box.x1 and box.y0 <= ext.y0 and ext.y1 <= box.y1
                if inside and not any(_overlaps(ext, o) for o in obstacles):
                    best = ext
                    break
            if best is not None:
                break
        if best is None:  # nothing free: the first candidate, with a leader line to its point
            ann.set(position=(6, 6), ha="left", va="bottom")
            best = _text_extent(ann, renderer)
        obstacles.append(best)
        placed.append(ann)
    return placed


# ---------------------------------------------------------------------------------------------------
# uncertainty
def forecast_distribution_figure(samples: Sequence[float] | np.ndarray, *, points: Mapping[str, float] | None = None,
                                 scale: tuple[float, float] | None = None, label: str = "forecast",
                                 title: str | None = None) -> Figure:
    """Histogram of a forecast over Monte Carlo samples, with point forecasts as lines."""
    v = np.asarray(samples, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        raise InputError("no finite samples to plot")
    fig = _fig(7.0, 3.8)
    ax = fig.add_subplot()
    rng = scale if scale is not None else (float(v.min()), float(v.max()))
    if rng[1] <= rng[0]:
        rng = (rng[0] - 0.5, rng[0] + 0.5)
    ax.hist(v, bins=40, range=rng, color="#56B4E9", edgecolor="white", density=True)
    for k, (name, value) in enumerate((points or {}).items()):
        ax.axvline(float(value), color=_colour(k + 1), lw=1.6, ls="--", label=f"{name}: {num(value)}")
    q = np.quantile(v, [0.05, 0.5, 0.95])
    ax.axvspan(q[0], q[2], color="grey", alpha=0.12, label=f"90 % interval {num(q[0])}–{num(q[2])}")
    ax.set_xlabel(label)
    ax.set_ylabel("density")
    ax.set_title(title or f"Distribution of the {label} over {v.size:,} samples (median {num(q[1])})")
    ax.legend(fontsize=8, frameon=False)
    return _fit(fig)


def outcome_probabilities_figure(table: pd.DataFrame, *, title: str | None = None) -> Figure:
    """Horizontal bars of outcome probabilities with their 95 % intervals.

    ``table`` has columns ``label`` (or ``outcome``), ``p`` and optionally
    ``lo``, ``hi``.
    """
    if table is None or len(table) == 0:
        raise InputError("no outcome probabilities to plot")
    import textwrap

    # long outcome labels (anchor texts) are wrapped, so the bars keep most of the width
    labels = ["\n".join(textwrap.wrap(str(s), 42)) or str(s)
              for s in (table["label"] if "label" in table else table["outcome"])]
    p = table["p"].to_numpy(dtype=float)
    lines = sum(max(1, lab.count("\n") + 1) for lab in labels)
    fig = _fig(7.0, 1.1 + 0.2 * lines + 0.2 * len(labels))
    ax = fig.add_subplot()
    yy = np.arange(len(labels))[::-1]
    ax.barh(yy, p, color="#0072B2", alpha=0.85)
    hi = p.copy()
    if "lo" in table and "hi" in table:
        lo, hi = table["lo"].to_numpy(float), table["hi"].to_numpy(float)
        ax.errorbar(p, yy, xerr=[np.maximum(p - lo, 0), np.maximum(hi - p, 0)], fmt="none", ecolor="black",
                    capsize=3, lw=1)
    for k in range(len(labels)):
        # right of the interval where there is room, else inside the bar's left end (white on blue)
        if hi[k] < 0.85 or p[k] < 0.15:
            ax.text(min(hi[k], 0.85) + 0.015, yy[k], f"{100 * p[k]:.1f} %", va="center", fontsize=8)
        else:
            ax.text(0.015, yy[k], f"{100 * p[k]:.1f} %", va="center", fontsize=8, color="white", weight="bold")
    ax.set_yticks(yy, labels, fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("probability (bars: 95 % interval)")
    ax.set_title(title or "Outcome probabilities")
    ax.grid(axis="x", alpha=0.3)
    return _fit(fig)


def tornado_figure(tornado: pd.DataFrame, *, base: float | None = None, output: str = "output",
                   top: int = 12, title: str | None = None) -> Figure:
    """Tornado chart: each input at its low and high value, others at point values.

    ``tornado`` has columns ``input, low, high, output_low, output_high``
    (as from :func:`realpolitik.uncertainty.tornado`), largest swing first.
    """
    import textwrap

    if tornado is None or len(tornado) == 0:
        raise InputError("no tornado data to plot")
    df = tornado.head(top).iloc[::-1]
    if base is None:
        base = float(np.median(np.concatenate([df.output_low.to_numpy(float), df.output_high.to_numpy(float)])))
    fig = _fig(7.2, 1.0 + 0.55 * len(df))  # room for a wrapped (two-line) input label
    ax = fig.add_subplot()
    yy = np.arange(len(df))
    olo, ohi = df.output_low.to_numpy(float), df.output_high.to_numpy(float)
    ax.barh(yy, olo - base, left=base, color="#D55E00", alpha=0.85, label="input at its low value")
    ax.barh(yy, ohi - base, left=base, color="#0072B2", alpha=0.85, label="input at its high value")
    ax.axvline(base, color="black", lw=1)
    # inputs in words can be long (“Russia (Putin): how much it values ...”): wrapped, they leave
    # the bars their width
    labels = ["\n".join(textwrap.wrap(str(r.input), 40, break_long_words=False) or [str(r.input)])
              + f"  [{num(r.low)} – {num(r.high)}]" for r in df.itertuples()]
    ax.set_yticks(yy, labels, fontsize=8)
    ax.set_xlabel(f"{output} (base {num(base)})")
    ax.set_title(title or f"What moves {output} (one input at a time)")
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    return _fit(fig)


def sweep_figure(sweep: Any, *, headline: float | None = None, tipping: Sequence[float] = (),
                 title: str | None = None) -> Figure:
    """The headline probability over the whole plausible range of one input, its assumed range shaded.

    ``sweep`` is a :class:`~realpolitik.analysis.brief.Sweep` (``values``, ``probabilities``,
    ``assumed_range``, ``label``, ``n``); ``headline`` the headline probability (a dotted line),
    ``tipping`` values of this input at which the game's equilibrium changes (dashed lines).
    """
    v = np.asarray(sweep.values, dtype=float)
    p = np.asarray(sweep.probabilities, dtype=float)
    if v.size == 0 or not np.isfinite(p).any():
        raise InputError("no sweep values to plot")
    fig = _fig(7.0, 3.6)
    ax = fig.add_subplot()
    lo, hi = (float(a) for a in sweep.assumed_range)
    ax.axvspan(lo, hi if hi > lo else lo + 1e-9, color="#56B4E9", alpha=0.22,
               label=f"assumed range {num(lo)}–{num(hi)}")
    ax.plot(v, 100 * p, marker="o", ms=4, lw=1.8, color="#0072B2", label="P(headline)")
    if headline is not None and np.isfinite(headline):
        ax.axhline(100 * float(headline), color="black", lw=1, ls=":", label=f"headline {100 * float(headline):.1f} %")
    for k, t in enumerate(tipping):
        ax.axvline(float(t), color=_PATH, lw=1.2, ls="--", label="tipping point" + (f" {num(t)}" if k == 0 else ""))
    ax.set_ylim(-3, 103)
    ax.set_xlim(float(v.min()), float(v.max()))
    ax.set_ylabel("headline probability (%)")
    ax.set_xlabel(str(sweep.label))
    ax.grid(alpha=0.3)
    ax.set_title(title or f"How the headline probability depends on {sweep.label}")
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return _fit(fig)


# ---------------------------------------------------------------------------------------------------
# games
#: Nodes a game tree figure draws in full; a larger tree keeps its equilibrium path and the moves
#: next to it, and each off-path subtree becomes one "+ k more outcomes" box.
TREE_NODE_BUDGET = 40


def tree_size(node: Any) -> int:
    """The number of nodes of a drawn tree (summary boxes count one each)."""
    return 1 + sum(tree_size(e.child) for e in node.children)


def _leaves(node: Any) -> int:
    return 1 if not node.children else sum(_leaves(e.child) for e in node.children)


def collapse_tree(tree: Any, budget: int = TREE_NODE_BUDGET) -> Any:
    """``tree`` itself if it has at most ``budget`` nodes, else its equilibrium path and one level around it.

    Every move off the path that leads to further decisions becomes a node of kind ``"summary"``
    labelled with who moves there and how many outcomes it hides; moves that end the game are kept.
    """
    from dataclasses import replace

    if tree_size(tree) <= budget:
        return tree

    def keep(node: Any) -> Any:
        edges = []
        for e in node.children:
            c = e.child
            if e.on_path and c.children:
                edges.append(replace(e, child=keep(c)))
            elif not c.children:
                edges.append(e)
            else:
                k = _leaves(c)
                box = type(c)(kind="summary", label=f"{c.label}: + {k} more outcome{'s' if k != 1 else ''}",
                              payoffs=None, on_path=False)
                edges.append(replace(e, child=box))
        return replace(node, children=tuple(edges))

    return keep(tree)


def _short_action(label: str, width: int = 36) -> str:
    """An action's label short enough for an edge of the tree: its head before a gloss.

    ``"hedge: host the grouping and Russian troops, no attack"`` -> ``"hedge"``,
    ``"escalate (reinforce the eastern flank, ...)"`` -> ``"escalate"``; the full label
    is in the text of the report.
    """
    head = label.split(" (")[0].split(": ")[0].strip() or label
    return head if len(head) <= width else head[:width - 1].rstrip() + "…"


def game_tree_figure(game: Any, *, title: str | None = None, budget: int = TREE_NODE_BUDGET) -> Figure:
    """The game tree with the equilibrium path highlighted.

    ``game`` is a :class:`~realpolitik.report.GameExplanation` (its ``tree``):
    decision nodes are labelled with their player, chance nodes with "chance",
    edges with the action (and probability); terminal payoffs are listed in
    player order. Edges chosen in equilibrium are red and thick. A tree of more
    than ``budget`` nodes is drawn by :func:`collapse_tree`: the path, the
    moves next to it, and a grey "+ k more outcomes" box for each subtree off it.
    """
    import textwrap

    tree = getattr(game, "tree", game)
    if tree is None:
        raise InputError("this game has no tree to draw")
    full = tree_size(tree)
    tree = collapse_tree(tree, budget)
    collapsed = tree_size(tree) < full
    # equal subtrees (the same reply after two different moves) are distinct nodes: key by identity
    leaf_count = [0]
    depth = _depth(tree)
    xy: dict[int, tuple[float, float]] = {}

    def place(node: Any, d: int) -> float:
        if not node.children:
            y = -float(leaf_count[0])
            leaf_count[0] += 1
        else:
            ys = [place(e.child, d + 1) for e in node.children]
            y = sum(ys) / len(ys)
        xy[id(node)] = (float(d), y)
        return y

    place(tree, 0)
    nleaf = leaf_count[0]
    fig = _fig(min(14.0, 3.0 + 2.1 * (depth + 1)), max(3.0, 0.55 * nleaf + 1.4))
    ax = fig.add_subplot()
    ax.set_axis_off()
    players = list(getattr(game, "players", ()) or ())

    def draw(node: Any) -> None:
        x0, y0 = xy[id(node)]
        for e in node.children:
            x1, y1 = xy[id(e.child)]
            on = bool(e.on_path)
            ax.plot([x0, x1], [y0, y1], color=_PATH if on else _OFF, lw=2.6 if on else 1.0, zorder=1)
            lab = _short_action(e.label) + (f" ({num(e.probability)})" if e.probability is not None else "")
            lab = "\n".join(textwrap.wrap(lab, 18, break_long_words=False)) or lab  # labelled actions can be long
            # the action's label sits on its edge, nearer the child, clear of the mover's name
            ax.text(x0 + 0.62 * (x1 - x0), y0 + 0.62 * (y1 - y0), lab, fontsize=7, ha="center", va="center",
                    color=_PATH if on else "#333333", zorder=3,
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.9))
            draw(e.child)
        if node.kind == "summary":
            ax.text(x0 + 0.05, y0, node.label, fontsize=7, ha="left", va="center", color="#555555",
                    bbox=dict(boxstyle="round,pad=0.3", fc="#f2f3f4", ec=_OFF, lw=0.8))
        elif node.children:
            chance = node.kind == "chance"
            ax.scatter([x0], [y0], s=60, marker="o" if not chance else "D",
                       color="white" if chance else "#333333", edgecolors="#333333", zorder=2)
            ax.text(x0, y0 + 0.2, "\n".join(textwrap.wrap(node.label, 22, break_long_words=False)) or node.label,
                    fontsize=8, ha="center", va="bottom", weight="bold", zorder=3)
        else:
            pay = ", ".join(num(v) for v in node.payoffs) if node.payoffs is not None else ""
            ax.text(x0 + 0.05, y0, f"({pay})  {node.label}".rstrip(), fontsize=7, ha="left", va="center",
                    color=_PATH if node.on_path else "#333333")

    draw(tree)
    ax.set_xlim(-0.5, depth + 1.8)
    ax.set_ylim(-nleaf + 0.4, 0.9)
    head = "payoffs: (" + ", ".join(players) + ")" if players else ""
    shown = f" Off-path subtrees summarised ({tree_size(tree)} of {full} nodes drawn)." if collapsed else ""
    ax.set_title(title or f"{getattr(game, 'title', '') or 'Game tree'}: equilibrium path in red.{shown}\n{head}",
                 fontsize=9)
    return _fit(fig)


def _depth(node: Any) -> int:
    return 0 if not node.children else 1 + max(_depth(e.child) for e in node.children)
