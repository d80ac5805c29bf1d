"""Full dates stated in the text (day, month and year; partial dates are not guessed).

Month names come from Babel's CLDR data for each supported language (both the
"format" forms, e.g. Russian genitive "октября", and the standalone forms).

>>> [d["iso"] for d in find_dates("On 10 October 2022 and 11.10.2022, not in October 2022.", 0, 57)]
['2022-10-10', '2022-10-11']
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

__all__ = ["find_dates", "parse_date"]


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    from ._extra import require_extra

    require_extra("babel")
    import babel

    out: dict[str, int] = {}
    for lang in ("en", "ru", "tr", "uk", "pl"):
        loc = babel.Locale.parse(lang)
        for ctx in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for k, name in loc.months[ctx][width].items():
                    name = name.rstrip(".").casefold()
                    if len(name) >= 3:
                        out.setdefault(name, k)
    return out


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    names = "|".join(sorted((re.escape(m) for m in _months()), key=len, reverse=True))
    return re.compile(
        rf"(?<!\d)(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{names})\.?,?\s+(?P<y1>\d{{4}})(?!\d)"
        rf"|(?<![\w])(?P<m2>{names})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,\s*(?P<y2>\d{{4}})(?!\d)"
        r"|(?<![\d.])(?P<d3>\d{1,2})\.(?P<m3>\d{1,2})\.(?P<y3>\d{4})(?![\d])"
        r"|(?<![\d-])(?P<y4>\d{4})-(?P<m4>\d{2})-(?P<d4>\d{2})(?![\d])",
        re.IGNORECASE)


def _iso(y: str, m: int, d: str) -> str | None:
    try:
        return dt.date(int(y), m, int(d)).isoformat()
    except ValueError:
        return None


def find_dates(text: str, start: int, end: int) -> list[dict]:
    out = []
    months = _months()
    for mt in _pattern().finditer(text, start, end):
        g = mt.groupdict()
        if g["d1"]:
            iso = _iso(g["y1"], months[g["m1"].casefold()], g["d1"])
        elif g["d2"]:
            iso = _iso(g["y2"], months[g["m2"].casefold()], g["d2"])
        elif g["d3"]:
            iso = _iso(g["y3"], int(g["m3"]), g["d3"])
        else:
            iso = _iso(g["y4"], int(g["m4"]), g["d4"])
        if iso:
            out.append({"iso": iso, "text": mt.group(), "start": mt.start(), "end": mt.end()})
    return out


def parse_date(s: str) -> str | None:
    """The ISO date of the first full date in ``s``."""
    found = find_dates(s, 0, len(s))
    return found[0]["iso"] if found else None
