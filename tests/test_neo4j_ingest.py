"""The bundled demo corpus, ingested once into each backend, reads back the same everywhere."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.access import Scope
from graph.export import export_json
from graph.queries import follow_through, structure, structure_json, trace
from graph.sqlite_store import SQLiteStore
from ingest.pipeline import ingest_paths
from tests import neo4j_server

pytestmark = pytest.mark.neo4j

CORPUS = Path(__file__).resolve().parents[1] / "demo" / "corpus"
SCOPES = [None, Scope.for_role("practitioner", "lscp"), Scope.for_role("scrutineer", "bbscp"),
          Scope.for_role("coordinator", "cbscp")]


def _reads(store) -> str:
    out = {}
    for i, scope in enumerate(SCOPES):
        reviews = store.find_nodes("Review", scope=scope)
        out[i] = {
            "export": export_json(store, scope),
            "traces": [trace(store, r.id, scope) for r in reviews],
            "follow": follow_through(store, scope=scope),
            "structure": structure_json(structure(store, scope=scope)),
            "documents": [d.to_dict() for d in store.list_documents(scope)],
            "mentions": {d.id: store.passage_entities(d.id) for d in store.list_documents(scope)},
        }
    return json.dumps(out, sort_keys=True, default=str)


@pytest.mark.skipif(not (CORPUS / "manifest.json").exists(), reason="demo corpus not in this checkout")
def test_demo_corpus_reads_the_same_on_both_backends(tmp_path):
    server = neo4j_server.require_server()
    neo = server.fresh_store()
    embedded = SQLiteStore(tmp_path / "e.sqlite")
    for store in (embedded, neo):
        report = ingest_paths(store, None, [CORPUS])
        assert not report.failed, report.summary()
    assert len(neo.list_documents()) == len(embedded.list_documents()) >= 10
    reads = _reads(neo)
    assert reads == _reads(embedded)
    everything = json.loads(reads)["0"]
    assert len(everything["export"]["entities"]) > 100 and everything["traces"] and everything["follow"]
