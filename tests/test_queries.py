"""Domain queries on the hand-made fixture graph, on every store backend."""
from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from graph.access import Scope
from graph.queries import ActionFilter, NotFound, follow_through, parse_due, structure, structure_json, trace
from tests.factories import review_fixture

TODAY = date(2025, 1, 1)


def test_trace_shape(store):
    store.write_document(review_fixture())
    t = trace(store, "review:bbscp:child-a", today=TODAY)
    assert t["name"] == "Child A" and t["attrs"]["kind"] == "local CSPR"
    assert [f["name"] for f in t["findings"]] == ["Neglect was not recognised"]
    assert len(t["recommendations"]) == 2
    rec1 = next(r for r in t["recommendations"] if r["id"].endswith("rec-1"))
    assert rec1["actions"] == ["action:bbscp:neglect-toolkit"]
    by_name = {a["name"]: a for a in t["actions"]}
    assert set(by_name) == {"Neglect toolkit", "Professional curiosity training", "Multi-agency neglect audit"}
    toolkit = by_name["Neglect toolkit"]
    assert toolkit["status"] == "done" and toolkit["has_evidence"] and not toolkit["overdue"]
    assert toolkit["owner"] == "Quality Assurance Sub-group"
    assert [th["name"] for th in toolkit["themes"]] == ["Neglect"]
    assert toolkit["answers"] == ["recommendation:bbscp:child-a-rec-1"]
    training = by_name["Professional curiosity training"]
    assert training["overdue"] and not training["has_evidence"]
    assert [th["name"] for th in t["themes"]] == ["Neglect"]
    assert [g["name"] for g in t["monitored_by"]] == ["Quality Assurance Sub-group"]
    assert t["quotes"][0]["quote"].startswith("The Child A")


def test_trace_of_missing_or_hidden_review(store):
    store.write_document(review_fixture(visibility="restricted"))
    with pytest.raises(NotFound):
        trace(store, "review:bbscp:nope")
    with pytest.raises(NotFound):
        trace(store, "review:bbscp:child-a", Scope.for_role("practitioner", "bbscp"))
    assert trace(store, "review:bbscp:child-a", Scope.for_role("scrutineer", "bbscp"))["name"] == "Child A"


def test_follow_through_filters(store):
    store.write_document(review_fixture())
    rows = follow_through(store, today=TODAY)
    assert [r["name"] for r in rows] == ["Professional curiosity training", "Multi-agency neglect audit",
                                         "Neglect toolkit"]
    assert all(r["reviews"] == [{"id": "review:bbscp:child-a", "type": "Review", "name": "Child A",
                                 "tenant": "bbscp"}] for r in rows)

    def names(**kw):
        return [r["name"] for r in follow_through(store, filters=ActionFilter(**kw), today=TODAY)]

    assert names(status="done") == ["Neglect toolkit"]
    assert names(overdue=True) == ["Professional curiosity training"]
    assert names(without_evidence=True) == ["Professional curiosity training", "Multi-agency neglect audit"]
    assert names(theme="theme:bbscp:professional-curiosity") == ["Professional curiosity training"]
    assert names(theme="Neglect") == ["Neglect toolkit"]
    assert names(owner="quality assurance") == ["Neglect toolkit"]
    assert names(review="review:bbscp:other") == []
    assert follow_through(store, tenants=["cbscp"]) == []
    assert follow_through(store, scope=Scope.for_role("practitioner", "lscp")) == []


def test_structure_graph(store):
    store.write_document(review_fixture())
    g = structure(store)
    assert isinstance(g, nx.DiGraph)
    qa, board = "group:bbscp:quality-assurance-subgroup", "group:bbscp:executive-board"
    assert g.edges[qa, board]["type"] == "REPORTS_TO"
    assert g.nodes[board]["chair"] == "Bedfordshire Police"
    assert g.nodes[board]["frequency"] == "6 x year" and g.nodes[qa]["frequency"] == "quarterly"
    assert g.edges["agency:bbscp:police", "partnership:bbscp:partnership"]["type"] == "PARTNER_OF"
    assert "review:bbscp:child-a" not in g  # reviews are not structure
    as_json = structure_json(g)
    assert {e["type"] for e in as_json["edges"]} == {"REPORTS_TO", "PART_OF", "CHAIRED_BY", "PARTNER_OF"}
    assert len(structure(store, tenants=["cbscp"])) == 0


@pytest.mark.parametrize("text, expected", [
    ("2024-03-31", date(2024, 3, 31)), ("2024-02", date(2024, 2, 29)), ("2024", date(2024, 12, 31)),
    ("March 2024", date(2024, 3, 31)), ("Dec 2023", date(2023, 12, 31)), ("soon", None), ("", None),
])
def test_parse_due(text, expected):
    assert parse_due(text) == expected
