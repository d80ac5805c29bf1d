"""The report as a list of blocks, rendered to one self-contained HTML or Markdown file.

The content is assembled once (:func:`report_blocks`) as headings,
paragraphs, tables, lists and figures with footnote references, then
rendered by :func:`render_html` or :func:`render_markdown`. Images are
embedded as ``data:`` URIs; the HTML carries its own small stylesheet, uses
system fonts and no script, so it opens with no network at all. Links to the
sources are ordinary ``<a href>`` links that nothing fetches.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from typing import Any, Sequence

from .._version import __version__
from ..scenario.model import point_value
from ._format import num, pct, signed
from .bargaining import MODEL_LABELS
from .figures import ReportFigure
from .plots import data_uri
from .sources import Footnotes

__all__ = ["SECTION_IDS", "Block", "report_blocks", "render_html", "render_markdown"]

#: Section anchors of the report, in order (tests and readers rely on them).
SECTION_IDS = ("question", "actors", "forecasts", "game", "uncertainty", "assumptions", "ground-truth", "sources")


@dataclass(frozen=True)
class Cell:
    text: str
    refs: tuple[int, ...] = ()


@dataclass(frozen=True)
class Block:
    kind: str                       # h2 | h3 | p | table | list | figure | note
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


def report_blocks(scenario: Any, explanation: Any, figures: Sequence[ReportFigure], footnotes: Footnotes,
                  notes: Sequence[str] = ()) -> list[Block]:
    """The report's content, in order; footnotes are numbered as they are first cited."""
    B: list[Block] = []
    m = scenario.metadata
    figs: dict[str, list[ReportFigure]] = {}
    for f in figures:
        figs.setdefault(f.section, []).append(f)
    cite = footnotes.cite

    def para(text: str, refs: Sequence[int] = ()) -> None:
        B.append(Block("p", text=text, refs=tuple(refs)))

    def note(text: str) -> None:
        B.append(Block("note", text=text))

    def table(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
        B.append(Block("table", headers=tuple(headers), rows=tuple(tuple(r) for r in rows)))

    def put_figs(section: str, prefix: str = "") -> None:
        for f in figs.get(section, []):
            if f.name.startswith(prefix):
                B.append(Block("figure", figure=f))

    # -- summary ----------------------------------------------------------------------------------
    if m.summary:
        para(m.summary)
    # -- question and scale -----------------------------------------------------------------------
    B.append(Block("h2", text="Question and scale", anchor="question"))
    if not scenario.issues:
        note("The scenario has no bargaining issue.")
    for issue in scenario.issues:
        B.append(Block("h3", text=issue.question))
        sc = issue.scale
        unit = f" ({sc.unit})" if sc.unit else ""
        para(f"Issue {issue.id}: a scale from {num(sc.min)} to {num(sc.max)}{unit}.", cite(issue.sources))
        if sc.anchors:
            table(["value", "meaning"], [[_c(num(a.value)), _c(a.label)] for a in sc.anchors])
        if issue.status_quo is not None:
            para(f"Status quo: {_dist(issue.status_quo)}. {issue.status_quo_rationale}".strip())
    # -- actors -----------------------------------------------------------------------------------
    B.append(Block("h2", text="Actors", anchor="actors"))
    rows = []
    for a in scenario.actors:
        rows.append([_c(a.name), _c(a.kind), _c(_dist(a.capability)), _c(a.capability_basis or "—"),
                     _c(a.notes or "", cite(a.sources))])
    table(["actor", "kind", "raw capability", "basis", "notes"], rows)
    for issue in scenario.issues:
        rows = []
        for p in issue.positions:
            act = scenario.actor(p.actor)
            rows.append([_c(act.name), _c(_dist(p.position)), _c(_dist(p.salience)), _c(_dist(p.leverage)),
                         _c(p.rationale or "", cite(p.sources))])
        para(f"Positions on {issue.id} (salience on 0–{issue.salience_scale}; leverage: capability over this "
             f"decision, where given):")
        table(["actor", "position", "salience", "leverage", "rationale"], rows)
    # -- forecasts --------------------------------------------------------------------------------
    B.append(Block("h2", text="Forecasts of every model", anchor="forecasts"))
    if "bargaining" in explanation.unavailable:
        note(f"Not available: {explanation.unavailable['bargaining']}")
    for b in explanation.bargaining:
        B.append(Block("h3", text=f"{b.issue_id}: {b.question}"))
        raw = dict(b.forecasts_raw)
        headers = ["model", f"forecast ({b.capability_basis})"] + (["forecast (raw capability)"] if raw else [])
        rows = []
        for k, v in b.forecasts.items():
            r = [_c(MODEL_LABELS.get(k, k)), _c(num(v))]
            if raw:
                r.append(_c(num(raw.get(k))))
            rows.append(r)
        table(headers, rows)
        if raw:
            para(f"Two readings of power: with raw capability (material power) the expected-utility forecast is "
                 f"{num(raw.get('eu'))}; with leverage over this decision it is {num(b.forecasts.get('eu'))}. "
                 f"The explanation below uses {b.capability_basis}.")
        para("Round by round (expected-utility model): who gave in to whose challenge, and how.")
        rows = []
        for r in b.rounds:
            moves = "; ".join(mv.text() for mv in r.moves) or "no actor moved"
            rows.append([_c(r.round), _c(num(r.median)), _c(num(r.mean)), _c(moves)])
        table(["round", "median", "mean", "moves"], rows)
        put_figs("forecasts", f"trajectories-{b.issue_id}")
        rows = [[_c(a.name), _c(num(a.start)), _c(num(a.end)), _c(num(a.distance_travelled)),
                 _c(num(a.forecast_without)), _c(signed(a.influence) if a.influence is not None else "—"),
                 _c(signed(a.compromise_influence) if a.compromise_influence is not None else "—")]
                for a in sorted(b.actors, key=lambda a: -abs(a.influence or 0.0))]
        para("Each actor's path and influence (leave-one-out: the forecast with all actors minus the forecast "
             "without this one).")
        table(["actor", "start", "end", "distance travelled", "EU forecast without it", "influence (EU)",
               "influence (compromise)"], rows)
        para(b.pivotal_reason)
        put_figs("forecasts", f"perception-{b.issue_id}")
    for k, why in explanation.unavailable.items():
        if k.startswith("bargaining."):
            note(f"Not available: {k}: {why}")
    from .exchange import exchange_blocks  # deferred: it builds this module's Blocks

    B.extend(exchange_blocks(explanation, figs.get("exchange", [])))
    # -- game -------------------------------------------------------------------------------------
    B.append(Block("h2", text="The game and its solution", anchor="game"))
    for spec in scenario.games:
        if spec.description:
            para(f"{spec.id}: {spec.description}")
    for g in explanation.games:
        B.append(Block("h3", text=f"{g.title} ({g.method})"))
        para("Equilibrium path: " + " → ".join(g.path_words or g.path) + ".")
        para("Equilibrium payoffs: " + ", ".join(f"{p} {num(v)}" for p, v in zip(g.players, g.payoffs)) + ".")
        if g.decisions:
            para("At each decision on the path, the value to the mover of every alternative, given how play "
                 "continues in equilibrium:")
            B.append(Block("list", items=tuple(_c(d.text()) for d in g.decisions)))
        ths = g.thresholds()
        if ths:
            para("What would change it (one parameter at a time, the others at their point values):")
            ths.sort(key=lambda dt_: (not dt_[1].in_range, abs(dt_[1].value - (dt_[1].current or 0.0))))
            B.append(Block("list", items=tuple(_c(t.text(d.player_name)) for d, t in ths)))
        for n_ in g.notes:
            note(n_)
        put_figs("game", f"tree-{g.game_id}")
    for k, why in explanation.unavailable.items():
        if k == "games" or k.startswith("games."):
            note(f"Not available: {why}" if k == "games" else f"Game {k[6:]}: {why}")
    # -- uncertainty ------------------------------------------------------------------------------
    B.append(Block("h2", text="Uncertainty and drivers", anchor="uncertainty"))
    u = explanation.uncertainty
    if u is None:
        note("Not available: " + explanation.unavailable.get("uncertainty", "the uncertainty section was not run"))
    else:
        para(f"{u.n:,} samples ({u.sampler}, seed {u.seed}) of {len(u.inputs)} uncertain inputs: "
             + (", ".join(u.input_labels.get(i, i) for i in u.inputs) or "none") + ".")
        rows = []
        for name, r in u.numeric.iterrows():
            rows.append([_c(name), _c(num(r["mean"])), _c(num(r["q0.05"])), _c(num(r["q0.5"])), _c(num(r["q0.95"]))])
        table(["output", "mean", "5 %", "median", "95 %"], rows)
        put_figs("uncertainty", "distribution-")
        if len(u.outcomes):
            rows = [[_c(r.output), _c(r.label), _c(pct(r.p)), _c(f"{pct(r.lo)} – {pct(r.hi)}")]
                    for r in u.outcomes.itertuples()]
            table(["output", "outcome", "probability", "95 % interval"], rows)
            put_figs("uncertainty", "outcomes-")
        for name, ds in u.drivers.items():
            B.append(Block("h3", text=f"Drivers of {name}"))
            rows = [[_c(d.label), _c(num(d.st)), _c(num(d.s1)), _c(f"{num(d.output_low)} / {num(d.output_high)}")]
                    for d in ds]
            table(["input", "total Sobol index ST", "first-order S1", "output at input's 5 % / 95 %"], rows)
            put_figs("uncertainty", f"tornado-{name}")
        for n_ in u.notes:
            note(n_)
    # -- assumptions ------------------------------------------------------------------------------
    B.append(Block("h2", text="Assumptions", anchor="assumptions"))
    items = [_c(f"Information cut-off: {m.as_of.isoformat()}. Evidence dated later is ground truth for scoring, "
                f"never a model input.")]
    for b in explanation.bargaining:
        opts = b.eu.options.to_dict()
        items.append(_c(f"Expected-utility model rules ({b.issue_id}): "
                        + ", ".join(f"{k}={v}" for k, v in opts.items()) + "."))
        items.append(_c(f"Capabilities for {b.issue_id}: {b.capability_basis} (issue-specific leverage where the "
                        "scenario gives it, raw capability otherwise)."))
    items.append(_c("Positions, saliences and leverage are analyst judgements with the rationale shown under "
                    "Actors; numbers given as distributions are sampled in the uncertainty section."))
    B.append(Block("list", items=tuple(items)))
    if scenario.parameters:
        rows = [[_c(p.id), _c(_dist(p.value)), _c(p.unit or "—"), _c(p.description or "", cite(p.sources))]
                for p in scenario.parameters]
        para("Parameters:")
        table(["parameter", "value", "unit", "meaning"], rows)
    # -- ground truth -----------------------------------------------------------------------------
    B.append(Block("h2", text="What happened (ground truth, not model input)", anchor="ground-truth"))
    if scenario.ground_truth:
        titles = {q.id: q.title for q in scenario.questions}
        rows = [[_c(g.date.isoformat()), _c(titles.get(g.question, g.question)), _c(str(g.outcome)),
                 _c(g.description, cite(g.sources))] for g in scenario.ground_truth]
        table(["date", "question", "resolution", "evidence"], rows)
    else:
        note("The scenario records no ground truth.")
    for n_ in notes:
        note(n_)
    return B


# ---------------------------------------------------------------------------------------------------
_CSS = """
body{font-family:Georgia,'Times New Roman',serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;
line-height:1.5;background:#fff}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{border-bottom:1px solid #ccc;margin-top:2.2rem}
.meta{color:#555;font-size:.9rem}table{border-collapse:collapse;margin:.8rem 0;font-size:.88rem;width:100%}
th,td{border:1px solid #ddd;padding:.3rem .5rem;vertical-align:top;text-align:left}th{background:#f4f4f4}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.85rem;color:#444}.note{background:#fff8e1;border-left:4px solid #f0b400;padding:.4rem .8rem}
sup.fn a{text-decoration:none}ol.sources li{margin:.3rem 0;font-size:.9rem}nav ul{columns:2;font-size:.9rem}
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
