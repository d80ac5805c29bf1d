"""Precision, recall and F1 of an ingestion result against a gold annotation.

Fields and what is compared (sets of keys): actors (canonical id), actor
mentions (id, start, end; the gold's forms found as whole words outside
boilerplate), persons (surname, actor), sources (n, URL, access date) plus
titles, publishers and published dates separately, dates (ISO), quotes (first
30 characters, actor, footnote), quote speakers (first 30 characters, speaker
surname), stances (type, from, to), forecast sentence.
"""

from __future__ import annotations

import re
from typing import Any

from .gazetteer import translit

__all__ = ["score", "prf"]


def prf(pred: set, gold: set) -> dict[str, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else (1.0 if not gold else 0.0)
    r = tp / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "pred": len(pred), "gold": len(gold)}


def _surname(name: str | None) -> str | None:
    return translit(name.split()[-1]) if name else None


def gold_mentions(text: str, gold: dict[str, Any], boiler: list[tuple[int, int]]) -> set[tuple[str, int, int]]:
    out = set()
    for a in gold["actors"]:
        for form in a["forms"]:
            for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
                if not any(s <= m.start() < e for s, e in boiler):
                    out.add((a["id"], m.start(), m.end()))
    return out


def score(result_data: dict[str, Any], gold: dict[str, Any], text: str | None = None) -> dict[str, dict[str, float]]:
    d = result_data
    out: dict[str, dict[str, float]] = {}
    out["actors"] = prf({a["id"] for a in d["actors"]}, {a["id"] for a in gold["actors"]})
    if text is not None:
        boiler = [(p["start"], p["end"]) for p in d.get("paragraphs", []) if p["kind"] == "boilerplate"]
        pred_m = {(a["id"], m["start"], m["end"]) for a in d["actors"] for m in a["mentions"]
                  if m.get("via", "name") == "name"}
        out["actor_mentions"] = prf(pred_m, gold_mentions(text, gold, boiler))
    out["persons"] = prf({(_surname(p["name"]), p["actor"]) for p in d["persons"]},
                         {(p["key"], p["actor"]) for p in gold["persons"]})
    out["sources"] = prf({(s["n"], s["url"], s["accessed"]) for s in d["sources"]},
                         {(s["n"], s["url"], s["accessed"]) for s in gold["sources"]})
    for f in ("title", "publisher", "published", "language"):
        out[f"sources.{f}"] = prf({(s["n"], s.get(f)) for s in d["sources"]}, {(s["n"], s.get(f)) for s in gold["sources"]})
    out["dates"] = prf({x["iso"] for x in d["dates"]}, {x["iso"] for x in gold["dates"]})
    out["quotes"] = prf({(q["text"][:30], q["actor"], q["source"]) for q in d["quotes"]},
                        {(q["text"][:30], q["actor"], q["source"]) for q in gold["quotes"]})
    out["quote_speakers"] = prf({(q["text"][:30], _surname(q["speaker"])) for q in d["quotes"]},
                                {(q["text"][:30], _surname(q["speaker"])) for q in gold["quotes"]})
    out["stances"] = prf({(s["type"], s["from"], s["to"]) for s in d["stances"]},
                         {(s["type"], s["from"], s["to"]) for s in gold["stances"]})
    gf = gold.get("forecast_sentence")
    pf = d.get("forecast_sentence")
    out["forecast_sentence"] = prf({pf.strip()} if pf else set(), {gf.strip()} if gf else set())
    return out
