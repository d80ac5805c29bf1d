"""Stance cues between actors: pressure, threat, demand, warning, support.

A cue word (per language) in a sentence with actor mentions gives an edge:
the actor it comes from is the one adjacent to the cue ("Western threats",
"Russia's orders", "orders of Russia", "the threat Belarus poses", "forced … by
Moscow"), else the first actor of the cue's clause (a clause ends at ";",
"that", "which", "but"); the actor it goes to is the next other actor after the
cue, else the nearest other actor before it, else the first other actor of the
previous sentence in the paragraph (a quoted warning's target is often named
one sentence earlier). Pronouns "he"/"she" stand for the last person named.
These are cues, not judgements: the analyst keeps or drops each edge.
"""

from __future__ import annotations

import re

__all__ = ["CUES", "find_stances", "find_forecast"]

CUES: dict[str, list[tuple[str, str]]] = {
    "en": [
        ("pressure", r"pressure[sd]?|pressuring|forc(?:e|ed|ing)|coerc\w+|orders|compel\w*"),
        ("threat", r"threat(?:s|en|ens|ened|ening)?|threatening|(?:would|will|to) attack|attacking|attack on"),
        ("demand", r"demand(?:s|ed)?|expects?|expected|urg(?:e|es|ed)|calls? on|called on|should not|must not"),
        ("warning", r"warn(?:s|ed|ing)?|will not remain silent"),
        ("support", r"support(?:s|ed|ing)?|back(?:s|ed)"),
    ],
    "ru": [
        ("pressure", r"давлени\w*|давит|вынуди\w*|принужд\w*"),
        ("threat", r"пригрози\w*|угрож\w*|угроз[аыуе]\w*|агресси(?:я|и|ю|ей)|нападени\w*"),
        ("demand", r"призва\w*|призыва\w*|потребова\w*|требу\w*"),
        ("warning", r"предупреди\w*|предупрежда\w*"),
        ("support", r"поддерж\w*"),
    ],
    "uk": [
        ("pressure", r"тиск\w*"), ("threat", r"погрож\w*|загроз\w*|агресі\w*|напад\w*"),
        ("demand", r"закли\w*|вимага\w*"), ("warning", r"попереди\w*|попереджа\w*"), ("support", r"підтрим\w*"),
    ],
    "tr": [
        ("pressure", r"baskı\w*|zorla\w*"), ("threat", r"tehdit\w*|saldır\w*"),
        ("demand", r"talep\w*|çağrı\w*|çağır\w*"), ("warning", r"uyar\w*"), ("support", r"destek\w*"),
    ],
    "pl": [
        ("pressure", r"presj\w*|nacisk\w*|zmusza\w*"), ("threat", r"groź\w*|grozi\w*|zagroż\w*|atak\w*"),
        ("demand", r"wezwa\w*|żąda\w*|domaga\w*"), ("warning", r"ostrzeg\w*|ostrzeż\w*"), ("support", r"wspiera\w*|poparci\w*"),
    ],
}
_CLAUSE = re.compile(r";|\bthat\b|\bwhich\b|\bbut\b|\bwhile\b|\bчто\b|\bно\b|\bки\b|\bże\b|\bале\b", re.I)
_FORECAST = re.compile(r"it (?:can|could|may) be (?:predicted|expected|foreseen|assumed)|is (?:likely|expected) to|"
                       r"\bwill likely\b|\bwe (?:expect|predict)\b|\bin all likelihood\b|можно (?:предположить|"
                       r"прогнозировать|ожидать)|скорее всего|вероятно|tahmin edil\w*|öngörül\w*|beklenmekte\w*|"
                       r"можна (?:припустити|очікувати)|należy (?:się )?spodziewać|prawdopodobnie", re.I)
_PRONOUNS = {"en": r"\b(?:he|she)\b", "ru": r"\b(?:он|она)\b", "uk": r"\b(?:він|вона)\b", "pl": r"\b(?:on|ona)\b",
             "tr": r"\b(?:o)\b"}


def find_stances(text: str, lang: str, sentences: list[tuple[int, int]], mentions: list, persons: list[dict],
                 paragraph_of) -> list[dict]:
    """``mentions``: actor mentions (including person-derived ones, ``via='person'``)."""
    cues = CUES.get(lang)
    if not cues:
        return []
    person_marks = sorted(((m["start"], p) for p in persons for m in p["mentions"] if p["actor"]),
                          key=lambda x: x[0])
    out: list[dict] = []
    seen: set[tuple[str, str, str, int]] = set()
    for si, (ss, se) in enumerate(sentences):
        sent = text[ss:se]
        ms = [m for m in mentions if ss <= m.start and m.end <= se]
        # Pronouns as the last person named before them (in the same paragraph).
        for pm in re.finditer(_PRONOUNS.get(lang, r"(?!)"), sent, re.I):
            ps = ss + pm.start()
            ref = [p for s, p in person_marks if s < ps and paragraph_of(s) == paragraph_of(ps)]
            if ref:
                ms.append(_Pseudo(ref[-1]["actor"], ps, ss + pm.end()))
        ms.sort(key=lambda m: m.start)
        if not ms:
            continue
        bounds = [ss] + [ss + c.end() for c in _CLAUSE.finditer(sent)] + [se]
        for typ, rx in cues:
            for cm in re.finditer(rf"(?<!\w)(?:{rx})(?!\w)", sent, re.I):
                cs, ce = ss + cm.start(), ss + cm.end()
                cue = cm.group().lower()
                cl_s = max(b for b in bounds if b <= cs)
                if cue in ("should not", "must not"):  # the speaker demands it of the clause's subject
                    subj = [m for m in ms if cl_s <= m.start < cs]
                    if subj and ms[0].start < cl_s:
                        _add(out, seen, ms[0].actor, subj[0].actor, typ, text, ss, se)
                    continue
                src, where = _adjacent_source(text, cs, ce, cue, ms)
                if src is not None and where in ("before", "of"):
                    # A possessive or adjectival source ("Russia's orders"): the target is who the clause is about.
                    cands = [m for m in ms if cl_s <= m.start and m.end <= cs and m.actor != src
                             and not _is_source(text, m, cues)]
                    dst = cands[-1].actor if cands else _target(ms, cs, ce, src, sentences, si, mentions,
                                                                 paragraph_of, text, cues)
                    _add(out, seen, src, dst, typ, text, ss, se)
                    continue
                if src is not None and where == "by":
                    subj = [m for m in ms if cl_s <= m.start < cs and m.actor != src]
                    if subj:
                        _add(out, seen, src, subj[0].actor, typ, text, ss, se)
                        continue
                if src is None:
                    if cue == "attack on":
                        continue  # "Russia's attack on Ukraine" is an act, not a stated threat
                    if typ == "threat" and cue.startswith("threat") and not cue.startswith("threaten"):
                        continue  # a bare noun ("threats of attack") names no one who threatens
                    before = [m for m in ms if cl_s <= m.start < cs and not text.startswith(":", m.end)]
                    src = before[0].actor if before else None
                    # Coordinated subjects: "Ukraine and NATO would attack …"
                    if before and len(before) > 1 and re.fullmatch(r"\s+and\s+|\s+и\s+|\s+ve\s+|\s+i\s+",
                                                                   text[before[0].end:before[1].start]):
                        _add(out, seen, before[1].actor, _target(ms, cs, ce, before[1].actor, sentences, si,
                                                                   mentions, paragraph_of, text, cues), typ, text, ss, se)
                if src is None:
                    continue
                _add(out, seen, src, _target(ms, cs, ce, src, sentences, si, mentions, paragraph_of, text, cues),
                     typ, text, ss, se)
    return out


class _Pseudo:
    def __init__(self, actor: str, start: int, end: int) -> None:
        self.actor, self.start, self.end = actor, start, end


def _is_source(text: str, m, cues) -> bool:
    """Is this mention the adjacent source of a cue ("Western Threat", "Russia's Pressure")?"""
    nxt = text[m.end:m.end + 30]
    return any(re.match(rf"(?:['’]s?)?\s*(?:{rx})(?!\w)", nxt, re.I) for _, rx in cues)


def _adjacent_source(text: str, cs: int, ce: int, cue: str, ms: list) -> tuple[str | None, str]:
    for m in ms:
        gap_before = text[m.end:cs]
        gap_after = text[ce:m.start]
        if m.end <= cs and re.fullmatch(r"(?:['’]s?)?\s*", gap_before) and not cue.startswith(("expect", "should",
                                                                                             "must", "support")):
            if cue in ("forced", "attack on", "pressures", "pressured", "pressuring") or cue.startswith((
                    "warn", "demand", "urge", "call", "threaten", "forc", "compel", "coerc", "would", "will",
                    "to ", "attacking")):
                return None, ""  # a verb: its subject comes from the clause
            return m.actor, "before"  # "Western threats", "Russia's orders", "Russia’s Pressure"
        if m.start >= ce and re.fullmatch(r"\s+(?:of|from)\s+(?:the\s+)?", gap_after):
            return m.actor, "of"  # "orders of Russia", "threat from …"
        if m.start >= ce and cue.startswith("threat") and re.fullmatch(r"\s+(?:that\s+)?", gap_after) \
                and re.match(r"\s+poses?", text[m.end:m.end + 8]):
            return m.actor, "after"  # "the threat Belarus poses"
    if cue == "forced" or cue.startswith("forced"):
        by = re.search(r"\bby\s+(?:the\s+)?", text[ce:ce + 120])
        if by:
            for m in ms:
                if m.start >= ce + by.end() - 1 and m.start <= ce + by.end() + 2:
                    return m.actor, "by"
    if cue == "attack on":
        frm = re.search(r"\bfrom\s+(?:the\s+territory\s+of\s+)?", text[ce:ce + 80])
        if frm:
            for m in ms:
                if ce + frm.end() <= m.start <= ce + frm.end() + 2:
                    return m.actor, "after"
    return None, ""


def _target(ms, cs, ce, src, sentences, si, mentions, paragraph_of, text, cues) -> str | None:
    after = [m for m in ms if m.start >= ce and m.actor != src and not _is_source(text, m, cues)]
    if after:
        return after[0].actor
    before = [m for m in ms if m.end <= cs and m.actor != src and not _is_source(text, m, cues)]
    if before:
        return before[-1].actor
    if si > 0:
        ps, pe = sentences[si - 1]
        if paragraph_of(ps) == paragraph_of(sentences[si][0]):
            prev = [m for m in mentions if ps <= m.start and m.end <= pe and m.actor != src]
            if prev:
                return prev[0].actor
    return None


def _add(out, seen, src, dst, typ, text, ss, se) -> None:
    if dst is None or src == dst or src is None:
        return
    key = (typ, src, dst, ss)
    if key in seen:
        return
    seen.add(key)
    out.append({"from": src, "to": dst, "type": typ, "sentence": text[ss:se], "start": ss, "end": se})


def find_forecast(text: str, sentences: list[tuple[int, int]]) -> dict | None:
    """The author's forecast: the last body sentence with a forecasting phrase."""
    hit = None
    for s, e in sentences:
        if _FORECAST.search(text, s, e):
            hit = {"sentence": text[s:e], "start": s, "end": e}
    return hit
