"""The real app in a background thread (werkzeug) and Debian's Chromium driven by Playwright."""
from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.webdata import build

CHROMIUM = os.environ.get("LEARNLOOP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
NEUTRAL_PAGE = "<!doctype html><title>Weather</title><h1>Weather forecast</h1>"


@contextlib.contextmanager
def serve(data_dir: Path) -> Iterator[str]:
    """The real app for a data directory on 127.0.0.1 and a free port; yields its base URL."""
    from werkzeug.serving import make_server

    from api.app import create_app

    app = create_app({"RATE_LIMIT_PER_MINUTE": 0}, data_dir=data_dir)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        app.extensions["learnloop"].close()


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    """(base url, WebData) of the real app over the hand-made fixture graph."""
    data = build(tmp_path_factory.mktemp("web") / "data")
    with serve(data.data_dir) as base:
        yield base, data


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (make system-deps)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    # Nothing may leave the machine: the Quick exit target is answered locally.
    context.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body=NEUTRAL_PAGE))
    p = context.new_page()
    p.set_default_timeout(15000)
    yield p
    context.close()


def shot(page, name: str, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def sign_in(page, base: str, secret: str, next_path: str = "") -> None:
    page.goto(f"{base}/sign-in" + (f"?next={next_path}" if next_path else ""))
    page.get_by_label("Access token").fill(secret)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
