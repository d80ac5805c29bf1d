"""Time decide-exchange-model (GPL, optional peer) on one file; run by bench_exchange.py.

Runs in an interpreter where ``decide`` is importable (often a separate venv,
``REALPOLITIK_DECIDE_PYTHON``), never imported by realpolitik. Prints one JSON
line: ``{"times": [seconds, ...], "error": null|str}``.

Usage: ``python _decide_timer.py FILE ROUNDS REPEAT [P]``. Each repeat builds
the model from the parsed file (decide's ``ModelFactory``) and runs ``ROUNDS``
loops of its ``ModelLoop`` with an event handler that records nothing, as the
decide CLI does minus its CSV/SQLite writers; file parsing is not timed.
``P`` given: decide's random-rate model with that p (it may crash).
"""

from __future__ import annotations

import json
import sys
import time


def main() -> None:
    path, rounds, repeat = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    p = float(sys.argv[4]) if len(sys.argv) > 4 else None
    from decide.data.modelfactory import ModelFactory
    from decide.data.reader import InputDataFile
    from decide.model import equalgain, randomrate
    from decide.model.observers.observer import Observable
    from decide.model.utils import ModelLoop

    data = InputDataFile.open(path)
    factory = ModelFactory(date_file=data)
    klass = equalgain.EqualGainModel if p is None else randomrate.RandomRateModel
    times: list[float] = []
    error = None
    for _ in range(repeat):
        try:
            t0 = time.perf_counter()
            model = factory(model_klass=klass, randomized_value=p)
            events = Observable(model, "/nonexistent")
            loop = ModelLoop(model, events, 0)
            for _r in range(rounds):
                loop.loop()
            times.append(time.perf_counter() - t0)
        except Exception as exc:  # the peer's own failure, reported, not raised
            error = f"{type(exc).__name__}: {exc}"
            break
    print(json.dumps({"times": times, "error": error}))


if __name__ == "__main__":
    main()
