"""The explorer in a real browser: Debian's chromium driven by Playwright, no request leaving the machine.

Opens belarus-2022, moves the p_rh slider across its range, sees the headline and the game's path change,
reopens the pushed URL in a new page, goes back, saves a copy and downloads the report. A loopback logging
proxy is chromium's only route off the machine: its log must stay empty. Screenshots go to the artefact
folder ($REALPOLITIK_TEST_ARTEFACTS, default /tmp/realpolitik-artefacts/explorer).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

pytest.importorskip("fastapi")
playwright_sync = pytest.importorskip("playwright.sync_api")

expect = playwright_sync.expect

from ._browser import CHROMIUM, FLAGS, LoggingProxy, ServerThread, artefact_dir  # noqa: E402

if not CHROMIUM:
    pytest.skip("chromium is not installed", allow_module_level=True)

REPO = Path(__file__).resolve().parents[2]


def _dom_id(key: str) -> str:
    return "f-" + key.encode("utf-8").hex()


def _move(page, selector: str, value: str) -> None:
    """Set a range slider and wait until the fragment it requests is swapped in and drawn."""
    before = int(page.evaluate("() => document.body.dataset.drawn || '0'"))
    with page.expect_response(lambda r: "/s/" in r.url and r.request.headers.get("hx-request") == "true"):
        page.locator(selector).fill(value)
    page.wait_for_function(f"() => parseInt(document.body.dataset.drawn || '0') > {before}")


def test_explorer_in_chromium(tmp_path):
    from realpolitik.explorer import create_app

    served = tmp_path / "served"
    served.mkdir()
    out = artefact_dir()
    slider = f'input[type=range][data-for="{_dom_id("p.p_rh")}"]'
    console_errors: list[str] = []
    off_machine: list[str] = []
    with LoggingProxy() as proxy, ServerThread(create_app(served, n=200)) as srv, \
            playwright_sync.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=FLAGS + [f"--proxy-server=http://127.0.0.1:{proxy.port}"])
        ctx = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 1400})
        page = ctx.new_page()
        page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r: off_machine.append(r.url) if not r.url.startswith(srv.url) else None)

        phases = {}
        page.goto(f"{srv.url}/s/belarus-2022")
        page.wait_for_function("() => parseInt(document.body.dataset.drawn || '0') > 0")
        assert page.locator(".chart canvas").count() >= 1  # uPlot drew the trajectories
        start = page.locator("#headline").inner_text()
        page.screenshot(path=str(out / "01-open.png"), full_page=False)

        phases['headlines, paths = {}, {}'] = len(proxy.log)
        headlines, paths = {}, {}
        for v in ("0", "0.5", "1"):
            _move(page, slider, v)
            headlines[v] = page.locator("#headline").inner_text()
            paths[v] = page.locator("#game-path").inner_text()
        page.screenshot(path=str(out / "02-p_rh-1.png"), full_page=True)
        assert headlines["0"] != headlines["1"], headlines
        assert paths["0"] != paths["1"], paths
        assert "p.p_rh=1" in page.url  # the state is in the pushed URL
        assert page.locator(f"#{_dom_id('p.p_rh')}").input_value() == "1"

        phases['# the pushed URL in a new page'] = len(proxy.log)
        # the pushed URL in a new page gives the same state
        page2 = ctx.new_page()
        page2.goto(page.url)
        assert page2.locator("#headline").inner_text() == headlines["1"]
        assert page2.locator(f"#{_dom_id('p.p_rh')}").input_value() == "1"
        page2.close()

        phases['# back restores the previous s'] = len(proxy.log)
        # back restores the previous state
        page.go_back()
        page.wait_for_url("**p.p_rh=0.5**")
        expect(page.locator("#headline")).to_have_text(headlines["0.5"], timeout=30_000)
        page.go_forward()
        page.wait_for_url("**p.p_rh=1**")
        expect(page.locator("#headline")).to_have_text(headlines["1"], timeout=30_000)

        phases['# an out-of-range value typed '] = len(proxy.log)
        # an out-of-range value typed in a box: the field error, in validate's words
        box = page.locator(f"#{_dom_id('involvement.belarus.position')}")
        with page.expect_response(lambda r: "/s/" in r.url and r.request.headers.get("hx-request") == "true"):
            box.fill("150")
        err = page.locator(f"#{_dom_id('involvement.belarus.position')}-err")
        err.wait_for(state="visible")
        assert "outside the scale" in err.inner_text()
        page.screenshot(path=str(out / "03-field-error.png"), full_page=False)
        with page.expect_response(lambda r: "/s/" in r.url and r.request.headers.get("hx-request") == "true"):
            box.fill("")
        page.wait_for_function(f"() => document.getElementById('{_dom_id('involvement.belarus.position')}-err')"
                               ".textContent.trim() === ''")

        phases['# save a copy'] = len(proxy.log)
        # save a copy
        page.locator("#save-name").fill("belarus-copy")
        page.locator("#save-button").click()
        page.locator("#save-result .msg").wait_for()
        assert "Saved as belarus-copy.yaml" in page.locator("#save-result").inner_text()
        saved = (served / "belarus-copy.yaml").read_text(encoding="utf-8")
        from realpolitik import catalog

        first = catalog.text("belarus-2022").splitlines()[0]
        assert saved.splitlines()[0] == first  # the original's layout and comments are kept
        assert "id: belarus-copy" in saved

        phases['# download the report of the c'] = len(proxy.log)
        # download the report of the current state
        with page.expect_download(timeout=180_000) as dl:
            page.locator("#report-html").click()
        text = Path(dl.value.path()).read_text(encoding="utf-8")
        assert "<html" in text[:2000].lower()
        page.wait_for_timeout(300)
        page.screenshot(path=str(out / "04-final.png"), full_page=True)
        if os.environ.get("REALPOLITIK_UPDATE_SCREENSHOT"):
            page.goto(f"{srv.url}/s/belarus-2022?p.p_rh=0.8")
            page.locator("#why").wait_for(timeout=180_000)  # the details (full brief) are in
            page.locator("h2:has-text('Parameters')").scroll_into_view_if_needed()
            page.evaluate("() => window.scrollBy(0, -40)")
            page.screenshot(path=str(REPO / "docs" / "img" / "explorer.png"), full_page=False)
        phases['browser.close()'] = len(proxy.log)
        browser.close()
    assert start
    assert off_machine == []
    assert not [e for e in console_errors if "Content Security Policy" in e or "Refused" in e], console_errors
    assert proxy.log == [], (phases, proxy.log[:3])
