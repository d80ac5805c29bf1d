"""The draft scenario: what the article states, in the scenario format, with its evidence.

Only what the text says is written: actors with the names the text uses,
the footnotes as ``sources``, ``as_of`` from the article's date or the latest
access date. Positions, saliences and capabilities stay TODO: the evidence
sentences sit beside each actor as YAML comments (ruamel round-trip), so the
analyst types numbers next to the text that justifies them. The draft is
validated before it is returned; a draft that would not load is a bug, not
output.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from typing import Any

from ..errors import InputError
from .result import IngestResult

__all__ = ["draft_yaml", "draft_as_of"]

MAX_EVIDENCE = 4


def _slug(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii").lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:60].strip("-") or "draft"


def draft_as_of(data: dict[str, Any]) -> tuple[dt.date | None, str]:
    """The draft's ``as_of`` and where it comes from (``None`` if the text gives no date)."""
    if data.get("date"):
        try:
            return dt.date.fromisoformat(str(data["date"])[:10]), "the article's date"
        except ValueError:
            pass
    acc = [s["accessed"] for s in data["sources"] if s.get("accessed")]
    if acc:
        return dt.date.fromisoformat(max(acc)), "the latest access date of the footnotes"
    dates = [d["iso"] for d in data["dates"]]
    if dates:
        return dt.date.fromisoformat(max(dates)), "the latest date stated in the text"
    return None, ""


def _one_line(s: str, limit: int = 300) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def draft_yaml(result: IngestResult, *, source_name: str = "article") -> str:
    """YAML text of the draft scenario (validates with ``realpolitik validate``)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from ..scenario import loads_scenario

    d = result.data
    t = result.text
    if not d["actors"]:
        raise InputError(f"{source_name}: no actor was found, so there is no draft to write",
                         expected="an article that names states, alliances or organisations")
    as_of, as_of_basis = draft_as_of(d)
    todo_as_of = as_of is None
    if as_of is None:
        as_of = dt.date.today()
    title = d.get("title") or source_name
    root = CommentedMap()
    root["schema_version"] = 1
    meta = CommentedMap()
    meta["id"] = _slug(title)
    meta["title"] = _one_line(title, 200)
    meta["as_of"] = as_of
    if d.get("author"):
        meta["authors"] = [d["author"]]
    summary = f"Draft from ingesting {source_name}: review every actor, fill in the TODOs."
    if d.get("forecast_sentence"):
        summary += " The article's forecast: " + _one_line(d["forecast_sentence"], 400)
    meta["summary"] = summary
    meta["tags"] = ["draft", "ingested"]
    meta.yaml_add_eol_comment(("TODO: the text states no date; today's date is a placeholder" if todo_as_of
                               else f"from {as_of_basis}"), "as_of")
    root["metadata"] = meta

    # Sources: the article, then its footnotes.
    srcs = CommentedSeq()
    art = CommentedMap(id="article", title=_one_line(title, 200))
    if d.get("author"):
        art["notes"] = f"the ingested article, by {d['author']}"
    else:
        art["notes"] = "the ingested article"
    langs = d.get("languages") or {}
    if langs:
        art["language"] = max(langs, key=lambda k: langs[k])
    srcs.append(art)
    quotes_by_note: dict[int, str] = {}
    for q in d["quotes"]:
        if q["source"] is not None:
            quotes_by_note.setdefault(q["source"], q["text"])
    citable: set[str] = {"article"}
    for s in d["sources"]:
        m = CommentedMap()
        m["id"] = f"n{s['n']}"
        m["title"] = _one_line(s["title"] or f"footnote {s['n']}", 500)
        if s.get("publisher"):
            m["publisher"] = s["publisher"]
        if s.get("url"):
            m["url"] = s["url"]
        if s.get("language"):
            m["language"] = s["language"]
        if s.get("published"):
            m["published"] = dt.date.fromisoformat(s["published"])
        if s.get("accessed"):
            m["accessed"] = dt.date.fromisoformat(s["accessed"])
        if s["n"] in quotes_by_note:
            m["quote"] = _one_line(quotes_by_note[s["n"]], 1000)
        notes = [f"footnote [{s['n']}]"]
        if s.get("ibid_of"):
            notes.append(f"Ibid. = [{s['ibid_of']}]")
        if s.get("printed_outlet") and s["printed_outlet"] != s.get("publisher"):
            notes.append(f"outlet printed as {s['printed_outlet']!r}")
        m["notes"] = "; ".join(notes)
        srcs.append(m)
        if not s.get("published") or dt.date.fromisoformat(s["published"]) <= as_of:
            citable.add(m["id"])
    root["sources"] = srcs

    # Actors, with the sentences that name them as comments.
    sentence_spans = _sentences(d, t)
    actors = CommentedSeq()
    used_alias: dict[str, str] = {a["id"].casefold(): a["id"] for a in d["actors"]}
    for k, a in enumerate(d["actors"]):
        m = CommentedMap()
        m["id"] = a["id"]
        m["name"] = a["name"]
        aliases = []
        forms = [x["text"] for x in a["mentions"]]
        forms += [p["name"] for p in d["persons"] if p["actor"] == a["id"]]
        for f in forms:
            f = re.sub(r"['’]s?$", "", f).strip()
            key = f.casefold()
            if not f or key == a["name"].casefold() or used_alias.get(key, a["id"]) != a["id"] or f in aliases:
                continue
            used_alias[key] = a["id"]
            aliases.append(f)
        if aliases:
            m["aliases"] = aliases
        m["kind"] = a["kind"] if a["kind"] in ("state", "alliance", "organisation", "person", "group") else "group"
        notes_cited: list[int] = []
        evid: list[str] = []
        for x in a["mentions"]:
            s0, s1 = _sentence_at(sentence_spans, x["start"])
            sent = t[s0:s1]
            for n in re.findall(r"\[(\d{1,3})\]", sent):
                if int(n) not in notes_cited and f"n{n}" in citable and any(s["n"] == int(n) for s in d["sources"]):
                    notes_cited.append(int(n))
            line = _one_line(sent, 240)
            if line not in evid and len(evid) < MAX_EVIDENCE:
                evid.append(line)
        m["notes"] = (f"{a['count']} mentions in the article. TODO capability: not stated in the text "
                      "(an assumption until sourced).")
        m["sources"] = ["article"] + [f"n{n}" for n in sorted(notes_cited)]
        stance_lines = [f"{s['type']} {s['from']} → {s['to']}: {_one_line(s['sentence'], 160)}"
                        for s in d["stances"] if a["id"] in (s["from"], s["to"])][:MAX_EVIDENCE]
        comment = [f"{a['name']} ({a['id']}): evidence"] + [f"  “{e}”" for e in evid]
        if stance_lines:
            comment += ["  stance cues:"] + [f"    {x}" for x in stance_lines]
        actors.append(m)
        actors.yaml_set_comment_before_after_key(k, before="\n".join(comment), indent=2)
    root["actors"] = actors
    root["issues"] = CommentedSeq()
    skeleton = ["Issue skeleton (TODO): the text does not state positions or saliences.",
                "Each value below is an assumption (assumption: true) until the analyst sources it:",
                "issues:",
                "  - id: TODO-issue",
                "    question: \"TODO: the question the actors bargain over\"",
                "    scale: {min: 0, max: 100}",
                "    positions:"]
    skeleton += [f"      - {{actor: {a['id']}, position: TODO, salience: TODO}}  # assumption: true"
                 for a in d["actors"]]
    root.yaml_set_comment_before_after_key("issues", before="\n".join(skeleton))

    yaml = YAML()
    yaml.width = 120
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    yaml.dump(root, buf)
    text = buf.getvalue()
    loads_scenario(text, file="<draft>")  # a draft that does not validate is never returned
    return text


def _sentences(d: dict[str, Any], t: str) -> list[tuple[int, int]]:
    from .segment import sentences

    out: list[tuple[int, int]] = []
    for p in d.get("paragraphs", []):
        if p["kind"] != "boilerplate":
            out += sentences(t, p["start"], p["end"])
    return sorted(out)


def _sentence_at(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for s, e in spans:
        if s <= pos < e:
            return s, e
    return pos, pos
