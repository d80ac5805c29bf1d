"""The Russian and Turkish paths on texts written for the tests (see gold/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from realpolitik.ingest import read_article
from realpolitik.ingest.evaluate import score

from .conftest import load_gold

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name,lang", [("ru-regional-grouping-2022", "ru"), ("tr-regional-grouping-2022", "tr")])
def test_non_english_paths(name, lang):
    gold = load_gold(name)
    r = read_article(REPO / gold["article"])
    assert set(r.data["languages"]) == {lang}
    sc = score(r.data, gold, r.text)
    assert sc["actors"]["f1"] == 1.0
    assert sc["sources"]["f1"] == 1.0
    assert sc["dates"]["f1"] == 1.0
    assert sc["persons"]["f1"] == 1.0
    assert sc["quote_speakers"]["f1"] == 1.0
    for a in r.data["actors"]:
        for m in a["mentions"]:
            assert r.text[m["start"]:m["end"]] == m["text"]


def test_russian_inflections_and_typo():
    r = read_article(text="Лукашенко встретился с Путиным. ЕС призвал Белорусси не помогать России и Белоруссии.")
    forms = {m["text"]: a["id"] for a in r.data["actors"] for m in a["mentions"]}
    assert forms["Белорусси"] == "belarus" and forms["России"] == "russia" and forms["ЕС"] == "eu"
    assert {p["actor"] for p in r.data["persons"]} == {"belarus", "russia"}
    assert ("demand", "eu", "belarus") in {(s["type"], s["from"], s["to"]) for s in r.data["stances"]}


def test_turkish_suffixes_are_not_part_of_the_name():
    r = read_article(text="Rusya'nın Belarus'a baskısı arttı. Ankara Üniversitesi bir rapor yayımladı ve Rusça bilen "
                          "uzmanlar konuştu.")
    got = {(a["id"], m["text"]) for a in r.data["actors"] for m in a["mentions"]}
    assert got == {("russia", "Rusya"), ("belarus", "Belarus")}  # not Turkey (a university), not "Rusça"


def test_forced_language():
    r = read_article(text="Poland and Lithuania warned Belarus on 1 March 2022.", lang="en")
    assert r.data["languages"] == {"en": 1}
    assert {a["id"] for a in r.data["actors"]} == {"poland", "lithuania", "belarus"}
