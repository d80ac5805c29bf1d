"""The shell steps of docs/tutorial.md run as written (the >>> steps run in tests/test_docs.py)."""

from __future__ import annotations

import re
import shlex
from html.parser import HTMLParser
from pathlib import Path

from typer.testing import CliRunner

from realpolitik.cli.app import app

TUTORIAL = Path(__file__).resolve().parents[2] / "docs" / "tutorial.md"


def shell_steps() -> list[list[str]]:
    text = TUTORIAL.read_text(encoding="utf-8")
    steps = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        for line in block.splitlines():
            if line.strip():
                steps.append(shlex.split(line))
    return steps


def test_tutorial_shell_steps_run_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    steps = shell_steps()
    assert steps and all(s[0] == "realpolitik" for s in steps)
    runner = CliRunner()
    for argv in steps:
        r = runner.invoke(app, argv[1:])
        assert r.exit_code == 0, f"{' '.join(argv)}: {r.output}"
        assert "Traceback" not in r.output
    HTMLParser().feed((tmp_path / "belarus-report.html").read_text(encoding="utf-8"))
    assert (tmp_path / "my-belarus.yaml").exists()
