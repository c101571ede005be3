"""The access matrix: every role x tenant x read endpoint against documents of every visibility.

Each non-public document carries a marker word in its text, titles, names, ids and
attributes. A caller who may not read a document must never meet its marker in any
response (hits, snippets, totals, facets, suggestions, entities, trace, actions,
structure, export, measures) and gets 404 for its entities; a caller who may read it
must find it, which proves the data was there to leak.
"""
from __future__ import annotations

import json

import pytest

from graph.model import Node
from tests.factories import FactsBuilder, prov, review_fixture
from tests.test_api_helpers import auth, make_app, services, write

TENANTS = ("bbscp", "cbscp", "lscp", "pan-beds", "national")
ROLES = ("practitioner", "scrutineer", "coordinator", "admin")
SHARED = ("pan-beds", "national")


def may_read(role: str, tenant: str, doc_tenant: str, visibility: str) -> bool:
    """The roles as the issue states them, written out independently of graph.access."""
    if role == "admin":
        return True
    if role == "coordinator":
        return visibility != "restricted"
    own = doc_tenant in (tenant, *SHARED)
    if role == "practitioner":
        return own and visibility != "restricted"
    return own and (visibility != "restricted" or doc_tenant == tenant)  # scrutineer


def secret_doc(tenant: str, visibility: str, marker: str):
    """A review with finding, recommendation, overdue action, theme and a group, all named with the marker."""
    doc_id = f"{tenant}/{marker}-doc"
    b = FactsBuilder(doc_id, tenant, visibility, title=f"{marker} review report", texts=[
        f"The {marker} safeguarding practice review was agreed by the partnership.",
        f"The review found that {marker} escalation was weak.",
        f"Recommendation: the {marker} panel should audit escalation.",
        f"The {marker} panel reports to the executive board.",
    ], date="2022")
    review = b.node("Review", f"{marker}-review", f"{marker} review", 0, kind="rapid review", date="2022-05")
    finding = b.node("Finding", f"{marker}-finding", f"{marker} escalation was weak", 1)
    rec = b.node("Recommendation", f"{marker}-rec", f"{marker} panel should audit escalation", 2)
    action = b.node("Action", f"{marker}-audit", f"{marker} escalation audit", 2, status="planned",
                    due="2020-01-01", owner=f"{marker} lead")
    theme = b.node("Theme", "neglect", "Neglect", 1)
    group = b.node("Group", f"{marker}-panel", f"{marker} panel", 3, frequency="monthly")
    b.edge(review, "HAS_FINDING", finding, 1)
    b.edge(review, "HAS_RECOMMENDATION", rec, 2)
    b.edge(action, "RESPONDS_TO", rec, 2)
    b.edge(review, "ADDRESSES_THEME", theme, 1)
    b.edge(finding, "ADDRESSES_THEME", theme, 1)
    b.edge(group, "REPORTS_TO", "group:bbscp:executive-board", 3)
    # a fact the public bbscp review also states: this document adds a name variant, an attribute
    # and a quote that only its readers may see
    b.nodes.append(Node("agency:bbscp:police", "Agency", f"Police {marker} unit", "bbscp",
                        attrs={"note": f"{marker} liaison"},
                        provenance=prov(doc_id, f"{doc_id}#p3", f"The {marker} panel reports")))
    b.edge("agency:bbscp:police", "MEMBER_OF", group, 3)
    return b.facts()


# (tenant, visibility, marker): internal and restricted material in several tenants
SECRETS = [
    ("cbscp", "internal", "zebrafinch"),
    ("lscp", "restricted", "quokkaling"),
    ("bbscp", "restricted", "wombatine"),
    ("pan-beds", "internal", "pangolinet"),
]
TOKENS = [(r, t) for r in ROLES for t in TENANTS]


def use_neo4j(app) -> None:
    """Serve the same app from the Bolt server (server mode) instead of the embedded store."""
    import os

    from tests import neo4j_server

    if os.environ.get(neo4j_server.SKIP_ENV) == "1":
        pytest.skip(f"neo4j backend disabled by {neo4j_server.SKIP_ENV}=1")
    rt = services(app)
    rt.store.close()
    rt.store = neo4j_server.session_server().fresh_store()


@pytest.fixture(scope="module", params=["sqlite", "neo4j"])
def world(request, tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("access"))
    if request.param == "neo4j":
        use_neo4j(app)
    write(app, review_fixture("bbscp"))
    for tenant, vis, marker in SECRETS:
        write(app, secret_doc(tenant, vis, marker))
    if services(app).search is None:
        pytest.fail(f"search is unavailable: {services(app).search_error}")
    headers = {(r, t): auth(app, r, t) for r, t in TOKENS}
    yield app, headers
    services(app).close()


def _get(client, url, headers):
    r = client.get(url, headers=headers)
    assert r.status_code < 500, (url, r.status_code, r.get_data(as_text=True)[:300])
    return r


READ_URLS = ["/api/v1/entities?limit=200", "/api/v1/actions?limit=200", "/api/v1/structure", "/api/v1/export",
             "/api/v1/export?format=graphml", "/api/v1/documents?limit=200", "/api/v1/measures",
             "/api/v1/recurring?min_reviews=1", "/api/v1/entities/agency:bbscp:police",
             "/api/v1/entities/group:bbscp:executive-board", "/api/v1/reviews/review:bbscp:child-a/trace",
             "/api/v1/search?q=safeguarding&limit=100", "/api/v1/search?q=escalation&limit=100",
             "/api/v1/search?q=neglect&limit=100", "/api/v1/me"]


@pytest.mark.parametrize("role,tenant", TOKENS)
def test_no_marker_of_an_unreadable_document_appears_anywhere(world, role, tenant):
    app, headers = world
    client = app.test_client()
    h = headers[(role, tenant)]
    bodies = {url: _get(client, url, h).get_data(as_text=True) for url in READ_URLS}
    for doc_tenant, vis, marker in SECRETS:
        if may_read(role, tenant, doc_tenant, vis):
            continue
        for url, body in bodies.items():
            assert marker not in body.lower(), f"{role}@{tenant} sees {marker} ({doc_tenant} {vis}) via {url}"
            assert f"{doc_tenant}/{marker}-doc" not in body


@pytest.mark.parametrize("role,tenant", TOKENS)
def test_entities_of_unreadable_documents_answer_404_and_readable_ones_200(world, role, tenant):
    app, headers = world
    client = app.test_client()
    h = headers[(role, tenant)]
    for doc_tenant, vis, marker in SECRETS:
        readable = may_read(role, tenant, doc_tenant, vis)
        urls = [f"/api/v1/entities/review:{doc_tenant}:{marker}-review",
                f"/api/v1/entities/group:{doc_tenant}:{marker}-panel",
                f"/api/v1/reviews/review:{doc_tenant}:{marker}-review/trace",
                f"/api/v1/reviews/review:{doc_tenant}:{marker}-review/measures",
                f"/api/v1/actions/action:{doc_tenant}:{marker}-audit",
                f"/api/v1/actions/action:{doc_tenant}:{marker}-audit/history",
                f"/api/v1/documents/{doc_tenant}/{marker}-doc"]
        for url in urls:
            r = _get(client, url, h)
            assert r.status_code == (200 if readable else 404), (role, tenant, url, r.status_code)
            if not readable:
                # the same answer as for something that never existed
                missing = _get(client, url.replace(marker, "nosuchthing"), h)
                assert missing.status_code == 404
                assert set(r.json) == set(missing.json)
                assert r.json["title"] == missing.json["title"]
        if readable:
            trace = _get(client, f"/api/v1/reviews/review:{doc_tenant}:{marker}-review/trace", h).json
            assert [a["id"] for a in trace["actions"]] == [f"action:{doc_tenant}:{marker}-audit"]
            assert trace["findings"][0]["quotes"][0]["quote"].startswith("The review found")


@pytest.mark.parametrize("role,tenant", TOKENS)
def test_search_counts_facets_and_suggestions_only_count_readable_passages(world, role, tenant):
    app, headers = world
    client = app.test_client()
    h = headers[(role, tenant)]
    docs = [("bbscp", "public", None)] + SECRETS
    readable = [d for d in docs if may_read(role, tenant, d[0], d[1])]
    # every document has exactly one passage with the word "safeguarding"
    res = _get(client, "/api/v1/search?q=safeguarding&limit=100", h).json
    assert res["total"] == len(readable)
    assert {hit["tenant"] for hit in res["hits"]} == {d[0] for d in readable}
    tenant_facet = {f["value"]: f["count"] for f in res["facets"].get("tenant", [])}
    assert sum(tenant_facet.values()) == len(readable)
    assert set(tenant_facet) <= {d[0] for d in readable}
    for hit in res["hits"]:
        vis = next(d[1] for d in docs if hit["doc_id"].startswith(d[0] + "/") and
                   (d[2] is None or d[2] in hit["doc_id"]))
        assert may_read(role, tenant, hit["tenant"], vis)
    for doc_tenant, vis, marker in SECRETS:
        found = _get(client, f"/api/v1/search?q={marker}", h).json
        near_miss = _get(client, f"/api/v1/search?q={marker[:-1]}x", h).json  # one letter off
        if may_read(role, tenant, doc_tenant, vis):
            assert found["total"] >= 1
            assert marker in found["hits"][0]["snippet_html"].lower()
            assert near_miss["total"] == 0 and marker in near_miss["suggestions"][0]  # did you mean works
        else:
            assert found["total"] == 0 and found["hits"] == []
            assert all(c["count"] == 0 for f in found["facets"].values() for c in f)
            assert marker not in json.dumps(near_miss).lower()
            assert marker not in json.dumps(found["suggestions"]).lower()


@pytest.mark.parametrize("role,tenant", TOKENS)
def test_lists_exports_and_measures_hold_exactly_the_readable_facts(world, role, tenant):
    app, headers = world
    client = app.test_client()
    h = headers[(role, tenant)]
    readable_markers = {m for t, v, m in SECRETS if may_read(role, tenant, t, v)}
    bbscp_public = may_read(role, tenant, "bbscp", "public")
    reviews = {e["id"] for e in _get(client, "/api/v1/entities?type=Review&limit=200", h).json["items"]}
    expected = {f"review:{t}:{m}-review" for t, v, m in SECRETS if m in readable_markers}
    if bbscp_public:
        expected.add("review:bbscp:child-a")
    assert reviews == expected
    actions = _get(client, "/api/v1/actions?overdue=true&limit=200", h).json
    assert {a["id"] for a in actions["items"]} >= {f"action:{t}:{m}-audit" for t, v, m in SECRETS
                                                    if m in readable_markers}
    assert actions["total"] == len(actions["items"])
    export = _get(client, "/api/v1/export", h).json
    assert {e["id"] for e in export["entities"] if e["type"] == "Review"} == expected
    measures = _get(client, "/api/v1/measures", h).json
    assert {r["review"]["id"] for r in measures["reviews"]} == expected
    assert sum(p["actions_overdue"] for p in measures["partnerships"]) == actions["total"]
    recurring = _get(client, "/api/v1/recurring", h).json
    neglect = [t for t in recurring["themes"] if t["theme"] == "Neglect"]
    n_neglect = len(readable_markers) + (1 if bbscp_public else 0)
    if n_neglect >= 2:
        assert neglect and neglect[0]["review_count"] == n_neglect
    else:
        assert not neglect
    docs = _get(client, "/api/v1/documents?limit=200", h).json
    assert docs["total"] == len(readable_markers) + (1 if bbscp_public else 0)


@pytest.mark.parametrize("role,tenant", [("practitioner", "bbscp"), ("scrutineer", "cbscp"),
                                         ("coordinator", "national")])
def test_a_tenant_filter_narrows_but_never_widens(world, role, tenant):
    app, headers = world
    client = app.test_client()
    h = headers[(role, tenant)]
    for url in ("/api/v1/search?q=safeguarding&tenant=lscp", "/api/v1/entities?tenant=lscp",
                "/api/v1/export?tenant=lscp", "/api/v1/structure?tenant=lscp", "/api/v1/measures?tenant=lscp",
                "/api/v1/actions?tenant=lscp", "/api/v1/documents?tenant=lscp"):
        body = _get(client, url, h).get_data(as_text=True)
        assert "quokkaling" not in body, url
    narrowed = _get(client, "/api/v1/entities?tenant=bbscp&type=Review", h).json
    assert all(e["tenant"] == "bbscp" for e in narrowed["items"])
    bad = _get(client, "/api/v1/entities?tenant=nowhere", h)
    assert bad.status_code == 400 and "unknown tenant" in bad.json["detail"]


def test_shared_entity_shows_only_what_readable_documents_say(world):
    app, headers = world
    client = app.test_client()
    outsider = _get(client, "/api/v1/entities/agency:bbscp:police", headers[("practitioner", "bbscp")]).json
    assert outsider["name"] == "Bedfordshire Police"
    # pan-beds internal material is readable to a bbscp practitioner; bbscp restricted is not
    assert outsider["attrs"]["note"] == "pangolinet liaison"
    assert {q["doc_id"] for q in outsider["quotes"]} == {"bbscp/child-a-review", "pan-beds/pangolinet-doc"}
    assert all(n["entity"]["id"] != "group:bbscp:wombatine-panel" for n in outsider["neighbours"])
    insider = _get(client, "/api/v1/entities/agency:bbscp:police", headers[("scrutineer", "bbscp")]).json
    # later documents' attributes win (graph/merge.py): the restricted one was written before pan-beds'
    assert {q["doc_id"] for q in insider["quotes"]} >= {"bbscp/wombatine-doc"}
    assert "group:bbscp:wombatine-panel" in {n["entity"]["id"] for n in insider["neighbours"]}


def test_reads_of_restricted_material_are_audited(world):
    app, headers = world
    client = app.test_client()
    accounts = services(app).accounts
    before = accounts.audit_count()
    _get(client, "/api/v1/reviews/review:bbscp:wombatine-review/trace", headers[("scrutineer", "bbscp")])
    log = accounts.audit_log(5)
    assert accounts.audit_count() == before + 1
    assert log[0].action == "read.restricted" and log[0].after["documents"] == ["bbscp/wombatine-doc"]
    assert log[0].role == "scrutineer" and log[0].tenant == "bbscp"
    # reading public material leaves no audit record
    _get(client, "/api/v1/reviews/review:bbscp:child-a/trace", headers[("practitioner", "bbscp")])
    assert accounts.audit_count() == before + 1
