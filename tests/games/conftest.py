"""Fixtures of the games tests: the curated Gambit files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GAMBIT = Path(os.environ.get("REALPOLITIK_SHARED", REPO.parent / "shared")) / "games" / "gambit"


def gambit_files(pattern: str = "*.[ne]fg") -> list[Path]:
    return sorted(GAMBIT.glob(pattern)) if GAMBIT.is_dir() else []


@pytest.fixture
def gambit() -> Path:
    if not GAMBIT.is_dir():
        pytest.skip(f"shared data: Gambit example files not found at {GAMBIT}")
    return GAMBIT
