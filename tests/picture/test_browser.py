"""The dashboard as a person uses it, in headless Chromium (Debian's /usr/bin/chromium through
Playwright; no browser download): the network, a dyad's timeline and alerts, the map, the evidence of
an event, paging the table, the article brief, logging in with a token.

Screenshots go to $POWDERKEG_SCREENSHOTS (docs/screens when made for the docs), else a temp dir."""
import os
import shutil
from pathlib import Path

import pytest

from .conftest import serve

CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "", shutil.which("chromium-browser") or "")
                 if p and os.path.exists(p)), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium found (apt-get install chromium); .ci/run installs it")


@pytest.fixture(scope="module")
def site(shared_db):
    with serve(shared_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1200, "height": 760})
    pg = ctx.new_page()
    outside = []
    pg.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "about:")) else None)
    yield pg
    ctx.close()
    assert not outside, f"requests left the machine: {outside}"


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    d = Path(os.environ.get("POWDERKEG_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    d.mkdir(parents=True, exist_ok=True)
    return d


def _ready(pg):
    pg.wait_for_selector("body[data-ready='1']", timeout=20000)


def test_network_then_a_dyad(page, site, shots):
    page.goto(site + "/")
    _ready(page)
    assert page.locator("#net .node").count() >= 10
    page.screenshot(path=str(shots / "network.png"))
    assert page.locator("#net path.edge[data-a='USA'][data-b='IRN']").count() == 1
    page.locator("#net .node[data-id='IRN']").click()
    page.wait_for_selector("#nside h2")
    assert "IRN" in page.inner_text("#nside h2")
    page.locator("#nside a[href='/dyads?a=IRN&b=USA']").click()  # a counterpart opens the dyad
    page.wait_for_selector("#dyad-title")
    assert "IRN" in page.inner_text("#dyad-title") and "USA" in page.inner_text("#dyad-title")


def test_dyad_timeline_and_alerts(page, site, shots):
    page.goto(site + "/dyads")
    _ready(page)
    page.locator("#alerts .alert[data-a='IRN'][data-b='USA']").first.click()
    page.wait_for_selector("#tl rect.bar")
    assert page.locator("#tl .alert-mark").count() >= 1
    assert "2019-12-30" in page.inner_text("#dalerts")
    page.locator("#dalerts .alert").first.click()
    page.wait_for_selector("#dincidents tr[data-inc]")
    assert "Soleimani" in page.inner_text("#dincidents")
    page.screenshot(path=str(shots / "dyads.png"))
    page.locator("#dincidents tr[data-inc]").first.click()
    page.wait_for_selector("#evidence .badge")
    assert "articles" in page.inner_text("#evidence")


def test_map_event_and_its_evidence(page, site, shots):
    page.goto(site + "/map")
    _ready(page)
    assert page.locator("#map path.country").count() > 150
    page.select_option("#mkind", "events")
    page.wait_for_function("document.querySelector('#mcount').textContent.includes('events')")
    dot = page.locator("#map circle.pt").first
    dot.click(force=True)
    page.wait_for_selector("#evidence-sentence mark")
    assert page.inner_text("#evidence-sentence")
    page.screenshot(path=str(shots / "map.png"))


def test_table_paging_evidence_and_article(page, site, shots):
    page.goto(site + "/table")
    _ready(page)
    first = page.inner_text("#tbl tbody tr:first-child")
    assert "page 1 of" in page.inner_text("#pinfo")
    page.click("#next")
    page.wait_for_function("document.querySelector('#pinfo').textContent.startsWith('page 2')")
    assert page.inner_text("#tbl tbody tr:first-child") != first
    page.fill("#tq", "Soleimani")
    page.click("#tgo")
    page.wait_for_function("document.querySelector('#pinfo').textContent.includes('page 1 of')")
    page.locator("#tbl tbody tr").first.click()
    page.wait_for_selector("#evidence-sentence mark")
    assert "Soleimani" in page.inner_text("#evidence-sentence")
    page.screenshot(path=str(shots / "table.png"))
    page.locator("#evidence a[href^='/article/']").first.click()
    page.wait_for_selector("#graph svg")
    target = page.evaluate("location.hash")
    assert target and page.locator(target).count() == 1  # the article opens on the evidence
    page.screenshot(path=str(shots / "article.png"))


def test_stances_page(page, site, shots):
    page.goto(site + "/stances")
    _ready(page)
    assert "ceasefire" in page.inner_text("#smat thead")
    page.locator("#smat td[data-ids]").first.click()
    page.wait_for_selector("#evidence-sentence")
    page.screenshot(path=str(shots / "stances.png"))


def test_login_with_token(browser, shared_db, shots):
    with serve(shared_db, token="letmein") as url:
        ctx = browser.new_context(viewport={"width": 900, "height": 560})
        pg = ctx.new_page()
        pg.goto(url + "/table")
        assert "/login" in pg.url
        pg.screenshot(path=str(shots / "login.png"))
        pg.fill("#token", "wrong")
        pg.click("button[type=submit]")
        # the form posts and redirects: read the page it lands on, not the one being replaced
        # (content() was '' mid-navigation in one CI run)
        pg.wait_for_url(lambda u: "/login?error=1" in u)
        pg.wait_for_load_state()
        assert "Wrong token" in pg.content()
        pg.fill("#token", "letmein")
        pg.click("button[type=submit]")
        pg.wait_for_selector("body[data-ready='1']")
        assert pg.url.endswith("/table") and pg.locator("#tbl tbody tr").count() > 0
        ctx.close()
