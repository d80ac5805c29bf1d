"""The forecast registry: questions, forecasts, resolutions and scores in a database.

An embedded SQLite file by default (:func:`default_db_path`), or any PostgreSQL by URL.
Forecasts and resolutions are append-only, enforced by database triggers; a question is
never edited in place (an edit is a new revision); scores are a cache rebuilt on demand.
See ``docs/registry.md``.
"""

from __future__ import annotations

from ._errors import RegistryError
from .db import default_db_path, resolve_url
from .service import Ops, Registry
from .specs import ForecastRecord, QuestionSpec, ResolutionRecord

__all__ = ["Registry", "Ops", "RegistryError", "QuestionSpec", "ForecastRecord", "ResolutionRecord",
           "default_db_path", "resolve_url"]
