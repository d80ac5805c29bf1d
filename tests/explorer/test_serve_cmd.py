"""``realpolitik serve``: arguments, the loopback default, the 0.0.0.0 warning, the missing-extra error."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from realpolitik.cli.app import app

runner = CliRunner()


@pytest.fixture
def captured(monkeypatch):
    """uvicorn.run replaced by a recorder (nothing binds a port)."""
    pytest.importorskip("uvicorn")
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    return calls


def test_version_does_not_import_the_web_stack():
    probe = ("import sys; sys.argv=['realpolitik','--version']\nfrom realpolitik.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "import json; print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
             "('fastapi','uvicorn','starlette','jinja2','realpolitik') and (m.split('.')[0] != 'realpolitik' "
             "or m.startswith('realpolitik.explorer')))))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_serve_binds_loopback_by_default(captured, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["serve", "belarus-2022", "--port", "8123"])
    assert r.exit_code == 0, r.output
    (_app, kw), = captured
    assert kw["host"] == "127.0.0.1" and kw["port"] == 8123
    assert "http://127.0.0.1:8123/s/belarus-2022" in r.output
    assert "warning" not in r.output


def test_serve_everywhere_warns(captured, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["serve", str(tmp_path), "--host", "0.0.0.0"])
    assert r.exit_code == 0, r.output
    said = " ".join(r.output.split())  # rich wraps at the terminal's width, which varies by runner
    assert "warning" in said and "there is no login" in said
    assert captured[0][1]["host"] == "0.0.0.0"


def test_serve_a_file_serves_its_folder(captured, tmp_path, minimal_text):
    (tmp_path / "mini.yaml").write_text(minimal_text, encoding="utf-8")
    r = runner.invoke(app, ["serve", str(tmp_path / "mini.yaml")])
    assert r.exit_code == 0, r.output
    assert "/s/mini.yaml" in r.output and str(tmp_path) in r.output.replace("\n", "")


def test_serve_unknown_target_exits_2(captured):
    r = runner.invoke(app, ["serve", "no-such-scenario"])
    assert r.exit_code == 2 and "no such file, folder or catalogue scenario" in r.output
    assert captured == []


def test_missing_extra_is_named(monkeypatch):
    import realpolitik.explorer as explorer

    monkeypatch.setattr(explorer, "missing_dependencies", lambda: ["fastapi", "multipart"])
    r = runner.invoke(app, ["serve", "belarus-2022"])
    assert r.exit_code == 2
    assert "realpolitik[explorer]" in r.output and "python-multipart" in r.output


def test_serve_workers_share_settings_and_csrf(captured, tmp_path, monkeypatch, minimal_text):
    """Several workers: uvicorn gets the factory's import string; each worker's app has the same token."""
    from realpolitik.explorer.app import CONFIG_ENV, app_from_env

    (tmp_path / "mini.yaml").write_text(minimal_text, encoding="utf-8")
    monkeypatch.delenv(CONFIG_ENV, raising=False)
    r = runner.invoke(app, ["serve", str(tmp_path / "mini.yaml"), "--workers", "2", "-n", "32"])
    assert r.exit_code == 0, r.output
    (target, kw), = captured
    assert target == "realpolitik.explorer.app:app_from_env" and kw["factory"] and kw["workers"] == 2
    import os

    settings = json.loads(os.environ[CONFIG_ENV])
    assert settings["n"] == 32 and settings["start"] == "mini.yaml" and len(settings["csrf_token"]) > 20
    from fastapi.testclient import TestClient

    pages = [TestClient(app_from_env()).get("/s/mini.yaml", headers={"Host": "127.0.0.1:8000"}).text
             for _ in range(2)]
    assert all(settings["csrf_token"] in p for p in pages)


def test_serve_one_worker_passes_the_app(captured, tmp_path, minimal_text):
    (tmp_path / "mini.yaml").write_text(minimal_text, encoding="utf-8")
    r = runner.invoke(app, ["serve", str(tmp_path / "mini.yaml"), "--workers", "1", "-n", "32"])
    assert r.exit_code == 0, r.output
    (target, kw), = captured
    assert not isinstance(target, str) and "workers" not in kw
