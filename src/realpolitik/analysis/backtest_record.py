"""The models' DEU III backtest record, as package data for the brief.

``data/backtest_deu3.json`` is generated from the project's backtest
(``realpolitik backtest deu3 --json``; regenerate with ``python -m
realpolitik.analysis.backtest_record [DEU3.csv]``) and a test checks that it
matches a fresh run when the DEU III data is present. The brief orders the
scenario's models by this record and prints it beside each forecast.

Examples
--------
>>> rec = backtest_record("compromise")
>>> rec["dataset"], rec["test_mae"] > 0, rec["compromise_test_mae"] == rec["test_mae"]
('deu3', True, True)
>>> backtest_record("mean") is None
True
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["BACKTEST_NAMES", "COMPROMISE", "backtest_record", "record_from_backtest"]

#: The backtest model that scores each scenario bargaining model (same rule; DEU III supplies
#: the capabilities, equal weights for the compromise model). Models without an entry have no record.
BACKTEST_NAMES = {"eu": "eu", "compromise": "compromise_equal", "median": "median", "nbs": "nbs"}
#: The baseline every record is compared with.
COMPROMISE = "compromise_equal"
_FILE = "backtest_deu3.json"


@lru_cache(maxsize=1)
def _stored() -> dict[str, Any]:
    text = resources.files("realpolitik.analysis").joinpath("data", _FILE).read_text(encoding="utf-8")
    return json.loads(text)


def backtest_record(model: str) -> dict[str, Any] | None:
    """``{"dataset": "deu3", "test_mae", "compromise_test_mae", ...}`` of a scenario model, or None."""
    name = BACKTEST_NAMES.get(model)
    data = _stored()
    if name is None or name not in data["models"]:
        return None
    m = data["models"][name]
    return {"dataset": "deu3", "test_mae": m["test_mae"], "compromise_test_mae": data["models"][COMPROMISE]["test_mae"],
            "backtest_model": name, "test_mae_ci": m["test_mae_ci"], "test_issues": data["test_issues"]}


def record_from_backtest(result: dict[str, Any]) -> dict[str, Any]:
    """The stored record from a ``realpolitik backtest deu3 --json`` result."""
    models = {name: {"test_mae": by["test"]["mae"], "test_mae_ci": list(by["test"]["mae_ci"]),
                     "dev_mae": by["dev"]["mae"] if "dev" in by else None}
              for name, by in result["models"].items() if name in BACKTEST_NAMES.values() and "test" in by}
    proto = result["protocol"]
    return {"generated_by": "realpolitik backtest deu3 --json", "dataset": "deu3",
            "data_sha256": proto["sha256"], "test_issues": proto["counts"]["test"]["issues"], "models": models}


def main(argv: list[str] | None = None) -> None:  # pragma: no cover - a maintenance script
    from pathlib import Path

    from ..backtest.run import run_backtest

    args = sys.argv[1:] if argv is None else argv
    res = run_backtest(path=args[0] if args else None, models=list(BACKTEST_NAMES.values()))
    out = Path(__file__).with_name("data") / _FILE
    out.write_text(json.dumps(record_from_backtest(res.to_dict()), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":  # pragma: no cover
    main()
