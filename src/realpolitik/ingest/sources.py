"""Footnotes → cited sources: title in its own language, outlet from the URL's
domain, URL, published date (from the URL's ``/YYYY/MM/DD/``), access date,
``Ibid.`` resolved to the note it repeats. URLs are read, never fetched.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .dates import find_dates

__all__ = ["parse_note", "publisher_of", "OUTLETS"]

#: Registered domain → outlet name (the article's own spelling is unreliable: "Balta", "Tass").
OUTLETS = {
    "lenta.ru": "Lenta.ru", "belta.by": "BelTA", "gazeta.ru": "Gazeta.ru", "tass.ru": "TASS", "tass.com": "TASS",
    "ria.ru": "RIA Novosti", "interfax.ru": "Interfax", "interfax.by": "Interfax-Zapad", "kommersant.ru": "Kommersant",
    "rbc.ru": "RBC", "kremlin.ru": "Kremlin (President of Russia)", "president.gov.by": "President of Belarus",
    "mid.ru": "Russian MFA", "mfa.gov.by": "Belarusian MFA", "pravda.com.ua": "Ukrainska Pravda",
    "ukrinform.ua": "Ukrinform", "unian.net": "UNIAN", "reuters.com": "Reuters", "bbc.com": "BBC", "bbc.co.uk": "BBC",
    "aa.com.tr": "Anadolu Agency", "trthaber.com": "TRT Haber", "hurriyet.com.tr": "Hürriyet", "euronews.com": "Euronews",
    "nato.int": "NATO", "europa.eu": "European Union", "consilium.europa.eu": "Council of the EU",
    "eeas.europa.eu": "EEAS", "pap.pl": "PAP", "gov.pl": "Government of Poland", "nytimes.com": "The New York Times",
    "theguardian.com": "The Guardian", "aljazeera.com": "Al Jazeera", "apnews.com": "AP", "dw.com": "DW",
}
_IBID = re.compile(r"^\s*(?:ibid|ibidem|a\.g\.e|agy|там же|тамсама|tamże|там само)\.?\s*(?:,\s*(?:p|s|с)\.\s*\S+)?\s*$",
                   re.I)
_URL = re.compile(r"https?://[^\s<>\"“”«»]+")
_ACCESS = re.compile(r"(?:access(?:ed|ion|ed on)?|accesion|erişim(?: tarihi)?|дата обращения|доступ|"
                     r"dostęp|data dostępu|дата звернення|retrieved)\b", re.I)
_TITLE = re.compile(r"“(.+?)”(?=[\s,.;:]|$)|«(.+?)»(?=[\s,.;:]|$)|„(.+?)[“”]|\"(.+?)\"")


def _domain(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    host = re.sub(r"^(?:www\d?|m|amp)\.", "", host)
    for d in sorted(OUTLETS, key=len, reverse=True):
        if host == d or host.endswith("." + d):
            return d
    return host


def publisher_of(url: str) -> str:
    """The outlet named by a URL's domain (``lenta.ru`` → ``Lenta.ru``)."""
    d = _domain(url)
    return OUTLETS.get(d, d)


def parse_note(n: int, body: str, offset: int, previous: dict | None) -> dict:
    """One footnote's record; ``offset`` is where ``body`` starts in the article text."""
    if _IBID.match(body) and previous is not None:
        rec = dict(previous)
        rec.update(n=n, ibid_of=previous.get("ibid_of") or previous["n"], start=offset, end=offset + len(body))
        return rec
    m_url = _URL.search(body)
    url = m_url.group().rstrip(".,;)") if m_url else ""
    m_title = _TITLE.search(body)
    if m_title:
        title = next(g for g in m_title.groups() if g is not None).strip()
    else:
        head = body[:m_url.start()] if m_url else body
        title = head.strip(" ,.;")
    printed = ""
    if m_title:
        after = body[m_title.end():m_url.start() if m_url else len(body)]
        printed = after.strip(" ,.;")
    accessed = published = None
    access_at = _ACCESS.search(body)
    for d in find_dates(body, 0, len(body)):
        if access_at is not None and d["start"] >= access_at.start():
            accessed = accessed or d["iso"]
        elif published is None and (m_url is None or not (m_url.start() <= d["start"] < m_url.end())):
            published = d["iso"]
    if published is None and url:
        m = re.search(r"/(20\d\d|19\d\d)/(\d{1,2})/(\d{1,2})(?:/|$)", url)
        if m:
            import datetime as dt

            try:
                published = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
            except ValueError:
                published = None
    return {"n": n, "title": title, "url": url, "publisher": publisher_of(url) if url else printed,
            "printed_outlet": printed, "language": None, "published": published, "accessed": accessed,
            "ibid_of": None, "start": offset, "end": offset + len(body)}
