"""Ingestion: precision/recall/F1 per field and language against the gold files; load time and memory.

Run: ``python benchmarks/bench_ingest.py`` (needs the `ingest` extra and the shared article).
The article's figures are an upper bound: the rules were written while reading it. The RU and TR
texts were written for the tests and are scored as they are.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("REALPOLITIK_SHARED", REPO.parent / "shared"))
GOLD = REPO / "tests" / "ingest" / "gold"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    from realpolitik.ingest import _extra

    _extra.spacy_english()
    t_spacy = time.perf_counter() - t0
    rss_spacy = _rss_mb()
    t1 = time.perf_counter()
    _extra.natasha_ru()
    _extra.morph("ru")
    _extra.morph("uk")
    t_ru = time.perf_counter() - t1
    from realpolitik.ingest import read_article
    from realpolitik.ingest.evaluate import score

    print(f"model load: spaCy EN {t_spacy:.2f} s (+{rss_spacy - rss0:.0f} MB peak RSS), "
          f"natasha + pymorphy3 ru/uk {t_ru:.2f} s; peak RSS now {_rss_mb():.0f} MB")
    cases = []
    for g in sorted(GOLD.glob("*.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        path = SHARED / gold["article"] if gold["article"].startswith("articles/") else REPO / gold["article"]
        if not path.is_file():
            print(f"skip {g.stem}: {path} not found")
            continue
        cases.append((g.stem, path, gold))
    rows = []
    for name, path, gold in cases:
        times = []
        for _ in range(3):
            t = time.perf_counter()
            r = read_article(path)
            times.append(time.perf_counter() - t)
        sc = score(r.data, gold, r.text)
        lang = max(r.data["languages"], key=r.data["languages"].get)
        print(f"\n{name} (main language {lang}; paragraphs {r.data['languages']}; "
              f"median {statistics.median(times) * 1000:.0f} ms per run, models loaded)")
        print(f"  {'field':20s} {'P':>5s} {'R':>5s} {'F1':>5s}   tp/pred/gold")
        for field, v in sc.items():
            print(f"  {field:20s} {v['precision']:5.2f} {v['recall']:5.2f} {v['f1']:5.2f}   "
                  f"{v['tp']}/{v['pred']}/{v['gold']}")
            rows.append((name, field, v["f1"]))
    fails = [(n, f, x) for n, f, x in rows if x < 1.0]
    print("\nfields below F1 1.0: " + ("; ".join(f"{n}: {f} {x:.2f}" for n, f, x in fails) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
