"""Run decide-exchange-model (GPL, optional peer: ``bench`` extra) through its Python API.

Only used by tests and benchmarks when the peer is installed; never imported by
the package. decide's CLI crashes (``peewee: Cannot use uninitialized Proxy``),
so this drives its ``ModelLoop`` directly with an observer that records nothing.
"""

from __future__ import annotations

import importlib.util
from typing import Any

__all__ = ["available", "run_decide"]


def available() -> bool:
    return importlib.util.find_spec("decide") is not None


def run_decide(path: str, rounds: int = 10, *, p: float | None = None, tie_coin: bool = False,
               seed: int | None = None) -> list[dict[str, Any]]:
    """decide's realised exchanges and voting outcome (on 0-100) per round.

    Returns one dict per round: ``{"exchanges": [(i_actor, i_supply, j_actor, j_supply, gain, i_y, j_y)],
    "outcome": {issue: nbs}, "first_tie": k | None}`` with actor keys and issue keys of the
    file; ``first_tie`` is the 0-based realisation at which the two best valid gains were
    exactly equal (decide's coin would have decided), None if never.
    """
    import random

    from decide.data.modelfactory import ModelFactory
    from decide.data.reader import InputDataFile
    from decide.model import equalgain
    from decide.model.observers.observer import Observable, Observer
    from decide.model.utils import ModelLoop

    if seed is not None:
        random.seed(seed)
    equalgain.EqualGainModel.ALLOW_RANDOM = tie_coin
    model = ModelFactory(date_file=InputDataFile.open(path))(equalgain.EqualGainModel,
                                                               randomized_value=p)
    out: list[dict[str, Any]] = []

    class Recorder(Observer):  # type: ignore[misc]
        def after_loop(self, realized: list[Any], iteration: int, repetition: int) -> None:
            out.append({"exchanges": [
                (e.i.actor.actor_id, e.i.supply.issue.issue_id, e.j.actor.actor_id,
                 e.j.supply.issue.issue_id, float(e.gain), float(e.i.y), float(e.j.y))
                for e in realized]})

        def end_loop(self, iteration: int, repetition: int) -> None:
            # the voting positions are in place, the damped start positions not yet
            out[-1]["outcome"] = {str(k.issue_id): float(v) for k, v in self.model_ref.nbs.items()}
            out[-1]["first_tie"] = tie_at[0]
            tie_at[0] = None
            count[0] = 0

    # Where the top two gains tie exactly (decide's coin would toss): the first
    # realisation of each round at which that happened.
    tie_at: list[int | None] = [None]
    count = [0]
    plain = model.highest_gain

    def highest_gain() -> Any:
        model.sort_exchanges()
        ex = model.exchanges
        if len(ex) > 1 and abs(ex[0].gain - ex[1].gain) < 1e-20 and ex[0].is_valid and ex[1].is_valid \
                and tie_at[0] is None:
            tie_at[0] = count[0]
        r = plain()
        if r.is_valid:
            count[0] += 1
        return r

    model.highest_gain = highest_gain  # type: ignore[method-assign]
    events = Observable(model, "/nonexistent")
    Recorder(events)
    loop = ModelLoop(model, events, 0)
    for _ in range(rounds):
        model.exchanges = []
        loop.loop()
    return out
