"""Reading an article file: limits, decoding, HTML body and footnotes.

The text returned is "the article as read": every character offset that
ingestion reports is an index into it. For ``.txt``/``.md`` it is the file's
text with the BOM dropped and line ends normalised to ``\\n``; for HTML it is
trafilatura's body text followed by the footnotes found by a separate lxml
pass (trafilatura drops footnote lists that sit outside ``<article>``),
written as ``[n] …`` lines. Nothing is ever fetched: links are read, not followed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, Location

__all__ = ["MAX_ARTICLE_BYTES", "ReadArticle", "read_path", "read_text"]

#: Largest article file accepted, checked with ``stat`` before anything is read.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024

SUFFIXES = {".txt": "text", ".md": "text", ".markdown": "text", ".html": "html", ".htm": "html"}


@dataclass(frozen=True)
class ReadArticle:
    text: str
    format: str  # "text" or "html"
    title: str | None = None
    author: str | None = None
    date: str | None = None  # ISO date from HTML metadata, if any
    warnings: tuple[str, ...] = field(default=())


def _err(msg: str, name: str, expected: str | None = None) -> InputError:
    return InputError(msg, location=Location(file=name), expected=expected)


def read_path(path: str | Path, *, limit: int = MAX_ARTICLE_BYTES) -> ReadArticle:
    """Read an article file, refusing folders, oversize files and binary bytes."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise _err("file not found", name)
    if not p.is_file():
        raise _err("is not a regular file", name)
    size = p.stat().st_size
    if size > limit:
        raise _err(f"file is {size:,} bytes, over the {limit:,}-byte limit for an article", name,
                   f"an article file under {limit // (1024 * 1024)} MiB")
    with open(p, "rb") as fh:
        raw = fh.read(limit + 1)
    if len(raw) > limit:
        raise _err(f"file is over the {limit:,}-byte limit for an article", name)
    kind = SUFFIXES.get(p.suffix.lower())
    return read_bytes(raw, name=name, kind=kind)


def read_bytes(raw: bytes, *, name: str = "<text>", kind: str | None = None) -> ReadArticle:
    if not raw.strip():
        raise _err("the file is empty", name, "an article as .txt, .md or .html")
    if b"\x00" in raw[:65536]:
        raise _err("the file holds binary data (NUL bytes), not text", name, "a UTF-8 .txt, .md or .html file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not valid UTF-8",
                         location=Location(file=name, line=line), expected="a UTF-8 encoded text file") from None
    if _control_share(text) > 0.05:
        raise _err("the file holds binary data (control characters), not text", name, "a UTF-8 text file")
    if kind is None:
        kind = "html" if re.match(r"\s*(<!doctype html|<html|<head|<body|<article)", text, re.I) else "text"
    if kind == "html":
        return _read_html(text, name)
    return read_text(text)


def read_text(text: str) -> ReadArticle:
    """Plain text or Markdown, as given (line ends normalised)."""
    return ReadArticle(text=text.replace("\r\n", "\n").replace("\r", "\n"), format="text")


def _control_share(text: str) -> float:
    sample = text[:65536]
    bad = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return bad / max(1, len(sample))


_NOTE_ID = re.compile(r"(?:fn|footnote|note|ftn|endnote)[-_:]?(\d+)$", re.I)


def _read_html(html: str, name: str) -> ReadArticle:
    from ._extra import require_extra, set_offline_env

    set_offline_env()
    require_extra("trafilatura", "lxml")
    import lxml.html
    import trafilatura

    warnings: list[str] = []
    body = trafilatura.extract(html, include_links=False, include_comments=False, include_tables=False,
                               favor_precision=True, deduplicate=True) or ""
    meta = trafilatura.extract_metadata(html)
    notes = _html_notes(lxml.html, html)
    # Drop note lines trafilatura kept in the body; the lxml pass writes them once, with their URLs.
    if notes:
        body = "\n".join(line for line in body.split("\n") if not re.match(r"\s*\[?\d+[\].)]\s", line)
                         or not any(line.strip()[:40] in n for n in notes))
    if not body.strip() and not notes:
        raise _err("no article text found in the HTML", name, "an HTML page with an article body")
    title = (meta.title if meta else None) or None
    parts = ([title] if title and title not in body[:300] else []) + [body.strip()]
    if notes:
        parts.append("\n\n".join(notes))
    text = "\n\n".join(p for p in parts if p)
    return ReadArticle(text=text.replace("\r\n", "\n"), format="html", title=title,
                       author=(meta.author if meta else None) or None,
                       date=(meta.date if meta else None) or None, warnings=tuple(warnings))


def _html_notes(lxml_html, html: str) -> list[str]:
    """Footnotes as ``[n] text URL`` lines, wherever they sit in the page (never fetched)."""
    try:
        doc = lxml_html.fromstring(html)
    except Exception:  # lxml raises several types on broken markup; the body text still stands
        return []
    for bad in doc.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    out: dict[int, str] = {}

    def text_of(el) -> str:
        t = " ".join(el.text_content().split())
        for a in el.xpath(".//a[@href]"):
            href = a.get("href", "")
            if href.startswith(("http://", "https://")) and href not in t:
                t += f", {href}"
        return t

    # 1. Elements whose id says they are a note: <li id="fn1">, <p id="footnote-2"> ...
    for el in doc.xpath("//*[@id]"):
        m = _NOTE_ID.search(el.get("id", ""))
        if m and el.tag in ("li", "p", "div", "aside", "span"):
            t = re.sub(r"^\s*\[?\d+[\].)]?\s*", "", text_of(el))
            t = re.sub(r"\s*[↩↑^]\s*$", "", t)
            if t:
                out.setdefault(int(m.group(1)), t)
    # 2. Ordered lists under a footnotes container.
    if not out:
        for ol in doc.xpath("//*[contains(@class,'footnote') or contains(@id,'footnote') or "
                            "contains(@class,'endnote') or contains(@class,'references')]//ol"):
            for k, li in enumerate(ol.xpath("./li"), 1):
                t = text_of(li)
                if t:
                    out.setdefault(k, t)
    # 3. Paragraphs that start with "[n]" anywhere.
    if not out:
        for p in doc.xpath("//p|//li|//div[not(*)]"):
            t = text_of(p)
            m = re.match(r"\[(\d+)\]\s*(.+)", t)
            if m:
                out.setdefault(int(m.group(1)), m.group(2))
    return [f"[{n}] {t}" for n, t in sorted(out.items())]
