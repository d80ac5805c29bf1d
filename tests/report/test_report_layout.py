"""The report leads with the brief; its figures fit their boxes; labels do not collide; lines are not repeated.

Nothing here hard-codes a scenario's numbers: each expectation is derived from the API
(the brief, the explanation, the drawn figure measured by matplotlib's renderer).
"""

from __future__ import annotations

import inspect
import itertools
import re

import pytest
from matplotlib.text import Annotation, Text

import realpolitik
from realpolitik.analysis import make_brief
from realpolitik.report import build_report, plots, report_figures
from realpolitik.report.build import make_report_brief
from realpolitik.report.document import REPORT_SECTIONS, merge_repeats
from realpolitik.report.plots import _agg_renderer, _text_extent

from .conftest import FAST, STAMP

SID = "belarus-2022"


@pytest.fixture(scope="module")
def belarus_figures(explanations, briefs):
    notes: list[str] = []
    figs = report_figures(explanations[SID], brief=briefs[SID], notes=notes)
    assert not notes, notes
    return figs


def _texts(fig):
    """Every text the figure draws (tick labels only for ticks inside the view: the others are not drawn)."""
    hidden = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            tol = 1e-9 * max(1.0, abs(hi - lo))
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not ax.axison or not lo - tol <= tick.get_loc() <= hi + tol:
                    hidden.update({id(tick.label1), id(tick.label2)})
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip() and id(t) not in hidden]


# -- the brief leads ----------------------------------------------------------------------------------
def test_the_summary_is_the_first_section_and_says_the_brief(html_reports, briefs):
    page = html_reports[SID]
    b = briefs[SID]
    assert REPORT_SECTIONS[0].anchor == "summary"
    first = re.search(r'<section id="([^"]+)"', page).group(1)
    assert first == "summary"
    summary = page[page.index('<section id="summary"'):page.index('<section id="question"')]
    text = re.sub(r"<[^>]+>", "", summary).replace("&#x27;", "'").replace("&quot;", '"')
    import html as _html

    text = _html.unescape(text)
    assert b.headline_text() in text
    if b.band is not None:
        assert b.band_text() in text
    for t in b.tipping_points:
        assert t.label in text
    for m in b.models:
        assert m.label in text
        if m.backtest:
            assert f"{m.backtest['test_mae']:.1f}" in text or plots.num(m.backtest["test_mae"]) in text
    if b.sweep is not None:
        assert 'id="fig-sweep-headline"' in summary


def test_the_reports_brief_is_the_cli_brief():
    """Same defaults (samples, seed, sampler, Sobol size, sweep) as make_brief and ``realpolitik brief``."""
    from realpolitik.cli.brief_cmd import brief as cli_brief

    mine = inspect.signature(make_report_brief).parameters
    theirs = inspect.signature(make_brief).parameters
    assert mine["samples"].default == theirs["n"].default
    assert mine["rng"].default == theirs["seed"].default
    assert mine["sampler"].default == theirs["sampler"].default
    assert mine["sensitivity_n"].default == theirs["sensitivity_n"].default
    cli = inspect.signature(cli_brief).parameters
    assert cli["n"].default.default == theirs["n"].default
    assert cli["seed"].default.default == theirs["seed"].default
    assert cli["sobol_n"].default.default == theirs["sensitivity_n"].default


def test_the_report_prints_the_briefs_headline(explanations):
    sc = realpolitik.load_any(SID)
    b = make_brief(sc, n=FAST["samples"], seed=FAST["rng"], sensitivity_n=FAST["sensitivity_n"])
    md = build_report(sc, fmt="md", explanation=explanations[SID], generated=STAMP, **FAST)
    assert f"**{b.headline_text()}**" in md
    assert md.index("## In brief") < md.index("## Question and scale")


# -- figures fit their boxes ----------------------------------------------------------------------------
def test_every_text_of_every_figure_lies_inside_its_figure(belarus_figures):
    for f in belarus_figures:
        plots.figure_bytes(f.figure)  # rendered as the report renders it
        renderer = _agg_renderer(f.figure)
        box = f.figure.bbox
        for ax in f.figure.axes:  # wrapping keeps the plot itself from being squeezed to a sliver
            if ax.axison:
                assert ax.get_window_extent(renderer).width >= 0.4 * box.width, f"{f.name}: axes squeezed"
        for t in _texts(f.figure):
            e = _text_extent(t, renderer)
            assert box.x0 - 1 <= e.x0 and e.x1 <= box.x1 + 1 and box.y0 - 1 <= e.y0 and e.y1 <= box.y1 + 1, \
                f"{f.name}: {t.get_text()!r} at {e.bounds} leaves the figure {box.bounds}"


def test_the_sweep_figure_shades_the_assumed_range(belarus_figures, briefs):
    s = briefs[SID].sweep
    if s is None:
        pytest.skip("no sweep in this brief")
    fig = next(f.figure for f in belarus_figures if f.name == "sweep-headline")
    ax = fig.axes[0]
    lo, hi = ax.get_xlim()
    assert (lo, hi) == pytest.approx((min(s.values), max(s.values)))
    patches = [p for p in ax.patches if p.get_label().startswith("assumed range")]
    assert len(patches) == 1
    span = patches[0]
    assert (span.get_x(), span.get_x() + span.get_width()) == pytest.approx(s.assumed_range, abs=1e-6)


def test_long_titles_are_wrapped_not_clipped(explanations):
    b = explanations[SID].bargaining[0]
    fig = plots.trajectories_figure(b, title="A very long title " * 12)
    renderer = _agg_renderer(fig)
    t = fig.axes[0].title
    assert "\n" in t.get_text()
    e = t.get_window_extent(renderer)
    assert 0 <= e.x0 and e.x1 <= fig.bbox.x1


# -- perception chart labels ----------------------------------------------------------------------------
def test_perception_labels_do_not_overlap(explanations):
    b = explanations[SID].bargaining[0]
    for actor in b.actor_names:
        fig = plots.perception_figure(b, actor)
        renderer = _agg_renderer(fig)
        ax = fig.axes[0]
        labels = [t for t in ax.texts if isinstance(t, Annotation)]
        boxes = [_text_extent(t, renderer) for t in labels]
        captions = [_text_extent(t, renderer) for t in ax.texts if not isinstance(t, Annotation)]
        for (i, a), (j, c) in itertools.combinations(enumerate(boxes), 2):
            assert not a.overlaps(c), f"{actor}: {labels[i].get_text()!r} overlaps {labels[j].get_text()!r}"
        for a, t in zip(boxes, labels):
            assert not any(a.overlaps(c) for c in captions), f"{actor}: {t.get_text()!r} covers a caption"
        # every other actor is named once
        named = " ".join(t.get_text().replace("\n", " ") for t in labels)
        for j, name in b.actor_names.items():
            if j != actor:
                assert " ".join(name.split()) in " ".join(named.split())


# -- the game tree ----------------------------------------------------------------------------------------
def _leaves(node):
    return 1 if not node.children else sum(_leaves(e.child) for e in node.children)


def _summarised(node):
    if node.kind == "summary":
        return int(re.search(r"\+ (\d+) more outcome", node.label).group(1))
    return (0 if node.children else 1) + sum(_summarised(e.child) for e in node.children)


def _on_path_nodes(node):
    out = [node.label] if node.on_path else []
    for e in node.children:
        if e.on_path:
            out += _on_path_nodes(e.child)
    return out


def test_the_flagship_tree_is_summarised_within_the_budget(explanations):
    g = explanations[SID].games[0]
    full = plots.tree_size(g.tree)
    drawn = plots.collapse_tree(g.tree)
    assert plots.tree_size(drawn) <= plots.TREE_NODE_BUDGET or full <= plots.TREE_NODE_BUDGET
    assert _summarised(drawn) == _leaves(g.tree)          # every outcome is drawn or counted in a box
    assert _on_path_nodes(drawn) == _on_path_nodes(g.tree)  # the equilibrium path is kept whole
    small = plots.collapse_tree(g.tree, budget=full)
    assert small is g.tree


def test_the_tree_figure_text_does_not_overlap(explanations):
    g = explanations[SID].games[0]
    fig = plots.game_tree_figure(g)
    renderer = _agg_renderer(fig)
    texts = [t for t in _texts(fig) if t is not fig.axes[0].title]
    n_boxes = sum(1 for t in texts if "more outcome" in t.get_text())
    assert n_boxes == sum(1 for _ in _iter_summaries(plots.collapse_tree(g.tree)))
    boxes = [_text_extent(t, renderer) for t in texts]
    for (i, a), (j, c) in itertools.combinations(enumerate(boxes), 2):
        assert not a.overlaps(c), f"{texts[i].get_text()!r} overlaps {texts[j].get_text()!r}"


def _iter_summaries(node):
    if node.kind == "summary":
        yield node
    for e in node.children:
        yield from _iter_summaries(e.child)


# -- repeated lines ---------------------------------------------------------------------------------------
def test_merge_repeats_names_each_place():
    out = merge_repeats([("a", "x"), ("b", "x"), ("a", "y"), ("a", "y"), ("c", "")], joiner="at")
    assert out == ["a — at: x; y", "b", "c"]


def test_no_line_of_the_report_is_repeated(explanations, briefs):
    sc = realpolitik.load_any(SID)
    md = build_report(sc, fmt="md", explanation=explanations[SID], brief=briefs[SID], generated=STAMP)
    lines = [ln for ln in md.splitlines() if ln.startswith(("- ", "> "))]
    dup = [ln for ln in set(lines) if lines.count(ln) > 1]
    assert not dup, dup
    # a threshold the explanation states at several decisions is said once, naming them
    g = explanations[SID].games[0]
    said = [t.text(d.player_name) for d, t in g.thresholds()]
    for text in {s for s in said if said.count(s) > 1}:
        hits = [ln for ln in lines if ln.startswith("- " + text)]
        assert len(hits) == 1 and "at the decisions" in hits[0]


def test_a_given_explanation_sets_the_briefs_samples(explanations):
    sc = realpolitik.load_any(SID)
    ex = explanations[SID]
    b = make_brief(sc, n=ex.uncertainty.n, seed=ex.uncertainty.seed, sampler=ex.uncertainty.sampler,
                   sensitivity_n=0, sweep_points=0)
    md = build_report(sc, fmt="md", explanation=ex, generated=STAMP, sensitivity_n=0)
    assert f"**{b.headline_text()}**" in md
