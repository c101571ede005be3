"""learnloop migrate: embedded -> neo4j -> embedded gives back the same store, verified."""
from __future__ import annotations

import json

import pytest

from graph.access import Scope
from graph.export import export_json
from graph.migrate import MigrationError, all_events, copy_store
from graph.sqlite_store import SQLiteStore
from learnloop.cli import main
from tests import neo4j_server
from tests.factories import FactsBuilder, review_fixture

LONG = ("The partnership's \"neglect\" toolkit – revised – uses C:\\path\\to\\guide and 50% of staff’s time. " * 80)


@pytest.fixture
def bolt():
    return neo4j_server.require_server()


def _populate(store) -> None:
    """Several tenants, shared facts, a restricted document, events, a retraction and a re-write."""
    store.write_document(review_fixture())
    store.write_document(review_fixture("cbscp", "cbscp/child-b-review"))
    annual = FactsBuilder("bbscp/annual-report", "bbscp", kind="annual_report",
                          texts=["The Child A review led to a neglect toolkit.", LONG])
    annual.node("Review", "child-a", "Child A Review", 0, status="published")
    conf = annual.node("Action", "annual-conference", "Annual conference", 1, status="done")
    annual.edge(conf, "RESPONDS_TO", "review:bbscp:child-a", 1)
    store.write_document(annual.facts())
    hidden = FactsBuilder("bbscp/restricted-review", "bbscp", visibility="restricted",
                          texts=["Restricted: the review isn't published; see \\\\server\\share."])
    hidden.node("Review", "child-a", "Child A", status="unpublished")
    hidden.node("Review", "child-r", "Child R's review", status="unpublished")
    store.write_document(hidden.facts())
    gone = FactsBuilder("lscp/withdrawn", "lscp", texts=["Withdrawn."])
    gone.node("Theme", "withdrawn", "Withdrawn theme")
    store.write_document(gone.facts())
    store.append_event("action:bbscp:neglect-toolkit", "scrutineer-1", {"status": "in progress"})
    store.append_event("theme:lscp:withdrawn", "admin", {"note": "to be removed"})
    store.retract_document("lscp/withdrawn")
    store.append_event("action:bbscp:neglect-toolkit", "scrutineer-2", {"evidence": "audit report"})
    # re-written last: now later in write order than the annual report that points at its review
    store.write_document(review_fixture())
    # B points at a review only A states; A is then re-written, so it comes after B in write order
    plan_a = FactsBuilder("cbscp/plan-a", "cbscp", texts=["Plan A."])
    plan_a.node("Review", "child-x", "Child X")
    plan_a.node("Group", "panel", "Panel as A names it")
    store.write_document(plan_a.facts())
    plan_b = FactsBuilder("cbscp/plan-b", "cbscp", texts=["Plan B."])
    panel = plan_b.node("Group", "panel", "Panel as B names it")
    plan_b.edge("review:cbscp:child-x", "MONITORED_BY", panel)
    store.write_document(plan_b.facts())
    store.write_document(plan_a.facts())


SCOPES = [None, Scope.for_role("practitioner", "bbscp"), Scope.for_role("scrutineer", "bbscp"),
          Scope.for_role("scrutineer", "cbscp"), Scope.for_role("practitioner", "lscp")]


def _exports(store) -> list[str]:
    return [json.dumps(export_json(store, scope), sort_keys=True) for scope in SCOPES]


@pytest.mark.neo4j
def test_embedded_to_neo4j_to_embedded_is_identical(tmp_path, bolt):
    first = SQLiteStore(tmp_path / "first.sqlite")
    _populate(first)
    server = bolt.fresh_store()
    report = copy_store(first, server)
    assert report.ok, report.table()
    assert report.documents == 6 and report.events == 3
    back = SQLiteStore(tmp_path / "back.sqlite")
    report2 = copy_store(server, back)
    assert report2.ok, report2.table()
    assert _exports(first) == _exports(server) == _exports(back)
    assert json.loads(_exports(back)[0])["entities"]  # not trivially equal
    assert [(e.fact_id, e.ts, e.actor, e.changes, e.before) for e in all_events(back)] == \
           [(e.fact_id, e.ts, e.actor, e.changes, e.before) for e in all_events(first)]
    doc = back.get_document("bbscp/annual-report", with_text=True)
    assert LONG in doc.text and back.passages(doc.id)[1].text == LONG
    assert back.get_node("review:bbscp:child-r").name == "Child R's review"
    assert back.get_node("group:cbscp:panel").name == "Panel as B names it"  # B still written before A
    assert "review:cbscp:child-x|MONITORED_BY|group:cbscp:panel" in {e.id for e in back.edges("MONITORED_BY")}
    assert [d.id for d in back.list_documents()] == [d.id for d in first.list_documents()]
    rows = {(r.what, r.key): (r.source, r.target) for r in report.rows}
    assert rows[("nodes", "Review/bbscp")] == (2, 2) and rows[("documents", "bbscp/restricted")] == (1, 1)


def test_migrate_into_a_non_empty_store_is_refused(tmp_path):
    a, b = SQLiteStore(tmp_path / "a.sqlite"), SQLiteStore(tmp_path / "b.sqlite")
    a.write_document(review_fixture())
    b.write_document(FactsBuilder("bbscp/other", "bbscp").facts())
    with pytest.raises(MigrationError, match="not empty"):
        copy_store(a, b)
    assert [d.id for d in b.list_documents()] == ["bbscp/other"]


@pytest.mark.neo4j
def test_cli_round_trip_prints_the_verification_table(tmp_path, bolt, monkeypatch, capsys):
    src_dir, back_dir = tmp_path / "src", tmp_path / "back"
    src = SQLiteStore(src_dir / "learnloop.sqlite")
    _populate(src)
    src.close()
    bolt.fresh_store()  # empties the server's graph
    for key, value in bolt.env().items():
        monkeypatch.setenv(key, value)
    try:
        assert main(["migrate", "--to", "neo4j", "--from-data", str(src_dir)]) == 0
    finally:
        bolt.after_driver_close()
    out = capsys.readouterr().out
    assert "copied 6 document(s) and 3 event(s)" in out
    assert "nodes      Review/bbscp" in out and "export_json identical: yes" in out and " NO" not in out
    try:
        assert main(["migrate", "--to", "embedded", "--data", str(back_dir)]) == 0
    finally:
        bolt.after_driver_close()
    assert "verified" in capsys.readouterr().out
    try:
        assert main(["migrate", "--to", "embedded", "--data", str(back_dir)]) == 2  # target not empty
    finally:
        bolt.after_driver_close()
    assert "not empty" in capsys.readouterr().err
    back = SQLiteStore(back_dir / "learnloop.sqlite")
    assert _exports(back) == _exports(SQLiteStore(src_dir / "learnloop.sqlite"))


def test_cli_without_neo4j_uri_says_what_is_missing(tmp_path, monkeypatch, capsys):
    SQLiteStore(tmp_path / "learnloop.sqlite").write_document(review_fixture())
    monkeypatch.delenv("NEO4J_URI", raising=False)
    assert main(["migrate", "--to", "neo4j", "--from-data", str(tmp_path)]) == 2
    assert "NEO4J_URI" in capsys.readouterr().err
