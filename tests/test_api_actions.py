"""Action follow-through: filters, keyset pages, updates recorded as events, action-plan import."""
from __future__ import annotations

import io

import openpyxl
import pytest

from tests.factories import review_fixture
from tests.test_api_access import secret_doc, use_neo4j
from tests.test_api_helpers import auth, make_app, services, write

TOOLKIT = "/api/v1/actions/action:bbscp:neglect-toolkit"
TRAINING = "/api/v1/actions/action:bbscp:curiosity-training"


@pytest.fixture(params=["sqlite", "neo4j"])
def app(request, tmp_path):
    app = make_app(tmp_path)
    if request.param == "neo4j":
        use_neo4j(app)
    write(app, review_fixture("bbscp"), secret_doc("pan-beds", "internal", "pangolinet"),
          secret_doc("cbscp", "public", "ibisfoot"))
    yield app
    services(app).close()


def test_filters_and_keyset_pages(app):
    client = app.test_client()
    h = auth(app, "coordinator", "pan-beds")
    everything = client.get("/api/v1/actions?limit=200", headers=h).json
    assert everything["total"] == 5 and everything["counts"] == {"planned": 3, "in progress": 1, "done": 1}
    seen, cursor = [], None
    while True:
        page = client.get("/api/v1/actions?limit=2" + (f"&cursor={cursor}" if cursor else ""), headers=h).json
        seen += [a["id"] for a in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [a["id"] for a in everything["items"]] == sorted(seen)

    def ids(query: str) -> set[str]:
        r = client.get(f"/api/v1/actions?{query}&limit=200", headers=h)
        assert r.status_code == 200, r.json
        return {a["id"] for a in r.json["items"]}

    assert ids("status=done") == {"action:bbscp:neglect-toolkit"}
    assert ids("overdue=true") == {"action:bbscp:curiosity-training", "action:pan-beds:pangolinet-audit",
                                   "action:cbscp:ibisfoot-audit"}
    assert ids("without_evidence=false") == {"action:bbscp:neglect-toolkit"}
    assert ids("review=review:bbscp:child-a") == {"action:bbscp:neglect-toolkit", "action:bbscp:curiosity-training",
                                                  "action:bbscp:neglect-audit"}
    assert ids("theme=Neglect") == {"action:bbscp:neglect-toolkit"}
    assert ids("owner=quality assurance") == {"action:bbscp:neglect-toolkit"}
    assert ids("owner=ibisfoot") == {"action:cbscp:ibisfoot-audit"}
    assert ids("tenant=cbscp") == {"action:cbscp:ibisfoot-audit"}


def test_updates_are_events_with_history_and_audit(app):
    client = app.test_client()
    scrutineer = auth(app, "scrutineer", "bbscp", name="Independent scrutineer")
    r = client.patch(TRAINING, headers=scrutineer,
                     json={"status": "done", "evidence_note": "Delivered to 120 staff",
                           "evidence_link": "https://example.org/training-report"})
    assert r.status_code == 200, r.json
    assert r.json["changed"] is True
    action = r.json["action"]
    assert action["status"] == "done" and action["has_evidence"] and not action["overdue"]
    assert action["attrs"]["evidence_link"] == "https://example.org/training-report"
    r2 = client.patch(TRAINING, headers=scrutineer, json={"owner": "Workforce Development Sub-group",
                                                          "due": "2025-03"})
    assert r2.json["action"]["owner"] == "Workforce Development Sub-group"
    history = client.get(f"{TRAINING}/history", headers=auth(app, "practitioner", "bbscp")).json["items"]
    assert [sorted(e["changes"]) for e in history] == [["evidence", "evidence_link", "evidence_note", "status"],
                                                       ["due", "owner"]]
    assert history[0]["before"]["status"] == "planned" and history[0]["after"]["status"] == "done"
    assert history[1]["before"] == {"owner": None, "due": "2024-09"}
    assert history[0]["actor"].startswith("Independent scrutineer (scrutineer, bbscp")
    # the same values again change nothing and add no event
    same = client.patch(TRAINING, headers=scrutineer, json={"status": "done"})
    assert same.json["changed"] is False and same.json["event"] is None
    assert len(client.get(f"{TRAINING}/history", headers=scrutineer).json["items"]) == 2
    audit = [r for r in services(app).accounts.audit_log(10) if r.action == "action.update"]
    assert len(audit) == 2 and audit[0].target == "action:bbscp:curiosity-training"
    assert audit[0].before == {"owner": None, "due": "2024-09"} and audit[0].after["due"] == "2025-03"
    # follow-through reads the updated state
    done = client.get("/api/v1/actions?status=done&review=review:bbscp:child-a", headers=scrutineer).json
    assert {a["id"] for a in done["items"]} == {"action:bbscp:neglect-toolkit", "action:bbscp:curiosity-training"}
    # the fact as the document stated it is still there underneath: a later reading shows both
    trace = client.get("/api/v1/reviews/review:bbscp:child-a/trace", headers=scrutineer).json
    training = next(a for a in trace["actions"] if a["id"] == "action:bbscp:curiosity-training")
    assert training["status"] == "done" and training["quotes"][0]["quote"].startswith("Training on")


def test_who_may_update_which_action(app):
    client = app.test_client()
    body = {"status": "in progress"}
    assert client.patch(TRAINING, headers=auth(app, "practitioner", "bbscp"), json=body).status_code == 403
    assert client.patch(TRAINING, headers=auth(app, "coordinator", "pan-beds"), json=body).status_code == 403
    # visible (pan-beds internal) but another tenant's action: forbidden, not hidden
    other = "/api/v1/actions/action:pan-beds:pangolinet-audit"
    assert client.patch(other, headers=auth(app, "scrutineer", "bbscp"), json=body).status_code == 403
    # not visible at all: 404, as if it did not exist
    hidden = auth(app, "scrutineer", "lscp")
    assert client.patch(TRAINING, headers=hidden, json=body).status_code == 404  # bbscp is not lscp's to read
    assert client.patch("/api/v1/actions/action:pan-beds:nothing", headers=hidden, json=body).status_code == 404
    assert client.patch(other, headers=auth(app, "scrutineer", "pan-beds"), json=body).status_code == 200
    assert client.patch(TRAINING, headers=auth(app, "admin", "lscp"), json=body).status_code == 200
    assert client.get(f"{TRAINING}/history", headers=auth(app, "admin", "lscp")).json["items"][0]["after"] == body


@pytest.mark.parametrize("body,field", [
    ({}, None), ({"colour": "red"}, None), ({"status": "finished"}, "status"), ({"due": "soon"}, "due"),
    ({"evidence_link": "javascript:alert(1)"}, "evidence_link"), ({"owner": ""}, "owner"),
    ({"owner": 5}, "owner"), ([1, 2], None), ("text", None),
])
def test_bad_updates_are_refused_and_change_nothing(app, body, field):
    client = app.test_client()
    h = auth(app, "scrutineer", "bbscp")
    r = client.patch(TOOLKIT, headers=h, json=body)
    assert r.status_code == 400, r.json
    assert r.mimetype == "application/problem+json"
    if field:
        assert r.json["field"] == field
    assert client.get(f"{TOOLKIT}/history", headers=h).json["items"] == []


def test_not_json_is_refused(app):
    r = app.test_client().patch(TOOLKIT, headers=auth(app, "scrutineer", "bbscp"), data="status=done",
                                content_type="application/x-www-form-urlencoded")
    assert r.status_code == 400


PLAN_V1 = [
    ["Ref", "Recommendation", "Action", "Lead agency", "Due date", "Status (RAG)", "Evidence of impact"],
    ["1", "1. Agencies should use the neglect toolkit", "Brief all team managers on the toolkit",
     "Bedford Borough Council", "2023-12-31", "Complete", "Briefing attendance records"],
    ["2", "1. Agencies should use the neglect toolkit", "Audit use of the toolkit in supervision",
     "Quality Assurance Sub-group", "2024-06-30", "Amber", ""],
    ["3", "2. Improve professional curiosity", "Add curiosity scenarios to level 3 training",
     "Workforce Development Sub-group", "2025-01-31", "Not started", ""],
]


def _csv(rows) -> bytes:
    return "\n".join(",".join(f'"{c}"' for c in row) for row in rows).encode()


def _xlsx(rows) -> bytes:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _upload(client, headers, content: bytes, name: str, method: str = "post", review: str = "review:bbscp:child-a"):
    return getattr(client, method)(f"/api/v1/reviews/{review}/action-plan", headers=headers,
                                   content_type="multipart/form-data",
                                   data={"file": (io.BytesIO(content), name)})


def _plan_actions(client, headers) -> dict[str, dict]:
    trace = client.get("/api/v1/reviews/review:bbscp:child-a/trace", headers=headers).json
    return {a["name"]: a for a in trace["actions"] if a["quotes"] and "action-plan" in a["quotes"][0]["doc_id"]}


def test_action_plan_import_and_reimport_updates_without_duplicates(app):
    client = app.test_client()
    h = auth(app, "scrutineer", "bbscp")
    first = _upload(client, h, _csv(PLAN_V1), "child-a-plan.csv")
    assert first.status_code == 201, first.json
    assert first.json["document"]["kind"] == "action_plan"
    assert first.json["document"]["visibility"] == "internal"
    actions = _plan_actions(client, h)
    assert len(actions) == 3
    brief = next(a for n, a in actions.items() if n.startswith("Brief all team managers"))
    assert brief["status"] == "done" and brief["has_evidence"]
    assert {r["id"] for r in brief["reviews"]} == {"review:bbscp:child-a"}
    n_entities = client.get("/api/v1/entities?limit=200", headers=h).json["total"]

    # the same plan, a month later, as a spreadsheet with progress made
    v2 = [row[:] for row in PLAN_V1]
    v2[2][5], v2[3][5] = "Complete", "In progress"
    again = _upload(client, h, _xlsx(v2), "child-a-plan-march.xlsx", method="put")
    assert again.status_code == 200 and again.json["replaced"] is True
    assert again.json["doc_id"] == first.json["doc_id"]
    after = _plan_actions(client, h)
    assert set(after) == set(actions)
    assert sorted(a["status"] for a in after.values()) == ["done", "done", "in progress"]
    assert client.get("/api/v1/entities?limit=200", headers=h).json["total"] == n_entities
    docs = [d["id"] for d in client.get("/api/v1/documents", headers=h).json["items"]]
    assert docs.count(first.json["doc_id"]) == 1 and sum("action-plan" in d for d in docs) == 1
    imports = [r for r in services(app).accounts.audit_log(20) if r.action == "action_plan.import"]
    assert len(imports) == 2 and imports[0].before is not None and imports[1].before is None


def test_action_plan_permissions_and_bad_files(app):
    client = app.test_client()
    plan = _csv(PLAN_V1)
    assert _upload(client, auth(app, "practitioner", "bbscp"), plan, "p.csv").status_code == 403
    assert _upload(client, auth(app, "coordinator", "pan-beds"), plan, "p.csv").status_code == 403
    assert _upload(client, auth(app, "scrutineer", "cbscp"), plan, "p.csv").status_code == 404  # cannot see it
    assert _upload(client, auth(app, "scrutineer", "bbscp"), plan, "p.csv",
                   review="review:lscp:nothing").status_code == 404
    h = auth(app, "admin", "bbscp")
    assert _upload(client, h, plan, "p.pdf").status_code == 415
    assert _upload(client, h, b"PK\x03\x04garbage", "p.xlsx").status_code == 422
    no_actions = _upload(client, h, b"Colour,Shape\nred,square\n", "p.csv")
    assert no_actions.status_code == 422 and "p.csv" in no_actions.json["detail"]
    assert client.get("/api/v1/documents", headers=h).json["total"] == 3  # nothing half-written
