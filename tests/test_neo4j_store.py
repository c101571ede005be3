"""Server mode specifics: the Neo4j backend on a real Bolt server (FalkorDB in CI, or $NEO4J_URI)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.access import ROLES, Scope
from graph.export import export_json
from graph.neo4j_store import (
    COMPAT_PARAM_BUDGET,
    Neo4jStore,
    _dec_str,
    _enc_str,
    _split_encoded,
    rendered_size,
)
from graph.sqlite_store import SQLiteStore
from graph.store import StoreError
from tests import neo4j_server
from tests.factories import FactsBuilder, review_fixture

pytestmark = pytest.mark.neo4j

TENANTS = ("bbscp", "cbscp", "lscp", "pan-beds")


@pytest.fixture
def bolt():
    return neo4j_server.require_server()


@pytest.fixture
def neo(bolt):
    store = bolt.fresh_store()
    yield store
    store.close()


def test_lookup_keys_are_constrained_or_indexed(neo):
    declared = set(neo.schema_features["constraints"]) | set(neo.schema_features["indexes"])
    assert {"Entity.id", "Document.id", "Passage.id", "Contribution.fact_id", "Contribution.doc_id",
            "Event.fact_id"} <= declared
    on_server = neo._existing_indexes()  # what the server itself lists, not what we think we did
    assert {("Entity", "id"), ("Contribution", "fact_id"), ("Passage", "doc_id")} <= on_server
    if not neo.compat:  # Neo4j proper: uniqueness is enforced by the server
        assert "Entity.id" in neo.schema_features["constraints"]


class CountingStore(Neo4jStore):
    """Counts statements and the largest parameter payload sent (instrumentation, not a stand-in)."""

    def __init__(self, *a, **kw):
        self.statements: list[int] = []
        super().__init__(*a, **kw)

    def _run(self, runner, cypher, **params):
        self.statements.append(rendered_size({k: _enc_str(v) if isinstance(v, str) else v
                                              for k, v in params.items()}))
        return super()._run(runner, cypher, **params)


def _big_document(n: int = 400) -> tuple:
    long_text = "Children’s services' \"plan\" – see \\\\share\\plans; 100% done.\n" * 200
    b = FactsBuilder("bbscp/big", "bbscp", texts=["Opening.", long_text])
    ids = [b.node("Action", f"a{i}", f"Action {i}: partner's task", i % 2, status="planned", note="x" * 50)
           for i in range(n)]
    review = b.node("Review", "big", "Big review")
    for i in ids:
        b.edge(i, "RESPONDS_TO", review, 1)
    return b.facts(), long_text


def test_writes_are_batched_and_large_values_survive(bolt):
    store = CountingStore(bolt.driver(), bolt.database, owns_driver=False)
    store.clear()
    facts, long_text = _big_document()
    store.statements.clear()
    store.write_document(facts)
    n_facts = len(facts.nodes) + len(facts.edges)
    assert len(store.statements) < n_facts / 3  # UNWIND batches, not a statement per fact
    if store.compat:
        assert max(store.statements) <= COMPAT_PARAM_BUDGET + 1200
    doc = store.get_document("bbscp/big", with_text=True)
    assert doc.text == facts.document.text and long_text in doc.text
    assert store.passages("bbscp/big")[1].text == long_text
    assert len(store.find_nodes("Action")) == 400
    assert store.get_node("action:bbscp:a7").name == "Action 7: partner's task"
    assert len(store.neighbours("review:bbscp:big", "RESPONDS_TO", "in")) == 400
    store.write_document(facts)  # idempotent on re-write at this size too
    assert len(store.edges("RESPONDS_TO")) == 400 and len(store.passages("bbscp/big")) == 2


def _history(store) -> None:
    """A history that exercises shared facts, hidden documents, events and dangling edges."""
    store.write_document(review_fixture())
    store.write_document(review_fixture("cbscp", "cbscp/child-b-review"))
    pan = FactsBuilder("pan-beds/learning", "pan-beds", texts=["Pan-Bedfordshire learning on neglect."])
    pan.node("Theme", "neglect", "Neglect")
    store.write_document(pan.facts())
    hidden = FactsBuilder("lscp/restricted", "lscp", visibility="restricted", texts=["Not yet published."])
    secret = hidden.node("Review", "child-s", "Child S", status="unpublished")
    hidden.node("Action", "secret-plan", "Secret plan", status="planned")
    hidden.edge("action:lscp:secret-plan", "RESPONDS_TO", secret)
    store.write_document(hidden.facts())
    a = FactsBuilder("lscp/a", "lscp", texts=["Doc A."])
    x = a.node("Action", "x", "Action X", status="planned")
    y = a.node("Review", "y", "Review Y")
    a.edge(x, "RESPONDS_TO", y)
    store.write_document(a.facts())
    b = FactsBuilder("lscp/b", "lscp", texts=["Doc B says X responds to Y."])
    b.edge(x, "RESPONDS_TO", y)
    store.write_document(b.facts())
    store.append_event(x, "coordinator", {"status": "done"})
    store.retract_document("lscp/a")  # X and Y go; B's edge stays, dangling and invisible
    c = FactsBuilder("lscp/c", "lscp", texts=["Doc C names X and Y again."])
    c.node("Action", "x", "Action X again")
    c.node("Review", "y", "Review Y again")
    store.write_document(c.facts())  # B's edge is visible again


def _scopes() -> list[Scope | None]:
    """No restriction, nothing, every role once, and each tenant's practitioner and scrutineer."""
    roles = [Scope.for_role(r, "lscp") for r in ROLES]
    per_tenant = [Scope.for_role(r, t) for t in TENANTS if t != "lscp" for r in ("practitioner", "scrutineer")]
    return [None, Scope.nothing(), *roles, *per_tenant]


def _snapshot(store, scope) -> dict:
    return {
        "export": export_json(store, scope),
        "nodes": [n.to_dict() for n in store.find_nodes(scope=scope)],
        "edges": [e.to_dict() for e in store.edges(scope=scope)],
        "docs": [d.id for d in store.list_documents(scope)],
        "around_x": [(e.id, n.id, n.name) for e, n in store.neighbours("action:lscp:x", direction="both",
                                                                       scope=scope)],
        "view": sorted(store.graph_view(scope).nodes), "counts": sorted(store.counts(scope).items()),
        "passages": {d.id: [p.to_dict() for p in store.passages(d.id, scope)] for d in store.list_documents()},
        "mentions": {d.id: store.passage_entities(d.id) for d in store.list_documents(scope)},
        "pending": store.pending_index(),
    }


def test_every_scope_sees_exactly_what_the_embedded_store_shows(neo, tmp_path):
    embedded = SQLiteStore(tmp_path / "e.sqlite")
    _history(embedded)
    _history(neo)
    for scope in _scopes():
        assert json.dumps(_snapshot(neo, scope), default=str) == json.dumps(_snapshot(embedded, scope), default=str), \
            f"backends disagree for {scope}"
    outsider = Scope.for_role("scrutineer", "bbscp")
    assert neo.get_node("review:lscp:child-s", outsider) is None
    assert neo.get_node("review:lscp:child-s", Scope.for_role("scrutineer", "lscp")).name == "Child S"
    assert not any("secret" in e.id for e in neo.edges(scope=Scope.for_role("practitioner", "lscp")))
    assert any("secret" in e.id for e in neo.edges(scope=Scope.for_role("scrutineer", "lscp")))
    assert [e.id for e in neo.edges("RESPONDS_TO", tenant="lscp", scope=Scope.for_role("practitioner", "lscp"))
            ] == ["action:lscp:x|RESPONDS_TO|review:lscp:y"]


def test_graph_view_is_rebuilt_when_any_client_writes(bolt, neo):
    reader = Neo4jStore(bolt.driver(), bolt.database, owns_driver=False)  # another client of the same graph
    assert len(reader.graph_view()) == 0
    neo.write_document(review_fixture())
    assert "review:bbscp:child-a" in reader.graph_view()
    before = reader.graph_view()
    assert reader.graph_view() is before  # cached while nothing changes
    neo.append_event("action:bbscp:neglect-toolkit", "admin", {"status": "planned"})
    after = reader.graph_view()
    assert after is not before and after.nodes["action:bbscp:neglect-toolkit"]["attrs"]["status"] == "planned"


def test_codec_round_trips_and_never_cuts_an_escape():
    text = "it's 100% a \\ back\x00slash\x01 – “quoted” ☃\n\ttab"
    assert _dec_str(_enc_str(text)) == text and "'" not in _enc_str(text) and "\\" not in _enc_str(text)
    enc = _enc_str(text * 50)
    pieces = _split_encoded(enc, 16)
    assert "".join(pieces) == enc and all(len(p.encode()) <= 16 for p in pieces)
    assert all(_dec_str(p) + "" == _dec_str(p) for p in pieces) and _dec_str("".join(pieces)) == text * 50


def test_from_env_needs_a_uri_and_says_so(monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    with pytest.raises(StoreError, match="NEO4J_URI"):
        Neo4jStore.from_env()


def test_unreachable_server_is_a_clear_error_not_a_skip(monkeypatch):
    port = neo4j_server._free_port()  # nothing listens there
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{port}")
    with pytest.raises(StoreError, match=f"cannot use the graph server at bolt://127.0.0.1:{port}"):
        Neo4jStore.from_env()
    server = neo4j_server.BoltServer(uri=f"bolt://127.0.0.1:{port}", kind="neo4j")
    with pytest.raises(Exception) as err:  # what the fixture raises: the test errors, loudly
        server.fresh_store()
    assert not isinstance(err.value, pytest.skip.Exception)
    server.stop()


def test_skipping_is_only_by_explicit_request(monkeypatch):
    monkeypatch.setenv(neo4j_server.SKIP_ENV, "1")
    with pytest.raises(pytest.skip.Exception):
        neo4j_server.require_server()


def _pytest_run(tmp_path, **env) -> subprocess.CompletedProcess:
    root = Path(__file__).resolve().parents[1]
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "LEARNLOOP_"))}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs",
                           "tests/test_store_contract.py::test_round_trip_keeps_tenant_and_provenance"],
                          cwd=root, env={**clean, **env}, capture_output=True, text=True, timeout=120)


def test_without_a_server_the_neo4j_tests_fail_unless_skipped_on_purpose(tmp_path):
    missing = str(tmp_path / "no-falkordb-here")
    failed = _pytest_run(tmp_path, LEARNLOOP_FALKORDB_DIR=missing)
    assert failed.returncode != 0 and "1 passed, 1 error" in failed.stdout, failed.stdout[-1500:]
    assert "no FalkorDB binary at" in failed.stdout
    skipped = _pytest_run(tmp_path, LEARNLOOP_FALKORDB_DIR=missing, LEARNLOOP_SKIP_NEO4J="1")
    assert skipped.returncode == 0 and "1 passed, 1 skipped" in skipped.stdout, skipped.stdout[-1500:]


WRITER = """
import sys
sys.path.insert(0, {root!r})
from graph.neo4j_store import Neo4jStore
from tests.factories import review_fixture
store = Neo4jStore.from_env()
store.write_document(review_fixture())
store.close()
"""


def test_another_process_writing_through_from_env_is_seen(bolt, neo):
    assert len(neo.graph_view()) == 0
    root = str(Path(__file__).resolve().parents[1])
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}, **bolt.env()}
    try:
        subprocess.run([sys.executable, "-c", WRITER.format(root=root)], env=env, check=True, timeout=60)
    finally:
        bolt.after_driver_close()
    assert neo.get_node("review:bbscp:child-a").name == "Child A"
    assert "review:bbscp:child-a" in neo.graph_view()  # the version counter moved: the view is rebuilt
