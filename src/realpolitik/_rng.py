"""The one randomness convention of realpolitik.

Every function that draws random numbers takes ``rng`` (keyword), which may be
``None`` (fresh OS entropy), an ``int`` seed, a :class:`numpy.random.SeedSequence`
or a :class:`numpy.random.Generator`. Parallel work never shares a generator:
it spawns one ``SeedSequence`` child per chunk (:func:`spawn`), so results do
not depend on how work is split across processes or machines.
"""

from __future__ import annotations

import numbers

import numpy as np

from .errors import InputError

RNGLike = None | int | np.random.SeedSequence | np.random.Generator

__all__ = ["RNGLike", "as_generator", "as_seed_sequence", "seed_of", "spawn"]


def as_seed_sequence(rng: RNGLike) -> np.random.SeedSequence:
    """Normalise ``rng`` to a SeedSequence (a Generator's own sequence is reused)."""
    if rng is None:
        return np.random.SeedSequence()
    if isinstance(rng, np.random.SeedSequence):
        return rng
    if isinstance(rng, np.random.Generator):
        seq = rng.bit_generator.seed_seq
        if isinstance(seq, np.random.SeedSequence):
            return seq
        raise InputError("this Generator has no SeedSequence; pass an int seed instead")
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool):
        if rng < 0:
            raise InputError(f"seed must be >= 0, got {rng}", expected="a non-negative integer")
        return np.random.SeedSequence(int(rng))
    raise InputError(f"rng must be None, an int, a SeedSequence or a Generator, got {type(rng).__name__}")


def as_generator(rng: RNGLike) -> np.random.Generator:
    """Return a PCG64 Generator for ``rng`` (a Generator passes through)."""
    if isinstance(rng, np.random.Generator):
        return rng
    return np.random.Generator(np.random.PCG64(as_seed_sequence(rng)))


def seed_of(rng: RNGLike) -> int | None:
    """The integer entropy to record in provenance (None if not reproducible)."""
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool):
        return int(rng)
    try:
        ent = as_seed_sequence(rng).entropy
    except InputError:
        return None
    return int(ent) if isinstance(ent, numbers.Integral) else None


def spawn(rng: RNGLike, n: int) -> list[np.random.SeedSequence]:
    """``n`` independent child SeedSequences, identical for identical ``rng``."""
    return as_seed_sequence(rng).spawn(n)
