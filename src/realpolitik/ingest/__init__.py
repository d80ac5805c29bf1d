"""Article ingestion: from an analysis article to a draft scenario with its evidence.

Needs the optional extra: ``pip install 'realpolitik[ingest]'``. Nothing is
downloaded at run time and no URL in an article is ever fetched.
"""

from __future__ import annotations

from typing import Any

__all__ = ["read_article", "IngestResult", "draft_scenario", "SUPPORTED_LANGUAGES", "MAX_ARTICLE_BYTES",
           "MissingExtraError"]

SUPPORTED_LANGUAGES = ("en", "ru", "tr", "uk", "pl")
from ._extra import MissingExtraError  # noqa: E402
from .reader import MAX_ARTICLE_BYTES  # noqa: E402
from .result import IngestResult  # noqa: E402


def read_article(*args: Any, **kwargs: Any) -> IngestResult:
    from .pipeline import read_article as _read

    return _read(*args, **kwargs)


read_article.__doc__ = None


def draft_scenario(result: IngestResult, **kwargs: Any) -> str:
    """The draft scenario YAML (with evidence comments) for an ingestion result."""
    from .draft import draft_yaml

    return draft_yaml(result, **kwargs)
