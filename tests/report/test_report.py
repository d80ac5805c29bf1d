"""The report: one self-contained file per catalogue scenario, with every section and its sources."""

from __future__ import annotations

import base64
import html
import re
from html.parser import HTMLParser

import pytest

import realpolitik
from realpolitik import catalog
from realpolitik.errors import InputError
from realpolitik.report import SECTION_IDS, build_report, format_for, write_report
from realpolitik.report import build as build_mod
from realpolitik.report.sources import format_source

from .conftest import STAMP


class Page(HTMLParser):
    """Collects ids, image sources and every URL-bearing attribute of fetching elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.imgs, self.fetching, self.stack, self.text = set(), [], [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "img":
            self.imgs.append(a.get("src", ""))
        if tag in ("img", "script", "link", "iframe", "source", "video", "audio", "embed", "object", "style"):
            self.fetching.extend(v for k, v in attrs if k in ("src", "href", "data", "srcset") and v)
        if tag not in ("meta", "img", "br", "link", "input"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("sid", catalog.ids())
def test_every_catalogue_scenario_gets_a_self_contained_report(sid, html_reports):
    page = html_reports[sid]
    p = Page()
    p.feed(page)
    p.close()
    assert not p.stack, f"unclosed tags: {p.stack}"
    assert set(SECTION_IDS) <= p.ids
    assert p.imgs, "no figures"
    for src in p.imgs:
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:4] == b"\x89PNG"
    assert all(v.startswith("data:") or v.startswith("#") for v in p.fetching), p.fetching
    assert "@import" not in page and "url(" not in page and "<script" not in page
    assert "default-src 'none'" in page
    text = "".join(p.text)
    sc = realpolitik.load_any(sid)
    for issue in sc.issues:
        assert issue.question in text
    for a in sc.actors:
        assert a.name in text


def test_belarus_report_content(html_reports):
    page = html_reports["belarus-2022"]
    # every model's forecast, leverage and raw
    for label in ("Expected-utility model", "Compromise model", "Weighted median", "Nash bargaining"):
        assert label in page
    assert "forecast (raw capability)" in page
    from realpolitik.report import explain_bargaining

    ex = explain_bargaining(realpolitik.load_any("belarus-2022"))
    assert f"Pivotal actor: {ex.actor_names[ex.pivotal_actor]}" in page
    assert "Drivers of Involvement: expected-utility model" in page
    assert "2022-10-11" in page


def test_sources_are_numbered_footnotes_in_the_articles_style(html_reports):
    page = html_reports["belarus-2022"]
    sc = realpolitik.load_any("belarus-2022")
    items = re.findall(r'<li id="fn-(\d+)" value="\d+">(.*?)</li>', page)
    assert [int(n) for n, _ in items] == list(range(1, len(sc.sources) + 1))
    body = "\n".join(t for _, t in items)
    for s in sc.sources:
        assert html.escape(s.title) in body          # titles in their own language
    # footnote [1] of the article, exactly as the article writes it (outlet normalised)
    assert format_source(sc.source("S0a")) == ("“Россия и Белоруссия начали развертывать совместну групировку войск”, "
                                               "Lenta.ru, https://lenta.ru/news/2022/10/10/grbvnu/, "
                                               "(Date of Accession: 11.10.2022).")
    # every reference in the text points at an existing footnote
    refs = {int(n) for n in re.findall(r'href="#fn-(\d+)"', page)}
    assert refs and refs <= {int(n) for n, _ in items}


def test_markdown_report(explanations):
    sc = realpolitik.load_any("belarus-2022")
    md = build_report(sc, fmt="md", explanation=explanations["belarus-2022"], generated=STAMP)
    assert md.startswith("# Belarus amid Russia")
    for heading in ("## Question and scale", "## Actors", "## Forecasts of every model", "## The game and its solution",
                    "## Uncertainty and drivers", "## Assumptions", "## Sources"):
        assert heading in md
    assert "](data:image/png;base64," in md
    assert re.search(r"^\[1\] “", md, re.M)
    assert not re.search(r"\]\(https?://", md)     # no remote images or links to fetch


def test_svg_images(explanations):
    sc = realpolitik.load_any("ec-emissions-1994")
    page = build_report(sc, explanation=explanations["ec-emissions-1994"], image_format="svg", generated=STAMP)
    assert 'src="data:image/svg+xml;base64,' in page


def test_games_degrade_gracefully(explanations, html_reports):
    for sid, ex in explanations.items():
        if not ex.games:
            assert any(k.startswith("games") for k in ex.unavailable)
            assert "Not available" in html_reports[sid] or "Game " in html_reports[sid]


def test_written_atomically(tmp_path, monkeypatch, explanations):
    sc = realpolitik.load_any("ec-emissions-1994")
    out = tmp_path / "r.html"
    write_report(sc, out, explanation=explanations["ec-emissions-1994"])
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    before = out.read_bytes()

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(build_mod, "render_html", boom)
    with pytest.raises(KeyboardInterrupt):
        write_report(sc, out, explanation=explanations["ec-emissions-1994"])
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]


def test_format_from_suffix():
    assert format_for("a/report.HTML") == "html" and format_for("r.md") == "md"
    with pytest.raises(InputError):
        format_for("report.pdf")
    with pytest.raises(InputError):
        build_report(realpolitik.load_any("ec-emissions-1994"), fmt="pdf")


def test_belarus_report_says_outputs_actions_and_models_in_words(html_reports, explanations):
    """Issue 10: the report's text and game tree carry the scenario's labels, not the runner's codes."""
    import re

    page = html_reports["belarus-2022"]
    text = re.sub(r"<[^>]+>", " ", re.sub(r"data:image/[^\"')]+", "", page))  # the words a reader sees
    assert "Drivers of Escalation game: path = “Russia (Putin): " in text
    assert "Involvement: expected-utility model" in text
    for code in ("game.escalation.path", "bargaining.involvement.eu", "ordinal.escalation", "DL H S UK"):
        assert code not in text, code
    game = next(g for g in explanations["belarus-2022"].games if g.game_id == "escalation")
    root = realpolitik.load_any("belarus-2022").games[0].nodes[0]
    assert {e.label for e in game.tree.children} == set(root.action_labels.values())
