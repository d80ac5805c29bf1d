"""Actor mentions: gazetteer names matched per paragraph language.

English and Latin-script names are matched as whole words, case as written
(so "western borders" is not the West). Russian and Ukrainian words are
compared by their pymorphy3 lemma ("Белоруссии" → "белоруссия"), with a
prefix fallback for forms the dictionary does not know (the typo
"Белорусси"). Turkish names may carry a case suffix after an apostrophe or a
known ending ("Rusya'nın", "Belarus'a"); Polish names match by stem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .gazetteer import gazetteer

__all__ = ["Mention", "find_actor_mentions"]


@dataclass(frozen=True)
class Mention:
    actor: str
    text: str
    start: int
    end: int
    via: str = "name"  # name | person


_TR_SUFFIX = r"(?:['’][a-zçğıöşü]{1,8}|(?:lar|ler|da|de|ta|te|ya|ye|yı|yi|yu|yü|nın|nin|nun|nün|un|ün|ın|in|dan|den|tan|ten|lı|li|lu|lü|a|e|ı|i|u|ü)\b)?"
_W = r"A-Za-z0-9À-ÖØ-öø-ÿĀ-žА-Яа-яЁёІіЇїЄєҐґ"


@lru_cache(maxsize=8)
def _latin_pattern(lang: str) -> re.Pattern[str]:
    names = sorted(gazetteer().names[lang], key=len, reverse=True)
    alts = []
    for n in names:
        esc = re.escape(n)
        if lang == "tr":
            esc += _TR_SUFFIX
        elif lang == "pl" and len(n) >= 5 and " " not in n:
            esc = re.escape(n[:-1]) + r"[a-ząćęłńóśźż]{0,3}"
        alts.append(esc)
    return re.compile(rf"(?<![{_W}])(?:{'|'.join(alts)})(?![{_W}])")


def _latin_lookup(lang: str, surface: str) -> str | None:
    names = gazetteer().names[lang]
    if surface in names:
        return names[surface]
    best = None
    for n, aid in names.items():  # suffixed (tr) or inflected (pl) form: the longest name it starts with
        stem = n if lang == "tr" else n[:-1]
        if surface.startswith(stem) and (best is None or len(n) > len(best[0])):
            best = (n, aid)
    return best[1] if best else None


@lru_cache(maxsize=4)
def _cyr_index(lang: str):
    from ._extra import morph

    m = morph(lang)
    single: dict[str, str] = {}
    multi: dict[tuple[str, ...], str] = {}
    exact: dict[str, str] = {}
    for name, aid in gazetteer().names[lang].items():
        words = re.findall(rf"[{_W}]+", name)
        if name.isupper() or not words:
            exact[name] = aid
            continue
        lem = tuple(m.parse(w)[0].normal_form for w in words)
        if len(lem) == 1:
            single.setdefault(lem[0], aid)
            single.setdefault(words[0].lower(), aid)
        else:
            multi.setdefault(lem, aid)
    return m, single, multi, exact


def _cyr_mentions(text: str, start: int, end: int, lang: str) -> list[Mention]:
    m, single, multi, exact = _cyr_index(lang)
    toks = [(t.start(), t.end(), t.group()) for t in re.finditer(rf"[{_W}]+", text[start:end])]
    lems = [m.parse(w)[0].normal_form for _, _, w in toks]
    out: list[Mention] = []
    k = 0
    while k < len(toks):
        hit = None
        for n in (4, 3, 2):
            if k + n <= len(toks) and tuple(lems[k:k + n]) in multi:
                hit = (multi[tuple(lems[k:k + n])], n)
                break
        s0, e0, w = toks[k]
        if hit is None:
            if w in exact:
                hit = (exact[w], 1)
            elif not w.isupper() or len(w) > 4:
                aid = single.get(lems[k]) or single.get(w.lower())
                if aid is None and len(w) >= 5:
                    lw = w.lower()
                    for name, a in single.items():  # forms the dictionary lacks ("Белорусси")
                        if len(name) >= 6 and lw.startswith(name[:-1]) and len(lw) <= len(name) + 2:
                            aid = a
                            break
                if aid is not None:
                    hit = (aid, 1)
        if hit is not None:
            aid, n = hit
            s, e = start + toks[k][0], start + toks[k + n - 1][1]
            out.append(Mention(aid, text[s:e], s, e))
            k += n
        else:
            k += 1
    return out


def find_actor_mentions(text: str, start: int, end: int, lang: str) -> list[Mention]:
    """Actor mentions in ``text[start:end]`` read as language ``lang``."""
    if lang in ("ru", "uk"):
        return _cyr_mentions(text, start, end, lang)
    if lang not in ("en", "tr", "pl"):
        return []
    out = []
    for mt in _latin_pattern(lang).finditer(text, start, end):
        aid = _latin_lookup(lang, mt.group())
        if aid is None:
            continue
        s, e = mt.start(), mt.end()
        if lang == "tr":  # report the name, not its case suffix
            base = re.split(r"['’]", mt.group())[0]
            e = s + len(base)
        if _ORG_AFTER.match(text, mt.end()):
            continue  # "Ankara Üniversitesi" is a university, not Turkey
        out.append(Mention(aid, text[s:e], s, e))
    return out


_ORG_AFTER = re.compile(r"\s+(?:Üniversitesi|University|Universität|Uniwersytet|Університет|Университет|"
                        r"State University|Devlet Üniversitesi)\b")
