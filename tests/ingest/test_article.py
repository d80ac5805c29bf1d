"""Acceptance on the flagship article, against the gold annotation written before the extractor."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from realpolitik.cli.app import app
from realpolitik.ingest.evaluate import score

from .conftest import GOLD, load_gold

runner = CliRunner()


@pytest.fixture(scope="module")
def scores(article_result):
    return score(article_result.data, load_gold("belarus-amid-russias-pressure-2022"), article_result.text)


def test_sources_are_exact(scores):
    assert scores["sources"]["f1"] == 1.0  # (n, URL, access date)


def test_actors_f1(scores):
    assert scores["actors"]["f1"] >= 0.95


def test_quotes_with_the_right_speaker(article_result):
    gold = load_gold("belarus-amid-russias-pressure-2022")["quotes"]
    got = {q["text"][:30]: q for q in article_result.data["quotes"]}
    right = sum(1 for g in gold if g["text"][:30] in got and got[g["text"][:30]]["actor"] == g["actor"]
                and (got[g["text"][:30]]["speaker"] or "").split()[-1:] == g["speaker"].split()[-1:])
    assert right >= 3


def test_ibid_and_outlets_from_domains(article_result):
    s = {x["n"]: x for x in article_result.data["sources"]}
    assert s[6]["ibid_of"] == 5 and s[6]["url"] == s[5]["url"]
    assert s[3]["publisher"] == "BelTA" and s[3]["printed_outlet"] == "Balta"
    assert s[4]["title"].endswith("«агрессии» против Белоруссии")


def test_every_span_slices_back(article_result):
    t = article_result.text
    d = article_result.data
    items = [m for a in d["actors"] for m in a["mentions"]] + [m for p in d["persons"] for m in p["mentions"]]
    items += d["dates"] + d["quotes"]
    assert items
    for it in items:
        assert t[it["start"]:it["end"]] == it["text"], it
    for s in d["stances"]:
        assert t[s["start"]:s["end"]] == s["sentence"]


def test_boilerplate_is_not_evidence(article_result):
    t = article_result.text
    kinds = {p["kind"] for p in article_result.data["paragraphs"]}
    assert {"title", "body", "note", "bio", "boilerplate"} <= kinds
    boiler = [(p["start"], p["end"]) for p in article_result.data["paragraphs"] if p["kind"] == "boilerplate"]
    assert any(t[s:e] == "Paylaş" for s, e in boiler)
    for a in article_result.data["actors"]:
        for m in a["mentions"]:
            assert not any(s <= m["start"] < e for s, e in boiler)


def test_languages_per_paragraph(article_result):
    langs = article_result.data["languages"]
    assert langs["en"] >= 11 and langs["ru"] == 5 and langs["tr"] >= 1  # five titled notes; "Ibid." has none


def test_forecast_sentence(article_result):
    assert article_result.data["forecast_sentence"].startswith("Faced with such a dilemma, it can be predicted")


def test_dataframes(article_result):
    df = article_result.mentions
    assert {"kind", "id", "text", "start", "end"} <= set(df.columns)
    assert (df["start"].diff().dropna() >= 0).all()
    assert list(article_result.sources["n"]) == [1, 2, 3, 4, 5, 6]
    assert len(article_result.quotes) == 4 and "from" in article_result.stances.columns


def test_result_is_frozen(article_result):
    with pytest.raises(AttributeError):
        article_result.text = ""  # type: ignore[misc]


def test_cli_json_contract_and_draft(article_path, tmp_path):
    out = tmp_path / "draft.yaml"
    r = runner.invoke(app, ["ingest", str(article_path), "-o", str(out), "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    for key in ("languages", "actors", "persons", "sources", "dates", "quotes", "stances", "forecast_sentence"):
        assert key in data
    a = data["actors"][0]
    assert {"id", "name", "kind", "mentions"} <= set(a) and {"text", "start", "end"} <= set(a["mentions"][0])
    assert {"name", "actor", "mentions"} <= set(data["persons"][0])
    assert {"n", "title", "url", "publisher", "language", "published", "accessed"} <= set(data["sources"][0])
    assert {"iso", "text", "start", "end"} <= set(data["dates"][0])
    assert {"text", "speaker", "actor", "source", "start", "end"} <= set(data["quotes"][0])
    assert {"from", "to", "type", "sentence"} <= set(data["stances"][0])
    # The draft validates (not --strict) and carries its evidence as comments.
    v = runner.invoke(app, ["validate", str(out)])
    assert v.exit_code == 0, v.output
    text = out.read_text(encoding="utf-8")
    assert "as_of: 2022-10-11" in text and "# Belarus (belarus): evidence" in text
    assert re.search(r"position: TODO, salience: TODO\}\s+# assumption: true", text)
    assert "url: https://lenta.ru/news/2022/10/10/grbvnu/" in text


def test_draft_invents_nothing(article_path, tmp_path):
    from realpolitik.scenario import load_scenario

    out = tmp_path / "d.yaml"
    assert runner.invoke(app, ["ingest", str(article_path), "-o", str(out)]).exit_code == 0
    sc = load_scenario(out)
    assert sc.issues == ()  # positions and saliences are not in the text
    assert all(a.capability is None for a in sc.actors)
    assert {a.id for a in sc.actors} == {a["id"] for a in load_gold("belarus-amid-russias-pressure-2022")["actors"]}


def test_cli_summary_tables(article_path):
    r = runner.invoke(app, ["ingest", str(article_path)])
    assert r.exit_code == 0 and "Traceback" not in r.output
    assert "Cited sources" in r.output and "Lukashenko" in r.output and "author's forecast" in r.output


def test_gold_files_are_documented():
    readme = (GOLD / "README.md").read_text(encoding="utf-8")
    for p in GOLD.glob("*.json"):
        json.loads(p.read_text(encoding="utf-8"))
    assert "written once" in readme
