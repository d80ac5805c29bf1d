"""The one default Monte Carlo set-up of the answers (``brief``, ``ask``, ``explain``, ``report``).

They share the sample size, seed, sampler and bargaining models, so the same
scenario prints the same probability in every one of them: the design is
built from the seed over the full scenario model (every issue and game), and
the bargaining models do not change the inputs sampled.
"""

from __future__ import annotations

__all__ = ["DEFAULT_SAMPLES", "DEFAULT_SEED", "DEFAULT_SAMPLER", "DEFAULT_MODELS"]

#: Monte Carlo samples.
DEFAULT_SAMPLES = 1000
#: Seed of the sampling design: a fixed default, so answers are reproducible.
DEFAULT_SEED = 0
#: Latin hypercube: each input's range is covered evenly at a modest n.
DEFAULT_SAMPLER = "lhs"
#: Bargaining models run on every issue.
DEFAULT_MODELS = ("eu", "compromise", "median")
