"""`realpolitik ingest`: an article in, its evidence and a draft scenario out."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ._common import JSON_OPTION, console, emit_json, err_console, handle_errors, write_atomic


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)


@handle_errors
def ingest(
    article: Path = typer.Argument(..., help="The article: .txt, .md or .html (read locally; no URL is fetched)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the draft scenario YAML here."),
    lang: str = typer.Option("auto", "--lang", help="auto (per paragraph) or one of en, ru, tr, uk, pl."),
    json_: bool = JSON_OPTION,
) -> None:
    """Read an analysis article: actors, persons, sources, dates, quotes, stance cues; draft a scenario."""
    from rich.markup import escape

    from ..ingest import read_article
    from ..ingest.draft import draft_yaml

    if json_:
        result = read_article(article, lang=lang)
    else:
        with err_console.status("reading the article") as status:
            result = read_article(article, lang=lang, progress=lambda msg: status.update(msg))
    draft = None
    if output is not None:
        draft = draft_yaml(result, source_name=article.name)  # validated before anything is written
        write_atomic(output, draft)
    if json_:
        emit_json(result.to_json())
        return
    _summary(result, escape)
    for w in result.warnings:
        err_console.print(f"[yellow]warning:[/] {escape(w)}", highlight=False)
    if output is not None:
        err_console.print(f"wrote {output} ({len(result.data['actors'])} actors, "
                          f"{len(result.data['sources'])} sources); review it, then `realpolitik validate {output}`",
                          highlight=False)


def _summary(result, escape) -> None:
    from rich.table import Table

    d = result.data
    langs = ", ".join(f"{k} {v}" for k, v in sorted(d["languages"].items(), key=lambda kv: -kv[1]))
    console.print(f"[bold]{escape(d.get('title') or 'article')}[/]" + (f"  by {escape(d['author'])}" if d.get("author")
                  else "") + f"  [dim](paragraphs by language: {langs})[/]", highlight=False)
    t = Table(title="Actors")
    for c in ("id", "name", "kind", "mentions", "as written"):
        t.add_column(c)
    for a in d["actors"]:
        forms = sorted({m["text"] for m in a["mentions"]}, key=str.casefold)
        t.add_row(a["id"], escape(a["name"]), a["kind"], str(a["count"]), escape(", ".join(forms)[:80]))
    console.print(t)
    if d["persons"]:
        t = Table(title="Persons")
        for c in ("name", "acts for", "mentions"):
            t.add_column(c)
        for p in d["persons"]:
            t.add_row(escape(p["name"]), p["actor"] or "—", str(len(p["mentions"])))
        console.print(t)
    if d["sources"]:
        t = Table(title="Cited sources (footnotes)")
        for c in ("n", "title", "outlet", "published", "accessed", "url"):
            t.add_column(c, overflow="fold")
        for s in d["sources"]:
            title = escape(s["title"] or "") + (f" (Ibid. = [{s['ibid_of']}])" if s.get("ibid_of") else "")
            t.add_row(str(s["n"]), title, escape(s["publisher"] or ""), s["published"] or "—",
                      s["accessed"] or "—", escape(s["url"] or ""))
        console.print(t)
    if d["quotes"]:
        t = Table(title="Quotes")
        for c in ("speaker", "actor", "note", "quote"):
            t.add_column(c, overflow="fold")
        for q in d["quotes"]:
            t.add_row(escape(q["speaker"] or "unknown"), q["actor"] or "—", str(q["source"] or "—"),
                      escape(q["text"][:120]))
        console.print(t)
    if d["stances"]:
        t = Table(title="Stance cues (review each: cues, not judgements)")
        for c in ("from", "cue", "to", "sentence"):
            t.add_column(c, overflow="fold")
        for s in d["stances"]:
            t.add_row(s["from"], s["type"], s["to"], escape(" ".join(s["sentence"].split())[:140]))
        console.print(t)
    if d["dates"]:
        console.print("Dates stated: " + ", ".join(sorted({x["iso"] for x in d["dates"]})), highlight=False)
    if d["forecast_sentence"]:
        console.print(f"[bold]The author's forecast:[/] {escape(' '.join(d['forecast_sentence'].split()))}",
                      highlight=False)
