"""Run models over DEU III and score them with the protocol."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

from .._result import Provenance, make_provenance, readable_repr, status_text
from ..errors import InputError
from . import _engines
from .deu import CUT_DATE, DEUData, read_deu3
from .models import DEFAULT_MODELS, MODELS, run_model
from .protocol import (BOOTSTRAP_SEED, N_BOOTSTRAP, SPLITS, WITHIN, bootstrap_counts, bootstrap_mae,
                       paired_difference_ci, score)

__all__ = ["BacktestResult", "run_backtest"]


@readable_repr
@dataclass(frozen=True)
class BacktestResult:
    """Scores of every model on dev, test and all scoreable issues.

    Attributes
    ----------
    protocol : dict
        What was applied (data digest, counts, cut date, bootstrap seed ...).
    scores : dict
        ``{model: {split: {"n", "mae", "median_ae", "within10", "mae_ci"}}}``.
    forecasts : pandas.DataFrame
        One row per scoreable issue: ``isnr``, ``proposal``, ``split``,
        ``out`` and one column of forecasts per model.
    coverage : dict
        ``{model: {"covered": k, "of": n, "fallback": str | None}}``.
    covered : dict
        ``{model: bool array}`` over the rows of ``forecasts``: the issues the
        model forecasts by its own rule (the rest got its fallback).
    """

    protocol: dict[str, Any]
    scores: dict[str, dict[str, dict[str, Any]]]
    forecasts: pd.DataFrame
    coverage: dict[str, dict[str, Any]]
    provenance: Provenance
    covered: dict[str, np.ndarray] = field(default_factory=dict)

    def _repr_fields(self) -> list[tuple[str, Any]]:
        """The few facts the notebook repr shows (see :func:`realpolitik._result.readable_repr`)."""
        test = {m: by.get("test", {}).get("mae") for m, by in self.scores.items()}
        best = min((m for m in test if test[m] is not None), key=lambda m: test[m], default=None)
        return [("dataset", self.protocol.get("dataset", self.provenance.engine)), ("models", tuple(self.scores)),
                ("issues", len(self.forecasts)), ("best test MAE", best),
                ("its MAE", test.get(best) if best else None)]

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` document: ``{"protocol": {...}, "models": {...}}``."""
        return {"protocol": dict(self.protocol, coverage=self.coverage), "models": self.scores}

    def table(self) -> pd.DataFrame:
        """Long table: one row per model and split."""
        rows = [{"model": m, "split": sp, **{k: v for k, v in sc.items() if k != "mae_ci"},
                 "ci_lo": sc["mae_ci"][0], "ci_hi": sc["mae_ci"][1]}
                for m, by in self.scores.items() for sp, sc in by.items()]
        return pd.DataFrame(rows)

    def paired_difference(self, a: str, b: str, split: str = "test", *,
                          covered_by: str | None = None) -> dict[str, Any]:
        """MAE of model ``a`` minus model ``b`` on ``split``, with the paired proposal-bootstrap interval.

        Uses the protocol's bootstrap (replicates and seed of this run).
        ``covered_by`` (a model name) restricts the comparison to the issues that
        model covers by its own rule (e.g. ``"exchange"``: proposals with >= 2 issues).
        Returns ``{"a", "b", "split", "n", "diff", "ci"}``; negative = ``a`` is better.
        """
        for m in (a, b):
            if m not in self.scores:
                raise InputError(f"model {m!r} was not scored in this run", expected=", ".join(self.scores))
        if split not in SPLITS:
            raise InputError(f"split must be dev, test or all; got {split!r}")
        f = self.forecasts
        mask = np.ones(len(f), bool) if split == "all" else (f["split"] == split).to_numpy()
        if covered_by is not None:
            if covered_by not in self.covered:
                raise InputError(f"model {covered_by!r} was not scored in this run", expected=", ".join(self.scores))
            mask = mask & self.covered[covered_by]
        out = f["out"].to_numpy()[mask]
        d, lo, hi = paired_difference_ci(np.abs(f[a].to_numpy()[mask] - out), np.abs(f[b].to_numpy()[mask] - out),
                                         f["proposal"].to_numpy()[mask],
                                         n_boot=int(self.protocol["bootstrap"]["replicates"]),
                                         rng=int(self.protocol["bootstrap"]["seed"]))
        return {"a": a, "b": b, "split": split, "n": int(mask.sum()), "diff": d, "ci": [lo, hi]}

    def errors(self) -> pd.DataFrame:
        """Absolute errors per issue (rows) and model (columns)."""
        models = list(self.scores)
        return self.forecasts[models].sub(self.forecasts["out"], axis=0).abs()


def run_backtest(data: DEUData | None = None, *, path: str | None = None,
                 models: Sequence[str] = DEFAULT_MODELS, splits: Sequence[str] = SPLITS,
                 progress: Callable[[str, int, int], None] | None = None,
                 n_boot: int = N_BOOTSTRAP, seed: int = BOOTSTRAP_SEED) -> BacktestResult:
    """Score ``models`` on DEU III with the fixed protocol.

    Parameters
    ----------
    data : DEUData, optional
        Already read data (default: :func:`read_deu3` of ``path``).
    models : sequence of str
        Names from :data:`~realpolitik.backtest.models.MODELS`.
    splits : sequence of {"dev", "test", "all"}
    progress : callable, optional
        ``progress(model, done, total)`` while a model runs over issues.
    n_boot, seed : int
        Bootstrap replicates and seed (the protocol's defaults).

    Examples
    --------
    >>> res = run_backtest(models=["compromise_equal"], splits=["all"], n_boot=200)
    >>> s = res.scores["compromise_equal"]["all"]
    >>> s["n"], round(s["mae"], 2), round(s["median_ae"], 2)
    (351, 23.64, 18.46)
    """
    models = list(dict.fromkeys(models))
    bad = [m for m in models if m not in MODELS]
    if bad:
        raise InputError(f"unknown model(s) {', '.join(bad)}", expected="some of " + ", ".join(MODELS))
    bad = [s for s in splits if s not in SPLITS]
    if bad or not splits:
        raise InputError(f"split must be dev, test or all; got {', '.join(bad) or 'none'}")
    if data is None:
        data = read_deu3(path)
    sc = data.scoreable
    iss = data.issues.loc[sc].reset_index(drop=True)
    frame = pd.DataFrame({"isnr": iss["isnr"], "proposal": iss["proposal"], "split": iss["split"],
                          "out": iss["out"].to_numpy(dtype=float)})
    coverage: dict[str, dict[str, Any]] = {}
    covered_masks: dict[str, np.ndarray] = {}
    for name in models:
        cb = None if progress is None else (lambda done, total, _n=name: progress(_n, done, total))
        f, covered = run_model(data, name, progress=cb)
        frame[name] = f[sc]
        covered_masks[name] = np.asarray(covered[sc], dtype=bool)
        coverage[name] = {"covered": int(covered[sc].sum()), "of": int(sc.sum()),
                          "fallback": MODELS[name].fallback}
        if progress is not None:
            progress(name, 1, 1)
    scores: dict[str, dict[str, dict[str, Any]]] = {m: {} for m in models}
    for split in splits:
        mask = np.ones(len(frame), bool) if split == "all" else (frame["split"] == split).to_numpy()
        out = frame["out"].to_numpy()[mask]
        # One set of draws per split, shared by all models (paired intervals).
        index, counts = bootstrap_counts(frame["proposal"].to_numpy()[mask], n_boot=n_boot, rng=seed)
        for m in models:
            f = frame[m].to_numpy()[mask]
            s = score(f, out)
            reps = bootstrap_mae(np.abs(f - out), index, counts)
            s["mae_ci"] = [float(v) for v in np.quantile(reps, [0.025, 0.975])]
            scores[m][split] = s
    counts_by = {sp: {"issues": int((frame["split"] == sp).sum()),
                      "proposals": int(iss.loc[iss["split"] == sp, "prnr"].nunique()),
                      "clusters": int(iss.loc[iss["split"] == sp, "proposal"].nunique())}
                 for sp in ("dev", "test")}
    counts_by["all"] = {"issues": int(len(frame)), "proposals": int(iss["prnr"].nunique()),
                        "clusters": int(iss["proposal"].nunique())}
    protocol = {
        "dataset": "DEU III (Arregui & Perarnaud 2021, doi:10.34810/data53, CC BY 4.0)",
        "source": data.source, "sha256": data.sha256,
        "scoreable": "valid outcome and >= 3 actors with position and salience",
        "split": {"by": "proposal introduction date", "cut": CUT_DATE.isoformat(),
                  "dev": "intro < cut", "test": "intro >= cut"},
        "counts": counts_by,
        "metrics": {"mae": "mean |forecast - out|", "median_ae": "median |forecast - out|",
                    "within10": f"share with |forecast - out| <= {WITHIN:g}",
                    "mae_ci": "95% percentile interval, bootstrap over proposals"},
        "bootstrap": {"replicates": int(n_boot), "seed": int(seed), "cluster": "proposal (split id joined)",
                      "level": 0.95},
        "scale": [0, 100], "clipping": "none",
        "engine_fallbacks": sorted(_engines.FALLBACKS_USED),
        "notes": list(data.notes),
    }
    prov = make_provenance("realpolitik.backtest.deu3", {"models": models, "splits": list(splits),
                                                          "n_boot": n_boot}, seed=seed)
    return BacktestResult(protocol=protocol, scores=scores, forecasts=frame, coverage=coverage, provenance=prov,
                          covered=covered_masks)
