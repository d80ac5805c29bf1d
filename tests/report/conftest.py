"""Reports of every catalogue scenario, built once per test session (small samples keep it fast)."""

from __future__ import annotations

import datetime as dt

import pytest

import realpolitik
from realpolitik import catalog
from realpolitik.report import build_report, explain
from realpolitik.report.build import make_report_brief

FAST = dict(samples=64, sensitivity_n=8, rng=1)
STAMP = dt.datetime(2022, 10, 12, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="session")
def explanations():
    return {sid: explain(realpolitik.load_any(sid), **FAST) for sid in catalog.ids()}


@pytest.fixture(scope="session")
def html_reports(explanations, briefs):
    return {sid: build_report(realpolitik.load_any(sid), fmt="html", explanation=ex, brief=briefs[sid],
                              generated=STAMP)
            for sid, ex in explanations.items()}


@pytest.fixture(scope="session")
def briefs():
    """The brief each report leads with, at the same small settings."""
    return {sid: make_report_brief(realpolitik.load_any(sid), **FAST) for sid in catalog.ids()}
