"""The GraphStore contract: every backend must pass these (see STORE_BACKENDS in conftest)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from graph.access import Scope
from graph.schema import SchemaError
from tests.factories import FactsBuilder, review_fixture

REVIEW = "review:bbscp:child-a"
TOOLKIT = "action:bbscp:neglect-toolkit"


def test_round_trip_keeps_tenant_and_provenance(store):
    facts = review_fixture()
    summary = store.write_document(facts)
    assert summary.nodes == len(facts.nodes) and summary.edges == len(facts.edges)
    node = store.get_node(REVIEW)
    assert node.type == "Review" and node.name == "Child A" and node.tenant == "bbscp"
    assert node.attrs["status"] == "published"
    [p] = node.provenance
    assert p.doc_id == "bbscp/child-a-review" and p.passage_id == "bbscp/child-a-review#p0"
    assert p.quote.startswith("The Child A") and p.extractor == "fixture" and p.confidence == pytest.approx(0.9)
    edge = next(e for e in store.edges("HAS_FINDING"))
    assert edge.tenant == "bbscp" and edge.provenance[0].passage_id.endswith("#p1")
    doc = store.get_document("bbscp/child-a-review", with_text=True)
    assert doc.tenant == "bbscp" and doc.visibility == "public" and "neglect" in doc.text
    assert [p.seq for p in store.passages(doc.id)] == list(range(6))


def test_find_and_neighbours(store):
    store.write_document(review_fixture())
    actions = store.find_nodes("Action", tenant="bbscp")
    assert {a.name for a in actions} == {"Neglect toolkit", "Professional curiosity training",
                                         "Multi-agency neglect audit"}
    assert [a.id for a in store.find_nodes("Action", status="done")] == [TOOLKIT]
    assert store.find_nodes("Action", tenant="cbscp") == []
    assert [n.name for n in store.find_nodes("Group", name="quality")] == ["Quality Assurance Sub-group"]
    into_review = {n.id for _, n in store.neighbours(REVIEW, "RESPONDS_TO", "in")}
    assert into_review == {"action:bbscp:curiosity-training", "action:bbscp:neglect-audit"}
    out = {(e.type, n.type) for e, n in store.neighbours(REVIEW, direction="out")}
    assert ("HAS_FINDING", "Finding") in out and ("ADDRESSES_THEME", "Theme") in out
    both = store.neighbours("group:bbscp:quality-assurance-subgroup", direction="both")
    assert {e.type for e, _ in both} == {"REPORTS_TO", "OWNED_BY", "MONITORED_BY"}


def test_rewrite_is_idempotent(store):
    store.write_document(review_fixture())
    before = (len(store.find_nodes()), len(store.edges()), len(store.get_node(REVIEW).provenance))
    store.write_document(review_fixture())
    store.write_document(review_fixture())
    after = (len(store.find_nodes()), len(store.edges()), len(store.get_node(REVIEW).provenance))
    assert before == after
    assert len(store.passages("bbscp/child-a-review")) == 6


def test_retract_removes_exactly_the_documents_facts(store):
    store.write_document(review_fixture())
    other = FactsBuilder("bbscp/annual-report", "bbscp", kind="annual_report",
                         texts=["The Child A review led to a neglect toolkit."])
    review = other.node("Review", "child-a", "Child A Review")
    other.node("Action", "annual-conference", "Annual conference", status="done")
    store.write_document(other.facts())
    assert len(store.get_node(REVIEW).provenance) == 2

    summary = store.retract_document("bbscp/child-a-review")
    assert store.get_document("bbscp/child-a-review") is None
    assert store.passages("bbscp/child-a-review") == []
    kept = store.get_node(review)  # still supported by the annual report
    assert kept is not None and [p.doc_id for p in kept.provenance] == ["bbscp/annual-report"]
    assert store.get_node(TOOLKIT) is None
    assert store.edges() == []
    assert {n.id for n in store.find_nodes()} == {review, "action:bbscp:annual-conference"}
    assert summary.facts_kept == 1 and summary.facts_removed == len(summary.removed_ids) > 10


def test_changed_document_replaces_its_facts(store):
    store.write_document(review_fixture())
    smaller = FactsBuilder("bbscp/child-a-review", "bbscp", texts=["Child A review, revised."])
    smaller.node("Review", "child-a", "Child A")
    store.write_document(smaller.facts())
    assert [n.id for n in store.find_nodes()] == [REVIEW]
    assert len(store.passages("bbscp/child-a-review")) == 1


def _first(facts, type_: str) -> str:
    return next(n.id for n in facts.nodes if n.type == type_)


@pytest.mark.parametrize("mutate, message", [
    (lambda f: setattr(f.nodes[0], "type", "Spaceship"), "unknown type 'Spaceship'"),
    (lambda f: f.edges.append(type(f.edges[0])(_first(f, "Theme"), "REPORTS_TO", _first(f, "Group"), "bbscp",
                                                provenance=f.edges[0].provenance)),
     "a REPORTS_TO edge cannot start at a Theme"),
    (lambda f: f.edges.append(type(f.edges[0])(_first(f, "Group"), "HAS_FINDING", _first(f, "Theme"), "bbscp",
                                                provenance=f.edges[0].provenance)),
     "a HAS_FINDING edge cannot start at a Group"),
    (lambda f: f.edges.append(type(f.edges[0])(f.nodes[0].id, "HAS_FINDING", "finding:bbscp:nowhere", "bbscp",
                                                provenance=f.edges[0].provenance)),
     "destination node 'finding:bbscp:nowhere' does not exist"),
    (lambda f: setattr(f.nodes[1], "provenance", []), "no provenance"),
    (lambda f: setattr(f.document, "visibility", "secret"), "visibility 'secret'"),
    (lambda f: setattr(f.nodes[2], "tenant", ""), "no tenant"),
])
def test_schema_violation_is_rejected_and_nothing_is_written(store, mutate, message):
    store.write_document(FactsBuilder("bbscp/other", "bbscp").facts())
    facts = review_fixture()
    mutate(facts)
    with pytest.raises(SchemaError) as err:
        store.write_document(facts)
    assert message in str(err.value)
    assert store.get_document("bbscp/child-a-review") is None
    assert store.find_nodes() == [] and store.get_document("bbscp/other") is not None


def test_scope_hides_unreadable_documents_and_what_they_say(store):
    store.write_document(review_fixture())
    hidden = FactsBuilder("bbscp/restricted-review", "bbscp", visibility="restricted",
                          texts=["Restricted: the review is not yet published."])
    hidden.node("Review", "child-a", "Child A", status="unpublished")
    secret = hidden.node("Review", "child-r", "Child R", status="unpublished")
    store.write_document(hidden.facts())
    practitioner = Scope.for_role("practitioner", "bbscp")
    scrutineer = Scope.for_role("scrutineer", "bbscp")
    other_tenant = Scope.for_role("scrutineer", "cbscp")

    assert store.get_node(secret, practitioner) is None
    assert store.get_node(secret, scrutineer).name == "Child R"
    seen = store.get_node(REVIEW, practitioner)
    assert seen.attrs["status"] == "published"  # the restricted document's 'unpublished' does not show
    assert {p.doc_id for p in seen.provenance} == {"bbscp/child-a-review"}
    assert store.get_node(REVIEW, scrutineer).attrs["status"] == "unpublished"
    assert store.find_nodes(scope=other_tenant) == [] and store.edges(scope=other_tenant) == []
    assert store.neighbours(REVIEW, direction="both", scope=other_tenant) == []
    assert store.get_document("bbscp/restricted-review", practitioner) is None
    assert store.passages("bbscp/restricted-review", practitioner) == []
    assert [d.id for d in store.list_documents(practitioner)] == ["bbscp/child-a-review"]
    assert secret not in store.graph_view(practitioner) and secret in store.graph_view(scrutineer)


def test_events_are_appended_never_overwritten(store):
    store.write_document(review_fixture())
    e1 = store.append_event(TOOLKIT, "scrutineer-1", {"status": "in progress"})
    e2 = store.append_event(TOOLKIT, "scrutineer-2", {"status": "done", "evidence": "audit report"})
    assert e1.before == {"status": "done"} and e2.before == {"status": "in progress", "evidence": None}
    assert store.get_node(TOOLKIT).attrs["status"] == "done"
    assert store.get_node(TOOLKIT).attrs["evidence"] == "audit report"
    assert [(e.actor, e.changes) for e in store.events(TOOLKIT)] == [
        ("scrutineer-1", {"status": "in progress"}),
        ("scrutineer-2", {"status": "done", "evidence": "audit report"})]
    store.write_document(review_fixture())  # re-ingest keeps people's changes on top
    assert store.get_node(TOOLKIT).attrs["evidence"] == "audit report"


WRITER = """
import sys
sys.path.insert(0, {root!r})
from graph.sqlite_store import SQLiteStore
from tests.factories import review_fixture
SQLiteStore({path!r}).write_document(review_fixture())
"""


def test_second_process_sees_committed_writes(tmp_path):
    from pathlib import Path

    from graph.sqlite_store import SQLiteStore

    path = str(tmp_path / "shared.sqlite")
    reader = SQLiteStore(path)
    assert reader.find_nodes() == [] and len(reader.graph_view()) == 0
    root = str(Path(__file__).resolve().parents[1])
    subprocess.run([sys.executable, "-c", WRITER.format(root=root, path=path)], check=True)
    assert reader.get_node(REVIEW).name == "Child A"
    assert REVIEW in reader.graph_view()  # the networkx view notices the other process's commit


def test_document_facts_are_what_that_document_said(store):
    store.write_document(review_fixture())
    other = FactsBuilder("bbscp/annual-report", "bbscp", texts=["The Child A review."])
    other.node("Review", "child-a", "Child A Review", status="signed off")
    store.write_document(other.facts())
    own = store.document_facts("bbscp/annual-report")
    [review] = own.nodes
    assert review.name == "Child A Review" and review.attrs == {"status": "signed off"}
    assert [p.doc_id for p in review.provenance] == ["bbscp/annual-report"] and own.edges == []
    assert len(store.document_facts("bbscp/child-a-review").edges) == len(review_fixture().edges)
    assert store.document_facts("bbscp/nope") is None


def test_events_copied_keep_their_time_and_actor(store):
    store.write_document(review_fixture())
    store.append_event(TOOLKIT, "someone", {"status": "in progress"})
    [event] = store.all_events()
    event.ts = "2024-01-02T03:04:05+00:00"
    assert store.import_events([event]) == 1
    copied = store.all_events()[-1]
    assert (copied.ts, copied.actor, copied.changes) == ("2024-01-02T03:04:05+00:00", "someone",
                                                         {"status": "in progress"})
