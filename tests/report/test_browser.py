"""The HTML report in headless Debian chromium: sections present, images decode, nothing fetched.

Chromium is a system package (CI installs it with apt in ``.ci/run``); the
test is skipped with a clear reason where it is missing. Network use is read
from chromium's own net log: a request started by the page (any initiator
but the browser itself) to an http(s)/ws URL fails the test, and so does any
request for a URL that appears in the report. A control page with a remote
image (to a closed local port, so nothing leaves the machine) proves the
detector sees page requests.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from realpolitik import catalog
from realpolitik.report import SECTION_IDS

pytestmark = pytest.mark.browser

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
         "--hide-scrollbars", "--mute-audio"]
PROBE = ('<script>window.addEventListener("load",function(){var i=document.images,ok=0;'
         'for(var k=0;k<i.length;k++){if(i[k].complete&&i[k].naturalWidth>0)ok++;}'
         'document.body.setAttribute("data-images",ok+"/"+i.length);});</script></body>')
REMOTE = re.compile(r"^(https?|wss?|ftp)://", re.I)


@pytest.fixture(scope="module")
def chromium():
    for name in ("chromium", "chromium-browser", "/usr/bin/chromium"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("headless chromium not found (Debian: apt-get install chromium; .ci/run installs it)")


def run_chromium(chromium: str, tmp: Path, url: str, *extra: str) -> subprocess.CompletedProcess:
    profile = tmp / f"profile-{len(list(tmp.iterdir()))}"
    cmd = [chromium, *FLAGS, f"--user-data-dir={profile}", *extra, url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=tmp)


def page_requests(netlog: Path) -> list[tuple[str, str]]:
    """(url, initiator) of every URL request the log records."""
    data = json.loads(netlog.read_text(encoding="utf-8", errors="replace"))
    types = {v: k for k, v in data["constants"]["logEventTypes"].items()}
    out = []
    for ev in data.get("events", []):
        p = ev.get("params") or {}
        if types.get(ev["type"]) == "URL_REQUEST_START_JOB" and "url" in p:
            out.append((p["url"], p.get("initiator", "")))
    return out


def probe_copy(page: str) -> str:
    # the probe script needs script-src; img-src stays data: only
    page = page.replace("style-src 'unsafe-inline'", "style-src 'unsafe-inline'; script-src 'unsafe-inline'")
    return page.replace("</body>", PROBE)


def dump(chromium: str, tmp: Path, html: str, name: str) -> tuple[str, list[tuple[str, str]]]:
    f = tmp / f"{name}.html"
    f.write_text(html, encoding="utf-8")
    log = tmp / f"{name}.netlog.json"
    r = run_chromium(chromium, tmp, f.as_uri(), "--dump-dom", "--virtual-time-budget=5000", f"--log-net-log={log}")
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout, page_requests(log)


def test_detector_sees_a_page_request(chromium, tmp_path):
    html = ('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
            '<img src="http://127.0.0.1:9/remote.png"></body></html>')
    dom, reqs = dump(chromium, tmp_path, probe_copy(html), "control")
    assert 'data-images="0/1"' in dom
    assert any(u.startswith("http://127.0.0.1:9/") and i != "not an origin" for u, i in reqs), reqs


@pytest.mark.parametrize("sid", catalog.ids())
def test_report_renders_offline(chromium, tmp_path, sid, html_reports):
    page = html_reports[sid]
    n_img = page.count("<img ")
    dom, reqs = dump(chromium, tmp_path, probe_copy(page), sid)
    for section in SECTION_IDS:
        assert f'id="{section}"' in dom, section
    assert f'data-images="{n_img}/{n_img}"' in dom, "broken images"
    by_page = [(u, i) for u, i in reqs if REMOTE.match(u) and i != "not an origin"]
    assert not by_page, f"the page requested {by_page}"
    linked = set(re.findall(r'href="(https?://[^"]+)"', page))
    assert not [u for u, _ in reqs if u in linked], "a source link was fetched"

    # screenshot of the unmodified page: decoded, and not blank
    from matplotlib import image

    f = tmp_path / f"{sid}-real.html"
    f.write_text(page, encoding="utf-8")
    shot = tmp_path / f"{sid}.png"
    r = run_chromium(chromium, tmp_path, f.as_uri(), f"--screenshot={shot}", "--window-size=1200,2400",
                     "--virtual-time-budget=5000")
    assert r.returncode == 0 and shot.exists(), r.stderr[-2000:]
    px = image.imread(str(shot))
    assert px.shape[0] >= 1000 and px.shape[1] >= 1000
    rgb = px[..., :3].reshape(-1, 3)
    assert np.ptp(rgb, axis=0).max() > 0.5, "blank screenshot"
    ink = (rgb.mean(axis=1) < 0.6).mean()
    assert 0.005 < ink < 0.6, f"implausible share of dark pixels: {ink:.3f}"
