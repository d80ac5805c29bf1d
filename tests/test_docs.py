"""Every CLI command is documented; the docs' runnable examples run."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import realpolitik
from realpolitik.cli.app import app

REPO = Path(__file__).resolve().parents[1]


def command_names() -> list[str]:
    root = typer.main.get_command(app)
    names = []

    def walk(cmd, prefix: str) -> None:
        subs = getattr(cmd, "commands", None)  # typer vendors its own click: duck-type groups
        if subs:
            for name, sub in subs.items():
                walk(sub, f"{prefix} {name}".strip())
        else:
            names.append(prefix)

    walk(root, "")
    return names


def test_every_command_is_documented():
    docs = "\n".join(p.read_text(encoding="utf-8") for p in [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))])
    missing = [c for c in command_names() if f"realpolitik {c}" not in docs]
    assert not missing, f"commands missing from README.md/docs: {missing}"


def test_every_command_has_help():
    for name in command_names():
        result = CliRunner().invoke(app, [*name.split(), "--help"])
        assert result.exit_code == 0, name


def _modules():
    for info in pkgutil.walk_packages(realpolitik.__path__, "realpolitik."):
        yield info.name


@pytest.mark.parametrize("name", sorted(_modules()))
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    if name.startswith("realpolitik.backtest."):  # their examples read the DEU III copy in ../shared
        from realpolitik.backtest.deu import DEFAULT_PATH

        if not DEFAULT_PATH.is_file():
            pytest.skip(f"shared data: {DEFAULT_PATH} not found")
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(module, name):
        runner.run(test)
    assert runner.failures == 0, f"doctest failures in {name}"


@pytest.mark.parametrize("page", sorted(p.name for p in (REPO / "docs").rglob("*.md")))
def test_markdown_examples_run(page):
    """``>>>`` examples in the docs are executed as written."""
    path = next((REPO / "docs").rglob(page))
    failures, _ = doctest.testfile(str(path), module_relative=False, encoding="utf-8",
                                   optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert failures == 0, f"examples in docs/{page} fail"
