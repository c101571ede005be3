"""The CLI export writes the exchange format that ../shared/eval/score.py reads."""
from __future__ import annotations

import json
import subprocess
import sys

from graph.sqlite_store import SQLiteStore
from learnloop.cli import main
from tests.factories import review_fixture


def test_export_json_is_the_exchange_format(tmp_path, shared, capsys):
    data = tmp_path / "data"
    store = SQLiteStore(data / "learnloop.sqlite")
    store.write_document(review_fixture())
    store.close()
    out = tmp_path / "export.json"
    assert main(["--data", str(data), "export", "--format", "json", "-o", str(out)]) == 0
    export = json.loads(out.read_text())
    assert set(export) == {"entities", "relations"}
    review = next(e for e in export["entities"] if e["type"] == "Review")
    assert set(review) >= {"id", "type", "name", "aliases", "tenant", "attrs", "provenance"}
    assert review["provenance"][0]["doc"] == "bbscp/child-a-review"
    rels = {(r["src"], r["type"], r["dst"]) for r in export["relations"]}
    # the toolkit answers a recommendation: the direct edge to the review is exported too
    assert ("action:bbscp:neglect-toolkit", "RESPONDS_TO", "review:bbscp:child-a") in rels
    score = subprocess.run([sys.executable, str(shared / "eval" / "score.py"),
                            str(shared / "eval" / "gold_seeds.json"), str(out), "--json"],
                           capture_output=True, text=True, check=True)
    result = json.loads(score.stdout)
    assert "overall" in result and result["rows"]["entity Review"]["system"] == 1


def test_export_graphml_and_tenant_filter(tmp_path):
    data = tmp_path / "data"
    SQLiteStore(data / "learnloop.sqlite").write_document(review_fixture())
    out = tmp_path / "g.graphml"
    assert main(["--data", str(data), "export", "--format", "graphml", "-o", str(out)]) == 0
    import networkx as nx

    g = nx.read_graphml(out)
    assert g.nodes["review:bbscp:child-a"]["type"] == "Review"
    empty = tmp_path / "cbscp.json"
    assert main(["--data", str(data), "export", "--tenant", "cbscp", "-o", str(empty)]) == 0
    assert json.loads(empty.read_text()) == {"entities": [], "relations": []}
