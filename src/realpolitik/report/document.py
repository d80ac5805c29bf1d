"""The report as a list of blocks, rendered to one self-contained HTML or Markdown file.

The content is assembled once (:func:`report_blocks`) as headings,
paragraphs, tables, lists and figures with footnote references, then
rendered by :func:`render_html` or :func:`render_markdown`. Images are
embedded as ``data:`` URIs; the HTML carries its own small stylesheet, uses
system fonts and no script, so it opens with no network at all. Links to the
sources are ordinary ``<a href>`` links that nothing fetches.

The report leads with the brief (:func:`realpolitik.analysis.make_brief`):
the headline in words and numbers, the most likely band, why, what would
change it and the models with their backtest record; the tables that back it
follow. Each section is one function in :data:`REPORT_SECTIONS` (anchor, title,
builder), so a section is added by appending to that list.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from .._version import __version__
from ..scenario.model import point_value
from ._format import num, pct, signed
from .bargaining import MODEL_LABELS
from .figures import ReportFigure
from .plots import data_uri
from .sources import Footnotes

__all__ = ["REPORT_SECTIONS", "SECTION_IDS", "Block", "Section", "ReportContext", "merge_repeats", "report_blocks",
           "render_html", "render_markdown"]


@dataclass(frozen=True)
class Cell:
    text: str
    refs: tuple[int, ...] = ()


@dataclass(frozen=True)
class Block:
    kind: str                       # h2 | h3 | p | lead | table | list | figure | note
    text: str = ""
    refs: tuple[int, ...] = ()
    anchor: str = ""
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    items: tuple[Cell, ...] = ()
    figure: ReportFigure | None = field(default=None, repr=False)


def _c(text: Any, refs: Sequence[int] = ()) -> Cell:
    return Cell(str(text), tuple(refs))


def _dist(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, (int, float)):
        return num(v)
    lo, hi = v.support
    return f"{num(point_value(v))} ({v.dist} {num(lo)}–{num(hi)})"


def merge_repeats(lines: Sequence[tuple[str, str]], *, joiner: str = "applies to") -> list[str]:
    """Each distinct line once, in first-seen order, with the places it applies to when more than one.

    >>> merge_repeats([("q > 1/2", "node A"), ("p < 0", "node A"), ("q > 1/2", "node B")])
    ['q > 1/2 — applies to: node A; node B', 'p < 0']
    """
    places: dict[str, list[str]] = {}
    for text, where in lines:
        seen = places.setdefault(text, [])
        if where and where not in seen:
            seen.append(where)
    out = []
    for text, where_ in places.items():
        out.append(f"{text} — {joiner}: {'; '.join(where_)}" if len(where_) > 1 else text)
    return out


@dataclass
class ReportContext:
    """What the section builders read (inputs) and append to (``blocks``)."""

    scenario: Any
    explanation: Any
    brief: Any
    figures: dict[str, list[ReportFigure]]
    footnotes: Footnotes
    notes: Sequence[str] = ()
    blocks: list[Block] = field(default_factory=list)

    def cite(self, sources: Any) -> tuple[int, ...]:
        return tuple(self.footnotes.cite(sources))

    def h2(self, text: str, anchor: str) -> None:
        self.blocks.append(Block("h2", text=text, anchor=anchor))

    def h3(self, text: str) -> None:
        self.blocks.append(Block("h3", text=text))

    def para(self, text: str, refs: Sequence[int] = ()) -> None:
        self.blocks.append(Block("p", text=text, refs=tuple(refs)))

    def lead(self, text: str) -> None:
        self.blocks.append(Block("lead", text=text))

    def note(self, text: str) -> None:
        self.blocks.append(Block("note", text=text))

    def items(self, texts: Sequence[str | Cell]) -> None:
        cells = tuple(t if isinstance(t, Cell) else _c(t) for t in texts)
        if cells:
            self.blocks.append(Block("list", items=cells))

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
        self.blocks.append(Block("table", headers=tuple(headers), rows=tuple(tuple(r) for r in rows)))

    def put_figs(self, section: str, prefix: str = "") -> None:
        for f in self.figures.get(section, []):
            if f.name.startswith(prefix):
                self.blocks.append(Block("figure", figure=f))


@dataclass(frozen=True)
class Section:
    """One section of the report: its anchor, heading and the function that writes its blocks."""

    anchor: str
    title: str
    build: Callable[[ReportContext], None]


# -- sections -----------------------------------------------------------------------------------------
def _model_forecast_text(text: str) -> str:
    """A brief model line without its backtest clause (the table shows the record in its own columns)."""
    return text.split("; DEU III")[0].split("; no backtest")[0]


def _distinct_warnings(warnings: Sequence[str]) -> list[str]:
    """Warnings once each; one whose text (less a ``"bargaining: "``-style prefix) another contains is dropped."""
    out: list[str] = []
    for w in dict.fromkeys(warnings):
        core = w.split(": ", 1)[1] if w.split(": ", 1)[0] in ("bargaining", "headline") and ": " in w else w
        if any(core in other for other in warnings if other != w):
            continue
        out.append(w)
    return out


def _summary(ctx: ReportContext) -> None:
    b = ctx.brief
    if b is None:
        ctx.note("The brief was not computed for this report.")
        return
    ctx.lead(b.headline_text())
    if b.band is not None:
        ctx.para(b.band_text())
    if b.why:
        ctx.h3("Why")
        ctx.items(list(b.why))
    ctx.h3("What would change it")
    if b.tipping_points:
        rows = []
        for t in b.tipping_points:
            rng = "—" if t.assumed_range is None else f"{num(t.assumed_range[0])}–{num(t.assumed_range[1])}"
            rows.append([_c(t.label), _c(num(t.value)), _c(rng),
                         _c("inside" if t.inside_range else "outside"), _c(t.then)])
        ctx.table(["assumption", "tips at", "assumed range", "tipping point", "then"], rows)
    elif ctx.scenario.games:
        ctx.para("No tipping point was found in the game's parameters.")
    else:
        ctx.para("The scenario has no game, so there is no tipping point to compute.")
    if b.sweep is not None:
        s = b.sweep
        probs = [p for p in s.probabilities if p == p]
        if probs:
            ctx.para(f"With {s.label} anywhere in its whole plausible range, {num(s.values[0])} to "
                     f"{num(s.values[-1])} (the scenario assumes {num(s.assumed_range[0])}–"
                     f"{num(s.assumed_range[1])}), the headline probability runs from {pct(min(probs))} to "
                     f"{pct(max(probs))} ({s.n} samples per point, the other inputs sampled): this is how much of "
                     "the answer is assumption.")
    ctx.put_figs("summary", "sweep-")
    if b.drivers:
        ctx.para("Drivers of the headline (total Sobol index): "
                 + ", ".join(f"{d.label} {num(d.effect)}" for d in b.drivers[:4]) + ".")
    if b.models:
        ctx.h3("The models, best backtest record first")
        rows = []
        for m in b.models:
            rec = m.backtest
            rows.append([_c(m.label), _c(_model_forecast_text(m.text)),
                         _c(num(rec["test_mae"]) if rec else "no record"),
                         _c(num(rec["compromise_test_mae"]) if rec else "—")])
        ctx.table(["model", "forecast", "DEU III test MAE", "compromise model's test MAE"], rows)
    if b.framings:
        ctx.para(b.framings)
    for w in _distinct_warnings(b.warnings):
        if b.headline is None and w.startswith("no headline question"):
            continue  # the lead says it already
        ctx.note(f"Warning: {w}")
    ctx.para(f"{b.n:,} Monte Carlo samples, seed {b.seed}: the numbers equal those of “realpolitik brief "
             f"{b.scenario_id}” with the same settings.")


def _question(ctx: ReportContext) -> None:
    scenario = ctx.scenario
    if scenario.metadata.summary:
        ctx.para(scenario.metadata.summary)
    if not scenario.issues:
        ctx.note("The scenario has no bargaining issue.")
    for issue in scenario.issues:
        ctx.h3(issue.question)
        sc = issue.scale
        unit = f" ({sc.unit})" if sc.unit else ""
        ctx.para(f"Issue {issue.id}: a scale from {num(sc.min)} to {num(sc.max)}{unit}.", ctx.cite(issue.sources))
        if sc.anchors:
            ctx.table(["value", "meaning"], [[_c(num(a.value)), _c(a.label)] for a in sc.anchors])
        if issue.status_quo is not None:
            ctx.para(f"Status quo: {_dist(issue.status_quo)}. {issue.status_quo_rationale}".strip())


def _actors(ctx: ReportContext) -> None:
    scenario = ctx.scenario
    rows = []
    for a in scenario.actors:
        rows.append([_c(a.name), _c(a.kind), _c(_dist(a.capability)), _c(a.capability_basis or "—"),
                     _c(a.notes or "", ctx.cite(a.sources))])
    ctx.table(["actor", "kind", "raw capability", "basis", "notes"], rows)
    for issue in scenario.issues:
        rows = []
        for p in issue.positions:
            act = scenario.actor(p.actor)
            rows.append([_c(act.name), _c(_dist(p.position)), _c(_dist(p.salience)), _c(_dist(p.leverage)),
                         _c(p.rationale or "", ctx.cite(p.sources))])
        ctx.para(f"Positions on {issue.id} (salience on 0–{issue.salience_scale}; leverage: capability over this "
                 f"decision, where given):")
        ctx.table(["actor", "position", "salience", "leverage", "rationale"], rows)


def _forecasts(ctx: ReportContext) -> None:
    explanation = ctx.explanation
    if "bargaining" in explanation.unavailable:
        ctx.note(f"Not available: {explanation.unavailable['bargaining']}")
    for b in explanation.bargaining:
        ctx.h3(f"{b.issue_id}: {b.question}")
        raw = dict(b.forecasts_raw)
        headers = ["model", f"forecast ({b.capability_basis})"] + (["forecast (raw capability)"] if raw else [])
        rows = []
        for k, v in b.forecasts.items():
            r = [_c(MODEL_LABELS.get(k, k)), _c(num(v))]
            if raw:
                r.append(_c(num(raw.get(k))))
            rows.append(r)
        ctx.table(headers, rows)
        if raw:
            ctx.para(f"Two readings of power: with raw capability (material power) the expected-utility forecast "
                     f"is {num(raw.get('eu'))}; with leverage over this decision it is {num(b.forecasts.get('eu'))}. "
                     f"The explanation below uses {b.capability_basis}.")
        ctx.para("Round by round (expected-utility model): who gave in to whose challenge, and how.")
        rows = []
        for r in b.rounds:
            moves = "; ".join(mv.text() for mv in r.moves) or "no actor moved"
            rows.append([_c(r.round), _c(num(r.median)), _c(num(r.mean)), _c(moves)])
        ctx.table(["round", "median", "mean", "moves"], rows)
        ctx.put_figs("forecasts", f"trajectories-{b.issue_id}")
        rows = [[_c(a.name), _c(num(a.start)), _c(num(a.end)), _c(num(a.distance_travelled)),
                 _c(num(a.forecast_without)), _c(signed(a.influence) if a.influence is not None else "—"),
                 _c(signed(a.compromise_influence) if a.compromise_influence is not None else "—")]
                for a in sorted(b.actors, key=lambda a: -abs(a.influence or 0.0))]
        ctx.para("Each actor's path and influence (leave-one-out: the forecast with all actors minus the forecast "
                 "without this one).")
        ctx.table(["actor", "start", "end", "distance travelled", "EU forecast without it", "influence (EU)",
                   "influence (compromise)"], rows)
        ctx.para(b.pivotal_reason)
        ctx.put_figs("forecasts", f"perception-{b.issue_id}")
    for k, why in explanation.unavailable.items():
        if k.startswith("bargaining."):
            ctx.note(f"Not available: {k}: {why}")
    from .exchange import exchange_blocks  # deferred: it builds this module's Blocks

    ctx.blocks.extend(exchange_blocks(explanation, ctx.figures.get("exchange", [])))


def _game(ctx: ReportContext) -> None:
    explanation = ctx.explanation
    for spec in ctx.scenario.games:
        if spec.description:
            ctx.para(f"{spec.id}: {spec.description}")
    for g in explanation.games:
        ctx.h3(f"{g.title} ({g.method})")
        ctx.para("Equilibrium path: " + " → ".join(g.path_words or g.path) + ".")
        ctx.para("Equilibrium payoffs: " + ", ".join(f"{p} {num(v)}" for p, v in zip(g.players, g.payoffs)) + ".")
        if g.decisions:
            ctx.para("At each decision on the path, the value to the mover of every alternative, given how play "
                     "continues in equilibrium:")
            ctx.items(merge_repeats([(d.text(), f"“{d.node}”") for d in g.decisions], joiner="at"))
        ths = g.thresholds()
        if ths:
            ctx.para("What would change it (one parameter at a time, the others at their point values):")
            ths.sort(key=lambda dt_: (not dt_[1].in_range, abs(dt_[1].value - (dt_[1].current or 0.0))))
            # the same switch at several decisions (one reply after each earlier move) is said once
            ctx.items(merge_repeats([(t.text(d.player_name), f"“{d.node}”") for d, t in ths],
                                    joiner="at the decisions"))
        for n_ in g.notes:
            ctx.note(n_)
        ctx.put_figs("game", f"tree-{g.game_id}")
    for k, why in explanation.unavailable.items():
        if k == "games" or k.startswith("games."):
            ctx.note(f"Not available: {why}" if k == "games" else f"Game {k[6:]}: {why}")


def _uncertainty(ctx: ReportContext) -> None:
    explanation = ctx.explanation
    u = explanation.uncertainty
    if u is None:
        ctx.note("Not available: " + explanation.unavailable.get("uncertainty", "the uncertainty section was not run"))
        return
    ctx.para(f"{u.n:,} samples ({u.sampler}, seed {u.seed}) of {len(u.inputs)} uncertain inputs: "
             + (", ".join(u.input_labels.get(i, i) for i in u.inputs) or "none") + ".")
    rows = []
    for name, r in u.numeric.iterrows():
        rows.append([_c(u.output_label(str(name))), _c(num(r["mean"])), _c(num(r["q0.05"])), _c(num(r["q0.5"])), _c(num(r["q0.95"]))])
    ctx.table(["output", "mean", "5 %", "median", "95 %"], rows)
    ctx.put_figs("uncertainty", "distribution-")
    if len(u.outcomes):
        rows = [[_c(u.output_label(str(r.output))), _c(r.label), _c(pct(r.p)), _c(f"{pct(r.lo)} – {pct(r.hi)}")]
                for r in u.outcomes.itertuples()]
        ctx.table(["output", "outcome", "probability", "95 % interval"], rows)
        ctx.put_figs("uncertainty", "outcomes-")
    for name, ds in u.drivers.items():
        ctx.h3(f"Drivers of {u.output_label(name)}")
        rows = [[_c(d.label), _c(num(d.st)), _c(num(d.s1)), _c(f"{num(d.output_low)} / {num(d.output_high)}")]
                for d in ds]
        ctx.table(["input", "total Sobol index ST", "first-order S1", "output at input's 5 % / 95 %"], rows)
        ctx.put_figs("uncertainty", f"tornado-{name}")
    for n_ in u.notes:
        ctx.note(n_)


def _assumptions(ctx: ReportContext) -> None:
    scenario, explanation = ctx.scenario, ctx.explanation
    m = scenario.metadata
    items = [f"Information cut-off: {m.as_of.isoformat()}. Evidence dated later is ground truth for scoring, "
             f"never a model input."]
    for b in explanation.bargaining:
        opts = b.eu.options.to_dict()
        items.append(f"Expected-utility model rules ({b.issue_id}): "
                     + ", ".join(f"{k}={v}" for k, v in opts.items()) + ".")
        items.append(f"Capabilities for {b.issue_id}: {b.capability_basis} (issue-specific leverage where the "
                     "scenario gives it, raw capability otherwise).")
    items.append("Positions, saliences and leverage are analyst judgements with the rationale shown under "
                 "Actors; numbers given as distributions are sampled in the uncertainty section.")
    ctx.items(items)
    if scenario.parameters:
        rows = [[_c(p.id), _c(_dist(p.value)), _c(p.unit or "—"), _c(p.description or "", ctx.cite(p.sources))]
                for p in scenario.parameters]
        ctx.para("Parameters:")
        ctx.table(["parameter", "value", "unit", "meaning"], rows)


def _ground_truth(ctx: ReportContext) -> None:
    scenario = ctx.scenario
    if scenario.ground_truth:
        titles = {q.id: q.title for q in scenario.questions}
        rows = [[_c(g.date.isoformat()), _c(titles.get(g.question, g.question)), _c(str(g.outcome)),
                 _c(g.description, ctx.cite(g.sources))] for g in scenario.ground_truth]
        ctx.table(["date", "question", "resolution", "evidence"], rows)
    else:
        ctx.note("The scenario records no ground truth.")
    for n_ in ctx.notes:
        ctx.note(n_)


#: The report's sections in order; append a :class:`Section` here to add one (the sources come last, always).
REPORT_SECTIONS: list[Section] = [
    Section("summary", "In brief", _summary),
    Section("question", "Question and scale", _question),
    Section("actors", "Actors", _actors),
    Section("forecasts", "Forecasts of every model", _forecasts),
    Section("game", "The game and its solution", _game),
    Section("uncertainty", "Uncertainty and drivers", _uncertainty),
    Section("assumptions", "Assumptions", _assumptions),
    Section("ground-truth", "What happened (ground truth, not model input)", _ground_truth),
]

#: Section anchors of the report, in order (tests and readers rely on them).
SECTION_IDS = tuple(s.anchor for s in REPORT_SECTIONS) + ("sources",)


def _merge_notes(blocks: list[Block]) -> list[Block]:
    """A note said in several places appears once, where first said, naming the sections it applies to."""
    places: dict[str, list[str]] = {}
    where = ""
    for b in blocks:
        if b.kind == "h2":
            where = b.text
        elif b.kind == "note":
            seen = places.setdefault(b.text, [])
            if where not in seen:
                seen.append(where)
    out, done = [], set()
    for b in blocks:
        if b.kind == "note":
            if b.text in done:
                continue
            done.add(b.text)
            ps = places[b.text]
            if len(ps) > 1:
                b = Block("note", text=f"{b.text} — applies to: {'; '.join(ps)}")
        out.append(b)
    return out


def report_blocks(scenario: Any, explanation: Any, figures: Sequence[ReportFigure], footnotes: Footnotes,
                  notes: Sequence[str] = (), *, brief: Any = None,
                  sections: Sequence[Section] | None = None) -> list[Block]:
    """The report's content, in order; footnotes are numbered as they are first cited.

    Parameters
    ----------
    scenario, explanation
        The scenario and its :class:`~realpolitik.report.Explanation`.
    figures : sequence of ReportFigure
    footnotes : Footnotes
    notes : sequence of str
        Notes for the end of the report (e.g. figures that could not be drawn).
    brief : Brief, optional
        The :func:`~realpolitik.analysis.make_brief` result the report leads with.
    sections : sequence of Section, optional
        Default :data:`REPORT_SECTIONS`.
    """
    figs: dict[str, list[ReportFigure]] = {}
    for f in figures:
        figs.setdefault(f.section, []).append(f)
    ctx = ReportContext(scenario=scenario, explanation=explanation, brief=brief, figures=figs, footnotes=footnotes,
                        notes=notes)
    for s in (REPORT_SECTIONS if sections is None else sections):
        ctx.h2(s.title, s.anchor)
        s.build(ctx)
    return _merge_notes(ctx.blocks)


# ---------------------------------------------------------------------------------------------------
_CSS = """
body{font-family:Georgia,'Times New Roman',serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;
line-height:1.5;background:#fff}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{border-bottom:1px solid #ccc;margin-top:2.2rem}
.meta{color:#555;font-size:.9rem}table{border-collapse:collapse;margin:.8rem 0;font-size:.88rem;width:100%}
th,td{border:1px solid #ddd;padding:.3rem .5rem;vertical-align:top;text-align:left}th{background:#f4f4f4}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.85rem;color:#444}.note{background:#fff8e1;border-left:4px solid #f0b400;padding:.4rem .8rem}
sup.fn a{text-decoration:none}.lead{font-size:1.08rem}ol.sources li{margin:.3rem 0;font-size:.9rem}nav ul{columns:2;font-size:.9rem}
"""


def _refs_html(refs: Sequence[int]) -> str:
    return "".join(f'<sup class="fn"><a href="#fn-{n}" id="ref-{n}">[{n}]</a></sup>' for n in refs)


def render_html(scenario: Any, blocks: Sequence[Block], footnotes: Footnotes, *, image_format: str = "png",
                generated: dt.datetime | None = None) -> str:
    """One self-contained HTML5 page."""
    e = html.escape
    m = scenario.metadata
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
           "style-src 'unsafe-inline'\">",
           f"<title>{e(m.title)} — realpolitik report</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
           f"<header><h1>{e(m.title)}</h1>"]
    by = f" · {e(', '.join(m.authors))}" if m.authors else ""
    when = (generated or dt.datetime.now(dt.timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    out.append(f'<p class="meta">Scenario <code>{e(m.id)}</code>, as of {m.as_of.isoformat()}{by}<br>'
               f"Generated by realpolitik {e(__version__)} on {when}; scenario digest "
               f"<code>{e(scenario.digest[:16])}</code></p></header>")
    nav = [b for b in blocks if b.kind == "h2"]
    out.append("<nav><ul>" + "".join(f'<li><a href="#{b.anchor}">{e(b.text)}</a></li>' for b in nav)
               + '<li><a href="#sources">Sources</a></li></ul></nav>')
    open_section = False
    for b in blocks:
        if b.kind == "h2":
            if open_section:
                out.append("</section>")
            out.append(f'<section id="{b.anchor}"><h2>{e(b.text)}</h2>')
            open_section = True
        elif b.kind == "h3":
            out.append(f"<h3>{e(b.text)}</h3>")
        elif b.kind == "p":
            out.append(f"<p>{e(b.text)}{_refs_html(b.refs)}</p>")
        elif b.kind == "lead":
            out.append(f'<p class="lead"><strong>{e(b.text)}</strong></p>')
        elif b.kind == "note":
            out.append(f'<p class="note">{e(b.text)}</p>')
        elif b.kind == "list":
            out.append("<ul>" + "".join(f"<li>{e(c.text)}{_refs_html(c.refs)}</li>" for c in b.items) + "</ul>")
        elif b.kind == "table":
            out.append("<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in b.headers) + "</tr></thead><tbody>")
            for row in b.rows:
                out.append("<tr>" + "".join(f"<td>{e(c.text)}{_refs_html(c.refs)}</td>" for c in row) + "</tr>")
            out.append("</tbody></table>")
        elif b.kind == "figure" and b.figure is not None:
            f = b.figure
            out.append(f'<figure id="fig-{e(f.name)}"><img src="{data_uri(f.figure, image_format)}" '
                       f'alt="{e(f.caption)}"><figcaption>{e(f.caption)}</figcaption></figure>')
    if open_section:
        out.append("</section>")
    out.append('<section id="sources"><h2>Sources</h2><ol class="sources">')
    for n, src in footnotes.entries():
        text = footnotes.text(n)
        if src.url:
            url = e(src.url)
            text_html = e(text).replace(url, f'<a href="{url}" rel="noreferrer noopener">{url}</a>', 1)
        else:
            text_html = e(text)
        out.append(f'<li id="fn-{n}" value="{n}">{text_html}</li>')
    out.append("</ol></section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _refs_md(refs: Sequence[int]) -> str:
    return "".join(f"[{n}]" for n in refs)


def render_markdown(scenario: Any, blocks: Sequence[Block], footnotes: Footnotes, *, image_format: str = "png",
                    generated: dt.datetime | None = None) -> str:
    """One self-contained Markdown file (images as data URIs)."""
    m = scenario.metadata
    when = (generated or dt.datetime.now(dt.timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    by = f" · {', '.join(m.authors)}" if m.authors else ""
    out = [f"# {m.title}", "", f"*Scenario `{m.id}`, as of {m.as_of.isoformat()}{by}. Generated by realpolitik "
           f"{__version__} on {when}; scenario digest `{scenario.digest[:16]}`.*", ""]
    for b in blocks:
        if b.kind == "h2":
            out += [f'<a id="{b.anchor}"></a>', "", f"## {b.text}", ""]
        elif b.kind == "h3":
            out += [f"### {b.text}", ""]
        elif b.kind == "p":
            out += [b.text + _refs_md(b.refs), ""]
        elif b.kind == "lead":
            out += [f"**{b.text}**", ""]
        elif b.kind == "note":
            out += [f"> {b.text}", ""]
        elif b.kind == "list":
            out += [f"- {c.text}{_refs_md(c.refs)}" for c in b.items] + [""]
        elif b.kind == "table":
            out.append("| " + " | ".join(_md(h) for h in b.headers) + " |")
            out.append("|" + "---|" * len(b.headers))
            for row in b.rows:
                out.append("| " + " | ".join(_md(c.text + _refs_md(c.refs)) for c in row) + " |")
            out.append("")
        elif b.kind == "figure" and b.figure is not None:
            f = b.figure
            out += [f"![{_md(f.caption)}]({data_uri(f.figure, image_format)})", "", f"*{f.caption}*", ""]
    out += ['<a id="sources"></a>', "", "## Sources", ""]
    for n, _src in footnotes.entries():
        out.append(f"[{n}] {footnotes.text(n)}")
        out.append("")
    return "\n".join(out)
