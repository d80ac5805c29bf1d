"""Person mentions: spaCy (English), natasha (Russian/Ukrainian), title rules (Turkish),
plus the leaders table; grouped by surname and linked to the actor they act for.

The actor of a person comes from the text first: an actor named in the role
phrase just before the name ("the President of Belarus, Aleksander
Lukashenko", "EU Commission's Lead Spokesperson … Peter Stano"); failing
that, from the table of office holders; else it stays ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .actors import Mention
from .gazetteer import LEADERS, translit

__all__ = ["PersonMention", "find_person_mentions", "group_persons"]


@dataclass(frozen=True)
class PersonMention:
    key: str
    text: str
    start: int
    end: int


_TITLES = r"(?:Dr|Prof|Doç|Sn|Mr|Mrs|Ms)\."
_TR_PERSON = re.compile(rf"{_TITLES}[ ]+((?:[A-ZÇĞİÖŞÜ][a-zçğıöşüA-ZÇĞİÖŞÜ]+[ ]?){{1,3}})")
_TR_ROLE = re.compile(r"(?:Cumhurbaşkanı|Başbakan|Bakanı?|Sözcüsü|Genel Sekreteri|Lideri)\s+"
                      r"((?:[A-ZÇĞİÖŞÜ][a-zçğıöşü]+\s?){1,3})")
_POSS = re.compile(r"(?:['’]s|['’]|['’][a-zçğıöşü]+)$")
_ROLE = re.compile(r"\b(?:President|Prime Minister|Minister|Spokes(?:person|man|woman)|Secretary|Chancellor|leader|"
                   r"head|Ambassador|Foreign Affairs|Commissioner|Chairman|chief|Cumhurbaşkanı|Bakan|Sözcüsü|"
                   r"президент|министр|глава|пресс-секретарь|представитель|президент|прем'єр)", re.I)


def _gaz_names(lang: str) -> dict[str, str]:
    from .gazetteer import gazetteer

    return gazetteer().names.get(lang, {})


def _clean(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,.;:")
    return _POSS.sub("", name)


def _key(name: str) -> str:
    return translit(name.split()[-1]) if name.split() else ""


def find_person_mentions(text: str, start: int, end: int, lang: str, nlp_doc=None) -> list[PersonMention]:
    out: list[PersonMention] = []

    def add(s: int, e: int, normal: str | None = None) -> None:
        raw = text[s:e]
        name = _clean(raw)
        if not name or not name[0].isupper() or len(name) < 3:
            return
        if any(w in _gaz_names(lang) for w in re.split(r"[\s-]+", name)):
            return  # "Belarus Amid", "Kyiv": a place the model took for a person
        e = s + raw.find(name) + len(name) if name in raw else e
        s = s + raw.find(name) if name in raw else s
        parts = name.split("-")
        if len(parts) == 2 and all(translit(p) in LEADERS for p in parts):  # "Lukashenko-Putin meeting"
            out.append(PersonMention(translit(parts[0]), parts[0], s, s + len(parts[0])))
            s2 = s + len(parts[0]) + 1
            out.append(PersonMention(translit(parts[1]), parts[1], s2, s2 + len(parts[1])))
            return
        out.append(PersonMention(_key(normal or name), name, s, e))

    if lang == "en" and nlp_doc is not None:
        for ent in nlp_doc.ents:
            if ent.label_ == "PERSON":
                add(start + ent.start_char, start + ent.end_char)
    elif lang in ("ru", "uk") and nlp_doc is not None:
        for span in nlp_doc.spans:
            if span.type == "PER":
                add(start + span.start, start + span.stop, getattr(span, "normal", None))
    elif lang == "tr":
        for rx in (_TR_PERSON, _TR_ROLE):
            for m in rx.finditer(text, start, end):
                add(m.start(1), m.end(1))
    # Known office holders the model missed ("Lukashenko-Putin", all-caps bylines ...).
    taken = [(p.start, p.end) for p in out]
    for m in re.finditer(r"(?<![\w-])[A-ZА-ЯЁІЇЄÇĞİÖŞÜ][\w’'-]+", text[start:end]):
        s = start + m.start()
        for piece in re.finditer(r"[^-’']+", m.group()):
            ps, pe = s + piece.start(), s + piece.end()
            if translit(piece.group()) in LEADERS and not any(a <= ps < b for a, b in taken):
                out.append(PersonMention(translit(piece.group()), piece.group(), ps, pe))
    # All-caps bylines ("Dr. Sabir ASKEROĞLU") repeat a name found elsewhere.
    for m in re.finditer(rf"{_TITLES}\s+([A-ZÇĞİÖŞÜ][a-zçğıöşü]+\s+[A-ZÇĞİÖŞÜ]{{2,}})", text[start:end]):
        s, e = start + m.start(1), start + m.end(1)
        if not any(a <= s < b for a, b in [(p.start, p.end) for p in out]):
            out.append(PersonMention(_key(m.group(1)), m.group(1), s, e))
    out.sort(key=lambda p: p.start)
    dedup: list[PersonMention] = []
    for p in out:
        if dedup and p.start < dedup[-1].end:
            continue
        dedup.append(p)
    return dedup


def _display(forms: list[str], key: str) -> str:
    best = max(forms, key=lambda f: (len(f.split()), not f.isupper(), len(f)))
    if best.isupper() or any(w.isupper() and len(w) > 2 for w in best.split()):
        best = " ".join(w.capitalize() if w.isupper() else w for w in best.split())
    if len(best.split()) == 1 and key in LEADERS:
        return LEADERS[key][0]
    return best


def group_persons(text: str, mentions: list[PersonMention], actor_mentions: list[Mention],
                  sentence_of) -> list[dict]:
    """One record per person: display name, actor (or None), mentions (sorted)."""
    by_key: dict[str, list[PersonMention]] = {}
    for p in mentions:
        if p.key:
            by_key.setdefault(p.key, []).append(p)
    # Single-word keys that are the surname of a multi-word name join it (Lukashenko ← Aleksander Lukashenko).
    out: list[dict[str, Any]] = []
    for key, ms in by_key.items():
        actor = None
        for p in ms:  # role phrase before a mention, in the same sentence
            s0, _ = sentence_of(p.start)
            window = text[max(s0, p.start - 90):p.start]
            if not _ROLE.search(window):
                continue
            before = [a for a in actor_mentions if max(s0, p.start - 90) <= a.start and a.end <= p.start]
            if before:
                actor = before[-1].actor
                break
        if actor is None and key in LEADERS:
            actor = LEADERS[key][1]
        out.append({"name": _display([p.text for p in ms], key), "key": key, "actor": actor,
                    "mentions": [{"text": p.text, "start": p.start, "end": p.end} for p in ms]})
    out.sort(key=lambda r: r["mentions"][0]["start"])
    return out
