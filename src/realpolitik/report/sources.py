"""Sources as numbered footnotes, in the style of the seed article.

The article cites news items as ``“Title”, Outlet, URL, (Date of Accession:
11.10.2022).`` with titles in their own language. :class:`Footnotes`
numbers a scenario's sources in the order the report first cites them
(later citations reuse the number), then appends the sources nobody cited,
so every source of the scenario is listed once.

>>> import realpolitik
>>> sc = realpolitik.load_any("belarus-2022")
>>> fn = Footnotes(sc)
>>> fn.cite(["S0a", "S0e"]), fn.cite(["S0a"])
([1, 2], [1])
>>> fn.text(1)
'“Россия и Белоруссия начали развертывать совместну групировку войск”, Lenta.ru, https://lenta.ru/news/2022/10/10/grbvnu/, (Date of Accession: 11.10.2022).'
"""

from __future__ import annotations

from typing import Any, Iterable

__all__ = ["Footnotes", "format_source"]


def format_source(src: Any) -> str:
    """One source in the article's footnote style (title in its own language)."""
    parts = [f"“{src.title}”"]
    if src.publisher:
        parts.append(src.publisher)
    if src.url:
        parts.append(src.url)
    if src.published and not src.url:
        parts.append(src.published.strftime("%d.%m.%Y"))
    text = ", ".join(parts)
    if src.accessed:
        text += f", (Date of Accession: {src.accessed.strftime('%d.%m.%Y')})"
    return text + "."


class Footnotes:
    """Numbering of a scenario's sources by first citation."""

    def __init__(self, scenario: Any):
        self._sources = {s.id: s for s in scenario.sources}
        self._order: list[str] = []

    def cite(self, ids: Iterable[str]) -> list[int]:
        """Footnote numbers of these source ids (unknown ids are skipped)."""
        out = []
        for sid in ids:
            if sid not in self._sources:
                continue
            if sid not in self._order:
                self._order.append(sid)
            n = self._order.index(sid) + 1
            if n not in out:
                out.append(n)
        return out

    def entries(self, *, include_uncited: bool = True) -> list[tuple[int, Any]]:
        """(number, Source) of every cited source, then of the uncited ones."""
        if include_uncited:
            for sid in self._sources:
                if sid not in self._order:
                    self._order.append(sid)
        return [(k + 1, self._sources[sid]) for k, sid in enumerate(self._order)]

    def text(self, number: int) -> str:
        return format_source(self._sources[self._order[number - 1]])

    def source_id(self, number: int) -> str:
        return self._order[number - 1]
