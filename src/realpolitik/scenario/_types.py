"""The strict value types of scenario files (shared by :mod:`.model` and :mod:`.distributions`).

- numbers: ints or floats only (``true`` or the string ``"0.1"`` is refused, not coerced),
  finite, and within ``±MAX_MAGNITUDE`` (1e15) so that no engine can overflow to inf/NaN
  from a valid file; ``-0.0`` is stored as ``0.0`` so a dump/load round trip keeps the digest;
- dates: ISO ``YYYY-MM-DD`` text (or a date), never a number (``as_of: 1665446400`` or
  ``published: 0`` would otherwise be read as seconds since 1970);
- exact integers (``schema_version``, ``salience_scale``): ints, never ``true`` or ``1.0``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

from ..bounds import MAX_MAGNITUDE

__all__ = ["Finite", "NonNegative", "Positive", "StrictDate", "exact_int"]


def _no_negative_zero(x: float) -> float:
    return x + 0.0  # -0.0 + 0.0 == 0.0; every other float is unchanged


def _date_text(v: Any) -> Any:
    if isinstance(v, (dt.date, str)):
        return v
    raise ValueError(f"expected a date as YYYY-MM-DD text, got {type(v).__name__} {v!r:.40}")


def exact_int(v: Any) -> Any:
    """A BeforeValidator: only a real int passes (``True`` and ``1.0`` are refused)."""
    if isinstance(v, bool) or not isinstance(v, int):
        raise ValueError(f"expected an integer, got {type(v).__name__} {v!r:.40}")
    return v


_BOUND = dict(strict=True, allow_inf_nan=False, ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE)
Finite = Annotated[float, Field(**_BOUND), AfterValidator(_no_negative_zero)]  # type: ignore[call-overload]
NonNegative = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0, le=MAX_MAGNITUDE),
                        AfterValidator(_no_negative_zero)]
Positive = Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0, le=MAX_MAGNITUDE)]
StrictDate = Annotated[dt.date, BeforeValidator(_date_text)]
