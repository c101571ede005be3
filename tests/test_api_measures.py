"""Learning-loop measures per review and partnership, and recurring learning, on hand-made fixtures."""
from __future__ import annotations

from datetime import date

import pytest

from tests.factories import FactsBuilder, review_fixture
from tests.test_api_access import use_neo4j
from tests.test_api_helpers import auth, make_app, services, write


def second_review():
    """A cbscp review from 2021 whose plan records completion dates, with the same learning as Child A."""
    b = FactsBuilder("cbscp/child-b-review", "cbscp", "public", title="Child B review", date="2021", texts=[
        "The Child B review was signed off in January 2021.",
        "Neglect was not recognised by professionals in time.",
        "Recommendation: the partnership should refresh neglect training.",
        "Neglect training was refreshed and an audit completed.",
    ])
    review = b.node("Review", "child-b", "Child B", 0, kind="local CSPR", date="2021-01")
    finding = b.node("Finding", "child-b-neglect", "Neglect was not recognised by professionals", 1)
    rec = b.node("Recommendation", "child-b-rec", "Refresh neglect training", 2)
    refresh = b.node("Action", "refresh", "Refresh neglect training", 3, status="done", completed="2021-02-01")
    audit = b.node("Action", "audit", "Neglect training audit", 3, status="done", completed="2021-04-01")
    briefing = b.node("Action", "briefing", "Neglect briefing", 3, status="done")
    b.node("Action", "newsletter", "Termly newsletter", 3, status="done")  # activity answering no review
    theme = b.node("Theme", "neglect", "Neglect", 1)
    evidence = b.node("Evidence", "refresh-report", "Training report", 3)
    b.edge(review, "HAS_FINDING", finding, 1)
    b.edge(review, "HAS_RECOMMENDATION", rec, 2)
    for a in (refresh, audit, briefing):
        b.edge(a, "RESPONDS_TO", rec, 3)
    b.edge(refresh, "EVIDENCED_BY", evidence, 3)
    b.edge(audit, "EVIDENCED_BY", evidence, 3)
    b.edge(finding, "ADDRESSES_THEME", theme, 1)
    return b.facts()


@pytest.fixture(params=["sqlite", "neo4j"])
def app(request, tmp_path):
    app = make_app(tmp_path)
    if request.param == "neo4j":
        use_neo4j(app)
    write(app, review_fixture("bbscp"), second_review())
    yield app
    services(app).close()


def test_measures_per_review_and_partnership(app):
    client = app.test_client()
    h = auth(app, "coordinator", "pan-beds")
    body = client.get("/api/v1/measures", headers=h).json
    by_review = {r["review"]["id"]: r for r in body["reviews"]}
    a = by_review["review:bbscp:child-a"]
    assert a["sign_off"] == "2023-03-01"
    assert (a["recommendations"], a["recommendations_with_action"]) == (2, 1)
    assert (a["actions"], a["actions_done"], a["actions_done_with_evidence"], a["actions_overdue"]) == (3, 1, 1, 1)
    assert a["median_days_to_completion"] is None  # the toolkit was done, but nobody recorded when
    b = by_review["review:cbscp:child-b"]
    assert (b["recommendations"], b["recommendations_with_action"], b["actions"], b["actions_done"]) == (1, 1, 3, 3)
    assert (b["actions_done_with_evidence"], b["actions_done_without_evidence"]) == (2, 1)
    # completed 31 and 90 days after sign-off on 2021-01-01
    assert b["median_days_to_completion"] == 60.5 and b["completions_timed"] == 2
    parts = {p["tenant"]: p for p in body["partnerships"]}
    assert set(parts) == {"bbscp", "cbscp"}
    assert parts["cbscp"]["reviews"] == 1 and parts["cbscp"]["actions_done"] == 3
    assert parts["cbscp"]["actions_outside_reviews"] == 1  # the newsletter: counted apart, not in the loop
    assert parts["bbscp"]["actions_overdue"] == 1 and parts["bbscp"]["actions_outside_reviews"] == 0
    one = client.get("/api/v1/reviews/review:cbscp:child-b/measures", headers=h).json
    assert one == b
    narrowed = client.get("/api/v1/measures?tenant=bbscp", headers=h).json
    assert [p["tenant"] for p in narrowed["partnerships"]] == ["bbscp"]


def test_completing_an_action_through_the_api_times_it(app):
    client = app.test_client()
    r = client.patch("/api/v1/actions/action:bbscp:curiosity-training", headers=auth(app, "scrutineer", "bbscp"),
                     json={"status": "done"})
    assert r.status_code == 200
    m = client.get("/api/v1/reviews/review:bbscp:child-a/measures", headers=auth(app, "practitioner", "bbscp")).json
    assert m["actions_done"] == 2 and m["actions_overdue"] == 0 and m["completions_timed"] == 1
    assert m["median_days_to_completion"] == (date.today() - date(2023, 3, 1)).days


def test_recurring_learning_across_reviews_and_years(app):
    client = app.test_client()
    body = client.get("/api/v1/recurring", headers=auth(app, "coordinator", "pan-beds")).json
    themes = {t["theme"]: t for t in body["themes"]}
    assert set(themes) == {"Neglect"}  # professional curiosity comes up in one review only
    neglect = themes["Neglect"]
    assert neglect["review_count"] == 2 and neglect["years"] == [2021, 2023]
    assert neglect["tenants"] == ["bbscp", "cbscp"]
    assert set(neglect["theme_ids"]) == {"theme:bbscp:neglect", "theme:cbscp:neglect"}
    [finding] = body["findings"]
    assert finding["review_count"] == 2
    assert {f["review"] for f in finding["findings"]} == {"review:bbscp:child-a", "review:cbscp:child-b"}
    everything = client.get("/api/v1/recurring?min_reviews=1", headers=auth(app, "coordinator", "pan-beds")).json
    assert "Professional curiosity" in {t["theme"] for t in everything["themes"]}
    # a bbscp practitioner cannot read the cbscp review, so nothing recurs for them
    mine = client.get("/api/v1/recurring", headers=auth(app, "practitioner", "bbscp")).json
    assert mine["themes"] == [] and mine["findings"] == []
