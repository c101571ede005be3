"""Web pages through Flask's test client on the real app: sign-in, CSRF, scopes, pages without JavaScript."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from io import BytesIO

import networkx as nx
import pytest

from api.accounts import AccountStore
from api.app import create_app
from tests.browser.webdata import build

TOOLKIT = "action:bbscp:neglect-toolkit"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data = build(tmp_path_factory.mktemp("webpages") / "data")
    app = create_app({"TESTING": True, "RATE_LIMIT_PER_MINUTE": 0}, data_dir=data.data_dir)
    yield app, data
    app.extensions["learnloop"].close()


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF field in the form"
    return m.group(1)


def signed_in(app, secret: str):
    client = app.test_client()
    token = csrf_of(client.get("/sign-in").text)
    resp = client.post("/sign-in", data={"csrf_token": token, "token": secret})
    assert resp.status_code == 302, resp.text
    return client


def test_signed_out_visitors_are_sent_to_sign_in(site):
    app, _data = site
    resp = app.test_client().get("/dashboard?status=done")
    assert resp.status_code == 302
    assert resp.headers["Location"].startswith("/sign-in?next=/dashboard")
    assert app.test_client().post(f"/actions/{TOOLKIT}", data={"status": "done"}).status_code == 401
    assert app.test_client().head("/sign-in").status_code == 200
    assert app.test_client().head("/reviews").status_code == 302


def test_sign_in_form_needs_its_csrf_token(site):
    app, data = site
    client = app.test_client()
    client.get("/sign-in")
    resp = client.post("/sign-in", data={"token": data.secrets["bbscp-scrutineer"]})
    assert resp.status_code == 400 and "CSRF" in resp.text
    resp = client.post("/sign-in", data={"token": data.secrets["bbscp-scrutineer"], "csrf_token": "forged"})
    assert resp.status_code == 400
    assert client.get("/dashboard").status_code == 302  # still signed out


def test_a_wrong_token_is_refused_with_a_message(site):
    app, _data = site
    client = app.test_client()
    resp = client.post("/sign-in", data={"csrf_token": csrf_of(client.get("/sign-in").text), "token": "ll_nope"})
    assert resp.status_code == 401
    assert "not valid" in resp.text
    assert "ll_nope" not in resp.text


def test_session_keeps_the_token_id_not_the_secret(site):
    app, data = site
    client = signed_in(app, data.secrets["bbscp-practitioner"])
    with client.session_transaction() as sess:
        assert sess.get("token_id", "").startswith("tok_")
        assert data.secrets["bbscp-practitioner"] not in repr(dict(sess))


def test_after_sign_in_only_local_paths(site):
    app, data = site
    client = app.test_client()
    token = csrf_of(client.get("/sign-in").text)
    for evil in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        resp = client.post("/sign-in", data={"csrf_token": token, "token": data.secrets["bbscp-practitioner"],
                                             "next": evil})
        assert resp.headers["Location"] == "/search", evil
        token = csrf_of(client.get("/sign-in").text) if client.get("/sign-in").status_code == 200 else token


def test_action_update_needs_csrf_and_lands_in_history(site):
    app, data = site
    store = app.extensions["learnloop"].store
    client = signed_in(app, data.secrets["bbscp-scrutineer"])
    page = client.get(f"/actions/{TOOLKIT}")
    assert page.status_code == 200
    resp = client.post(f"/actions/{TOOLKIT}", data={"status": "in progress", "evidence_note": "x"})
    assert resp.status_code == 400 and "CSRF" in resp.text
    assert store.events(TOOLKIT) == []  # nothing saved
    resp = client.post(f"/actions/{TOOLKIT}", data={"csrf_token": csrf_of(page.text), "status": "in progress",
                                                    "evidence_note": "Re-opened after the audit"})
    assert resp.status_code == 303
    events = store.events(TOOLKIT)
    assert len(events) == 1 and events[0].after["status"] == "in progress"
    assert events[0].before["status"] == "done"
    history = client.get(f"/actions/{TOOLKIT}").text
    assert "Re-opened after the audit" in history and "done → in progress" in history
    audit = app.extensions["learnloop"].accounts.audit_log(5)
    assert any(a.action == "action.update" and a.target == TOOLKIT for a in audit)


def test_bad_update_is_explained_and_not_saved(site):
    app, data = site
    store = app.extensions["learnloop"].store
    target = "action:bbscp:curiosity-training"
    client = signed_in(app, data.secrets["bbscp-scrutineer"])
    token = csrf_of(client.get(f"/actions/{target}").text)
    resp = client.post(f"/actions/{target}", data={"csrf_token": token, "status": "finished"},
                       follow_redirects=True)
    assert "Not saved" in resp.text and "status must be one of" in resp.text
    resp = client.post(f"/actions/{target}", data={"csrf_token": token, "evidence_link": "javascript:alert(1)"},
                       follow_redirects=True)
    assert "Not saved" in resp.text
    assert store.events(target) == []


def test_only_the_tenants_scrutineer_may_update(site):
    app, data = site
    store = app.extensions["learnloop"].store
    target = "action:bbscp:neglect-audit"
    for who in ("bbscp-practitioner", "coordinator"):
        client = signed_in(app, data.secrets[who])
        page = client.get(f"/actions/{target}")
        assert page.status_code == 200 and "Save update" not in page.text
        resp = client.post(f"/actions/{target}", data={"csrf_token": csrf_of(page.text), "status": "done"})
        assert resp.status_code == 403
    assert store.events(target) == []


def test_sign_out_needs_csrf_and_ends_the_session(site):
    app, data = site
    client = signed_in(app, data.secrets["bbscp-practitioner"])
    assert client.post("/sign-out").status_code == 400
    assert client.get("/search").status_code == 200
    token = csrf_of(client.get("/search").text)
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 302
    assert client.get("/search").status_code == 302


def test_a_revoked_token_ends_its_session(site):
    app, data = site
    accounts: AccountStore = app.extensions["learnloop"].accounts
    info, secret = accounts.create_token("bbscp", "practitioner", name="to-revoke")
    client = signed_in(app, secret)
    assert client.get("/reviews").status_code == 200
    accounts.revoke(info.id)
    assert client.get("/reviews").status_code == 302


def test_pages_work_without_javascript(site):
    """Everything a page says is in its HTML: the test client runs no scripts."""
    app, data = site
    client = signed_in(app, data.secrets["bbscp-scrutineer"])
    html = client.get("/search?q=neglect").text
    assert html.count('class="hit"') >= 4 and "<mark>" in html
    assert 'href="/search?q=neglect+theme:Neglect"' in html  # facet links add filters
    assert "/documents/bbscp/child-a-review?passage=" in html
    assert "/reviews/review:bbscp:child-b" in html or "/actions/action:bbscp:" in html
    review = client.get("/reviews/review:bbscp:child-a").text
    for text in ("Neglect was not recognised", "Agencies should use the neglect toolkit", "status-planned",
                 "status-overdue", "Quality Assurance Sub-group", "/documents/bbscp/child-a-review?passage="):
        assert text in review, text
    doc = client.get("/documents/bbscp/child-a-review?passage=bbscp/child-a-review%23p1&start=4&end=20").text
    assert re.search(r'<div class="passage passage-paragraph target" id="p1">\s*<p>The <mark id="quote">', doc)
    dash = client.get("/dashboard").text
    for text in ("overdue", "done without evidence", "Learning-loop measures", "Recurring learning",
                 "Theme: Neglect", 'name="csrf_token"', "Professional curiosity training"):
        assert text in dash, text
    struct = client.get("/structure").text
    assert "<svg" in struct and 'class="node-link"' in struct
    for page in (html, review, doc, dash, struct):
        assert 'id="quick-exit"' in page and 'href="https://www.bbc.co.uk/weather"' in page
        assert 'class="json-twin" ' in page or 'class="json-twin"' in page


def test_json_twins_point_at_the_api(site):
    app, data = site
    client = signed_in(app, data.secrets["bbscp-scrutineer"])
    twin = re.compile(r'href="([^"]+)" class="json-twin"')
    for url, api in (("/search?q=neglect", "/api/v1/search?q=neglect"),
                     ("/reviews/review:bbscp:child-a", "/api/v1/reviews/review:bbscp:child-a/trace"),
                     ("/dashboard?status=done", "/api/v1/actions?status=done"),
                     ("/structure", "/api/v1/structure"),
                     ("/reviews", "/api/v1/entities?type=Review"),
                     (f"/actions/{TOOLKIT}", f"/api/v1/actions/{TOOLKIT}"),
                     ("/documents/bbscp/child-a-review", "/api/v1/documents/bbscp/child-a-review")):
        link = twin.search(client.get(url).text).group(1).replace("&amp;", "&")
        assert link == api
        bearer = {"Authorization": f"Bearer {data.secrets['bbscp-scrutineer']}"}
        assert app.test_client().get(link, headers=bearer).status_code == 200, link


def test_other_tenants_and_restricted_pages_are_404(site):
    app, data = site
    client = signed_in(app, data.secrets["bbscp-practitioner"])
    for path in ("/reviews/review:cbscp:child-a", "/documents/cbscp/child-c-review",
                 "/actions/action:cbscp:neglect-toolkit", "/reviews/review:bbscp:child-r",
                 "/documents/bbscp/child-r-draft", "/structure?tenant=cbscp",
                 "/structure?node=group:cbscp:executive-board", "/reviews/review:nope"):
        resp = client.get(path)
        assert resp.status_code == 404, path
        assert "Child R" not in resp.text and "CBSCP" not in resp.text
    search = client.get("/search?q=neglect").text
    assert "child-r" not in search and "cbscp/" not in search and "Child R" not in search
    assert "Child R" not in client.get("/dashboard").text
    # the other tenant's practitioner reads its own internal review, and the bbscp scrutineer its restricted one
    assert signed_in(app, data.secrets["cbscp-practitioner"]).get("/reviews/review:cbscp:child-a").status_code == 200
    scrutineer = signed_in(app, data.secrets["bbscp-scrutineer"])
    own = scrutineer.get("/reviews/review:bbscp:child-r")
    assert own.status_code == 200 and "Restricted material" in own.text
    assert "Restricted material" in scrutineer.get("/documents/bbscp/child-r-draft").text
    assert "Restricted material" not in scrutineer.get("/reviews/review:bbscp:child-a").text
    audit = app.extensions["learnloop"].accounts.audit_log(20)
    assert any(a.action == "read.restricted" and a.target == "review:review:bbscp:child-r" for a in audit)


def test_search_explains_a_bad_query(site):
    app, data = site
    client = signed_in(app, data.secrets["bbscp-practitioner"])
    resp = client.get('/search?q=%22unclosed')
    assert resp.status_code == 400
    assert "could not be read" in resp.text and 'role="alert"' in resp.text


def test_structure_downloads(site):
    app, data = site
    client = signed_in(app, data.secrets["coordinator"])
    svg = client.get("/structure.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert "attachment" in svg.headers["Content-Disposition"]
    root = ET.fromstring(svg.data)
    assert root.tag.endswith("svg") and b"Pan Bedfordshire Board" in svg.data
    assert b"<a " not in svg.data  # the file has no links back into the app
    mermaid = client.get("/structure.mmd?tenant=pan-beds").text
    assert mermaid.startswith("flowchart BT") and "reports to" in mermaid and "Executive Board" not in mermaid
    g = nx.read_graphml(BytesIO(client.get("/structure.graphml").data))
    assert g.nodes["group:pan-beds:board"]["frequency"] == "quarterly"
    assert any(d.get("type") == "REPORTS_TO" for _u, _v, d in g.edges(data=True))


def test_sign_in_attempts_are_rate_limited_and_sign_ins_audited(tmp_path):
    data = build(tmp_path / "data")
    app = create_app({"TESTING": True, "RATE_LIMIT_PER_MINUTE": 1, "RATE_LIMIT_BURST": 3}, data_dir=data.data_dir)
    try:
        client = app.test_client()
        token = csrf_of(client.get("/sign-in").text)
        ok = client.post("/sign-in", data={"csrf_token": token, "token": data.secrets["bbscp-practitioner"]})
        assert ok.status_code == 302
        audit = app.extensions["learnloop"].accounts.audit_log(5)
        assert audit[0].action == "web.sign_in" and audit[0].role == "practitioner"
        guesser = app.test_client()
        token = csrf_of(guesser.get("/sign-in").text)
        codes = [guesser.post("/sign-in", data={"csrf_token": token, "token": "ll_guess"}).status_code
                 for _ in range(4)]
        assert codes[0] == 401 and codes[-1] == 429
    finally:
        app.extensions["learnloop"].close()


def test_dashboard_filters_narrow_the_actions(site):
    app, data = site
    client = signed_in(app, data.secrets["bbscp-scrutineer"])
    rows = re.compile(r'<th scope="row"><a href="/actions/([^"]+)"')
    every = set(rows.findall(client.get("/dashboard").text))
    assert {"action:bbscp:curiosity-training", "action:bbscp:referral-audit"} <= every
    overdue = set(rows.findall(client.get("/dashboard?show=overdue").text))
    assert "action:bbscp:curiosity-training" in overdue
    assert not overdue & {"action:bbscp:referral-audit", "action:bbscp:neglect-audit"}  # done; due in 2030
    unevidenced = set(rows.findall(client.get("/dashboard?show=unevidenced").text))
    assert unevidenced == {"action:bbscp:referral-audit"}
    by_review = set(rows.findall(client.get("/dashboard?review=review:bbscp:child-b").text))
    assert by_review == {"action:bbscp:referral-audit"}
    by_theme = set(rows.findall(client.get("/dashboard?theme=Professional+curiosity").text))
    assert by_theme == {"action:bbscp:curiosity-training"}
    by_owner = set(rows.findall(client.get("/dashboard?agency=Quality+Assurance+Sub-group").text))
    assert by_owner == {"action:bbscp:neglect-toolkit"}
    assert 'href="/api/v1/actions?overdue=True"' in client.get("/dashboard?show=overdue").text


def test_session_cookie_is_secure_over_https(site):
    app, _data = site
    plain = app.test_client().get("/sign-in")
    secure = app.test_client().get("/sign-in", base_url="https://localhost")
    assert "Secure" not in plain.headers["Set-Cookie"]
    cookie = secure.headers["Set-Cookie"]
    assert "; Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_json_twins_open_in_the_signed_in_browser_with_its_scope(site):
    app, data = site
    browser = signed_in(app, data.secrets["bbscp-practitioner"])
    assert browser.get("/api/v1/reviews/review:bbscp:child-a/trace").status_code == 200
    # the session reads only what its token may read, and never writes
    assert browser.get("/api/v1/reviews/review:bbscp:child-r/trace").status_code == 404
    assert browser.get("/api/v1/reviews/review:cbscp:child-a/trace").status_code == 404
    assert browser.patch(f"/api/v1/actions/{TOOLKIT}", json={"status": "done"}).status_code == 401
    assert app.test_client().get("/api/v1/reviews/review:bbscp:child-a/trace").status_code == 401
