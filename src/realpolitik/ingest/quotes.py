"""Direct quotations in body paragraphs, their speaker, actor and footnote.

A quotation is “…”, «…», „…“ or "…" of at least 20 characters. The speaker is the last
person named before it in the same paragraph, else in the paragraph before
(the article introduces a quote with "… opened the meeting with the following
message:"). The footnote is the first ``[n]`` after the closing mark, before the next quote
and within 40 characters.
"""

from __future__ import annotations

import re

__all__ = ["find_quotes", "MIN_QUOTE"]

MIN_QUOTE = 20
_Q = re.compile(r"“([^“”]{%d,}?)”|«([^«»]{%d,}?)»|„([^„“”]{%d,}?)[“”]|\"([^\"\n]{%d,}?)\""
                % (MIN_QUOTE, MIN_QUOTE, MIN_QUOTE, MIN_QUOTE))
_MARK = re.compile(r"\[(\d{1,3})\]")


def find_quotes(text: str, paragraphs: list[tuple[int, int]], persons: list[dict]) -> list[dict]:
    """``paragraphs``: (start, end) of body paragraphs; ``persons``: grouped person records."""
    pm = sorted(((m["start"], m["end"], p) for p in persons for m in p["mentions"]), key=lambda x: x[0])
    out = []
    for k, (ps, pe) in enumerate(paragraphs):
        found = list(_Q.finditer(text, ps, pe))
        for j, m in enumerate(found):
            g = next(i for i in range(1, 5) if m.group(i) is not None)
            qs, qe = m.start(g), m.end(g)
            # Speaker: last person before the quote in this paragraph, else in the previous one.
            speaker = None
            for s, e, p in pm:
                if ps <= s and e <= m.start() and not any(a.start() <= s < a.end() for a in found):
                    speaker = p
            if speaker is None and k > 0:
                prev_s, prev_e = paragraphs[k - 1]
                for s, e, p in pm:
                    if prev_s <= s and e <= prev_e:
                        speaker = p
            limit = found[j + 1].start() if j + 1 < len(found) else pe
            mark = _MARK.search(text, m.end(), min(limit, m.end() + 40))
            out.append({"text": text[qs:qe], "speaker": speaker["name"] if speaker else None,
                        "actor": speaker["actor"] if speaker else None,
                        "source": int(mark.group(1)) if mark else None, "start": qs, "end": qe})
    return out
