"""Tokens, roles and hardening: 401s, 403s, rate limits, headers, CORS, uploads, no stack traces."""
from __future__ import annotations

import io
import time

import pytest

from api.app import create_app
from tests.factories import review_fixture
from tests.test_api_helpers import BASE_SETTINGS, auth, make_app, services, write


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path / "data")
    write(app, review_fixture("bbscp"))
    yield app
    services(app).close()


def get_rules(app):
    """Every GET endpoint under /api/v1, with example ids filled in."""
    out = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1") and "GET" in rule.methods:
            url = (rule.rule.replace("<id:entity_id>", "review:bbscp:child-a")
                   .replace("<id:review_id>", "review:bbscp:child-a")
                   .replace("<id:action_id>", "action:bbscp:neglect-toolkit")
                   .replace("<id:doc_id>", "bbscp/child-a-review"))
            out.append(url + ("?q=neglect" if url.endswith("/search") else ""))
    return out


def test_every_endpoint_needs_a_valid_token(app, tmp_path):
    client = app.test_client()
    accounts = services(app).accounts
    good = auth(app, "admin", "bbscp")
    _info, expiring = accounts.create_token("bbscp", "admin", expires_days=1e-6)  # about 0.1 s
    revoked_info, revoked = accounts.create_token("bbscp", "admin")
    accounts.revoke(revoked_info.id)
    time.sleep(0.2)
    urls = get_rules(app)
    assert len(urls) >= 15
    for url in urls:
        assert client.get(url, headers=good).status_code == 200, url
        for headers in ({}, {"Authorization": "Bearer nonsense"}, {"Authorization": f"Basic {expiring}"},
                        {"Authorization": f"Bearer {expiring}"}, {"Authorization": f"Bearer {revoked}"},
                        {"Authorization": "Bearer "}):
            r = client.get(url, headers=headers)
            assert r.status_code == 401, (url, headers)
            assert r.mimetype == "application/problem+json"
            assert r.headers["WWW-Authenticate"].startswith("Bearer")
            assert r.json["status"] == 401 and r.json["title"] == "Unauthorized"
    for method, url in (("patch", "/api/v1/actions/action:bbscp:neglect-toolkit"), ("post", "/api/v1/documents"),
                        ("delete", "/api/v1/documents/bbscp/child-a-review"), ("post", "/api/v1/tokens")):
        assert getattr(client, method)(url).status_code == 401


def test_only_admins_manage_tokens_and_read_the_audit_log(app):
    client = app.test_client()
    for role in ("practitioner", "scrutineer", "coordinator"):
        h = auth(app, role, "bbscp")
        for method, url in (("get", "/api/v1/tokens"), ("get", "/api/v1/audit"), ("post", "/api/v1/tokens"),
                            ("delete", "/api/v1/tokens/tok_x"), ("post", "/api/v1/documents"),
                            ("delete", "/api/v1/documents/bbscp/child-a-review")):
            r = getattr(client, method)(url, headers=h)
            assert r.status_code == 403, (role, method, url)
            assert "admin" in r.json["detail"]
    admin = auth(app, "admin", "pan-beds", name="ops")
    made = client.post("/api/v1/tokens", headers=admin, json={"tenant": "lscp", "role": "practitioner"})
    assert made.status_code == 201 and made.json["secret"].startswith("ll_")
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {made.json['secret']}"}).json
    assert me["tenant"] == "lscp" and me["role"] == "practitioner"
    assert set(me["readable_tenants"]) == {"lscp", "pan-beds", "national"}
    assert client.delete(f"/api/v1/tokens/{made.json['id']}", headers=admin).json["active"] is False
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {made.json['secret']}"}).status_code == 401
    log = client.get("/api/v1/audit", headers=admin).json["items"]
    assert [r["action"] for r in log[:2]] == ["token.revoke", "token.create"]
    assert log[0]["actor"].startswith("ops (admin, pan-beds")
    assert log[0]["before"]["active"] is True and log[0]["after"]["active"] is False
    assert "secret" not in str(log)
    bad = client.post("/api/v1/tokens", headers=admin, json={"tenant": "nowhere", "role": "admin"})
    assert bad.status_code == 400 and "unknown tenant" in bad.json["detail"]
    assert client.post("/api/v1/tokens", headers=admin, json={"tenant": "bbscp", "role": "god"}).status_code == 400


def test_only_a_hash_of_the_token_is_stored(app):
    _info, secret = services(app).accounts.create_token("bbscp", "admin")
    raw = (services(app).config.data_dir / "accounts.sqlite").read_bytes()
    assert secret.encode() not in raw


def test_rate_limit_per_token(tmp_path):
    app = make_app(tmp_path, RATE_LIMIT_PER_MINUTE=60, RATE_LIMIT_BURST=3)
    client = app.test_client()
    a, b = auth(app, "practitioner", "bbscp"), auth(app, "practitioner", "bbscp")
    assert [client.get("/api/v1/me", headers=a).status_code for _ in range(4)] == [200, 200, 200, 429]
    r = client.get("/api/v1/me", headers=a)
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
    assert r.mimetype == "application/problem+json"
    assert client.get("/api/v1/me", headers=b).status_code == 200  # another token has its own bucket


def test_security_headers_request_ids_and_no_cors_by_default(app):
    client = app.test_client()
    h = auth(app, "practitioner", "bbscp")
    for r in (client.get("/api/v1/me", headers=h), client.get("/api/v1/me"),
              client.get("/api/v1/entities/nope", headers=h), client.get("/api/openapi.json"),
              client.get("/api/v1/me", headers={**h, "Origin": "https://evil.example"})):
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
        assert r.headers["Referrer-Policy"] == "no-referrer"
        assert len(r.headers["X-Request-Id"]) >= 8
        assert "Access-Control-Allow-Origin" not in r.headers
    r = client.get("/api/v1/nope", headers={**h, "X-Request-Id": "abc-123"})
    assert r.status_code == 404 and r.headers["X-Request-Id"] == "abc-123" and r.json["request_id"] == "abc-123"
    assert client.get("/api/v1/me", headers={**h, "X-Request-Id": "bad id <x>"}).headers["X-Request-Id"] != "bad id <x>"


def test_cors_only_for_configured_origins(tmp_path):
    app = make_app(tmp_path, CORS_ORIGINS=["https://partner.example"])
    client = app.test_client()
    h = auth(app, "practitioner", "bbscp")
    ok = client.get("/api/v1/me", headers={**h, "Origin": "https://partner.example"})
    assert ok.headers["Access-Control-Allow-Origin"] == "https://partner.example"
    other = client.get("/api/v1/me", headers={**h, "Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    preflight = client.options("/api/v1/actions/action:x", headers={"Origin": "https://partner.example",
                                                                   "Access-Control-Request-Method": "PATCH"})
    assert preflight.status_code == 200 and "PATCH" in preflight.headers["Access-Control-Allow-Methods"]
    assert preflight.get_data() == b""


def test_unexpected_errors_are_a_500_problem_without_internals(tmp_path):
    app = create_app({**BASE_SETTINGS, "TESTING": False, "PROPAGATE_EXCEPTIONS": False}, data_dir=tmp_path)

    @app.get("/api/v1-test/boom")
    def boom():
        raise RuntimeError("secret internal detail /srv/path")

    r = app.test_client().get("/api/v1-test/boom")
    assert r.status_code == 500
    assert r.mimetype == "application/problem+json"
    text = r.get_data(as_text=True)
    assert "secret internal detail" not in text and "Traceback" not in text and "RuntimeError" not in text
    assert r.json["request_id"]


def test_uploads_are_checked_for_size_and_type(tmp_path):
    app = make_app(tmp_path, MAX_CONTENT_LENGTH=2000)
    client = app.test_client()
    h = auth(app, "admin", "bbscp")

    def upload(name: str, content: bytes, **form):
        return client.post("/api/v1/documents", headers=h, content_type="multipart/form-data",
                           data={"tenant": "bbscp", **form, "file": (io.BytesIO(content), name)})

    big = upload("big.txt", b"word " * 1000)
    assert big.status_code == 413 and big.mimetype == "application/problem+json"
    assert upload("tool.exe", b"MZ...").status_code == 415
    fake_pdf = upload("report.pdf", b"<html>not a pdf</html>")
    assert fake_pdf.status_code == 415 and "not a PDF" in fake_pdf.json["detail"]
    assert upload("notes.txt", b"\x00\x01\x02binary").status_code == 415
    assert upload("notes.txt", b"").status_code == 400
    assert upload("notes.txt", b"Some text.", tenant="nowhere").status_code == 400
    assert upload("notes.txt", b"Some text.", visibility="secret").status_code == 400
    assert client.post("/api/v1/documents", headers=h, data={"tenant": "bbscp"}).status_code == 400
    ok = upload("board-minutes.txt", b"The Executive Board met in May 2024 to agree the neglect strategy.",
                visibility="internal", kind="minutes", date="2024-05")
    assert ok.status_code == 201, ok.json
    assert ok.json["doc_id"] == "bbscp/board-minutes" and ok.json["document"]["visibility"] == "internal"
    again = upload("board-minutes.txt", b"The Executive Board met in May 2024 to agree the neglect strategy.",
                   visibility="internal", kind="minutes", date="2024-05")
    assert again.status_code == 200 and again.json["status"] == "skipped"
    changed = upload("board-minutes.txt", b"The Executive Board met in June 2024 to agree the neglect strategy.",
                     visibility="internal", kind="minutes", date="2024-06")
    assert changed.status_code == 200 and changed.json["replaced"] is True and changed.json["status"] == "ok"
    got = client.get("/api/v1/documents/bbscp/board-minutes", headers=h).json
    assert got["passages"][0]["text"].startswith("The Executive Board met")
    # a practitioner of another partnership cannot see the internal upload
    assert client.get("/api/v1/documents/bbscp/board-minutes",
                      headers=auth(app, "practitioner", "lscp")).status_code == 404
    gone = client.delete("/api/v1/documents/bbscp/board-minutes", headers=h)
    assert gone.status_code == 200
    assert client.get("/api/v1/documents/bbscp/board-minutes", headers=h).status_code == 404
    assert client.delete("/api/v1/documents/bbscp/board-minutes", headers=h).status_code == 404
    actions = [r.action for r in services(app).accounts.audit_log(10)]
    assert actions[:3] == ["document.delete", "document.upload", "document.upload"]


def test_deleted_documents_leave_search(tmp_path):
    app = make_app(tmp_path)
    if services(app).search is None:
        pytest.skip("search unavailable")
    client = app.test_client()
    h = auth(app, "admin", "bbscp")
    client.post("/api/v1/documents", headers=h, content_type="multipart/form-data",
                data={"tenant": "bbscp", "file": (io.BytesIO(b"The axolotlish strategy was agreed."), "s.txt")})
    assert client.get("/api/v1/search?q=axolotlish", headers=h).json["total"] == 1
    client.delete("/api/v1/documents/bbscp/s", headers=h)
    assert client.get("/api/v1/search?q=axolotlish", headers=h).json["total"] == 0


def test_bad_parameters_are_400_problems_naming_the_parameter(app):
    client = app.test_client()
    h = auth(app, "admin", "bbscp")
    for url, name in (("/api/v1/entities?limit=0", "limit"), ("/api/v1/entities?limit=x", "limit"),
                      ("/api/v1/entities?type=Spaceship", "type"), ("/api/v1/actions?overdue=maybe", "overdue"),
                      ("/api/v1/actions?status=finished", "status"), ("/api/v1/actions?cursor=!!!", "cursor"),
                      ("/api/v1/search", "q"), ("/api/v1/export?format=pdf", "format"),
                      ("/api/v1/recurring?min_reviews=0", "min_reviews")):
        r = client.get(url, headers=h)
        assert r.status_code == 400, url
        assert r.json["parameter"] == name and r.json["detail"]
    r = client.get('/api/v1/search?q="unclosed', headers=h)
    if services(app).search is not None:
        assert r.status_code == 400 and "does not parse" in r.json["detail"]


def test_search_unavailable_is_a_503_problem(app):
    services(app).search, services(app).search_error = None, "the index is being rebuilt"
    r = app.test_client().get("/api/v1/search?q=neglect", headers=auth(app, "admin", "bbscp"))
    assert r.status_code == 503 and "being rebuilt" in r.json["detail"]
    assert r.mimetype == "application/problem+json"


def test_ids_with_colons_and_slashes_route(app):
    client = app.test_client()
    h = auth(app, "admin", "bbscp")
    assert client.get("/api/v1/documents/bbscp/child-a-review", headers=h).json["id"] == "bbscp/child-a-review"
    assert client.get("/api/v1/documents/bbscp%2Fchild-a-review", headers=h).status_code == 200
    assert client.get("/api/v1/actions/action:bbscp:neglect-toolkit/history", headers=h).json["items"] == []
    assert client.get("/api/v1/entities/review:bbscp:child-a", headers=h).json["type"] == "Review"
    assert client.get("/api/v1/reviews/action:bbscp:neglect-toolkit/trace", headers=h).status_code == 404


def test_request_ids_are_in_the_logs(app, caplog):
    caplog.set_level("INFO", logger="learnloop.api")
    r = app.test_client().get("/api/v1/me", headers={**auth(app, "practitioner", "bbscp"), "X-Request-Id": "trace-77"})
    assert r.status_code == 200
    line = next(rec.getMessage() for rec in caplog.records if "/api/v1/me" in rec.getMessage())
    assert "request=trace-77" in line and " 200 " in line and "token=tok_" in line
