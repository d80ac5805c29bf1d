"""Regenerate ``data/decide_reference.json``: decide's exchanges where realpolitik must equal them.

Run with the optional peer installed (``pip install --no-deps decide-exchange-model``
plus ``peewee``, ``blinker`` and ``typesystem==0.2.5``)::

    REALPOLITIK_SHARED=../shared python tests/bargaining/make_decide_reference.py

For each decide data file this runs decide-exchange-model 2022.1.28 for 10 rounds with
its tie coin off (``EqualGainModel.ALLOW_RANDOM = False``) and stores, per round, the
realised exchanges (actors and supply issues of sides i and j, gain, voting positions on
0-100) and the voting outcome. ``data_short`` keeps every round. For the other files the
realised sequence depends on how exactly tied gains (and outcomes that land exactly on a
partner's position) are broken -- decide's Decimal rounding, or its coin, decides them --
so the file keeps the rounds up to the first one where realpolitik (``tie_break="input"``)
gives another sequence, and records how many leading exchanges of that round agree
(``prefix``) and decide's first exact tie in it (``first_tie``).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import decide_peer  # noqa: E402

FILES = ("data_short.csv", "sample_data.txt", "copenhagen.csv", "verkiezing_2012.csv", "cop21.csv")
ROUNDS = 10


def main() -> None:
    import realpolitik
    from realpolitik.bargaining import run_exchange_scenario

    shared = Path(os.environ.get("REALPOLITIK_SHARED", HERE.parents[1].parent / "shared"))
    folder = shared / "data" / "bargaining" / "foarsitter_decide-exchange-model"
    out = {"decide": "decide-exchange-model 2022.1.28, EqualGainModel, ALLOW_RANDOM=False",
           "rounds": ROUNDS, "files": {}}
    for name in FILES:
        dec = decide_peer.run_decide(str(folder / name), ROUNDS)
        sc = realpolitik.load_any(str(folder / name))
        mine = rp_sequence(run_exchange_scenario(sc, rounds=ROUNDS, tie_break="input"), sc)
        rounds = []
        for k, d in enumerate(dec):
            seq = [list(e[:4]) + [round(e[4], 12), round(e[5], 9), round(e[6], 9)] for e in d["exchanges"]]
            same = 0
            while same < min(len(seq), len(mine[k])) and tuple(seq[same][:4]) == mine[k][same]:
                same += 1
            full = same == len(seq) == len(mine[k])
            rounds.append({"round": k + 1, "exchanges": seq if full else seq[:same + 1],
                           "outcome": {i: round(v, 9) for i, v in d["outcome"].items()},
                           "prefix": None if full else same, "first_tie": d["first_tie"]})
            if not full:
                break
        out["files"][name] = rounds
        print(name, [(r["round"], len(r["exchanges"]), r["prefix"], r["first_tie"]) for r in rounds])
    (HERE / "data" / "decide_reference.json").write_text(json.dumps(out, indent=0) + "\n")


def rp_sequence(res, sc):  # type: ignore[no-untyped-def]
    """realpolitik's realised (i, i_supply, j, j_supply) per round with the file's actor keys."""
    key = {a.id: (a.aliases[0] if a.aliases else a.id) for a in sc.actors}
    ex = res.exchanges
    return [[(key[r.i], r.i_supply, key[r.j], r.j_supply) for r in ex[ex["round"] == k].itertuples()]
            for k in range(1, res.rounds + 1)]


if __name__ == "__main__":
    main()
