"""The one default Monte Carlo set-up of the answers (``brief``, ``ask``, ``explain``, ``report``).

They share the sample size, seed, sampler and bargaining models, so the same
scenario prints the same probability in every one of them: the design is
built from the seed over the full scenario model (every issue and game), and
the bargaining models do not change the inputs sampled.
"""

from __future__ import annotations

__all__ = ["DEFAULT_SAMPLES", "DEFAULT_SEED", "DEFAULT_SAMPLER", "DEFAULT_MODELS", "MODEL_LABELS", "model_name"]

#: Monte Carlo samples.
DEFAULT_SAMPLES = 1000
#: Seed of the sampling design: a fixed default, so answers are reproducible.
DEFAULT_SEED = 0
#: Latin hypercube: each input's range is covered evenly at a modest n.
DEFAULT_SAMPLER = "lhs"
#: Bargaining models run on every issue.
DEFAULT_MODELS = ("eu", "compromise", "median")

#: What each bargaining model is, in words (the one mapping every human-facing output uses).
MODEL_LABELS = {
    "eu": "Expected-utility model (challenges and concessions, round by round)",
    "compromise": "Compromise model (capability- and salience-weighted mean)",
    "median": "Weighted median position",
    "mean": "Plain mean of the positions",
    "nbs": "Nash bargaining solution",
    "salience_mean": "Salience-weighted mean",
    "status_quo": "Status quo",
}


def model_name(model: str) -> str:
    """A model's short name in words: ``"eu"`` -> ``"Expected-utility model"`` (the code where none is known)."""
    return MODEL_LABELS[model].split(" (")[0] if model in MODEL_LABELS else model
