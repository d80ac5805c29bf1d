"""Capability schemes for DEU III actors (the data hold no capability measure).

* ``equal``: every actor 1 (the compromise model becomes the salience-weighted
  mean, the README's baseline).
* ``votes``: Council votes under the Treaty of Nice (EU-27 weighting, Croatia 7
  from its 2013 accession), one scheme for all periods. The Commission and the
  Parliament get the largest member state's value (29), just as the GDP line
  gives them Germany's GDP.
* ``gdp``: the file's GDP line (Commission and Parliament = Germany's value).
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from .deu import ACTORS, DEUData

__all__ = ["SCHEMES", "COUNCIL_VOTES", "capabilities"]

SCHEMES = ("equal", "votes", "gdp")

#: Council votes (Treaty of Nice, art. 205(2) TEC from 2007; Croatia 7).
COUNCIL_VOTES: dict[str, float] = {
    "de": 29, "fr": 29, "it": 29, "uk": 29, "es": 27, "pl": 27, "ro": 14, "nl": 13,
    "be": 12, "cz": 12, "el": 12, "hu": 12, "pt": 12, "at": 10, "bu": 10, "se": 10,
    "dk": 7, "ie": 7, "lt": 7, "sk": 7, "fi": 7, "cr": 7, "cy": 4, "ee": 4, "lv": 4,
    "lu": 4, "si": 4, "mt": 3,
}
COUNCIL_VOTES["com"] = COUNCIL_VOTES["ep"] = max(COUNCIL_VOTES.values())


def capabilities(data: DEUData | None, scheme: str) -> np.ndarray:
    """Capability of each actor, shape ``(30,)`` in :data:`~realpolitik.backtest.deu.ACTORS` order.

    Examples
    --------
    >>> capabilities(None, "votes")[:3].tolist()
    [29.0, 29.0, 10.0]
    """
    if scheme == "equal":
        return np.ones(len(ACTORS))
    if scheme == "votes":
        return np.array([float(COUNCIL_VOTES[a]) for a in ACTORS])
    if scheme == "gdp":
        if data is None:
            from .deu import GDP_FALLBACK
            return np.array(GDP_FALLBACK, dtype=float)
        return np.asarray(data.gdp, dtype=float)
    raise InputError(f"capability scheme must be one of {', '.join(SCHEMES)}; got {scheme!r}")
