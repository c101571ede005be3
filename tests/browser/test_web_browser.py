"""The web UI in a real browser: Debian's Chromium, driven by Playwright, against the real app."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import shot, sign_in

pytestmark = pytest.mark.browser


def test_sign_in_search_and_open_a_hit(live, page):
    base, data = live
    page.goto(f"{base}/search?q=neglect")
    assert "/sign-in" in page.url  # signed-out visitors are sent to sign in first
    shot(page, "01-sign-in")
    page.get_by_label("Access token").fill(data.secrets["bbscp-scrutineer"])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/search\?q=neglect"))
    hits = page.locator("li.hit")
    assert hits.count() >= 2
    assert page.locator("li.hit mark").count() >= 1  # highlighted snippets
    assert page.locator(".facets").get_by_text("Theme").count() == 1
    shot(page, "02-search")
    first = hits.first.locator("a.hit-link")
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title
    assert page.locator(".passage.target").count() == 1


def test_review_trace_quote_to_document(live, page):
    base, data = live
    sign_in(page, base, data.secrets["bbscp-practitioner"])
    page.get_by_role("link", name="Reviews", exact=True).click()
    page.get_by_role("link", name="Child A", exact=True).click()
    assert page.locator("h1").inner_text().startswith("Child A")
    toolkit = page.locator("#actions tbody tr", has_text="Neglect toolkit")
    assert toolkit.locator(".status-done").count() == 1  # the status shows as a coloured word
    assert page.locator("#actions tbody tr", has_text="Professional curiosity training").locator(
        ".status-overdue").count() == 1
    assert page.locator("#actions").get_by_role("link", name="Neglect toolkit", exact=True).count() == 1
    shot(page, "03-review")
    finding = page.locator("#findings li.fact").first
    finding.locator("a.source-link").first.click()
    page.wait_for_load_state()
    assert "/documents/bbscp/child-a-review" in page.url
    mark = page.locator(".passage.target mark")
    assert mark.count() == 1
    assert "neglect was not recognised" in mark.inner_text().lower()
    shot(page, "04-document")


def test_update_action_shows_in_history(live, page):
    base, data = live
    sign_in(page, base, data.secrets["bbscp-scrutineer"], "/dashboard")
    assert page.locator("h1").inner_text().startswith("Follow-through")
    shot(page, "05-dashboard")
    page.get_by_role("link", name="Multi-agency neglect audit").first.click()
    page.get_by_label("Status").select_option("done")
    page.get_by_label("Evidence note").fill("Audit report presented to the board in May")
    page.get_by_role("button", name="Save update").click()
    page.wait_for_load_state()
    history = page.locator("table.history")
    assert "Audit report presented to the board in May" in history.inner_text()
    assert "in progress → done" in history.inner_text()
    assert page.locator("dd .status-done").count() == 1
    shot(page, "06-action-history")


def test_structure_diagram_and_svg_export(live, page):
    base, data = live
    sign_in(page, base, data.secrets["coordinator"], "/structure")
    svg = page.locator("#structure-svg")
    assert svg.count() == 1
    assert page.locator("#structure-svg .node").count() >= 5
    shot(page, "07-structure")
    before = svg.get_attribute("viewBox")
    page.get_by_role("button", name="Zoom in").click()
    assert svg.get_attribute("viewBox") != before
    page.get_by_role("button", name="Fit").click()
    page.evaluate("window.scrollTo(0, document.getElementById('diagram-frame').offsetTop - 10)")
    box = page.locator("#diagram-frame").bounding_box()
    fitted = [float(v) for v in svg.get_attribute("viewBox").split()]
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] - 20)  # empty space: a drag, not a click
    page.mouse.down()
    page.mouse.move(box["x"] + 120, box["y"] + box["height"] - 60, steps=5)
    page.mouse.up()
    dragged = [float(v) for v in svg.get_attribute("viewBox").split()]
    assert dragged[0] < fitted[0] and dragged[1] > fitted[1] and dragged[2] == fitted[2]  # panned, same zoom
    page.mouse.wheel(0, -300)
    assert float(svg.get_attribute("viewBox").split()[2]) < dragged[2]  # the wheel zooms in
    page.get_by_role("button", name="Fit").click()
    assert [float(v) for v in svg.get_attribute("viewBox").split()] == fitted
    page.locator("a.node-link", has_text="Pan Bedfordshire Board").click()
    page.wait_for_load_state()
    assert page.locator("#details h2").inner_text() == "Pan Bedfordshire Board"
    assert "Child Exploitation Task and Finish Group" in page.locator("#details").inner_text()
    shot(page, "08-structure-details")
    with page.expect_download() as dl:
        page.locator("#download-svg").click()
    path = dl.value.path()
    text = open(path, encoding="utf-8").read()
    assert dl.value.suggested_filename.endswith(".svg")
    assert text.lstrip().startswith("<?xml") and "<svg" in text and "Pan Bedfordshire Board" in text
    with page.expect_download() as dl:
        page.locator("#download-png").click()
    png = open(dl.value.path(), "rb").read()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 2000


def test_practitioner_cannot_reach_another_tenants_pages(live, page):
    base, data = live
    sign_in(page, base, data.secrets["bbscp-practitioner"])
    for path in ("/reviews/review:cbscp:child-a", "/documents/cbscp/child-c-review",
                 "/actions/action:cbscp:neglect-toolkit", "/reviews/review:bbscp:child-r",
                 "/documents/bbscp/child-r-draft", "/structure?tenant=cbscp"):
        resp = page.goto(base + path)
        assert resp.status == 404, path
        assert "Child C" not in page.content() and "Child R" not in page.content()
    shot(page, "09-not-found")
    page.goto(f"{base}/search?q=neglect")
    assert "cbscp" not in page.locator(".results").inner_text()
    assert "Child R" not in page.content()


def test_quick_exit_button_and_escape(live, page):
    base, data = live
    sign_in(page, base, data.secrets["bbscp-practitioner"])
    page.goto(f"{base}/reviews")
    page.goto(f"{base}/dashboard")
    length = page.evaluate("history.length")
    page.get_by_role("link", name=re.compile("Quick exit")).click()
    page.wait_for_url("https://www.bbc.co.uk/weather")
    assert page.evaluate("history.length") == length  # replaced, not added
    page.go_back()
    page.wait_for_load_state()
    assert page.url.endswith("/reviews")  # the dashboard entry is gone from history
    page.goto(f"{base}/search")
    page.keyboard.press("Escape")
    page.wait_for_url("https://www.bbc.co.uk/weather")


def test_search_review_and_dashboard_work_without_javascript(live, browser):
    base, data = live
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    context.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<title>Weather</title>"))
    page = context.new_page()
    try:
        sign_in(page, base, data.secrets["bbscp-scrutineer"], "/search?q=toolkit")
        assert page.locator("li.hit").count() >= 1
        assert page.locator("#download-png").count() == 0 or not page.locator("#download-png").is_visible()
        page.locator(".facets a").first.click()  # a facet narrows the query, server-side
        page.wait_for_load_state()
        assert ":" in page.get_by_label("Search the documents you can read").input_value()
        page.goto(f"{base}/reviews/review:bbscp:child-b")
        page.locator("#findings a.source-link").first.click()
        page.wait_for_load_state()
        assert page.locator(".passage.target mark").count() == 1
        page.goto(f"{base}/dashboard?review=review:bbscp:child-b")
        row = page.locator("table.data tbody tr", has_text="Audit of neglect referrals")
        row.locator("summary").click()  # <details> opens without scripts
        row.get_by_label("Evidence note").fill("Referral audit report, no-JS update")
        row.get_by_role("button", name="Save update").click()
        page.wait_for_load_state()
        assert "/dashboard?review=review:bbscp:child-b" in page.url
        assert "Saved" in page.locator(".flash").inner_text()
        page.goto(f"{base}/actions/action:bbscp:referral-audit")
        assert "Referral audit report, no-JS update" in page.locator("table.history").inner_text()
        shot(page, "10-no-javascript-action")
        page.get_by_role("link", name=re.compile("Quick exit")).click()
        page.wait_for_url("https://www.bbc.co.uk/weather")
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/search?q=neglect", "/reviews/review:bbscp:child-a", "/dashboard", "/structure",
                                  "/documents/bbscp/child-a-review"])
def test_pages_fit_a_phone_screen(live, browser, path):
    base, data = live
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        sign_in(page, base, data.secrets["bbscp-scrutineer"], path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        assert page.locator("#quick-exit").is_visible()
        shot(page, "phone-" + path.strip("/").split("/")[0].split("?")[0], full_page=False)
    finally:
        context.close()
