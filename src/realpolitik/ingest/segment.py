"""Paragraphs, their kind (title, body, note, bio, boilerplate), sentences.

Every piece keeps its ``start``/``end`` in the article text, so whatever is
found inside it can be reported as an offset into the text as read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Segment", "segment", "sentences"]


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    kind: str  # title | body | note | bio | boilerplate
    lang: str = "und"


# Share buttons, language switchers, related-post blocks (EN/TR/RU/UK/PL).
_BOILER = re.compile(
    r"^\s*(?:paylaş|share|поделиться|поділитися|udostępnij|tweet|print|yazdır|"
    r"this post is also available in\b.*|bu (?:yazı|içerik) .* dillerde de mevcut.*|"
    r"similar posts|related posts|benzer yazılar|ilgili yazılar|похожие (?:записи|статьи)|читайте также.*|"
    r"схожі (?:записи|статті)|podobne wpisy|powiązane wpisy|read more|devamını oku)\s*:?\s*$", re.I)
_NOTE = re.compile(r"^\s*\[(\d{1,3})\]\s+\S")
_TITLE_PERSON = re.compile(r"^\s*(?:Dr|Prof|Doç|Assoc\. Prof|Yrd\. Doç)\.\s+\S")


def _lines(text: str, start: int, end: int):
    pos = start
    for line in text[start:end].split("\n"):
        yield pos, pos + len(line)
        pos += len(line) + 1


def segment(text: str) -> list[Segment]:
    """Split into paragraphs (blank-line separated; note lines on their own)."""
    blocks: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        s, e = m.start(), m.end()
        while e > s and text[e - 1].isspace():
            e -= 1
        while s < e and text[s].isspace():
            s += 1
        if s < e:
            blocks.append((s, e))
    out: list[Segment] = []
    seen_note = False
    first_content = True
    for s, e in blocks:
        # A block may mix note lines, boilerplate lines and text lines: classify per line group.
        cur_kind, cur_s, cur_e = None, None, None
        for ls, le in _lines(text, s, e):
            line = text[ls:le]
            if not line.strip():
                continue
            if _BOILER.match(line):
                kind = "boilerplate"
            elif _NOTE.match(line):
                kind = "note"
                seen_note = True
            elif seen_note or (_TITLE_PERSON.match(line) and cur_kind == "bio"):
                kind = "bio"
            else:
                kind = "body"
            if kind == "note" or kind != cur_kind:
                if cur_kind is not None:
                    out.append(Segment(cur_s, cur_e, cur_kind))  # type: ignore[arg-type]
                cur_kind, cur_s = kind, ls
            cur_e = le
        if cur_kind is not None:
            out.append(Segment(cur_s, cur_e, cur_kind))  # type: ignore[arg-type]
    # The first short body paragraph without a final full stop is the title.
    for k, seg in enumerate(out):
        if seg.kind == "boilerplate":
            continue
        if first_content and seg.kind == "body":
            t = text[seg.start:seg.end]
            if len(t) < 200 and "\n" not in t and not t.rstrip().endswith((".", ":", "?")):
                out[k] = Segment(seg.start, seg.end, "title")
        break
    return out


_ABBR = re.compile(r"(?:\b(?:Dr|Prof|Mr|Mrs|Ms|St|Gen|Col|Lt|No|Vol|vs|etc|e\.g|i\.e|Jr|Sr|Doç|г|гг|им|ул|т\.е|т\.д)"
                   r"|\b[A-ZА-Я])\.$")


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]`` (quotes and footnote marks stay attached)."""
    out: list[tuple[int, int]] = []
    s = start
    # A sentence ends at . ! ? (and any closing quotes/brackets/note marks) followed by space + capital.
    for m in re.finditer(r"[.!?…]+[”\"»’)]*(?:\[\d+\])*(?=\s+[\"“«(\[]?[A-ZА-ЯЁІЇЄÇĞİÖŞÜŁŚŻŹĆŃ0-9])", text[start:end]):
        e = start + m.end()
        head = text[max(s, e - 12):start + m.start() + 1]
        if _ABBR.search(head):
            continue
        out.append((s, e))
        s = e
        while s < end and text[s].isspace():
            s += 1
    if s < end:
        out.append((s, end))
    return out
