"""The web UI over the bundled demo corpus (as `make demo` serves it): every page in Chromium.

Checks what a person would meet: no failed requests or script errors, labelled
controls, keyboard use of the diagram, and screenshots of each page for the README
(test-artifacts/screenshots/demo-*.png).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from api.accounts import AccountStore
from learnloop.cli import main
from tests.browser.conftest import serve, shot, sign_in

pytestmark = pytest.mark.browser
DEMO = Path(__file__).resolve().parents[2] / "demo" / "corpus"

# Every form control has a label; every link and button has a name; one h1 per page.
A11Y_PROBLEMS = r"""() => {
  const out = [];
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    const named = (el.labels && el.labels.length) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
    if (!named) out.push('unlabelled ' + el.outerHTML.slice(0, 80));
  }
  for (const el of document.querySelectorAll('a[href], button')) {
    const name = (el.getAttribute('aria-label') || el.textContent || '').trim();
    if (!name) out.push('nameless ' + el.outerHTML.slice(0, 80));
  }
  if (document.querySelectorAll('h1').length !== 1) out.push('h1 count ' + document.querySelectorAll('h1').length);
  if (!document.documentElement.lang) out.push('no lang');
  // WCAG AA contrast for visible text: 4.5:1, or 3:1 for large text (24px, or 18.66px bold)
  const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
    .reduce((acc, v, i) => acc + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('svg') || !el.getClientRects().length) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const st = getComputedStyle(el);
    if (st.visibility === 'hidden' || parseFloat(st.opacity) < 1 || el.closest('.visually-hidden')) continue;
    const [l1, l2] = [lum(rgb(st.color).slice(0, 3)), lum(background(el))].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(st.fontSize), bold = parseInt(st.fontWeight, 10) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < need) out.push('contrast ' + ratio.toFixed(2) + ' ' + el.outerHTML.slice(0, 80));
  }
  return out;
}"""


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    if not (DEMO / "manifest.json").exists():
        pytest.skip("demo/corpus is not in this checkout")
    data = tmp_path_factory.mktemp("demo-web")
    assert main(["--data", str(data), "ingest", str(DEMO)]) == 0
    accounts = AccountStore(data / "accounts.sqlite")
    secrets = {role: accounts.create_token(tenant, role, name=f"{role} ({tenant})")[1]
               for role, tenant in (("coordinator", "pan-beds"), ("scrutineer", "bbscp"))}
    accounts.close()
    with serve(data) as base:
        yield base, secrets


def visit(page, url: str, problems: list[str]) -> None:
    resp = page.goto(url)
    assert resp is not None and resp.status == 200, url
    problems += [f"{url}: {p}" for p in page.evaluate(A11Y_PROBLEMS)]


def test_every_page_over_the_demo_corpus(demo_site, page):
    base, secrets = demo_site
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("requestfailed", lambda r: errors.append(f"failed {r.url}"))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    problems: list[str] = []
    sign_in(page, base, secrets["scrutineer"])
    problems += page.evaluate(A11Y_PROBLEMS)
    # the checks can fail: a pale paragraph is caught
    page.evaluate("() => { const p = document.createElement('p'); p.id = 'pale'; p.textContent = 'pale';"
                  " p.style.color = '#bbbbbb'; document.querySelector('main').append(p); }")
    assert any("contrast" in p for p in page.evaluate(A11Y_PROBLEMS))

    visit(page, f"{base}/search?q=neglect", problems)
    assert page.locator("li.hit").count() == 10 and page.locator("a[rel=next]").count() == 1
    shot(page, "demo-search", full_page=False)
    page.locator("a[rel=next]").click()
    page.wait_for_load_state()
    assert page.locator("ol.hits").get_attribute("start") == "11"

    visit(page, f"{base}/reviews", problems)
    shot(page, "demo-reviews", full_page=False)
    page.get_by_role("link", name=re.compile("Child M")).first.click()
    page.wait_for_load_state()
    assert page.locator("#actions tbody tr").count() >= 5
    shot(page, "demo-review", full_page=False)
    page.locator("#findings a.source-link").first.click()
    page.wait_for_load_state()
    assert page.locator(".passage.target mark").count() == 1
    shot(page, "demo-document", full_page=False)

    visit(page, f"{base}/dashboard", problems)
    assert int(page.locator(".card-alert .big").first.inner_text()) > 0  # the demo has overdue actions
    shot(page, "demo-dashboard", full_page=False)
    page.locator("#overdue a").first.click()
    page.wait_for_load_state()
    page.get_by_label("Status").select_option("done")
    page.get_by_label("Evidence note").fill("Completion report to the partnership board")
    page.get_by_role("button", name="Save update").click()
    page.wait_for_load_state()
    assert "Completion report to the partnership board" in page.locator("table.history").inner_text()
    problems += page.evaluate(A11Y_PROBLEMS)
    shot(page, "demo-action", full_page=False)

    sign_in(page, base, secrets["coordinator"], "/structure")
    problems += page.evaluate(A11Y_PROBLEMS)
    assert page.locator("#structure-svg a.node-link").count() >= 10
    shot(page, "demo-structure", full_page=False)
    assert not problems, problems
    assert not errors, errors


def test_the_diagram_works_from_the_keyboard(demo_site, page):
    base, secrets = demo_site
    sign_in(page, base, secrets["coordinator"], "/structure")
    page.keyboard.press("Tab")  # the first stop is the skip link, and it shows when focused
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").bounding_box()["x"] >= 0
    frame = page.locator("#diagram-frame")
    frame.focus()
    before = page.locator("#structure-svg").get_attribute("viewBox")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("+")
    assert page.locator("#structure-svg").get_attribute("viewBox") != before
    page.keyboard.press("Tab")  # into the first group of the diagram
    focused = page.evaluate("document.activeElement.getAttribute('class')")
    assert focused == "node-link"
    name = page.evaluate("document.activeElement.getAttribute('aria-label')").split(" (")[0]
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("#details h2").inner_text() == name
    shot(page, "demo-structure-details", full_page=False)
